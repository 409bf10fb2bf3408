/**
 * SQL of intake and the case's reads. The registry's tables (building, person) and the org tree
 * are read here, never written; cases, case_photo are written (case_event only through
 * timeline.ts). The write path is two statements of constant text (prepared once per connection,
 * PREPARED): everything a report refers to in one round trip, then the case with its photos.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Db, PREPARED } from '../../platform/db/database.ts';
import type { CaseRow } from './case-access.ts';

const prepared = sql.raw(PREPARED);

// ── What a report refers to ──────────────────────────────────────────────────────────────────
/** A unit a case may hang on (a grid, a community or village) with the community it is in. */
export interface PlaceUnit {
  id: number;
  uid: string;
  kind: string;
  name: string;
  path: string;
  status: string;
  district_id: number;
  community_id: number;
  community_uid: string;
  community_name: string;
  community_path: string;
}

export interface CategoryRef {
  id: number;
  uid: string;
  code: string;
  name: string;
  district_id: number;
  active: boolean;
  deliberable: boolean;
  response_amount: number;
  response_unit: 'hours' | 'working_days';
  resolve_amount: number;
  resolve_unit: 'hours' | 'working_days';
}

export interface BuildingRef {
  id: number;
  uid: string;
  name: string;
  lng: number | null;
  lat: number | null;
  grid_id: number;
}

export interface IntakeRefs {
  /** a case already made under this uid (a retry whose answer was lost) */
  existing: { id: number; uid: string; owner_id: number | null; reporter_user_id: number | null } | null;
  category: CategoryRef | null;
  /** the category's district outline [west, south, east, north], when it has one */
  bbox: number[] | null;
  /** the grid named in the body (by uid), if any */
  gridId: number | null;
  building: BuildingRef | null;
  /** the registry building nearest to the point inside the box, if any */
  nearest: BuildingRef | null;
  units: PlaceUnit[];
  photos: { id: number; uid: string; created_by: number; purpose: string }[];
  person: { id: number; name: string } | null;
  me: { display_name: string; person_id: number | null; person_name: string | null };
  /** the district's own calendar rows (holiday / 调休 workday), laid over the official ones */
  calendar: Array<{ day: string; kind: 'holiday' | 'workday' }>;
}

export interface IntakeLookup {
  userId: number;
  caseUid: string;
  categoryUid: string;
  gridUid: string | null;
  /** the reporter's own unit: the fallback when the place says nothing */
  fallbackUnitId: number | null;
  buildingUid: string | null;
  point: { lng: number; lat: number } | null;
  /** [west, south, east, north] around the point: the prefilter of the nearest building */
  box: [number, number, number, number] | null;
  photoUids: string[];
  personUid: string | null;
}

/**
 * Everything a report refers to, in one round trip. The nearest building is looked for inside
 * the box only (the building_location index), ordered by an equirectangular distance, which at
 * a few hundred metres ranks as the great-circle one does.
 */
