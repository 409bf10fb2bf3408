/**
 * SQL of the 台账 import: the import record and its rows, what the check looks up, and the
 * set-based commit. The commit never loops over rows in JavaScript: it works from the
 * stored rows with INSERT … SELECT, so 100,000 rows are a handful of statements.
 */
import { sql } from 'kysely';
import { inSubtrees } from '../../../platform/auth/scope.ts';
import type { Db } from '../../../platform/db/database.ts';
import { likeEscape } from '../../../platform/db/like.ts';

export interface ImportRecord {
  id: number;
  uid: string;
  unit_id: number;
  unit_uid: string;
  unit_name: string;
  org_path: string;
  file_name: string;
  status: 'checking' | 'checked' | 'committing' | 'committed' | 'failed';
  total_rows: number;
  processed_rows: number;
  valid_rows: number;
  error_rows: number;
  summary: unknown;
  error: string | null;
  created_by: number;
  created_at: Date;
  finished_at: Date | null;
}

function importQuery(db: Db) {
  return db
    .selectFrom('registry_import as i')
    .innerJoin('org_unit as u', 'u.id', 'i.unit_id')
    .select([
      'i.id',
      'i.uid',
      'i.unit_id',
      'u.uid as unit_uid',
      'u.name as unit_name',
      'i.org_path',
      'i.file_name',
      'i.status',
      'i.total_rows',
      'i.processed_rows',
      'i.valid_rows',
      'i.error_rows',
      'i.summary',
      'i.error',
      'i.created_by',
      'i.created_at',
      'i.finished_at',
    ]);
}

export async function importByUid(db: Db, uid: string): Promise<ImportRecord | undefined> {
  return (await importQuery(db).where('i.uid', '=', uid).executeTakeFirst()) as ImportRecord | undefined;
}

export async function importById(db: Db, id: number): Promise<ImportRecord | undefined> {
  return (await importQuery(db).where('i.id', '=', id).executeTakeFirst()) as ImportRecord | undefined;
}

export async function listImports(db: Db, paths: string[], page: number, pageSize: number) {
  const where = inSubtrees('i.org_path', paths);
  const [items, count] = await Promise.all([
    importQuery(db)
      .where(where)
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('registry_import as i')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(where)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items as ImportRecord[], total: Number(count.n) };
}

export async function insertImport(
  db: Db,
  v: { unitId: number; orgPath: string; fileName: string; createdBy: number; now: Date },
) {
  return db
    .insertInto('registry_import')
    .values({
      unit_id: v.unitId,
      org_path: v.orgPath,
      file_name: v.fileName,
      status: 'checking',
      created_by: v.createdBy,
      created_at: v.now,
    })
    .returning(['id', 'uid'])
    .executeTakeFirstOrThrow();
}

export async function setProgress(db: Db, id: number, processed: number) {
  await db.updateTable('registry_import').set({ processed_rows: processed }).where('id', '=', id).execute();
}

export async function failImport(db: Db, id: number, error: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('registry_import_row').where('import_id', '=', id).execute();
    await trx
      .updateTable('registry_import')
      .set({ status: 'failed', error, finished_at: now, valid_rows: 0 })
      .where('id', '=', id)
      .execute();
  });
}

/** Grids of a unit's subtree (the unit itself when it is a grid), by code. */
export async function gridsUnder(db: Db, path: string) {
  return db
    .selectFrom('org_unit')
    .select(['id', 'code', 'path', 'district_id'])
    .where('kind', '=', 'grid')
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('path', '=', path), eb('path', 'like', `${likeEscape(path)}.%`)]))
    .execute();
}

/** Active buildings of the grids, as `gridId NUL name`. */
export async function buildingKeys(db: Db, gridIds: number[]): Promise<Set<string>> {
  if (gridIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('building')
    .select(['grid_id', 'name'])
    .where('grid_id', 'in', gridIds)
    .where('status', '=', 'active')
    .execute();
  return new Set(rows.map((r) => `${r.grid_id}\u001f${r.name}`));
}

export async function activeTags(db: Db) {
  return db.selectFrom('tag_definition').select(['id', 'code', 'zh', 'en']).where('status', '=', 'active').execute();
}

export interface StoredRow {
  row_no: number;
  data: unknown;
  problems: Array<{ column: string | null; code: string }>;
}

/** A batch of checked rows, in one statement. */
export async function insertRows(db: Db, importId: number, rows: StoredRow[]) {
  if (rows.length === 0) return;
  await sql`
    insert into registry_import_row (import_id, row_no, data, problems)
    select ${importId}, x.row_no, x.data, x.problems
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(row_no integer, data jsonb, problems jsonb)`.execute(
    db,
  );
}

/** Problems found once the whole file was read (duplicates, households), appended to rows. */
export async function addProblems(
  db: Db,
  importId: number,
  rows: Array<{ row_no: number; problems: Array<{ column: string | null; code: string }> }>,
) {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await sql`
      update registry_import_row r set problems = r.problems || x.problems
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(row_no integer, problems jsonb)
       where r.import_id = ${importId} and r.row_no = x.row_no`.execute(db);
  }
}

