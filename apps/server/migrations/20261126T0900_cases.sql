-- Cases (事件): from 群众说事 to 评事. A resident's problem comes in through one of four
-- channels, is accepted and dispatched to the community or a department (统一分拨), handled,
-- resolved, rated by the reporter and closed; SLA clocks run on a working-day calendar and
-- overdue cases are escalated and supervised. Every transition is a row of the timeline.
-- "case" is an SQL keyword, so the table is `cases`.

-- The district's outline for "is this point ours?": west, south, east, north (WGS-84 degrees).
alter table org_unit add column bbox double precision[]
  check (bbox is null or (array_length(bbox, 1) = 4 and bbox[1] < bbox[3] and bbox[2] < bbox[4]));

-- Intake finds the grid of a reported point from the nearest registry building within 300 m: a
-- box around the point read off this index, never a scan of the district's buildings.
create index building_location on building (lat, lng) where status = 'active' and lat is not null;

-- 事件分类: an admin-editable tree per district. A leaf names its default handler (the community
-- of the case handles it itself, or a department) and its SLA; `deliberable` says whether the
-- case may go to the council as a topic (议事).
create table case_category (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  parent_id bigint references case_category (id),
  -- stable code; Open311 calls it service_code
  code text not null check (code ~ '^[a-z0-9][a-z0-9._-]{0,39}$'),
  name text not null check (length(name) between 1 and 40),
  name_en text check (length(name_en) between 1 and 80),
  description text check (length(description) <= 500),
  handler_kind text not null default 'community' check (handler_kind in ('community', 'department')),
  department_id bigint references org_unit (id),
  -- 接诉即办: respond (accept and contact) within, resolve within; hours run on the clock,
  -- working days on the working calendar
  response_amount integer not null check (response_amount > 0),
  response_unit text not null check (response_unit in ('hours', 'working_days')),
  resolve_amount integer not null check (resolve_amount > 0),
  resolve_unit text not null check (resolve_unit in ('hours', 'working_days')),
  deliberable boolean not null default false,
  sort integer not null default 0,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  unique (district_id, code),
  check ((handler_kind = 'department') = (department_id is not null))
);
create index case_category_parent on case_category (district_id, parent_id, sort);

-- 回复模板: texts staff pick, edit and send (on accepting, rejecting, resolving …).
create table case_reply_template (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  category_id bigint references case_category (id),
  district_id bigint not null references org_unit (id),
  -- which step the text is for
  purpose text not null check (purpose in ('accept', 'reject', 'resolve', 'return', 'follow_up')),
  title text not null check (length(title) between 1 and 40),
  body text not null check (length(body) between 1 and 1000),
  active boolean not null default true,
  updated_by bigint references app_user (id),
  updated_at timestamptz not null
);
create index case_reply_template_category on case_reply_template (district_id, category_id, purpose);

-- The working calendar's exceptions to Monday–Friday: public holidays (法定节假日, a weekday off)
-- and 调休 make-up working days (a weekend day worked). Seeded from the State Council's
-- schedule the domain knows; editable per district.
create table work_calendar_day (
  district_id bigint not null references org_unit (id),
  day date not null,
  kind text not null check (kind in ('holiday', 'workday')),
  name text not null check (length(name) between 1 and 20),
  updated_by bigint references app_user (id),
  updated_at timestamptz not null,
  primary key (district_id, day)
);

-- Open311 GeoReport v2 clients: an api_key (only its SHA-256 is kept) allowed to post requests.
create table open311_client (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  name text not null check (length(name) between 1 and 60),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  key_hint text not null,
  active boolean not null default true,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  -- the account its posts act as (a technical user without a password)
  user_id bigint not null references app_user (id)
);

-- 事件. org_path is the grid (or the community when no grid is known) where it happened;
-- handler_path is the unit now handling it (the community, or a department under the district):
-- staff see cases by org_path, department handlers by handler_path.
create table cases (
  id bigint generated always as identity primary key,
  uid uuid not null unique,
  -- the number the reporter keeps (回执号), e.g. 20261123-4K7Q2M
  receipt_no text not null unique,
  district_id bigint not null references org_unit (id),
  community_id bigint not null references org_unit (id),
  grid_id bigint references org_unit (id),
  org_path text not null,
  category_id bigint not null references case_category (id),
  title text not null check (length(title) between 1 and 60),
  description text not null check (length(description) between 1 and 2000),
  channel text not null check (channel in ('resident', 'grid', 'window', 'hotline', 'open311')),
  -- how a grid worker came to it: on a resident's behalf, found on patrol, during a visit
  origin text check (origin in ('on_behalf', 'patrol', 'visit')),
  status text not null check (status in ('reported', 'accepted', 'rejected', 'dispatched', 'in_progress',
                                         'resolved', 'closed', 'merged')),
  -- who reported: an account (resident, Open311 client), a registry person, or a name and
  -- phone taken at the window; anonymous reports show no reporter to anyone but staff
  reporter_user_id bigint references app_user (id),
  reporter_person_id bigint references person (id),
  reporter_name text check (length(reporter_name) between 1 and 40),
  reporter_phone_sealed text,
  reporter_phone_masked text,
  anonymous boolean not null default false,
  -- 首问负责: whoever first received it owns it until it is handed over
  owner_id bigint references app_user (id),
  handler_unit_id bigint references org_unit (id),
  handler_path text,
  assignee_id bigint references app_user (id),
  lng double precision check (lng between -180 and 180),
  lat double precision check (lat between -90 and 90),
  address text check (length(address) between 1 and 128),
  building_id bigint references building (id),
  visit_uid uuid,
  -- 0: the community, 1: the street, 2: the district
  escalation_level smallint not null default 0 check (escalation_level between 0 and 2),
  supervised boolean not null default false,
  response_due_at timestamptz not null,
  resolve_due_at timestamptz not null,
  accepted_at timestamptz,
  dispatched_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  -- set by the SLA job when resolve_due_at passes unresolved
  overdue boolean not null default false,
  result text check (length(result) between 1 and 2000),
  rating smallint check (rating between 1 and 5),
  rating_comment text check (length(rating_comment) <= 500),
  rated_at timestamptz,
  reopen_count smallint not null default 0,
  merged_into_id bigint references cases (id),
  -- the deliberation topic the case became (议事), once that module exists
  topic_uid uuid,
  -- the timeline's last seq: a transition takes the next under the case's row lock
  event_seq integer not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((status = 'merged') = (merged_into_id is not null))
);
comment on column cases.reporter_phone_sealed is 'AES-256-GCM sealed phone of a window or hotline reporter';
-- The dispatch console and the case-list benchmark: a subtree's open cases, newest first, with
-- the console's filters, so a page's ids are read from the index alone.
create index cases_open on cases (org_path text_pattern_ops, created_at desc, id desc)
  include (status, category_id, overdue, channel)
  where status not in ('closed', 'rejected', 'merged');
