-- Points (积分制): the rule catalogue drawn from the village code, residents' claims and their
-- review, an exact double-entry ledger, the points store (积分超市), rankings published for
-- objection (公示), and party members' duty posts (党员责任岗).

-- A resident's account is linked to the person the register knows them as, so "my points" is
-- theirs. Set by staff when they create the account, or by the demo seed.
alter table app_user add column person_id bigint references person (id);
create unique index app_user_person on app_user (person_id) where person_id is not null;

-- ── Rule catalogue ──────────────────────────────────────────────────────────────────────────
-- A rule belongs to the unit that defined it (district, street or community); a community sees
-- its own rules and those of every unit above it (org_path is a prefix of the community's).
-- Its content lives in versions: an entry points at the version it was awarded under, so
-- changing a rule never changes what was already awarded.
create table points_rule (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  owner_unit_id bigint not null references org_unit (id),
  org_path text not null,
  code text not null check (code ~ '^[A-Za-z0-9-]{1,32}$'),
  category text not null check (
    category in ('morality', 'environment', 'harmony', 'customs', 'volunteering', 'deliberation', 'party_duty', 'other')
  ),
  current_version integer not null default 1,
  retired_at timestamptz,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  unique (owner_unit_id, code)
);
create index points_rule_path on points_rule (org_path text_pattern_ops);

create table points_rule_version (
  id bigint generated always as identity primary key,
  rule_id bigint not null references points_rule (id),
  version integer not null,
  title text not null check (length(title) between 1 and 100),
  description text check (length(description) <= 1000),
  -- + earns, − deducts
  points integer not null check (points <> 0 and points between -10000 and 10000),
  applies_to text not null check (applies_to in ('person', 'household', 'party_member')),
  -- what a claim must carry: 'photo', 'witness', 'staff' (a staff member confirms in person)
  evidence text[] not null default '{}',
  -- residents may claim it from their phone; otherwise only staff award it
  claimable boolean not null default true,
  -- the most points one account may earn from this rule in a calendar month / year (China time)
  cap_month integer check (cap_month > 0),
  cap_year integer check (cap_year > 0),
  valid_from date not null,
  valid_until date,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  unique (rule_id, version),
  check (valid_until is null or valid_until >= valid_from)
);

-- ── Ledger ──────────────────────────────────────────────────────────────────────────────────
-- Every movement is a transfer between two accounts, written as two entries that sum to zero,
-- so the sum of all balances is always 0 and every total can be reconciled. A community issues
-- points from its issuer account (its balance goes negative by what it has issued) and takes
-- them back into its store account when residents redeem. Issuer and store accounts are split
-- into shards, so awards in one community do not queue on a single row.
create table points_account (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  community_id bigint not null references org_unit (id),
  -- persons' and households' grid (rankings per grid); null for issuer and store accounts
  grid_id bigint references org_unit (id),
  -- the grid (for persons and households) or the community (issuer, store) it belongs to
  org_path text not null,
  kind text not null check (kind in ('person', 'household', 'party_member', 'issuer', 'store')),
  person_id bigint references person (id),
  household_id bigint references household (id),
  shard smallint not null default 0 check (shard >= 0),
  balance bigint not null default 0,
  entry_count bigint not null default 0,
  -- hash of the account's newest entry ('' before its first)
  last_hash text not null default '',
  created_at timestamptz not null,
  check (kind = 'issuer' or balance >= 0),
  check ((kind = 'household') = (household_id is not null)),
  check ((kind in ('person', 'party_member')) = (person_id is not null))
);
create unique index points_account_person on points_account (person_id, kind) where person_id is not null;
create unique index points_account_household on points_account (household_id) where household_id is not null;
create unique index points_account_community on points_account (community_id, kind, shard)
  where kind in ('issuer', 'store');
create index points_account_path on points_account (org_path text_pattern_ops, kind);

create table points_transfer (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  district_id bigint not null references org_unit (id),
  community_id bigint not null references org_unit (id),
  -- path of the resident side (person or household account), for scoped reads
  org_path text not null,
  kind text not null check (kind in ('award', 'deduct', 'claim', 'event', 'redeem', 'refund', 'reversal')),
  from_account_id bigint not null references points_account (id),
  to_account_id bigint not null references points_account (id),
  amount bigint not null check (amount > 0),
  rule_id bigint references points_rule (id),
  rule_version_id bigint references points_rule_version (id),
  -- the day the deed was done; caps and rankings count by it
  occurred_on date not null,
  reason text check (length(reason) <= 500),
  reverses_id bigint unique references points_transfer (id),
  -- what caused it in another module (e.g. 'visit', a visit uid): an event is awarded once
  source text,
  source_ref text,
  actor_id bigint references app_user (id),
  created_at timestamptz not null,
  check (from_account_id <> to_account_id)
);
create unique index points_transfer_source on points_transfer (source, source_ref) where source is not null;
-- caps count a rule's awards to an account and the reversals of them back from it
create index points_transfer_cap on points_transfer (to_account_id, rule_id, occurred_on) where rule_id is not null;
create index points_transfer_cap_back on points_transfer (from_account_id, rule_id, occurred_on) where rule_id is not null;
-- what an account spent in the store, net of refunds
create index points_transfer_spent on points_transfer (from_account_id) where kind = 'redeem';
create index points_transfer_refunded on points_transfer (to_account_id) where kind = 'refund';
create index points_transfer_path on points_transfer (org_path text_pattern_ops, created_at desc);

-- Append-only. seq counts 1, 2, 3 … per account; hash = sha256 over the previous hash and this
-- entry's fields (packages/domain/src/points/ledger.ts), so an edited or deleted entry breaks
-- the chain that `npm run points:verify` recomputes.
create table points_entry (
  id bigint generated always as identity primary key,
  account_id bigint not null references points_account (id),
  seq bigint not null,
  transfer_id bigint not null references points_transfer (id),
  amount bigint not null check (amount <> 0),
  balance_after bigint not null,
  prev_hash text not null,
  hash text not null,
  created_at timestamptz not null,
  unique (account_id, seq)
);
create index points_entry_transfer on points_entry (transfer_id);

-- Earned per account per month (awards minus deductions, by occurred_on; store spending and
-- refunds excluded), kept on write: rankings read this, never the entries.
create table points_month_total (
  account_id bigint not null references points_account (id),
  month date not null,
  kind text not null check (kind in ('person', 'household', 'party_member')),
  community_id bigint not null references org_unit (id),
  grid_id bigint references org_unit (id),
  org_path text not null,
  earned bigint not null default 0,
  primary key (account_id, month)
);
create index points_month_total_community on points_month_total (community_id, month, kind, earned desc);
create index points_month_total_grid on points_month_total (grid_id, month, kind, earned desc);

-- ── Claims (申报) and their review ───────────────────────────────────────────────────────────
create table points_claim (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  district_id bigint not null references org_unit (id),
  community_id bigint not null references org_unit (id),
  org_path text not null,
  -- who did the deed, and the household credited when the rule applies to households
  person_id bigint not null references person (id),
  household_id bigint references household (id),
  rule_version_id bigint not null references points_rule_version (id),
  occurred_on date not null,
  description text not null check (length(description) between 1 and 500),
  photo_ids uuid[] not null default '{}',
  witness text check (length(witness) <= 100),
  -- a resident on their phone, staff on someone's behalf, or a grid worker during a visit
  source text not null default 'resident' check (source in ('resident', 'staff', 'visit')),
  source_ref text,
  status text not null default 'pending' check (status in ('pending', 'needs_info', 'approved', 'rejected', 'withdrawn')),
  claimed_by bigint not null references app_user (id),
  reviewed_by bigint references app_user (id),
  review_note text check (length(review_note) <= 500),
  reviewed_at timestamptz,
  transfer_id bigint references points_transfer (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index points_claim_source on points_claim (source, source_ref) where source_ref is not null;
create index points_claim_queue on points_claim (org_path text_pattern_ops, status, created_at);
create index points_claim_person on points_claim (person_id, created_at desc);

-- The claim's timeline: submitted, asked for more (with what), answered, approved, rejected.
create table points_claim_event (
  id bigint generated always as identity primary key,
  claim_id bigint not null references points_claim (id),
  action text not null check (action in ('submitted', 'info_requested', 'info_added', 'approved', 'rejected', 'withdrawn')),
  note text check (length(note) <= 500),
  photo_ids uuid[] not null default '{}',
  actor_id bigint not null references app_user (id),
  at timestamptz not null
);
create index points_claim_event_claim on points_claim_event (claim_id, id);

-- ── Points store (积分超市) ───────────────────────────────────────────────────────────────────
create table points_store_item (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  community_id bigint not null references org_unit (id),
  org_path text not null,
  name text not null check (length(name) between 1 and 60),
  description text check (length(description) <= 500),
  kind text not null check (kind in ('goods', 'service', 'coupon')),
  photo_id uuid,
  price integer not null check (price > 0),
  -- null: not counted (a service); never below zero, so stock cannot be oversold
  stock integer check (stock >= 0),
  per_person_limit integer check (per_person_limit > 0),
  valid_from date not null,
  valid_until date,
  active boolean not null default true,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index points_store_item_community on points_store_item (community_id, active);

create table points_order (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  district_id bigint not null references org_unit (id),
  community_id bigint not null references org_unit (id),
  org_path text not null,
  item_id bigint not null references points_store_item (id),
  account_id bigint not null references points_account (id),
  person_id bigint not null references person (id),
  ordered_by bigint not null references app_user (id),
  quantity integer not null check (quantity between 1 and 99),
  points bigint not null check (points > 0),
  -- the one-time pickup code staff enter or scan (as a QR) to hand the item over
  code text not null check (code ~ '^[0-9]{8}$'),
  status text not null default 'placed' check (status in ('placed', 'fulfilled', 'cancelled', 'expired')),
  transfer_id bigint not null references points_transfer (id),
  refund_transfer_id bigint references points_transfer (id),
  expires_at timestamptz,
  fulfilled_by bigint references app_user (id),
  fulfilled_at timestamptz,
  cancelled_by bigint references app_user (id),
  cancelled_at timestamptz,
  cancel_reason text check (length(cancel_reason) <= 200),
  created_at timestamptz not null
);
create unique index points_order_open_code on points_order (community_id, code) where status = 'placed';
create index points_order_person on points_order (person_id, item_id) where status in ('placed', 'fulfilled');
create index points_order_path on points_order (org_path text_pattern_ops, status, created_at desc);

-- ── Rankings published for objection (公示) ───────────────────────────────────────────────────
create table points_publication (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  community_id bigint not null references org_unit (id),
  org_path text not null,
  -- a community's ranking, or one grid's
  grid_id bigint references org_unit (id),
  subject text not null check (subject in ('person', 'household', 'party_member')),
  period_kind text not null check (period_kind in ('month', 'quarter')),
  period_start date not null,
  period_end date not null,
  title text not null check (length(title) between 1 and 100),
  -- the ranking as published, frozen, names masked (张*明), no ids: [{ rank, name, points, grid }]
  rows jsonb not null,
  status text not null default 'open' check (status in ('open', 'closed', 'withdrawn')),
  published_by bigint not null references app_user (id),
  published_at timestamptz not null,
  -- objections are taken until objection_until; the notice stays up until ends_at
  objection_until timestamptz not null,
  ends_at timestamptz not null,
  closed_at timestamptz,
  withdrawn_reason text check (length(withdrawn_reason) <= 200),
  check (ends_at >= objection_until)
);
create index points_publication_community on points_publication (community_id, published_at desc);

create table points_objection (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  publication_id bigint not null references points_publication (id),
  raised_by bigint not null references app_user (id),
  text text not null check (length(text) between 1 and 500),
  status text not null default 'open' check (status in ('open', 'answered')),
  answer text check (length(answer) <= 500),
  answered_by bigint references app_user (id),
  answered_at timestamptz,
  created_at timestamptz not null
);
create index points_objection_publication on points_objection (publication_id, id);

-- ── Party members' duty posts (党员责任岗) ────────────────────────────────────────────────────
create table party_duty_post (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  community_id bigint not null references org_unit (id),
  org_path text not null,
  name text not null check (length(name) between 1 and 40),
  duties text not null check (length(duties) between 1 and 500),
  -- how many members may hold it in a quarter (null: any number)
  capacity integer check (capacity > 0),
  active boolean not null default true,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null
);
create index party_duty_post_community on party_duty_post (community_id, active);

create table party_duty_assignment (
  id bigint generated always as identity primary key,
  post_id bigint not null references party_duty_post (id),
  person_id bigint not null references person (id),
  -- first day of the quarter held
  quarter date not null,
  status text not null default 'held' check (status in ('held', 'released')),
  claimed_by bigint not null references app_user (id),
  claimed_at timestamptz not null,
  released_at timestamptz,
  unique (post_id, person_id, quarter)
);
create index party_duty_assignment_person on party_duty_assignment (person_id, quarter);