export async function intakeRefs(db: Db, q: IntakeLookup): Promise<IntakeRefs> {
  const [west, south, east, north] = q.box ?? [null, null, null, null];
  const kx = q.point ? Math.cos((q.point.lat * Math.PI) / 180) ** 2 : 1;
  const { rows } = await sql<IntakeRefs>`${prepared}
    with cat as (
      select id, uid::text as uid, code, name, district_id, active, deliberable, response_amount, response_unit, resolve_amount,
             resolve_unit
        from case_category where uid = ${q.categoryUid}::uuid
    ),
    b as (
      select id, uid::text as uid, name, lng, lat, grid_id from building
       where uid = ${q.buildingUid}::uuid and status = 'active'
    ),
    nb as (
      select id, uid::text as uid, name, lng, lat, grid_id from building
       where status = 'active' and lat is not null
         and lat between ${south}::float8 and ${north}::float8 and lng between ${west}::float8 and ${east}::float8
       order by (lng - ${q.point?.lng ?? null}::float8) ^ 2 * ${kx}::float8 + (lat - ${q.point?.lat ?? null}::float8) ^ 2
       limit 1
    ),
    g as (select id from org_unit where uid = ${q.gridUid}::uuid),
    ids as (
      select id from g union select ${q.fallbackUnitId}::bigint union select grid_id from b
      union select grid_id from nb
    ),
    u as (
      select u.id, u.uid::text as uid, u.kind, u.name, u.path, u.status, coalesce(u.district_id, u.id) as district_id,
             c.id as community_id, c.uid::text as community_uid, c.name as community_name, c.path as community_path
        from org_unit u
        join org_unit c on c.id = case when u.kind = 'grid' then u.parent_id else u.id end
       where u.id in (select id from ids where id is not null)
    )
    select (select row_to_json(x) from (select id, uid::text as uid, owner_id, reporter_user_id from cases
                                          where uid = ${q.caseUid}::uuid) x) as existing,
           (select row_to_json(cat) from cat) as category,
           (select o.bbox from org_unit o where o.id = (select district_id from cat)) as bbox,
           (select id from g) as "gridId",
           (select row_to_json(b) from b) as building,
           (select row_to_json(nb) from nb) as nearest,
           (select coalesce(json_agg(u), '[]') from u) as units,
           (select coalesce(json_agg(f), '[]') from (
              select id, uid::text as uid, created_by, purpose from stored_file
               where uid = any(${q.photoUids}::uuid[])) f) as photos,
           (select row_to_json(p) from (select id, name from person where uid = ${q.personUid}::uuid) p) as person,
           (select row_to_json(m) from (
              select u.display_name, u.person_id, p.name as person_name
                from app_user u left join person p on p.id = u.person_id where u.id = ${q.userId}) m) as me,
           (select coalesce(json_agg(json_build_object('day', d.day::text, 'kind', d.kind)), '[]')
              from work_calendar_day d where d.district_id = (select district_id from cat)) as calendar`.execute(db);
  return rows[0] as IntakeRefs;
}

// ── Writing ──────────────────────────────────────────────────────────────────────────────────
export interface NewCase {
  uid: string;
  receipt_no: string;
  district_id: number;
  community_id: number;
  grid_id: number | null;
  org_path: string;
  category_id: number;
  title: string;
  description: string;
  channel: string;
  origin: string | null;
  reporter_user_id: number | null;
  reporter_person_id: number | null;
  reporter_name: string | null;
  reporter_phone_sealed: string | null;
  reporter_phone_masked: string | null;
  anonymous: boolean;
  owner_id: number | null;
  lng: number | null;
  lat: number | null;
  address: string | null;
  building_id: number | null;
  visit_uid: string | null;
  response_due_at: Date;
  resolve_due_at: Date;
}

/**
 * The case (status 'reported') with its report photos, in one statement. Undefined when the uid
 * or the receipt number is taken already: the caller tells which.
 */
export async function insertCase(db: Db, c: NewCase, fileIds: number[], now: Date): Promise<CaseRow | undefined> {
  const { rows } = await sql<CaseRow>`${prepared}
    with c as (
      insert into cases (uid, receipt_no, district_id, community_id, grid_id, org_path, category_id, title, description,
                         channel, origin, status, reporter_user_id, reporter_person_id, reporter_name,
                         reporter_phone_sealed, reporter_phone_masked, anonymous, owner_id, lng, lat, address,
                         building_id, visit_uid, response_due_at, resolve_due_at, created_at, updated_at)
      values (${c.uid}::uuid, ${c.receipt_no}, ${c.district_id}, ${c.community_id}, ${c.grid_id}::bigint, ${c.org_path},
              ${c.category_id}, ${c.title}, ${c.description}, ${c.channel}, ${c.origin}::text, 'reported',
              ${c.reporter_user_id}::bigint, ${c.reporter_person_id}::bigint, ${c.reporter_name}::text,
              ${c.reporter_phone_sealed}::text, ${c.reporter_phone_masked}::text, ${c.anonymous}, ${c.owner_id}::bigint,
              ${c.lng}::float8, ${c.lat}::float8, ${c.address}::text, ${c.building_id}::bigint, ${c.visit_uid}::uuid,
              ${c.response_due_at}::timestamptz, ${c.resolve_due_at}::timestamptz, ${now}::timestamptz,
              ${now}::timestamptz)
      on conflict do nothing
      returning *
    ),
    p as (
      insert into case_photo (case_id, file_id, stage, sort)
      select c.id, f.id, 'report', (f.n - 1)::smallint from c cross join unnest(${fileIds}::bigint[]) with ordinality as f(id, n)
    )
    select * from c`.execute(db);
  return rows[0];
}