create index cases_path on cases (org_path text_pattern_ops, created_at desc, id desc);
-- A department's inbox.
create index cases_handler on cases (handler_path text_pattern_ops, status, resolve_due_at)
  where status in ('dispatched', 'in_progress');
-- The SLA job: open cases by the time they fall due.
create index cases_due on cases (resolve_due_at) where status in ('reported', 'accepted', 'dispatched', 'in_progress');
create index cases_response_due on cases (response_due_at) where status = 'reported';
-- Resolved, waiting for a rating (closes unrated after 7 days).
create index cases_resolved on cases (resolved_at) where status = 'resolved';
-- "Same problem?": open cases of a category, recent first.
create index cases_nearby on cases (category_id, created_at desc) where status not in ('closed', 'rejected', 'merged');
create index cases_reporter on cases (reporter_user_id, created_at desc) where reporter_user_id is not null;
create index cases_merged_into on cases (merged_into_id) where merged_into_id is not null;

-- The timeline: every transition, with who, when, why. Append-only.
create table case_event (
  id bigint generated always as identity primary key,
  case_id bigint not null references cases (id),
  seq integer not null,
  at timestamptz not null,
  actor_id bigint references app_user (id),
  actor_name text,
  action text not null,
  from_status text,
  to_status text,
  -- the reason, the result, the rating comment: what the actor wrote
  note text check (length(note) <= 2000),
  -- handler units, escalation level, merged case … as the action needs
  detail jsonb,
  unique (case_id, seq)
);

-- Photos of the report (up to 6) and of the result.
create table case_photo (
  case_id bigint not null references cases (id),
  file_id bigint not null references stored_file (id),
  stage text not null check (stage in ('report', 'result')),
  sort smallint not null,
  primary key (case_id, file_id)
);

-- Reporters of cases merged into this one: each of them hears the result.
create table case_reporter (
  case_id bigint not null references cases (id),
  source_case_id bigint not null references cases (id),
  reporter_user_id bigint references app_user (id),
  reporter_person_id bigint references person (id),
  added_at timestamptz not null,
  primary key (case_id, source_case_id)
);
create index case_reporter_user on case_reporter (reporter_user_id) where reporter_user_id is not null;

-- Tasks beside the workflow: the follow-up contact after a bad rating (回访).
create table case_task (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  case_id bigint not null references cases (id),
  org_path text not null,
  kind text not null check (kind in ('follow_up')),
  due_at timestamptz not null,
  status text not null default 'open' check (status in ('open', 'done')),
  note text check (length(note) <= 1000),
  done_by bigint references app_user (id),
  done_at timestamptz,
  created_at timestamptz not null
);
create index case_task_open on case_task (org_path text_pattern_ops, due_at) where status = 'open';

-- 满意度 and resolution times, kept on write (resolve, rate, overdue): dashboards read these rows, never
-- the cases. One row per month × community × handler unit × category; resolution hours are
-- counted into buckets so percentiles come from the histogram.
create table case_month_tally (
  district_id bigint not null references org_unit (id),
  month date not null,
  community_id bigint not null references org_unit (id),
  handler_unit_id bigint not null references org_unit (id),
  category_id bigint not null references case_category (id),
  org_path text not null,
  resolved integer not null default 0,
  overdue integer not null default 0,
  rated integer not null default 0,
  rating_sum integer not null default 0,
  -- ratings 4 and 5
  satisfied integer not null default 0,
  -- counts per resolution-time bucket (bounds in the domain's RESOLVE_HOUR_BUCKETS)
  resolve_hours integer[] not null default '{}',
  primary key (month, community_id, handler_unit_id, category_id)
);
create index case_month_tally_path on case_month_tally (org_path text_pattern_ops, month);
