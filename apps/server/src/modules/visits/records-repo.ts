/**
 * SQL of the diaries (民情日记): visits, their persons, photos and revisions (the stored_file
 * rows themselves are platform/files/photos.ts'). The registry's tables (household, person,
 * household_member, room, building) are read here, never written.
 *
 * The sync writes a batch of up to 50 records in a handful of statements: each statement takes
 * the whole batch as one JSON parameter (jsonb_to_recordset) or as arrays (unnest), so its text
 * is the same for 1 record or 50 and it is prepared once per connection (PREPARED).
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Db, PREPARED } from '../../platform/db/database.ts';

const prepared = sql.raw(PREPARED);

// ── What a batch refers to ─────────────────────────────────────────────────────────────────
export interface SubjectRow {
  uid: string;
  id: number;
  grid_id: number;
  district_id: number;
  org_path: string;
}

export interface PersonSubjectRow extends SubjectRow {
  /** The person's current household, if any. */
  household_id: number | null;
}

export interface ExistingVisitRow {
  id: number;
  uid: string;
  worker_id: number;
  grid_id: number;
  org_path: string;
  revision: number;
  recorded_at: Date;
  visited_at: Date;
  findings: Array<{ kind: string; text: string }>;
}

export interface PhotoFileRow {
  id: number;
  uid: string;
  created_by: number;
  purpose: string;
}

export interface BatchRefs {
  households: SubjectRow[];
  persons: PersonSubjectRow[];
  /** The visits of the batch the server already has, locked until the transaction ends. */
  visits: ExistingVisitRow[];
  files: PhotoFileRow[];
}

/**
 * Everything a batch refers to, in one round trip: the households and persons it names (unknown
 * ones are simply absent), the visits it already synced (locked, in id order) and its photos.
 */
export async function batchRefs(
  db: Db,
  uids: { households: string[]; persons: string[]; visits: string[]; files: string[] },
): Promise<BatchRefs> {
  const { rows } = await sql<{
    households: SubjectRow[];
    persons: PersonSubjectRow[];
    visits: Array<Omit<ExistingVisitRow, 'recorded_at' | 'visited_at'> & { recorded_at: string; visited_at: string }>;
    files: PhotoFileRow[];
  }>`${prepared}
    with hs as (
      select h.uid::text as uid, h.id, h.grid_id, h.district_id, h.org_path
        from household h where h.uid = any(${uids.households}::uuid[])
    ),
    ps as (
      select p.uid::text as uid, p.id, p.grid_id, p.district_id, p.org_path, m.household_id
        from person p
        left join lateral (select m.household_id from household_member m
                            where m.person_id = p.id and m.until is null) m on true
       where p.uid = any(${uids.persons}::uuid[])
    ),
    vs as (
      select id, uid::text as uid, worker_id, grid_id, org_path, revision, recorded_at, visited_at, findings
        from visit where uid = any(${uids.visits}::uuid[])
       order by id for update
    ),
    fs as (
      select id, uid::text as uid, created_by, purpose from stored_file where uid = any(${uids.files}::uuid[])
    )
    select (select coalesce(json_agg(hs), '[]') from hs) as households,
           (select coalesce(json_agg(ps), '[]') from ps) as persons,
           (select coalesce(json_agg(vs), '[]') from vs) as visits,
           (select coalesce(json_agg(fs), '[]') from fs) as files`.execute(db);
  const r = rows[0] as (typeof rows)[number];
  return {
    households: r.households,
    persons: r.persons,
    visits: r.visits.map((v) => ({ ...v, recorded_at: new Date(v.recorded_at), visited_at: new Date(v.visited_at) })),
    files: r.files,
  };
}

export interface RevisionRow {
  id: number;
  visit_id: number;
  base_revision: number;
  applied: boolean;
  body: unknown;
  device_id: string | null;
  recorded_at: Date;
  received_at: Date;
}

