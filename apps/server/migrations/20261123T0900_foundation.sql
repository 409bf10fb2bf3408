-- Foundation: the org hierarchy, accounts and sessions, the audit chain, the outbox, jobs,
-- idempotency keys. PostgreSQL 15 SQL only (PGlite is PostgreSQL 18: do not use newer features).

create extension if not exists pg_trgm;
create extension if not exists citext;

-- Settings the platform keeps about itself (e.g. when the demo district was seeded).
create table app_setting (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- district → street → community/village → grid; departments hang under the district.
create table org_unit (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  kind text not null check (kind in ('district', 'street', 'community', 'village', 'grid', 'department')),
  name text not null check (length(name) between 1 and 64),
  code text not null,
  parent_id bigint references org_unit (id),
  -- materialised path of codes, e.g. 440704.440704003.440704003012.g007; scope checks use it
  path text not null,
  district_id bigint references org_unit (id),
  status text not null default 'active' check (status in ('active', 'retired')),
  created_at timestamptz not null default now(),
  retired_at timestamptz
);
comment on table org_unit is 'Administrative units and grids (行政区划与网格); retired units stay for history';
-- Codes and paths are unique among active units; a retired grid's code may be reused.
create unique index org_unit_code_active on org_unit (code) where status = 'active';
create unique index org_unit_path_active on org_unit (path) where status = 'active';
create index org_unit_path on org_unit (path text_pattern_ops);
create index org_unit_parent on org_unit (parent_id);

-- One entry per structural change; org_lineage says which units became which.
create table org_change (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  kind text not null check (kind in ('create', 'rename', 'move', 'split', 'merge', 'delete')),
  at timestamptz not null,
  actor_id bigint,
  reason text,
  detail jsonb not null default '{}'
);
create table org_lineage (
  change_id bigint not null references org_change (id),
  from_unit_id bigint references org_unit (id),
  to_unit_id bigint references org_unit (id)
);
create index org_lineage_from on org_lineage (from_unit_id);
create index org_lineage_to on org_lineage (to_unit_id);
create index org_lineage_change on org_lineage (change_id);

-- 街道党工委 → 社区党委 → 网格党支部 → 党小组, each attached to an administrative unit.
create table party_org (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  kind text not null check (kind in ('working_committee', 'committee', 'branch', 'group')),
  name text not null check (length(name) between 1 and 64),
  parent_id bigint references party_org (id),
  unit_id bigint not null references org_unit (id),
  org_path text not null,
  created_at timestamptz not null default now()
);
create index party_org_path on party_org (org_path text_pattern_ops);
create index party_org_unit on party_org (unit_id);

create table app_user (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  username citext not null unique,
  display_name text not null,
  password_hash text not null,
  password_changed_at timestamptz not null,
  -- the unit the account belongs to: sysadmins of a subtree manage the accounts in it
  unit_id bigint not null references org_unit (id),
  org_path text not null,
  status text not null default 'active' check (status in ('active', 'disabled')),
  failed_logins integer not null default 0,
  locked_until timestamptz,
  totp_secret text, -- sealed with the data key
  totp_pending_secret text, -- sealed; set during enrolment until confirmed
  totp_last_step bigint, -- the last accepted TOTP time step: a code is never accepted twice
  created_at timestamptz not null default now()
);
create index app_user_path on app_user (org_path text_pattern_ops);

create table role_grant (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  user_id bigint not null references app_user (id),
  role text not null check (role in ('resident', 'grid_worker', 'community_staff', 'street_official',
                                     'dept_handler', 'district_admin', 'auditor', 'sysadmin')),
  unit_id bigint not null references org_unit (id),
  org_path text not null,
  granted_by bigint references app_user (id),
  granted_at timestamptz not null default now(),
  revoked_by bigint references app_user (id),
  revoked_at timestamptz
);
create unique index role_grant_active on role_grant (user_id, role, unit_id) where revoked_at is null;
create index role_grant_unit on role_grant (unit_id) where revoked_at is null;

-- Sessions live in the database so any server process can serve any request and a revoke
-- takes effect at once. Only a hash of the cookie token is stored.
create table user_session (
  token_hash text primary key,
  user_id bigint not null references app_user (id),
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  idle_timeout_s integer not null,
  expires_at timestamptz not null,
  mfa_passed boolean not null,
  ip text,
  user_agent text,
  revoked_at timestamptz
);
create index user_session_by_user on user_session (user_id) where revoked_at is null;

-- Append-only audit log, hash-chained per chain (one chain per community subtree, per
-- auth shard …) so writes in different communities never wait for one another.
create table audit_chain (
  chain text primary key,
  seq bigint not null,
  head_hash text not null
);
create table audit_log (
  chain text not null,
  seq bigint not null,
  at timestamptz not null,
  actor_id bigint,
  actor_name text,
  actor_roles text[] not null default '{}',
  action text not null,
  outcome text not null default 'ok' check (outcome in ('ok', 'denied', 'failed')),
  target_type text,
  target_id text,
  org_path text,
  before jsonb,
  after jsonb,
  ip text,
  request_id text,
  prev_hash text not null,
  hash text not null,
  primary key (chain, seq)
);
comment on table audit_log is 'Append-only; each row carries the hash of the previous row of its chain';
create index audit_log_at on audit_log (at desc);
create index audit_log_path on audit_log (org_path text_pattern_ops, at desc);
create index audit_log_action on audit_log (action text_pattern_ops, at desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- Domain events written in the same transaction as the change that caused them.
create table outbox (
  id bigint generated always as identity primary key,
  topic text not null,
  payload jsonb not null,
  org_path text,
  created_at timestamptz not null,
  delivered_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index outbox_pending on outbox (id) where delivered_at is null;

-- The job runner's queue: polled with FOR UPDATE SKIP LOCKED.
create table job (
  id bigint generated always as identity primary key,
  name text not null,
  payload jsonb not null default '{}',
  run_at timestamptz not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  -- at most one queued or running job per key: recurring jobs and deduplicated work
  dedupe_key text,
  locked_by text,
  locked_at timestamptz,
  last_error text,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index job_due on job (run_at) where status = 'queued';
create unique index job_dedupe on job (dedupe_key) where status in ('queued', 'running');

-- A retried write with the same Idempotency-Key gets the first answer back.
create table idempotency_key (
  user_id bigint not null,
  key text not null,
  request_hash text not null,
  status_code integer,
  response jsonb,
  created_at timestamptz not null,
  primary key (user_id, key)
);
