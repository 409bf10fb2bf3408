-- The living registry (三活 / 一标三实): standard addresses (building → unit → room), households
-- and persons, life events, migrant registrations, tags, organisations and facilities.
-- Every row carries the org_path of its grid and the district id; scoped queries filter by
-- path prefix. 身份证号 and phone numbers are sealed (AES-256-GCM), found by an HMAC blind
-- index, and shown through a stored masked form: no plaintext of either is ever stored.

-- 一标: buildings with coordinates (WGS-84 / CGCS2000 longitude and latitude, as 天地图 uses).
create table building (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  grid_id bigint not null references org_unit (id),
  org_path text not null,
  name text not null check (length(name) between 1 and 64),
  -- the standard address: road and number, e.g. 江海路 88 号
  address text not null check (length(address) between 1 and 128),
  kind text not null default 'residential'
    check (kind in ('residential', 'village_house', 'commercial', 'mixed', 'public')),
  floors integer check (floors between 1 and 200),
  lng double precision check (lng between -180 and 180),
  lat double precision check (lat between -90 and 90),
  status text not null default 'active' check (status in ('active', 'retired')),
  created_at timestamptz not null
);
create index building_path on building (org_path text_pattern_ops, name);
create index building_grid on building (grid_id);

-- 单元 (stairwell) of a building; a village house has none and its rooms hang off the building.
create table building_unit (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  building_id bigint not null references building (id),
  org_path text not null,
  name text not null check (length(name) between 1 and 32),
  sort integer not null default 0,
  unique (building_id, name)
);

create table room (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  building_id bigint not null references building (id),
  unit_id bigint references building_unit (id),
  org_path text not null,
  floor integer not null check (floor between -5 and 200),
  number text not null check (length(number) between 1 and 16),
  -- 出租屋: let to tenants; shown as "rented out" when someone lives there
  rental boolean not null default false,
  status text not null default 'active' check (status in ('active', 'retired'))
);
create unique index room_number on room (building_id, coalesce(unit_id, 0), number);
create index room_path on room (org_path text_pattern_ops);

-- 实有人口. name is compared by code point (collate "C") so a prefix LIKE and the order of
-- results use one btree; name_grams holds its single characters and pairs for "contains".
create table person (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  grid_id bigint not null references org_unit (id),
  org_path text not null,
  name text collate "C" not null check (length(name) between 1 and 64),
  name_grams text[] not null,
  gender text check (gender in ('male', 'female')),
  birth_date date,
  ethnicity text,
  id_number_sealed text,
  id_number_index text,
  id_number_masked text,
  phone_sealed text,
  phone_index text,
  phone_masked text,
  -- 户籍地址 as written in the 户口簿, and whether it lies in this community
  registered_address text check (length(registered_address) <= 128),
  registered_here boolean not null default true,
  -- 实际居住: the room they live in (null: lives outside the community, 户在人不在)
  room_id bigint references room (id),
  status text not null default 'resident' check (status in ('resident', 'moved_out', 'deceased')),
  party_member boolean not null default false,
  last_event_date date,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((id_number_sealed is null) = (id_number_index is null)),
  check ((phone_sealed is null) = (phone_index is null))
);
comment on column person.id_number_sealed is 'AES-256-GCM sealed 身份证号; id_number_index is its HMAC blind index';
create unique index person_id_number on person (id_number_index) where id_number_index is not null;
create index person_phone on person (phone_index) where phone_index is not null;
create index person_path on person (org_path text_pattern_ops);
create index person_name on person (name, org_path text_pattern_ops);
create index person_name_grams on person using gin (name_grams);
create index person_room on person (room_id);

-- 户: a family or a collective household living at a room.
create table household (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  grid_id bigint not null references org_unit (id),
  org_path text not null,
  -- 户号 from the 户口簿 when known
  number text check (length(number) <= 32),
  kind text not null default 'family' check (kind in ('family', 'collective')),
  room_id bigint references room (id),
  status text not null default 'active' check (status in ('active', 'dissolved')),
  created_at timestamptz not null,
  dissolved_at date
);
create index household_path on household (org_path text_pattern_ops);
create index household_room on household (room_id) where status = 'active';

-- Membership over time: a row is closed (until set), never rewritten, when a person leaves.
create table household_member (
  id bigint generated always as identity primary key,
  household_id bigint not null references household (id),
  person_id bigint not null references person (id),
  relation text not null check (relation ~ '^\d{2}$'),
  org_path text not null,
  since date not null,
  until date,
  check (until is null or until >= since)
);
-- A person is in one household at a time.
create unique index household_member_current on household_member (person_id) where until is null;
create index household_member_household on household_member (household_id) where until is null;

-- Life events: the history a person's status is derived from. Append-only.
create table life_event (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  person_id bigint not null references person (id),
  event text not null check (event in ('move_in', 'move_out', 'birth', 'death', 'household_split',
                                        'household_merge', 'migrant_arrival', 'migrant_departure')),
  effective_date date not null,
  household_id bigint references household (id),
  room_id bigint references room (id),
  org_path text not null,
  note text,
  recorded_by bigint references app_user (id),
  recorded_at timestamptz not null
);
create index life_event_person on life_event (person_id, effective_date, id);
create index life_event_path on life_event (org_path text_pattern_ops, recorded_at desc);