export async function revisionsOf(db: Db, visitIds: number[]): Promise<RevisionRow[]> {
  if (visitIds.length === 0) return [];
  const { rows } = await sql<RevisionRow>`
    select id, visit_id, base_revision, applied, body, device_id, recorded_at, received_at
      from visit_revision where visit_id = any(${visitIds}::bigint[])
     order by visit_id, id`.execute(db);
  return rows;
}

// ── Writing a batch ──────────────────────────────────────────────────────────────────────────
/** A visit's columns as the sync writes them. Times are ISO strings, findings a JSON array. */
export interface VisitColumns {
  uid: string;
  district_id: number;
  grid_id: number;
  org_path: string;
  household_id: number | null;
  worker_id: number;
  visited_at: string;
  method: string;
  findings: Array<{ kind: string; text: string }>;
  summary: string;
  lng: number | null;
  lat: number | null;
  device_id: string | null;
  recorded_at: string;
}

const visitRecordset = sql`x(uid uuid, district_id bigint, grid_id bigint, org_path text, household_id bigint,
  worker_id bigint, visited_at timestamptz, method text, findings jsonb, summary text, lng float8, lat float8,
  device_id text, recorded_at timestamptz, revision int, conflict boolean, id bigint)`;

/** A new visit as the sync writes it: where it hangs, who made it, and what it says (the body). */
export interface NewVisit {
  uid: string;
  district_id: number;
  grid_id: number;
  org_path: string;
  household_id: number | null;
  worker_id: number;
  device_id: string | null;
  recorded_at: string;
  base_revision: number;
  person_ids: number[];
  file_ids: number[];
  /** The record's body (VisitBody): its columns are read from it, and it is the first revision. */
  body: unknown;
  /** the points claim started from the visit (points.award_requested), if any */
  award_uid?: string | null;
}

/**
 * New visits with their persons, photos, first revision and `visits.recorded` event: one
 * statement, the batch sent once as JSON. Foreign keys of the child rows are checked at the end
 * of the statement, when the visits they point to exist.
 */
export async function createVisits(db: Db, rows: NewVisit[], topic: string, now: Date): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const { rows: made } = await sql<{ id: number; uid: string }>`${prepared}
    with x as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(uid uuid, district_id bigint, grid_id bigint, org_path text, household_id bigint, worker_id bigint,
             device_id text, recorded_at timestamptz, base_revision int, person_ids bigint[], file_ids bigint[],
             body jsonb, award_uid uuid)
    ),
    v as (
      insert into visit (uid, district_id, grid_id, org_path, household_id, worker_id, visited_at, method, findings,
                         summary, lng, lat, device_id, recorded_at, received_at, created_at, award_uid)
      select x.uid, x.district_id, x.grid_id, x.org_path, x.household_id, x.worker_id,
             (x.body->>'visitedAt')::timestamptz, x.body->>'method', x.body->'findings', x.body->>'summary',
             (x.body->'location'->>'lng')::float8, (x.body->'location'->>'lat')::float8, x.device_id, x.recorded_at,
             ${now}::timestamptz, ${now}::timestamptz, x.award_uid
        from x
      returning id, uid
    ),
    persons as (
      insert into visit_person (visit_id, person_id)
      select distinct v.id, p.person_id from v join x on x.uid = v.uid cross join unnest(x.person_ids) as p(person_id)
    ),
    photos as (
      insert into visit_photo (visit_id, file_id, sort)
      select v.id, f.file_id, min(f.n)::int - 1
        from v join x on x.uid = v.uid cross join unnest(x.file_ids) with ordinality as f(file_id, n)
       group by v.id, f.file_id
    ),
    revisions as (
      insert into visit_revision (visit_id, base_revision, applied, body, worker_id, device_id, recorded_at, received_at)
      select v.id, x.base_revision, true, x.body, x.worker_id, x.device_id, x.recorded_at, ${now}::timestamptz
        from v join x on x.uid = v.uid
    ),
    events as (
      insert into outbox (topic, payload, org_path, created_at)
      select ${topic}, jsonb_build_object('visitId', x.uid, 'householdId', x.body->'householdId',
                                          'personIds', x.body->'personIds', 'orgPath', x.org_path, 'revision', 1),
             x.org_path, ${now}::timestamptz
        from x
    )
    select id, uid::text as uid from v`.execute(db);
  return new Map(made.map((r) => [r.uid, r.id]));
}

