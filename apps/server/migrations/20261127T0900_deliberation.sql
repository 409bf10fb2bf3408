-- Deliberation (议事协商): a community's council, the topics it takes up, the procedure each topic
-- follows step by step (四议两公开, 三议三公开, 说事→议事→理事→办事→评事), meetings with sign-in and
-- minutes, votes (open or secret) and public draws, and micro-projects (民生微实事) funded from a
-- yearly budget and chosen by residents' votes.

-- 议事会 / 议事委员会 / 协商委员会 of a community, for a term.
create table council (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  community_id bigint not null references org_unit (id),
  org_path text not null,
  kind text not null check (kind in ('council', 'committee', 'consultative')),
  name text not null check (length(name) between 1 and 60),
  term_start date not null,
  term_end date not null,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (term_end > term_start)
);
create index council_path on council (org_path text_pattern_ops) where active;

-- Members, linked to registry persons. "7+X": seven fixed seat categories (the domain's
-- COUNCIL_SEATS) and stakeholders (seat 'stakeholder') who sit for one topic only.
create table council_member (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  council_id bigint not null references council (id),
  person_id bigint not null references person (id),
  seat text not null check (seat in ('party_org', 'residents_committee', 'supervisory_committee',
                                     'representative', 'women', 'social_org', 'notable', 'stakeholder')),
  role text not null default 'member' check (role in ('chair', 'vice_chair', 'member')),
  topic_id bigint, -- set for stakeholders (FK below, once topic exists)
  since date not null,
  until date,
  created_at timestamptz not null,
  check ((seat = 'stakeholder') = (topic_id is not null)),
  check (until is null or until >= since)
);
create unique index council_member_current on council_member (council_id, person_id, coalesce(topic_id, 0))
  where until is null;

