/**
 * SQL of persons, households, life events, migrant registrations and person tags. Dates are
 * read as 'YYYY-MM-DD' text (`::text`), the form the domain rules and the API speak; the
 * profile is one query of json subselects so a view costs one round trip.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Db, PREPARED } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';

export interface PersonRow {
  id: number;
  uid: string;
  district_id: number;
  grid_id: number;
  org_path: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  ethnicity: string | null;
  id_number_sealed: string | null;
  id_number_index: string | null;
  id_number_masked: string | null;
  phone_sealed: string | null;
  phone_masked: string | null;
  registered_address: string | null;
  registered_here: boolean;
  room_id: number | null;
  status: string;
  party_member: boolean;
  last_event_date: string | null;
}

export async function personByUid(db: Db, uid: string, forUpdate = false): Promise<PersonRow | undefined> {
  let q = db
    .selectFrom('person')
    .select([
      'id',
      'uid',
      'district_id',
      'grid_id',
      'org_path',
      'name',
      'gender',
      sql<string | null>`birth_date::text`.as('birth_date'),
      'ethnicity',
      'id_number_sealed',
      'id_number_index',
      'id_number_masked',
      'phone_sealed',
      'phone_masked',
      'registered_address',
      'registered_here',
      'room_id',
      'status',
      'party_member',
      sql<string | null>`last_event_date::text`.as('last_event_date'),
    ])
    .where('uid', '=', uid);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst() as Promise<PersonRow | undefined>;
}

/** The person holding this blind index, other than `exceptId`. */
export async function personIdByIdNumberIndex(db: Db, index: string, exceptId?: number) {
  let q = db.selectFrom('person').select('id').where('id_number_index', '=', index);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst())?.id;
}

export interface TagJson {
  id?: string;
  code: string;
  zh: string;
  en: string;
  sensitive: boolean;
  mustVisit: boolean;
  source?: string;
  startDate?: string;
  endDate?: string | null;
  setBy?: string | null;
  note?: string | null;
}

export interface RoomJson {
  uid: string;
  buildingUid: string;
  unitName: string;
  floor: number;
  number: string;
  rental: boolean;
  buildingName: string;
  buildingAddress: string;
}

export interface ProfileRow {
  id: number;
  uid: string;
  org_path: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  ethnicity: string | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  status: string;
  registered_address: string | null;
  registered_here: boolean;
  party_member: boolean;
  grid_uid: string;
  grid_name: string;
  room: RoomJson | null;
  household: { uid: string; relation: string } | null;
  tags: TagJson[];
  events: Array<{
    uid: string;
    event: string;
    effectiveDate: string;
    householdUid: string | null;
    room: { buildingName: string; buildingAddress: string; unitName: string | null; number: string } | null;
    note: string | null;
    recordedBy: string | null;
    recordedAt: string;
  }>;
  migrant: {
    uid: string;
    arrivalDate: string;
    expectedDeparture: string | null;
    actualDeparture: string | null;
    origin: string | null;
    reason: string | null;
  } | null;
}

/** A person's whole 活档案 in one query: room, household, current tags, events, migrant registration. */
export async function profileByUid(db: Db, uid: string): Promise<ProfileRow | undefined> {
  const { rows } = await sql<ProfileRow>`${sql.raw(PREPARED)}
    select p.id, p.uid, p.org_path, p.name, p.gender, p.birth_date::text as birth_date, p.ethnicity,
           p.id_number_masked, p.phone_masked, p.status, p.registered_address, p.registered_here,
           p.party_member, g.uid as grid_uid, g.name as grid_name,
           (select json_build_object('uid', r.uid, 'buildingUid', b.uid, 'unitName', coalesce(u.name, ''),
                     'floor', r.floor, 'number', r.number, 'rental', r.rental, 'buildingName', b.name,
                     'buildingAddress', b.address)
              from room r join building b on b.id = r.building_id left join building_unit u on u.id = r.unit_id
             where r.id = p.room_id) as room,
           (select json_build_object('uid', h.uid, 'relation', m.relation)
              from household_member m join household h on h.id = m.household_id
             where m.person_id = p.id and m.until is null) as household,
           coalesce((select json_agg(json_build_object('id', t.uid, 'code', d.code, 'zh', d.zh, 'en', d.en,
                       'sensitive', d.sensitive, 'mustVisit', d.must_visit, 'source', t.source,
                       'startDate', t.start_date, 'endDate', t.end_date, 'setBy', su.display_name, 'note', t.note)
                       order by t.start_date, t.id)
              from person_tag t join tag_definition d on d.id = t.tag_id left join app_user su on su.id = t.set_by
             where t.person_id = p.id and t.ended_at is null), '[]'::json) as tags,
           coalesce((select json_agg(json_build_object('uid', e.uid, 'event', e.event,
                       'effectiveDate', e.effective_date, 'householdUid', eh.uid,
                       'room', case when er.id is null then null else json_build_object('buildingName', eb.name,
                          'buildingAddress', eb.address, 'unitName', eu.name, 'number', er.number) end,
                       'note', e.note, 'recordedBy', ru.display_name, 'recordedAt', e.recorded_at)
                       order by e.effective_date, e.id)
              from life_event e
              left join household eh on eh.id = e.household_id
              left join room er on er.id = e.room_id
              left join building eb on eb.id = er.building_id
              left join building_unit eu on eu.id = er.unit_id
              left join app_user ru on ru.id = e.recorded_by
             where e.person_id = p.id), '[]'::json) as events,
           (select json_build_object('uid', mr.uid, 'arrivalDate', mr.arrival_date,
                     'expectedDeparture', mr.expected_departure, 'actualDeparture', mr.actual_departure,
                     'origin', mr.origin, 'reason', mr.reason)
              from migrant_registration mr where mr.person_id = p.id
             order by mr.arrival_date desc, mr.id desc limit 1) as migrant
      from person p join org_unit g on g.id = p.grid_id
     where p.uid = ${uid}`.execute(db);
  return rows[0];
}