export async function caseIdByUid(db: Db, uid: string): Promise<number | undefined> {
  const row = await db.selectFrom('cases').select('id').where('uid', '=', uid).executeTakeFirst();
  return row?.id;
}

export async function caseByUid(db: Db, uid: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('uid', '=', uid).executeTakeFirst();
}

// ── Reading ──────────────────────────────────────────────────────────────────────────────────
/** What a list item needs besides the row: names of the category and the units. */
export interface CaseNames {
  category_uid: string;
  category_code: string;
  category_name: string;
  community_uid: string;
  community_name: string;
  grid_uid: string | null;
  grid_name: string | null;
  handler_uid: string | null;
  handler_name: string | null;
  handler_kind: string | null;
}

/** The columns a summary shows. */
export interface ListRow extends CaseNames {
  id: number;
  uid: string;
  receipt_no: string;
  title: string;
  status: string;
  channel: string;
  origin: string | null;
  created_at: Date;
  address: string | null;
  lng: number | null;
  lat: number | null;
  response_due_at: Date;
  resolve_due_at: Date;
  overdue: boolean;
  escalation_level: number;
  supervised: boolean;
  rating: number | null;
}

const NAMES = sql`
  cat.uid::text as category_uid, cat.code as category_code, cat.name as category_name,
  com.uid::text as community_uid, com.name as community_name, grd.uid::text as grid_uid, grd.name as grid_name,
  hu.uid::text as handler_uid, hu.name as handler_name, hu.kind as handler_kind`;
const NAME_JOINS = sql`
  join case_category cat on cat.id = c.category_id
  join org_unit com on com.id = c.community_id
  left join org_unit grd on grd.id = c.grid_id
  left join org_unit hu on hu.id = c.handler_unit_id`;
const SUMMARY_COLUMNS = sql`c.id, c.uid::text as uid, c.receipt_no, c.title, c.status, c.channel, c.origin, c.created_at,
  c.address, c.lng, c.lat, c.response_due_at, c.resolve_due_at, c.overdue, c.escalation_level, c.supervised, c.rating`;

/** Statuses a case is still open in: the `cases_open` index's predicate is their complement. */
export const CLOSED_STATUSES = ['closed', 'rejected', 'merged'] as const;

export interface ListFilter {
  /** subtree roots the list reads (the caller's, or the unit asked for) */
  roots: string[];
  /** 'open' keeps to the cases_open index; a status narrows further; null: every status */
  open: boolean;
  status: string | null;
  categoryUid: string | null;
  overdue: boolean | null;
  channel: string | null;
  q: string | null;
}

/**
 * A page of a subtree's cases, newest first, and whether more follow. The page's ids come first,
 * off the (org_path, created_at desc, id desc) index — for open cases the partial `cases_open`,
 * which holds the few percent still open, read without the table when no other filter applies —
 * and only the page's rows are read and named. No count: the console asks for the next page.
 */