create function registry_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;
create trigger life_event_no_update before update or delete on life_event
  for each row execute function registry_append_only();

-- 流动人口 registration: opened by an arrival, closed by the departure.
create table migrant_registration (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  person_id bigint not null references person (id),
  org_path text not null,
  arrival_date date not null,
  expected_departure date,
  actual_departure date,
  origin text check (length(origin) <= 128),
  reason text check (reason in ('work', 'business', 'study', 'family', 'other')),
  created_at timestamptz not null,
  check (expected_departure is null or expected_departure >= arrival_date),
  check (actual_departure is null or actual_departure >= arrival_date)
);
create unique index migrant_registration_open on migrant_registration (person_id) where actual_departure is null;
create index migrant_registration_path on migrant_registration (org_path text_pattern_ops);

-- 活档案 tags: the built-in ones are synchronised from the domain at start; districts add more.
create table tag_definition (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  zh text not null check (length(zh) between 1 and 32),
  en text not null check (length(en) between 1 and 64),
  sensitive boolean not null,
  must_visit boolean not null,
  builtin boolean not null default false,
  status text not null default 'active' check (status in ('active', 'retired')),
  created_at timestamptz not null
);

create table person_tag (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  person_id bigint not null references person (id),
  tag_id bigint not null references tag_definition (id),
  org_path text not null,
  -- where the fact comes from: 民政低保名单, a visit, an import …
  source text not null check (length(source) between 1 and 64),
  start_date date not null,
  end_date date,
  note text check (length(note) <= 500),
  set_by bigint references app_user (id),
  set_at timestamptz not null,
  ended_by bigint references app_user (id),
  ended_at timestamptz,
  end_reason text,
  check (end_date is null or end_date >= start_date)
);
create unique index person_tag_current on person_tag (person_id, tag_id) where ended_at is null;
create index person_tag_by_tag on person_tag (tag_id, org_path text_pattern_ops) where ended_at is null;

-- 实有单位: enterprises, shops, institutions at an address.
create table organisation (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  grid_id bigint not null references org_unit (id),
  org_path text not null,
  name text not null check (length(name) between 1 and 128),
  kind text not null check (kind in ('enterprise', 'shop', 'institution', 'social_org', 'other')),
  -- 统一社会信用代码 (GB 32100)
  credit_code text check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  building_id bigint references building (id),
  room_id bigint references room (id),
  address text not null check (length(address) between 1 and 128),
  contact_name text check (length(contact_name) <= 64),
  contact_phone_sealed text,
  contact_phone_index text,
  contact_phone_masked text,
  employees integer check (employees >= 0),
  lng double precision check (lng between -180 and 180),
  lat double precision check (lat between -90 and 90),
  status text not null default 'active' check (status in ('active', 'closed')),
  created_at timestamptz not null
);
create index organisation_path on organisation (org_path text_pattern_ops, name);

-- 活地图 public facilities: hydrants, cameras, lamps, elevators …
create table facility (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  district_id bigint not null references org_unit (id),
  grid_id bigint not null references org_unit (id),
  org_path text not null,
  kind text not null check (kind in ('hydrant', 'camera', 'street_lamp', 'elevator', 'aed', 'waste_station',
                                     'charging_station', 'manhole', 'other')),
  name text not null check (length(name) between 1 and 64),
  building_id bigint references building (id),
  lng double precision not null check (lng between -180 and 180),
  lat double precision not null check (lat between -90 and 90),
  status text not null default 'ok' check (status in ('ok', 'faulty', 'retired')),
  note text check (length(note) <= 500),
  created_at timestamptz not null
);
create index facility_path on facility (org_path text_pattern_ops);

-- Who looked at which personal record (查询日志). Written in batches off the request path;
-- reveals of full values go to the hash-chained audit_log in the request's own transaction.
create table data_access_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  actor_id bigint,
  actor_name text,
  action text not null,
  target_type text not null,
  target_id text,
  org_path text,
  detail jsonb,
  ip text
);
create index data_access_log_target on data_access_log (target_type, target_id, at desc);
create index data_access_log_at on data_access_log (at desc);
create trigger data_access_log_no_update before update or delete on data_access_log
  for each row execute function registry_append_only();

-- A spreadsheet import: checked first (dry run), committed all at once or not at all.
-- Rows are kept already sealed, so no plaintext 身份证号 or phone rests here either.
create table registry_import (
  id bigint generated always as identity primary key,
  uid uuid not null default gen_random_uuid() unique,
  unit_id bigint not null references org_unit (id),
  org_path text not null,
  file_name text not null,
  status text not null check (status in ('checking', 'checked', 'committing', 'committed', 'failed')),
  total_rows integer not null default 0,
  processed_rows integer not null default 0,
  valid_rows integer not null default 0,
  error_rows integer not null default 0,
  summary jsonb,
  error text,
  created_by bigint not null references app_user (id),
  created_at timestamptz not null,
  finished_at timestamptz
);
create index registry_import_path on registry_import (org_path text_pattern_ops, created_at desc);

create table registry_import_row (
  import_id bigint not null references registry_import (id),
  row_no integer not null,
  data jsonb not null,
  problems jsonb not null default '[]',
  primary key (import_id, row_no)
);