/** Edits that replace a visit's body: the new revision number, and the conflict flag when raised. */
export async function updateVisits(
  db: Db,
  rows: Array<VisitColumns & { id: number; revision: number; conflict: boolean }>,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql`${prepared}
    update visit v
       set district_id = x.district_id, grid_id = x.grid_id, org_path = x.org_path, household_id = x.household_id,
           visited_at = x.visited_at, method = x.method, findings = x.findings, summary = x.summary, lng = x.lng,
           lat = x.lat, device_id = x.device_id, recorded_at = x.recorded_at, revision = x.revision,
           conflict = v.conflict or x.conflict, received_at = ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${visitRecordset}
     where v.id = x.id`.execute(db);
}

/** Edits kept unapplied: the visit only learns that it has a conflict to look at. */
export async function flagConflicts(db: Db, visitIds: number[]): Promise<void> {
  if (visitIds.length === 0) return;
  await sql`update visit set conflict = true where id = any(${visitIds}::bigint[])`.execute(db);
}

/** The persons and photos of edited visits are replaced by the edit's. */
export async function clearLinks(db: Db, visitIds: number[]): Promise<void> {
  if (visitIds.length === 0) return;
  await sql`delete from visit_person where visit_id = any(${visitIds}::bigint[])`.execute(db);
  await sql`delete from visit_photo where visit_id = any(${visitIds}::bigint[])`.execute(db);
}

export async function insertVisitPersons(db: Db, rows: Array<{ visitId: number; personId: number }>) {
  if (rows.length === 0) return;
  await sql`${prepared}
    insert into visit_person (visit_id, person_id)
    select * from unnest(${rows.map((r) => r.visitId)}::bigint[], ${rows.map((r) => r.personId)}::bigint[])
    on conflict do nothing`.execute(db);
}

export async function insertVisitPhotos(db: Db, rows: Array<{ visitId: number; fileId: number; sort: number }>) {
  if (rows.length === 0) return;
  await sql`${prepared}
    insert into visit_photo (visit_id, file_id, sort)
    select * from unnest(${rows.map((r) => r.visitId)}::bigint[], ${rows.map((r) => r.fileId)}::bigint[],
                         ${rows.map((r) => r.sort)}::int[])
    on conflict do nothing`.execute(db);
}

export interface RevisionColumns {
  visit_id: number;
  base_revision: number;
  applied: boolean;
  body: unknown;
  worker_id: number;
  device_id: string | null;
  recorded_at: string;
}