export async function casePage(
  db: Db,
  f: ListFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ListRow[]; hasMore: boolean }> {
  if (f.roots.length === 0) return { rows: [], hasMore: false };
  // A subtree is one range of the index: the root and every path below it ('root.…') sort from
  // 'root' up to 'root/' ('/' follows '.'; path segments are codes of digits and letters). As
  // operators rather than a LIKE pattern, the range stays usable in the prepared statement's
  // generic plan: the console's list is planned once per connection, not on every request.
  const within = (r: string) => sql`(x.org_path ~>=~ ${r} and x.org_path ~<~ ${`${r}/`})`;
  const where: RawBuilder<SqlBool>[] = [sql<SqlBool>`(${sql.join(f.roots.map(within), sql` or `)})`];
  if (f.open) where.push(sql<SqlBool>`x.status not in ('closed', 'rejected', 'merged')`);
  if (f.status) where.push(sql<SqlBool>`x.status = ${f.status}`);
  if (f.categoryUid !== null)
    where.push(sql<SqlBool>`x.category_id = (select id from case_category where uid = ${f.categoryUid}::uuid)`);
  if (f.overdue !== null) where.push(sql<SqlBool>`x.overdue = ${f.overdue}`);
  if (f.channel) where.push(sql<SqlBool>`x.channel = ${f.channel}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    where.push(sql<SqlBool>`(x.title like ${like} or x.address like ${like} or x.receipt_no = ${f.q.toUpperCase()})`);
  }
  const { rows } = await sql<ListRow>`${prepared}
    with picked as (
      select x.id from cases x
       where ${sql.join(where, sql` and `)}
       order by x.created_at desc, x.id desc limit ${page.limit + 1} offset ${page.offset}
    )
    select ${SUMMARY_COLUMNS}, ${NAMES}
      from picked join cases c on c.id = picked.id ${NAME_JOINS}
     order by c.created_at desc, c.id desc`.execute(db);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit };
}

/** Open cases with coordinates in the subtree, newest first, at most `limit`. */
export async function mapCases(
  db: Db,
  roots: string[],
  status: string | null,
  limit: number,
): Promise<
  Array<{
    uid: string;
    receipt_no: string;
    title: string;
    status: string;
    category_name: string;
    overdue: boolean;
    created_at: Date;
    lng: number;
    lat: number;
  }>
> {
  if (roots.length === 0) return [];
  const rootCond = sql.join(
    roots.map((r) => sql`o.path = ${r} or o.path like ${`${r.replace(/[\\%_]/g, '\\$&')}.%`}`),
    sql` or `,
  );
  const statusCond = status ? sql`and x.status = ${status}` : sql``;
  const { rows } = await sql<{
    uid: string;
    receipt_no: string;
    title: string;
    status: string;
    category_name: string;
    overdue: boolean;
    created_at: Date;
    lng: number;
    lat: number;
  }>`
    with paths as (select o.path from org_unit o where ${rootCond}),
    picked as (
      select p.* from paths
      cross join lateral (
        select x.id, x.uid, x.receipt_no, x.title, x.status, x.category_id, x.overdue, x.created_at, x.lng, x.lat
          from cases x
         where x.org_path = paths.path and x.status not in ('closed', 'rejected', 'merged') ${statusCond}
           and x.lng is not null and x.lat is not null
         order by x.created_at desc limit ${limit}
      ) p
      order by p.created_at desc, p.id desc limit ${limit}
    )
    select picked.uid::text as uid, picked.receipt_no, picked.title, picked.status, cat.name as category_name,
           picked.overdue, picked.created_at, picked.lng, picked.lat
      from picked join case_category cat on cat.id = picked.category_id
     order by picked.created_at desc, picked.id desc`.execute(db);
  return rows;
}

/** My reports (and those merged into another case), newest first, with the case they went into. */
export async function myCases(
  db: Db,
  userId: number,
  page: { limit: number; offset: number },
): Promise<{
  rows: Array<
    ListRow & {
      into_uid: string | null;
      into_receipt_no: string | null;
      into_title: string | null;
      into_status: string | null;
    }
  >;
  total: number;
}> {
  const { rows } = await sql<
    ListRow & {
      into_uid: string | null;
      into_receipt_no: string | null;
      into_title: string | null;
      into_status: string | null;
    }
  >`${prepared}
    select ${SUMMARY_COLUMNS}, ${NAMES},
           i.uid::text as into_uid, i.receipt_no as into_receipt_no, i.title as into_title, i.status as into_status
      from cases c ${NAME_JOINS}
      left join cases i on i.id = c.merged_into_id
     where c.reporter_user_id = ${userId}
     order by c.created_at desc, c.id desc limit ${page.limit} offset ${page.offset}`.execute(db);
  const { rows: n } = await sql<{ n: number }>`${prepared}
    select count(*)::int as n from cases where reporter_user_id = ${userId}`.execute(db);
  return { rows, total: n[0]?.n ?? 0 };
}

/** Everything a case's page shows besides the row, in one round trip. */
export interface DetailParts extends CaseNames {
  /** the category may go to a deliberation (议事): link_topic is allowed */
  deliberable: boolean;
  owner_name: string | null;
  assignee_uid: string | null;
  assignee_name: string | null;
  building_uid: string | null;
  building_name: string | null;
  photos: Array<{ uid: string; stage: 'report' | 'result' }>;
  timeline: Array<{
    seq: number;
    at: string;
    actor_name: string | null;
    action: string;
    from_status: string | null;
    to_status: string | null;
    note: string | null;
    detail: Record<string, unknown> | null;
  }>;
  merged_into: { uid: string; receipt_no: string; title: string } | null;
  duplicates: Array<{ uid: string; receipt_no: string; title: string }>;
  tasks: Array<{
    uid: string;
    kind: 'follow_up';
    due_at: string;
    status: 'open' | 'done';
    note: string | null;
    done_at: string | null;
  }>;
}

export async function detailParts(db: Db, caseId: number): Promise<DetailParts> {
  const { rows } = await sql<DetailParts>`${prepared}
    select ${NAMES}, cat.deliberable,
           ow.display_name as owner_name, asg.uid::text as assignee_uid, asg.display_name as assignee_name,
           bld.uid::text as building_uid, bld.name as building_name,
           (select coalesce(json_agg(json_build_object('uid', f.uid, 'stage', cp.stage) order by cp.stage, cp.sort), '[]')
              from case_photo cp join stored_file f on f.id = cp.file_id where cp.case_id = c.id) as photos,
           (select coalesce(json_agg(json_build_object('seq', e.seq, 'at', e.at, 'actor_name', e.actor_name,
                     'action', e.action, 'from_status', e.from_status, 'to_status', e.to_status, 'note', e.note,
                     'detail', e.detail) order by e.seq), '[]')
              from case_event e where e.case_id = c.id) as timeline,
           (select json_build_object('uid', m.uid, 'receipt_no', m.receipt_no, 'title', m.title)
              from cases m where m.id = c.merged_into_id) as merged_into,
           (select coalesce(json_agg(json_build_object('uid', d.uid, 'receipt_no', d.receipt_no, 'title', d.title)
                     order by d.id), '[]')
              from cases d where d.merged_into_id = c.id) as duplicates,
           (select coalesce(json_agg(json_build_object('uid', t.uid, 'kind', t.kind, 'due_at', t.due_at,
                     'status', t.status, 'note', t.note, 'done_at', t.done_at) order by t.id), '[]')
              from case_task t where t.case_id = c.id) as tasks
      from cases c ${NAME_JOINS}
      left join app_user ow on ow.id = c.owner_id
      left join app_user asg on asg.id = c.assignee_id
      left join building bld on bld.id = c.building_id
     where c.id = ${caseId}`.execute(db);
  return rows[0] as DetailParts;
}

/** The org paths of the cases showing a photo (report or result): who may read one may see it. */
export async function casesShowingPhoto(db: Db, fileUid: string): Promise<CaseRow[]> {
  const { rows } = await sql<CaseRow>`
    select c.* from case_photo cp join stored_file f on f.id = cp.file_id join cases c on c.id = cp.case_id
     where f.uid = ${fileUid}::uuid`.execute(db);
  return rows;
}
