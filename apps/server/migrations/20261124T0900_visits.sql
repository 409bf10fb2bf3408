-- Home visits (六必访, 民情日记): per-community visit rules, the must-visit list built from the
-- registry's tags, the diary records grid workers make (often offline, synced later), and the
-- monthly tallies dashboards read instead of scanning the records.

-- Stored files (photos). The bytes live in the file store (disk or S3-compatible), addressed by
-- their SHA-256; this row is the record of who stored what, where it belongs and how big it is.
-- uid is chosen by the client, so an upload retried after a lost answer finds the first one.
create table stored_file (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content_type text not null,
  bytes integer not null check (bytes > 0),
  -- what the file is for ('visit_photo', later 'case_photo' …) and whose subtree may see it
  purpose text not null,
  org_path text not null,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null
);
create index stored_file_creator on stored_file (created_by, created_at desc);

-- Which tags put a household on the list and how often, per community. A community with no
-- row for a tag follows the domain's defaults (六必访: monthly); 'none' switches a default off.
create table visit_rule (
  id bigint generated always as identity primary key,
  community_id bigint not null references org_unit (id),
  district_id bigint not null references org_unit (id),
  org_path text not null,
  tag_code text not null,
  frequency text not null check (frequency in ('weekly', 'monthly', 'quarterly', 'none')),
  updated_by bigint not null references app_user (id),
  updated_at timestamptz not null,
  unique (community_id, tag_code)
);

-- 必访清单: one row per household (or per person who belongs to no household) per visit period.
-- Built on the 1st of each month and on demand, kept current as tags change during the month.
create table visit_due (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  grid_id bigint not null references org_unit (id),
  org_path text not null,
  household_id bigint references household (id),
  person_id bigint references person (id),
  -- the persons and the tags that put it on the list
  person_ids bigint[] not null,
  reasons text[] not null,
  frequency text not null check (frequency in ('weekly', 'monthly', 'quarterly')),
  period_start date not null,
  period_end date not null,
  -- the grid worker who owns it; moves with the grid when the grid is reassigned
  assignee_id bigint references app_user (id),
  status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
  visit_id bigint,
  created_at timestamptz not null,
  closed_at timestamptz,
  check ((household_id is null) <> (person_id is null)),
  check (period_end >= period_start)
);
create unique index visit_due_household on visit_due (household_id, period_start) where household_id is not null;
create unique index visit_due_person on visit_due (person_id, period_start) where person_id is not null;
create index visit_due_assignee on visit_due (assignee_id, period_start) where status = 'open';
create index visit_due_path on visit_due (org_path text_pattern_ops, period_start, status);
create index visit_due_grid on visit_due (grid_id, status);

-- 民情日记: a visit as the worker recorded it. uid is made by the device, so a batch synced
-- twice finds the rows it wrote the first time. visited_at and recorded_at are the device's
-- clock (when the worker acted); created_at and received_at are the server's (when it arrived).
create table visit (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  district_id bigint not null references org_unit (id),
  grid_id bigint not null references org_unit (id),
  org_path text not null,
  household_id bigint references household (id),
  worker_id bigint not null references app_user (id),
  visited_at timestamptz not null,
  method text not null check (method in ('home', 'phone', 'video', 'outside')),
  -- [{ "kind": "need" | "risk" | "conflict" | "living" | "other", "text": "…" }]
  findings jsonb not null default '[]',
  summary text not null check (length(summary) between 1 and 4000),
  lng double precision check (lng between -180 and 180),
  lat double precision check (lat between -90 and 90),
  revision integer not null default 1,
  -- set when two devices edited the same revision: both edits are kept in visit_revision
  conflict boolean not null default false,
  device_id text,
  recorded_at timestamptz not null,
  received_at timestamptz not null,
  created_at timestamptz not null,
  -- what the worker started from this visit in the cases and points modules
  case_uid uuid,
  award_uid uuid
);
create index visit_path on visit (org_path text_pattern_ops, visited_at desc);
create index visit_household on visit (household_id, visited_at desc);
create index visit_worker on visit (worker_id, visited_at desc);

alter table visit_due add constraint visit_due_visit foreign key (visit_id) references visit (id);

create table visit_person (
  visit_id bigint not null references visit (id),
  person_id bigint not null references person (id),
  primary key (visit_id, person_id)
);
create index visit_person_person on visit_person (person_id);

create table visit_photo (
  visit_id bigint not null references visit (id),
  file_id bigint not null references stored_file (id),
  sort integer not null default 0,
  primary key (visit_id, file_id)
);

-- Every edit that reached the server, applied or not: an edit made on a stale revision on a
-- second device is kept here (applied = false) and shown to the worker, never dropped.
create table visit_revision (
  id bigint generated always as identity primary key,
  visit_id bigint not null references visit (id),
  base_revision integer not null,
  applied boolean not null,
  body jsonb not null,
  worker_id bigint not null references app_user (id),
  device_id text,
  recorded_at timestamptz not null,
  received_at timestamptz not null
);
create index visit_revision_visit on visit_revision (visit_id, id);

-- Tallies kept on write for coverage pages (PGlite must not scan raw tables on a request).
-- month is the first day of the month a visit period starts in, or a visit was made in.
create table visit_grid_month (
  grid_id bigint not null references org_unit (id),
  month date not null,
  org_path text not null,
  due integer not null default 0,
  done integer not null default 0,
  visits integer not null default 0,
  -- finding kind → count
  findings jsonb not null default '{}',
  primary key (grid_id, month)
);
create index visit_grid_month_path on visit_grid_month (org_path text_pattern_ops, month);

create table visit_worker_month (
  worker_id bigint not null references app_user (id),
  grid_id bigint not null references org_unit (id),
  month date not null,
  org_path text not null,
  visits integer not null default 0,
  primary key (worker_id, grid_id, month)
);
create index visit_worker_month_path on visit_worker_month (org_path text_pattern_ops, month);
