/**
 * SQL for the places of the registry: buildings, their 单元 and rooms (一标), organisations
 * (实有单位) and public facilities (活地图). Reads take the subtree paths the caller may see
 * first; each list filters with `inSubtrees` on org_path, served by the *_path indexes.
 * Who lives where (household, person, person_tag) is read here only as counts and tag codes
 * for drawing a building: those tables belong to the people side of the registry.
 */
import { sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';

export interface Paging {
  limit: number;
  offset: number;
}

const contains = (text: string) => `%${likeEscape(text)}%`;

// ── Buildings ────────────────────────────────────────────────────────────────────────────────
export const buildingColumns = [
  'b.id',
  'b.uid',
  'b.district_id',
  'b.grid_id',
  'b.org_path',
  'b.name',
  'b.address',
  'b.kind',
  'b.floors',
  'b.lng',
  'b.lat',
  'b.status',
] as const;

export type BuildingRow = NonNullable<Awaited<ReturnType<typeof buildingByUid>>>;

export async function buildingByUid(db: Db, uid: string) {
  return db.selectFrom('building as b').select(buildingColumns).where('b.uid', '=', uid).executeTakeFirst();
}

export async function buildingById(db: Db, id: number) {
  return db.selectFrom('building as b').select(buildingColumns).where('b.id', '=', id).executeTakeFirstOrThrow();
}

export async function buildingsPage(db: Db, paths: readonly string[], q: string | undefined, page: Paging) {
  let base = db.selectFrom('building as b').where(inSubtrees('b.org_path', paths)).where('b.status', '=', 'active');
  if (q) base = base.where((eb) => eb.or([eb('b.name', 'like', contains(q)), eb('b.address', 'like', contains(q))]));
  const [rows, total] = await Promise.all([
    base
      .select(buildingColumns)
      .orderBy('b.org_path')
      .orderBy('b.name')
      .orderBy('b.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export interface BuildingLoad {
  households: number;
  residents: number;
}

/**
 * Active households and resident persons living in each building. A person lives where their
 * room_id points (null: 户在人不在, lives outside the community), whatever their household.
 */
export async function buildingLoads(db: Db, buildingIds: number[]): Promise<Map<number, BuildingLoad>> {
  const loads = new Map<number, BuildingLoad>(buildingIds.map((id) => [id, { households: 0, residents: 0 }]));
  if (buildingIds.length === 0) return loads;
  const { rows } = await sql<{ building_id: number; households: number; residents: number }>`
    select r.building_id,
           (count(distinct h.id))::int as households,
           (select count(*) from person p join room pr on pr.id = p.room_id
             where pr.building_id = r.building_id and p.status = 'resident')::int as residents
      from room r left join household h on h.room_id = r.id and h.status = 'active'
     where r.building_id in (${sql.join(buildingIds)})
     group by r.building_id`.execute(db);
  for (const r of rows) loads.set(Number(r.building_id), { households: r.households, residents: r.residents });
  return loads;
}

export async function insertBuilding(
  trx: Db,
  b: {
    districtId: number;
    gridId: number;
    orgPath: string;
    name: string;
    address: string;
    kind: string;
    floors: number | null;
    lng: number | null;
    lat: number | null;
    now: Date;
  },
) {
  const { id } = await trx
    .insertInto('building')
    .values({
      district_id: b.districtId,
      grid_id: b.gridId,
      org_path: b.orgPath,
      name: b.name,
      address: b.address,
      kind: b.kind,
      floors: b.floors,
      lng: b.lng,
      lat: b.lat,
      created_at: b.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return buildingById(trx, id);
}

/**
 * Lays out a new building in two statements whatever its size: the 单元 '1单元' … 'n单元'
 * (none for a village house), then rooms floor × 100 + n on every floor of every 单元.
 * Returns how many rooms were made.
 */
export async function layOutRooms(
  trx: Db,
  building: { id: number; orgPath: string },
  layout: { units: number; floors: number; roomsPerFloor: number },
): Promise<number> {
  if (layout.units > 0) {
    await trx
      .insertInto('building_unit')
      .values(
        Array.from({ length: layout.units }, (_, i) => ({
          building_id: building.id,
          org_path: building.orgPath,
          name: `${i + 1}单元`,
          sort: i + 1,
        })),
      )
      .execute();
  }
  const units =
    layout.units > 0
      ? sql`(select id from building_unit where building_id = ${building.id})`
      : sql`(select null::bigint as id)`;
  await sql`
    insert into room (building_id, unit_id, org_path, floor, number)
    select ${building.id}, u.id, ${building.orgPath}, f, (f * 100 + n)::text
      from ${units} u, generate_series(1, ${layout.floors}::int) f, generate_series(1, ${layout.roomsPerFloor}::int) n
     order by u.id, f, n`.execute(trx);
  return Math.max(layout.units, 1) * layout.floors * layout.roomsPerFloor;
}

export async function updateBuilding(
  trx: Db,
  id: number,
  set: Partial<{ name: string; address: string; kind: string; floors: number; lng: number | null; lat: number | null }>,
) {
  if (Object.keys(set).length > 0) await trx.updateTable('building').set(set).where('id', '=', id).execute();
  return buildingById(trx, id);
}

// ── 单元 and rooms ───────────────────────────────────────────────────────────────────────────
/** The 单元 of a building by name, made (sorted last) when it does not exist yet. */
export async function unitNamed(trx: Db, building: { id: number; orgPath: string }, name: string) {
  const found = await trx
    .selectFrom('building_unit')
    .select('id')
    .where('building_id', '=', building.id)
    .where('name', '=', name)
    .executeTakeFirst();
  if (found) return found.id;
  const { id } = await trx
    .insertInto('building_unit')
    .values({
      building_id: building.id,
      org_path: building.orgPath,
      name,
      sort: sql<number>`(select coalesce(max(sort), 0) + 1 from building_unit where building_id = ${building.id})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function roomNumberTaken(trx: Db, buildingId: number, unitId: number | null, number: string) {
  const row = await trx
    .selectFrom('room')
    .select('id')
    .where('building_id', '=', buildingId)
    .where(sql<boolean>`coalesce(unit_id, 0) = ${unitId ?? 0}`)
    .where('number', '=', number)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertRoom(
  trx: Db,
  r: { buildingId: number; unitId: number | null; orgPath: string; floor: number; number: string; rental: boolean },
) {
  const { id } = await trx
    .insertInto('room')
    .values({
      building_id: r.buildingId,
      unit_id: r.unitId,
      org_path: r.orgPath,
      floor: r.floor,
      number: r.number,
      rental: r.rental,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function setRoomRental(trx: Db, id: number, rental: boolean) {
  await trx.updateTable('room').set({ rental }).where('id', '=', id).execute();
}

export interface RoomCellRow {
  id: number;
  uid: string;
  floor: number;
  number: string;
  rental: boolean;
  unit_uid: string | null;
  unit_name: string | null;
  /** [{ id, head, members }] of the active households at the room. */
  households: Array<{ id: string; head: string | null; members: number }>;
  residents: number;
  tags: string[];
}

/**
 * Every active room of a building with who lives there, in ONE query: the active households
 * (head = the current member with relation 02), the resident persons, and their current tags
 * that this viewer may see. Indexes: room_number, household_room, household_member_household,
 * person_room, person_tag_current.
 */
export async function roomCells(
  db: Db,
  buildingId: number,
  viewer: { sensitive: boolean; mustVisit: boolean },
  today: string,
): Promise<RoomCellRow[]> {
  const { rows } = await sql<RoomCellRow>`
    select r.id, r.uid, r.floor, r.number, r.rental, u.uid as unit_uid, u.name as unit_name,
           coalesce((
             select jsonb_agg(jsonb_build_object(
                      'id', h.uid,
                      'head', (select p.name from household_member m join person p on p.id = m.person_id
                                where m.household_id = h.id and m.until is null and m.relation = '02'
                                order by m.id limit 1),
                      'members', (select count(*) from household_member m
                                   where m.household_id = h.id and m.until is null)
                    ) order by h.id)
               from household h where h.room_id = r.id and h.status = 'active'
           ), '[]'::jsonb) as households,
           (select count(*) from person p where p.room_id = r.id and p.status = 'resident')::int as residents,
           coalesce((
             select array_agg(distinct d.code order by d.code)
               from person p
               join person_tag t on t.person_id = p.id and t.ended_at is null
                and t.start_date <= ${today}::date and (t.end_date is null or t.end_date >= ${today}::date)
               join tag_definition d on d.id = t.tag_id
              where p.room_id = r.id and p.status = 'resident'
                and (not d.sensitive or ${viewer.sensitive}::boolean or (d.must_visit and ${viewer.mustVisit}::boolean))
           ), '{}'::text[]) as tags
      from room r left join building_unit u on u.id = r.unit_id
     where r.building_id = ${buildingId} and r.status = 'active'
     order by coalesce(u.sort, 0), u.name, r.floor desc, length(r.number), r.number`.execute(db);
  return rows;
}

// ── Organisations (实有单位) ───────────────────────────────────────────────────────────────────
const organisationColumns = [
  'o.id',
  'o.uid',
  'o.grid_id',
  'o.org_path',
  'o.name',
  'o.kind',
  'o.credit_code',
  'o.address',
  'o.contact_name',
  'o.contact_phone_masked',
  'o.employees',
  'o.lng',
  'o.lat',
  'o.status',
  'b.uid as building_uid',
] as const;

export type OrganisationRow = NonNullable<Awaited<ReturnType<typeof organisationByUid>>>;

export async function organisationByUid(db: Db, uid: string) {
  return db
    .selectFrom('organisation as o')
    .leftJoin('building as b', 'b.id', 'o.building_id')
    .select(organisationColumns)
    .where('o.uid', '=', uid)
    .executeTakeFirst();
}

export async function organisationsPage(
  db: Db,
  paths: readonly string[],
  f: { q?: string; kind?: string },
  page: Paging,
) {
  let base = db.selectFrom('organisation as o').where(inSubtrees('o.org_path', paths));
  if (f.q)
    base = base.where((eb) =>
      eb.or([eb('o.name', 'like', contains(f.q as string)), eb('o.address', 'like', contains(f.q as string))]),
    );
  if (f.kind) base = base.where('o.kind', '=', f.kind);
  const [rows, total] = await Promise.all([
    base
      .leftJoin('building as b', 'b.id', 'o.building_id')
      .select(organisationColumns)
      .orderBy('o.org_path')
      .orderBy('o.name')
      .orderBy('o.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function insertOrganisation(
  trx: Db,
  o: {
    districtId: number;
    gridId: number;
    orgPath: string;
    name: string;
    kind: string;
    creditCode: string | null;
    buildingId: number | null;
    address: string;
    contactName: string | null;
    phone: { sealed: string; index: string; masked: string } | null;
    employees: number | null;
    lng: number | null;
    lat: number | null;
    now: Date;
  },
) {
  const { uid } = await trx
    .insertInto('organisation')
    .values({
      district_id: o.districtId,
      grid_id: o.gridId,
      org_path: o.orgPath,
      name: o.name,
      kind: o.kind,
      credit_code: o.creditCode,
      building_id: o.buildingId,
      address: o.address,
      contact_name: o.contactName,
      contact_phone_sealed: o.phone?.sealed ?? null,
      contact_phone_index: o.phone?.index ?? null,
      contact_phone_masked: o.phone?.masked ?? null,
      employees: o.employees,
      lng: o.lng,
      lat: o.lat,
      created_at: o.now,
    })
    .returning('uid')
    .executeTakeFirstOrThrow();
  return (await organisationByUid(trx, uid)) as OrganisationRow;
}

export async function updateOrganisation(
  trx: Db,
  id: number,
  uid: string,
  set: Partial<{ status: string; employees: number | null; contact_name: string | null }>,
) {
  if (Object.keys(set).length > 0) await trx.updateTable('organisation').set(set).where('id', '=', id).execute();
  return (await organisationByUid(trx, uid)) as OrganisationRow;
}

// ── Facilities (活地图) ────────────────────────────────────────────────────────────────────────
const facilityColumns = [
  'f.id',
  'f.uid',
  'f.grid_id',
  'f.org_path',
  'f.kind',
  'f.name',
  'f.lng',
  'f.lat',
  'f.status',
  'f.note',
  'b.uid as building_uid',
] as const;

export type FacilityRow = NonNullable<Awaited<ReturnType<typeof facilityByUid>>>;

export async function facilityByUid(db: Db, uid: string) {
  return db
    .selectFrom('facility as f')
    .leftJoin('building as b', 'b.id', 'f.building_id')
    .select(facilityColumns)
    .where('f.uid', '=', uid)
    .executeTakeFirst();
}

export async function facilitiesPage(db: Db, paths: readonly string[], f: { q?: string; kind?: string }, page: Paging) {
  let base = db.selectFrom('facility as f').where(inSubtrees('f.org_path', paths));
  if (f.q) base = base.where('f.name', 'like', contains(f.q));
  if (f.kind) base = base.where('f.kind', '=', f.kind);
  const [rows, total] = await Promise.all([
    base
      .leftJoin('building as b', 'b.id', 'f.building_id')
      .select(facilityColumns)
      .orderBy('f.org_path')
      .orderBy('f.kind')
      .orderBy('f.name')
      .orderBy('f.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export async function insertFacility(
  trx: Db,
  f: {
    districtId: number;
    gridId: number;
    orgPath: string;
    kind: string;
    name: string;
    buildingId: number | null;
    lng: number;
    lat: number;
    note: string | null;
    now: Date;
  },
) {
  const { uid } = await trx
    .insertInto('facility')
    .values({
      district_id: f.districtId,
      grid_id: f.gridId,
      org_path: f.orgPath,
      kind: f.kind,
      name: f.name,
      building_id: f.buildingId,
      lng: f.lng,
      lat: f.lat,
      note: f.note,
      created_at: f.now,
    })
    .returning('uid')
    .executeTakeFirstOrThrow();
  return (await facilityByUid(trx, uid)) as FacilityRow;
}

export async function updateFacility(
  trx: Db,
  id: number,
  uid: string,
  set: Partial<{ status: string; note: string | null; lng: number; lat: number }>,
) {
  if (Object.keys(set).length > 0) await trx.updateTable('facility').set(set).where('id', '=', id).execute();
  return (await facilityByUid(trx, uid)) as FacilityRow;
}

// ── The map (活地图) ───────────────────────────────────────────────────────────────────────────
export interface MapRow {
  layer: 'building' | 'organisation' | 'facility';
  uid: string;
  name: string;
  kind: string;
  status: string;
  lng: number;
  lat: number;
  households: number | null;
  residents: number | null;
}

/**
 * Everything of a subtree that has a place on the map: active buildings with coordinates and
 * how many live there, active organisations with coordinates, and facilities not retired.
 */
export async function mapRows(db: Db, path: string): Promise<MapRow[]> {
  const { rows } = await sql<MapRow>`
    select 'building' as layer, b.uid, b.name, b.kind, b.status, b.lng, b.lat,
           (select count(*) from household h join room r on r.id = h.room_id
             where r.building_id = b.id and h.status = 'active')::int as households,
           (select count(*) from person p join room r on r.id = p.room_id
             where r.building_id = b.id and p.status = 'resident')::int as residents
      from building b
     where ${inSubtrees('b.org_path', [path])} and b.status = 'active' and b.lng is not null and b.lat is not null
    union all
    select 'organisation', o.uid, o.name, o.kind, o.status, o.lng, o.lat, null, null
      from organisation o
     where ${inSubtrees('o.org_path', [path])} and o.status = 'active' and o.lng is not null and o.lat is not null
    union all
    select 'facility', f.uid, f.name, f.kind, f.status, f.lng, f.lat, null, null
      from facility f
     where ${inSubtrees('f.org_path', [path])} and f.status <> 'retired'
     order by 1, 3, 2`.execute(db);
  return rows;
}