/** Of these blind indexes, the ones a person holds, and whether that person is in a household now. */
export async function takenIdNumbers(db: Db, indexes: string[]): Promise<Map<string, boolean>> {
  const taken = new Map<string, boolean>();
  for (let i = 0; i < indexes.length; i += 5000) {
    const chunk = indexes.slice(i, i + 5000);
    const { rows } = await sql<{ idx: string; in_household: boolean }>`
      select p.id_number_index as idx,
             exists (select 1 from household_member m where m.person_id = p.id and m.until is null) as in_household
        from person p
       where p.id_number_index = any(${chunk}::text[])`.execute(db);
    for (const r of rows) taken.set(r.idx, r.in_household);
  }
  return taken;
}

export async function firstProblems(db: Db, importId: number, limit: number) {
  const { rows } = await sql<{ row_no: number; problems: Array<{ column: string | null; code: string }> }>`
    select row_no, problems from registry_import_row
     where import_id = ${importId} and problems <> '[]'::jsonb
     order by row_no limit ${limit}`.execute(db);
  return rows;
}

export async function finishCheck(
  db: Db,
  id: number,
  v: { total: number; valid: number; errors: number; summary: unknown; now: Date },
) {
  await db
    .updateTable('registry_import')
    .set({
      status: 'checked',
      total_rows: v.total,
      processed_rows: v.total,
      valid_rows: v.valid,
      error_rows: v.errors,
      summary: JSON.stringify(v.summary),
      finished_at: v.now,
    })
    .where('id', '=', id)
    .where('status', '=', 'checking')
    .execute();
}

export interface CommitCounts {
  persons: number;
  households: number;
  buildings: number;
  rooms: number;
  tags: number;
  migrants: number;
}

/**
 * Writes every valid row of the import: buildings, stairwells and rooms that do not exist
 * yet (found by grid + building name + stairwell + room number), households, members,
 * persons, their move-in (or migrant arrival) on `today`, migrant registrations and tags.
 * Runs inside the caller's transaction: any failure (a 身份证号 registered meanwhile by
 * someone else hits the unique index) rolls all of it back.
 */