export async function insertRevisions(db: Db, rows: RevisionColumns[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql`${prepared}
    insert into visit_revision (visit_id, base_revision, applied, body, worker_id, device_id, recorded_at, received_at)
    select x.visit_id, x.base_revision, x.applied, x.body, x.worker_id, x.device_id, x.recorded_at,
           ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(visit_id bigint, base_revision int, applied boolean, body jsonb, worker_id bigint, device_id text,
             recorded_at timestamptz)`.execute(db);
}

/** Domain events of a batch, in one insert (the outbox's emitEvent writes one at a time). */
export async function emitEvents(
  db: Db,
  topic: string,
  events: Array<{ payload: unknown; orgPath: string }>,
  now: Date,
): Promise<void> {
  if (events.length === 0) return;
  await sql`${prepared}
    insert into outbox (topic, payload, org_path, created_at)
    select ${topic}, x.payload, x.org_path, ${now}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(events.map((e) => ({ payload: e.payload, org_path: e.orgPath })))}::jsonb)
        as x(payload jsonb, org_path text)`.execute(db);
}

// ── Reading diaries ──────────────────────────────────────────────────────────────────────────
export interface SummaryRow {
  id: number;
  uid: string;
  org_path: string;
  worker_id: number;
  grid_uid: string;
  grid_name: string;
  worker_uid: string;
  worker_name: string;
  household_uid: string | null;
  household_address: string | null;
  persons: Array<{ id: string; name: string }>;
  visited_at: Date;
  method: string;
  summary: string;
  findings: Array<{ kind: string; text: string }>;
  photos: number;
  revision: number;
  conflict: boolean;
  received_at: Date;
}

// The standard address of the household's room, written as the registry writes it (roomAddress).
const summaryColumns = sql`
  v.id, v.uid::text as uid, v.org_path, v.worker_id, g.uid::text as grid_uid, g.name as grid_name,
  w.uid::text as worker_uid, w.display_name as worker_name, h.uid::text as household_uid,
  (select nullif(concat_ws(' ', nullif(b.address, ''), nullif(b.name, ''), nullif(bu.name, ''), nullif(r.number, '')), '')
     from room r join building b on b.id = r.building_id left join building_unit bu on bu.id = r.unit_id
    where r.id = h.room_id) as household_address,
  coalesce((select json_agg(json_build_object('id', p.uid, 'name', p.name) order by p.name, p.id)
              from visit_person vp join person p on p.id = vp.person_id where vp.visit_id = v.id), '[]'::json)
    as persons,
  v.visited_at, v.method, v.summary, v.findings,
  (select count(*)::int from visit_photo vf where vf.visit_id = v.id) as photos,
  v.revision, v.conflict, v.received_at`;

const summaryFrom = sql`
  from visit v
  join org_unit g on g.id = v.grid_id
  join app_user w on w.id = v.worker_id
  left join household h on h.id = v.household_id`;

/** A page of diaries matching `where`, newest visit first, and how many match in all. */
export async function visitPage(
  db: Db,
  where: RawBuilder<SqlBool>[],
  page: { limit: number; offset: number },
): Promise<{ rows: SummaryRow[]; total: number }> {
  const cond = sql.join(where, sql` and `);
  const { rows } = await sql<SummaryRow>`
    with hits as (
      select v.id from visit v where ${cond}
       order by v.visited_at desc, v.id desc limit ${page.limit} offset ${page.offset}
    )
    select ${summaryColumns} ${summaryFrom}
     where v.id in (select id from hits)
     order by v.visited_at desc, v.id desc`.execute(db);
  const count = await sql<{ n: number }>`select count(*)::int as n from visit v where ${cond}`.execute(db);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export interface DetailRow extends SummaryRow {
  lng: number | null;
  lat: number | null;
  photo_ids: string[];
  device_id: string | null;
  recorded_at: Date;
  created_at: Date;
  case_uid: string | null;
  award_uid: string | null;
}

export async function visitDetail(db: Db, uid: string): Promise<DetailRow | undefined> {
  const { rows } = await sql<DetailRow>`${prepared}
    select ${summaryColumns}, v.lng, v.lat, v.device_id, v.recorded_at, v.created_at, v.case_uid::text as case_uid,
           v.award_uid::text as award_uid,
           array(select f.uid::text from visit_photo vf join stored_file f on f.id = vf.file_id
                  where vf.visit_id = v.id order by vf.sort, f.id) as photo_ids
    ${summaryFrom}
     where v.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function clearConflict(db: Db, visitId: number): Promise<void> {
  await sql`update visit set conflict = false where id = ${visitId}`.execute(db);
}

// ── Photos ───────────────────────────────────────────────────────────────────────────────────
/** Where the visits showing a photo lie: who may see it (the stored_file row is platform/files'). */
export async function photoVisitPaths(db: Db, uid: string): Promise<string[]> {
  const { rows } = await sql<{ org_path: string }>`${prepared}
    select v.org_path from stored_file f join visit_photo vf on vf.file_id = f.id join visit v on v.id = vf.visit_id
     where f.uid = ${uid}::uuid`.execute(db);
  return rows.map((r) => r.org_path);
}