export interface SummaryRow {
  id: number;
  uid: string;
  org_path: string;
  name: string;
  gender: string | null;
  birth_date: string | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  status: string;
  grid_uid: string;
  grid_name: string;
  building_address: string | null;
  building_name: string | null;
  unit_name: string | null;
  room_number: string | null;
  tags: TagJson[];
}

/** Persons as a list shows them, in the order of `ids`. */
export async function summariesByIds(db: Db, ids: number[]): Promise<SummaryRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<SummaryRow>`${sql.raw(PREPARED)}
    select p.id, p.uid, p.org_path, p.name, p.gender, p.birth_date::text as birth_date, p.id_number_masked,
           p.phone_masked, p.status, g.uid as grid_uid, g.name as grid_name, b.address as building_address,
           b.name as building_name, u.name as unit_name, r.number as room_number,
           coalesce((select json_agg(json_build_object('code', d.code, 'zh', d.zh, 'en', d.en,
                       'sensitive', d.sensitive, 'mustVisit', d.must_visit) order by d.code)
              from person_tag t join tag_definition d on d.id = t.tag_id
             where t.person_id = p.id and t.ended_at is null), '[]'::json) as tags
      from person p
      join org_unit g on g.id = p.grid_id
      left join room r on r.id = p.room_id
      left join building b on b.id = r.building_id
      left join building_unit u on u.id = r.unit_id
     where p.id = any(${ids}::bigint[])`.execute(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Search: `where` holds the conditions (scope, name, blind index, address, tag). One scan
 * reads the hits in name order up to the end of the page or `cap + 1`, whichever is further,
 * and gives both the page and the count: a broad search of a street costs little more than
 * a narrow one.
 */
export async function searchPersons(
  db: Db,
  where: RawBuilder<SqlBool>[],
  page: { limit: number; offset: number },
  cap: number,
  opts: { prepared: boolean },
) {
  const cond = sql.join(where, sql` and `);
  const { rows } = await sql<{ n: number; ids: Array<number | string> }>`${sql.raw(opts.prepared ? PREPARED : '')}
    with hits as (
      select p.id, p.name from person p where ${cond}
       order by p.name, p.id limit ${Math.max(cap + 1, page.offset + page.limit)}
    )
    select (select count(*) from hits)::int as n,
           array(select id from hits order by name, id offset ${page.offset} limit ${page.limit}) as ids`.execute(db);
  const row = rows[0];
  return { count: Number(row?.n ?? 0), ids: (row?.ids ?? []).map(Number) };
}

/**
 * Names starting with `q`, as a range of the (name, org_path) btree: names compare by code
 * point (collate "C"), so they lie from `q` up to `q` with its last character's successor.
 * A range of parameters, unlike `like 'q%'`, keeps its index plan when the statement is
 * prepared once and run with other values.
 */
export function namePrefix(q: string) {
  const chars = Array.from(q);
  const last = chars.pop()?.codePointAt(0) ?? 0;
  if (last >= 0x10ffff) return sql<SqlBool>`p.name like ${`${likeEscape(q)}%`}`;
  const upper = chars.join('') + String.fromCodePoint(last + 1);
  return sql<SqlBool>`p.name >= ${q} and p.name < ${upper}`;
}

/** Names containing `q`: the GIN index on name_grams narrows, the LIKE re-checks. */
export function nameContains(q: string, grams: string[]) {
  return sql<SqlBool>`p.name_grams @> array[${sql.join(grams)}]::text[] and p.name ilike ${`%${likeEscape(q)}%`}`;
}

/** Every word of `address` appears in the building's name or road, its unit, or is the room number. */
export function addressMatches(words: string[]) {
  return sql<SqlBool>`p.room_id in (
    select r.id from room r join building b on b.id = r.building_id left join building_unit u on u.id = r.unit_id
     where ${sql.join(
       words.map((w) => {
         const like = `%${likeEscape(w)}%`;
         return sql`(b.name like ${like} or b.address like ${like} or u.name like ${like} or r.number = ${w})`;
       }),
       sql` and `,
     )})`;
}

export function hasCurrentTag(tagId: number) {
  return sql<SqlBool>`exists (select 1 from person_tag t where t.person_id = p.id and t.tag_id = ${tagId} and t.ended_at is null)`;
}

// ── Households ────────────────────────────────────────────────────────────────────────────
export interface HouseholdRow {
  id: number;
  uid: string;
  district_id: number;
  grid_id: number;
  org_path: string;
  number: string | null;
  kind: string;
  room_id: number | null;
  status: string;
}

export async function householdByUid(db: Db, uid: string, forUpdate = false): Promise<HouseholdRow | undefined> {
  let q = db
    .selectFrom('household')
    .select(['id', 'uid', 'district_id', 'grid_id', 'org_path', 'number', 'kind', 'room_id', 'status'])
    .where('uid', '=', uid);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface MemberRow {
  membership_id: number;
  person_id: number;
  person_uid: string;
  name: string;
  relation: string;
  since: string;
  until: string | null;
  birth_date: string | null;
  status: string;
  last_event_date: string | null;
}

function members(db: Db) {
  return db
    .selectFrom('household_member as m')
    .innerJoin('person as p', 'p.id', 'm.person_id')
    .select([
      'm.id as membership_id',
      'm.person_id',
      'p.uid as person_uid',
      'p.name',
      'm.relation',
      sql<string>`m.since::text`.as('since'),
      sql<string | null>`m.until::text`.as('until'),
      sql<string | null>`p.birth_date::text`.as('birth_date'),
      'p.status',
      sql<string | null>`p.last_event_date::text`.as('last_event_date'),
    ]);
}

export async function currentMembers(db: Db, householdId: number): Promise<MemberRow[]> {
  return members(db)
    .where('m.household_id', '=', householdId)
    .where('m.until', 'is', null)
    .orderBy('m.relation')
    .orderBy('m.since')
    .orderBy('m.id')
    .execute();
}

export async function formerMembers(db: Db, householdId: number): Promise<MemberRow[]> {
  return members(db)
    .where('m.household_id', '=', householdId)
    .where('m.until', 'is not', null)
    .orderBy('m.until')
    .orderBy('m.id')
    .execute();
}

export async function currentMembership(db: Db, personId: number) {
  return db
    .selectFrom('household_member')
    .select(['id', 'household_id', 'relation'])
    .where('person_id', '=', personId)
    .where('until', 'is', null)
    .executeTakeFirst();
}

export async function closeMembership(db: Db, personId: number, until: string) {
  await db
    .updateTable('household_member')
    .set({ until })
    .where('person_id', '=', personId)
    .where('until', 'is', null)
    .execute();
}

export async function openMigrantRegistration(db: Db, personId: number) {
  return db
    .selectFrom('migrant_registration')
    .select(['id', 'uid'])
    .where('person_id', '=', personId)
    .where('actual_departure', 'is', null)
    .executeTakeFirst();
}

// ── Tags ──────────────────────────────────────────────────────────────────────────────────
export async function tagByCode(db: Db, code: string) {
  return db
    .selectFrom('tag_definition')
    .select(['id', 'code', 'zh', 'en', 'sensitive', 'must_visit', 'builtin', 'status'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function allTags(db: Db) {
  return db
    .selectFrom('tag_definition')
    .select(['code', 'zh', 'en', 'sensitive', 'must_visit', 'builtin', 'status'])
    .orderBy('builtin', 'desc')
    .orderBy('id')
    .execute();
}

export async function personTagByUid(db: Db, uid: string) {
  return db
    .selectFrom('person_tag as t')
    .innerJoin('tag_definition as d', 'd.id', 't.tag_id')
    .innerJoin('person as p', 'p.id', 't.person_id')
    .select([
      't.id',
      't.uid',
      't.person_id',
      'p.uid as person_uid',
      'p.org_path',
      sql<string>`t.start_date::text`.as('start_date'),
      't.ended_at',
      'd.code',
      'd.sensitive',
      'd.must_visit',
    ])
    .where('t.uid', '=', uid)
    .modifyEnd(sql`for update of t`)
    .executeTakeFirst();
}