-- Procedures as data: an ordered list of steps (the domain's ProcedureStep: who acts, the records
-- it needs, what decides it). The three shipped ones are seeded per district from the domain; a
-- topic copies the steps when it starts, so editing a procedure never changes a topic under way.
create table deliberation_procedure (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  code text not null check (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name text not null check (length(name) between 1 and 40),
  name_en text,
  steps jsonb not null,
  active boolean not null default true,
  updated_at timestamptz not null,
  unique (district_id, code)
);

-- 议题. Status: 'proposed' (a resident's proposal gathering co-signatures), 'open' (following its
-- procedure; current_step is the index of the step now acted on), 'decided' (the resolution is
-- made; publication and implementation steps may remain), 'done' (every step complete),
-- 'rejected', 'withdrawn'.
create table topic (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  community_id bigint not null references org_unit (id),
  org_path text not null,
  council_id bigint references council (id),
  title text not null check (length(title) between 1 and 80),
  description text not null check (length(description) between 1 and 4000),
  source text not null check (source in ('proposal', 'case', 'staff')),
  case_id bigint references cases (id),
  proposer_user_id bigint references app_user (id),
  proposer_person_id bigint references person (id),
  status text not null check (status in ('proposed', 'open', 'decided', 'done', 'rejected', 'withdrawn')),
  -- public to the community unless marked otherwise
  public boolean not null default true,
  -- 联名: co-signatures needed to move a proposal forward, and how many it has
  support_threshold integer not null default 0 check (support_threshold >= 0),
  support_count integer not null default 0,
  procedure_code text,
  steps jsonb,
  current_step integer not null default 0,
  -- the resolution (决议) once decided, and the result of carrying it out (实施结果)
  resolution text check (length(resolution) <= 4000),
  outcome text check (length(outcome) <= 4000),
  -- the two 公开: when the resolution and the result of carrying it out were published (the public
  -- board shows them) and until when objections are taken
  resolution_published_at timestamptz,
  outcome_published_at timestamptz,
  notice_until timestamptz,
  decided_at timestamptz,
  -- when its description last changed: a proposal may not change once a vote on it is open
  edited_at timestamptz,
  event_seq integer not null default 0,
  created_by bigint references app_user (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((source = 'case') = (case_id is not null)),
  -- a proposal has no procedure until started; one turned down or withdrawn before may never get one
  check (status in ('proposed', 'rejected', 'withdrawn') or (procedure_code is not null and steps is not null))
);
create index topic_path on topic (org_path text_pattern_ops, created_at desc);
create index topic_case on topic (case_id) where case_id is not null;
create index topic_published on topic (org_path text_pattern_ops, resolution_published_at desc)
  where resolution_published_at is not null and public;
alter table council_member add foreign key (topic_id) references topic (id);

create table topic_support (
  topic_id bigint not null references topic (id),
  user_id bigint not null references app_user (id),
  at timestamptz not null,
  primary key (topic_id, user_id)
);

-- A topic's timeline: proposal, support reached, each step completed with the records that
-- completed it (meeting, vote, notice), decisions. Append-only; numbered from topic.event_seq.
create table topic_event (
  id bigint generated always as identity primary key,
  topic_id bigint not null references topic (id),
  seq integer not null,
  at timestamptz not null,
  actor_id bigint references app_user (id),
  actor_name text,
  action text not null,
  step integer,
  note text check (length(note) <= 4000),
  detail jsonb,
  unique (topic_id, seq)
);

-- Meetings of the council (or the two committees, party members, representatives, all residents).
create table meeting (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  community_id bigint not null references org_unit (id),
  org_path text not null,
  council_id bigint references council (id),
  kind text not null check (kind in ('council', 'two_committees', 'party_members', 'representatives',
                                     'residents', 'hearing')),
  title text not null check (length(title) between 1 and 80),
  place text not null check (length(place) between 1 and 80),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'scheduled' check (status in ('scheduled', 'held', 'cancelled')),
  minutes text check (length(minutes) <= 20000),
  minutes_by bigint references app_user (id),
  -- why it was cancelled (told to everyone called)
  cancel_reason text check (length(cancel_reason) <= 500),
  -- iCalendar SEQUENCE: bumped whenever the time or place changes
  ics_sequence integer not null default 0,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (ends_at > starts_at)
);
create index meeting_path on meeting (org_path text_pattern_ops, starts_at desc);
create index meeting_council on meeting (council_id, starts_at desc);

-- The agenda.
create table meeting_topic (
  meeting_id bigint not null references meeting (id),
  topic_id bigint not null references topic (id),
  sort smallint not null,
  -- what the meeting decided on this topic
  decision text check (length(decision) <= 4000),
  primary key (meeting_id, topic_id)
);
create index meeting_topic_topic on meeting_topic (topic_id);

-- Who is called (the council's members, or anyone added) and who signed in (attendance).
create table meeting_attendee (
  meeting_id bigint not null references meeting (id),
  person_id bigint not null references person (id),
  role text not null default 'member' check (role in ('member', 'stakeholder', 'guest', 'staff')),
  signed_in_at timestamptz,
  signed_in_by bigint references app_user (id),
  primary key (meeting_id, person_id)
);

-- In-app notices (会议通知 and others) to accounts; a person is reached through app_user.person_id.
create table notice (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  user_id bigint not null references app_user (id),
  kind text not null,
  title text not null check (length(title) between 1 and 120),
  body text check (length(body) <= 2000),
  -- the page it opens, e.g. /r/deliberation/meetings/<uid>
  link text,
  created_at timestamptz not null,
  read_at timestamptz
);
create index notice_user on notice (user_id, created_at desc);

-- Votes. The electorate, the ballot style, and the quorum and majority rules come from the step
-- that calls the vote (or from a micro-project budget). The roll of eligible voters is fixed when
-- the vote opens (vote_voter rows); results are computed by the server from the ballots.
create table vote (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  community_id bigint not null references org_unit (id),
  org_path text not null,
  topic_id bigint references topic (id),
  step integer,
  meeting_id bigint references meeting (id),
  budget_id bigint, -- micro_budget (FK below)
  title text not null check (length(title) between 1 and 120),
  -- 'motion': approve / oppose / abstain; 'choice': one of the options; 'approval': up to
  -- max_choices options; 'knapsack': options whose total cost stays within budget_cents
  style text not null check (style in ('motion', 'choice', 'approval', 'knapsack')),
  -- [{key, label, cost_cents?}] for every style but 'motion'
  options jsonb,
  max_choices integer check (max_choices > 0),
  min_choices integer not null default 0 check (min_choices >= 0),
  budget_cents bigint check (budget_cents > 0),
  -- who may vote: the meeting's signed-in attendees, the council's members, the representatives
  -- (seat 'representative'), party members living in the community, every household (one
  -- ballot per household), every adult resident
  electorate text not null check (electorate in ('present', 'members', 'representatives', 'party_members',
                                                 'households', 'residents')),
  secret boolean not null default false,
  -- a voter may replace their ballot until the vote closes
  changeable boolean not null default false,
  -- the rules as fractions: quorum of the electorate taking part, majority of the base approving
  quorum_num integer not null default 0,
  quorum_den integer not null default 1 check (quorum_den > 0),
  majority_num integer not null default 1,
  majority_den integer not null default 2 check (majority_den > 0),
  majority_base text not null default 'cast' check (majority_base in ('cast', 'present', 'electorate')),
  -- present: the count of attendees signed in when the vote opened (the base of 'present')
  present_count integer,
  status text not null default 'draft' check (status in ('draft', 'open', 'closed', 'cancelled')),
  opens_at timestamptz,
  closes_at timestamptz,
  closed_at timestamptz,
  eligible_count integer not null default 0,
  cast_count integer not null default 0,
  -- the server's tally and verdict once closed: {counts, quorumMet, passed, rule}
  result jsonb,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index vote_path on vote (org_path text_pattern_ops, created_at desc);
create index vote_topic on vote (topic_id, step) where topic_id is not null;

-- The roll: one row per eligible voter (a person, or a household for 'households'), fixed when
-- the vote opens. voted_at says they have voted. An open ballot's choice is kept here; a secret
-- one is not (see ballot).
create table vote_voter (
  vote_id bigint not null references vote (id),
  voter_key bigint not null, -- person.id, or household.id for 'households'
  voted_at timestamptz,
  -- the account that cast it (for a household: the member who did)
  voted_by bigint references app_user (id),
  choice jsonb,
  changes integer not null default 0,
  primary key (vote_id, voter_key)
);

-- Ballots. For a secret vote the row holds no voter: it is found only by the SHA-256 of the
-- receipt the voter alone keeps, which lets them check it was counted (and replace it, when
-- the vote allows) without anyone else linking ballot to voter. Open votes keep one ballot row
-- per voter as well, with voter_key, so the tally reads one table.
create table ballot (
  id uuid primary key,
  vote_id bigint not null references vote (id),
  voter_key bigint, -- null for a secret ballot
  receipt_hash text check (receipt_hash ~ '^[0-9a-f]{64}$'),
  choice jsonb not null,
  unique (vote_id, receipt_hash),
  unique (vote_id, voter_key),
  check ((voter_key is null) <> (receipt_hash is null))
);

-- 抽签: a public draw. The seed's SHA-256 is published before the draw (seed_hash); the seed
-- itself when drawn, so anyone can re-run the domain's draw over the same entrants and get the
-- same order. A draw is made once.
create table draw (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  community_id bigint not null references org_unit (id),
  org_path text not null,
  topic_id bigint references topic (id),
  title text not null check (length(title) between 1 and 120),
  -- [{key, label}] in the published order (labels masked for persons)
  entrants jsonb not null,
  winners integer not null check (winners > 0),
  seed_hash text not null check (seed_hash ~ '^[0-9a-f]{64}$'),
  seed text,
  algorithm text not null,
  -- the drawn order of entrant keys
  result jsonb,
  drawn_at timestamptz,
  drawn_by bigint references app_user (id),
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  check ((seed is null) = (result is null))
);
create index draw_path on draw (org_path text_pattern_ops, created_at desc);

-- 民生微实事: a community's budget for a year, and the rules of its residents' vote.
create table micro_budget (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  community_id bigint not null references org_unit (id),
  org_path text not null,
  year integer not null check (year between 2000 and 2100),
  title text not null check (length(title) between 1 and 80),
  amount_cents bigint not null check (amount_cents > 0),
  -- proposing → reviewing → voting → selected → closed
  phase text not null default 'proposing' check (phase in ('proposing', 'reviewing', 'voting', 'selected',
                                                           'closed')),
  ballot_style text not null default 'approval' check (ballot_style in ('approval', 'knapsack')),
  max_choices integer check (max_choices > 0),
  min_projects integer not null default 0,
  max_projects integer,
  vote_id bigint references vote (id),
  proposals_close_on date,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (community_id, year)
);
alter table vote add foreign key (budget_id) references micro_budget (id);

create table micro_project (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  budget_id bigint not null references micro_budget (id),
  org_path text not null,
  title text not null check (length(title) between 1 and 80),
  description text not null check (length(description) between 1 and 4000),
  location text check (length(location) <= 128),
  -- what the proposer estimated, and the price the feasibility review set
  estimate_cents bigint not null check (estimate_cents > 0),
  price_cents bigint check (price_cents > 0),
  proposer_user_id bigint references app_user (id),
  proposer_name text, -- masked when shown
  status text not null default 'proposed' check (status in ('proposed', 'feasible', 'unfeasible', 'selected',
                                                            'not_selected', 'in_progress', 'completed',
                                                            'accepted')),
  -- the written explanation sent to the proposer when unfeasible, or the reviewer's note
  review_note text check (length(review_note) <= 2000),
  reviewed_by bigint references app_user (id),
  reviewed_at timestamptz,
  votes integer,
  spent_cents bigint not null default 0,
  -- 验收: acceptance of the finished work
  acceptance_note text check (length(acceptance_note) <= 2000),
  accepted_at timestamptz,
  topic_id bigint references topic (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (status <> 'feasible' or price_cents is not null),
  check (status <> 'unfeasible' or review_note is not null)
);
create index micro_project_budget on micro_project (budget_id, status);

-- Implementation: milestones with what was spent and photos.
create table micro_milestone (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  project_id bigint not null references micro_project (id),
  title text not null check (length(title) between 1 and 80),
  note text check (length(note) <= 2000),
  spent_cents bigint not null default 0 check (spent_cents >= 0),
  happened_on date not null,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null
);
create index micro_milestone_project on micro_milestone (project_id, happened_on);

create table micro_photo (
  project_id bigint not null references micro_project (id),
  milestone_id bigint references micro_milestone (id),
  file_id bigint not null references stored_file (id),
  primary key (project_id, file_id)
);