export async function commitRows(
  trx: Db,
  v: { importId: number; userId: number; today: string; now: Date; source: string },
): Promise<CommitCounts> {
  const { importId, userId, today, now, source } = v;
  const exec = async (q: ReturnType<typeof sql>) => (await q.execute(trx)).numAffectedRows ?? 0n;
  let tick = performance.now();
  const lap = (label: string) => {
    if (process.env.GZ_IMPORT_TIMING) console.error(`commit ${label}: ${Math.round(performance.now() - tick)} ms`);
    tick = performance.now();
  };
  await sql`
    create temp table imp on commit drop as
    select r.row_no,
           (r.data->>'grid')::bigint as grid_id,
           g.path as org_path,
           coalesce(g.district_id, g.id) as district_id,
           r.data->>'building' as building,
           nullif(r.data->>'buildingAddress', '') as building_address,
           coalesce(r.data->>'unit', '') as unit,
           r.data->>'room' as room,
           (r.data->>'floor')::integer as floor,
           nullif(r.data->>'householdNo', '') as household_no,
           r.data->>'household' as household,
           r.data->>'relation' as relation,
           r.data->>'name' as name,
           array(select jsonb_array_elements_text(r.data->'grams')) as name_grams,
           r.data->>'gender' as gender,
           (r.data->>'birthDate')::date as birth_date,
           r.data->>'ethnicity' as ethnicity,
           r.data->>'idSealed' as id_number_sealed,
           r.data->>'idIndex' as id_number_index,
           r.data->>'idMasked' as id_number_masked,
           r.data->>'phoneSealed' as phone_sealed,
           r.data->>'phoneIndex' as phone_index,
           r.data->>'phoneMasked' as phone_masked,
           nullif(r.data->>'registeredAddress', '') as registered_address,
           (r.data->>'registeredHere')::boolean as registered_here,
           (r.data->>'partyMember')::boolean as party_member,
           (r.data->>'migrant')::boolean as migrant,
           r.data->'tags' as tags
      from registry_import_row r
      join org_unit g on g.id = (r.data->>'grid')::bigint
     where r.import_id = ${importId} and r.problems = '[]'::jsonb`.execute(trx);
  // Temporary tables have no statistics until analysed: the joins below need them.
  await sql`analyze imp`.execute(trx);
  lap('staged');

  const buildings = await exec(sql`
    insert into building (district_id, grid_id, org_path, name, address, created_at)
    select distinct on (i.grid_id, i.building)
           i.district_id, i.grid_id, i.org_path, i.building, coalesce(i.building_address, i.building), ${now}
      from imp i
     where not exists (select 1 from building b
                        where b.grid_id = i.grid_id and b.name = i.building and b.status = 'active')
     order by i.grid_id, i.building, (i.building_address is null), i.row_no`);
  lap('buildings');

  await sql`
    create temp table imp_building on commit drop as
    select b.grid_id, b.name, min(b.id) as id, min(b.org_path) as org_path
      from building b
     where b.status = 'active'
       and (b.grid_id, b.name) in (select distinct grid_id, building from imp)
     group by b.grid_id, b.name`.execute(trx);
  await sql`analyze imp_building`.execute(trx);

  await sql`
    insert into building_unit (building_id, org_path, name)
    select distinct ib.id, ib.org_path, i.unit
      from imp i join imp_building ib on ib.grid_id = i.grid_id and ib.name = i.building
     where i.unit <> ''
    on conflict (building_id, name) do nothing`.execute(trx);
  lap('stairwells');

  const rooms = await exec(sql`
    insert into room (building_id, unit_id, org_path, floor, number)
    select distinct on (ib.id, coalesce(bu.id, 0), i.room) ib.id, bu.id, ib.org_path, i.floor, i.room
      from imp i
      join imp_building ib on ib.grid_id = i.grid_id and ib.name = i.building
      left join building_unit bu on bu.building_id = ib.id and bu.name = i.unit and i.unit <> ''
     order by ib.id, coalesce(bu.id, 0), i.room, i.row_no
    on conflict (building_id, coalesce(unit_id, 0), number) do nothing`);
  lap('rooms');

  await sql`
    create temp table imp_person on commit drop as
    select i.*, r.id as room_id, nextval(pg_get_serial_sequence('person', 'id')) as person_id
      from imp i
      join imp_building ib on ib.grid_id = i.grid_id and ib.name = i.building
      left join building_unit bu on bu.building_id = ib.id and bu.name = i.unit and i.unit <> ''
      join room r on r.building_id = ib.id and coalesce(r.unit_id, 0) = coalesce(bu.id, 0) and r.number = i.room`.execute(
    trx,
  );
  await sql`analyze imp_person`.execute(trx);
  lap('placed');

  await sql`
    create temp table imp_household on commit drop as
    select s.household, s.first_row, nextval(pg_get_serial_sequence('household', 'id')) as household_id
      from (select household, min(row_no) as first_row from imp_person group by household) s`.execute(trx);
  await sql`analyze imp_household`.execute(trx);

  const households = await exec(sql`
    insert into household (id, district_id, grid_id, org_path, number, room_id, created_at)
    overriding system value
    select h.household_id, p.district_id, p.grid_id, p.org_path, p.household_no, p.room_id, ${now}
      from imp_household h join imp_person p on p.row_no = h.first_row`);
  lap('households');

  const persons = await exec(sql`
    insert into person (id, district_id, grid_id, org_path, name, name_grams, gender, birth_date, ethnicity,
                        id_number_sealed, id_number_index, id_number_masked, phone_sealed, phone_index, phone_masked,
                        registered_address, registered_here, room_id, status, party_member, last_event_date,
                        created_at, updated_at)
    overriding system value
    select p.person_id, p.district_id, p.grid_id, p.org_path, p.name, p.name_grams, p.gender, p.birth_date,
           p.ethnicity, p.id_number_sealed, p.id_number_index, p.id_number_masked, p.phone_sealed, p.phone_index,
           p.phone_masked, p.registered_address, p.registered_here, p.room_id, 'resident', p.party_member, ${today}::date,
           ${now}, ${now}
      from imp_person p
     order by p.row_no`);
  lap('persons');

  await sql`
    insert into household_member (household_id, person_id, relation, org_path, since)
    select h.household_id, p.person_id, p.relation, p.org_path, ${today}::date
      from imp_person p join imp_household h on h.household = p.household`.execute(trx);
  lap('members');

  await sql`
    insert into life_event (person_id, event, effective_date, household_id, room_id, org_path, note, recorded_by,
                            recorded_at)
    select p.person_id, case when p.migrant then 'migrant_arrival' else 'move_in' end, ${today}::date,
           h.household_id, p.room_id, p.org_path, ${source}, ${userId}, ${now}
      from imp_person p join imp_household h on h.household = p.household`.execute(trx);
  lap('life events');

  const migrants = await exec(sql`
    insert into migrant_registration (person_id, org_path, arrival_date, created_at)
    select p.person_id, p.org_path, ${today}::date, ${now} from imp_person p where p.migrant`);

  const tags = await exec(sql`
    insert into person_tag (person_id, tag_id, org_path, source, start_date, set_by, set_at)
    select distinct p.person_id, t.tag_id::bigint, p.org_path, ${source}, ${today}::date, ${userId}::bigint,
           ${now}::timestamptz
      from imp_person p cross join lateral jsonb_array_elements_text(p.tags) as t(tag_id)`);
  lap('migrants and tags');

  return {
    persons: Number(persons),
    households: Number(households),
    buildings: Number(buildings),
    rooms: Number(rooms),
    tags: Number(tags),
    migrants: Number(migrants),
  };
}
