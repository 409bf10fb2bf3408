/**
 * Registry rows for tests, written straight to the database: a building with a room in a
 * grid, and a person living in a household there (moved in on 2020-01-01). The API tests of
 * persons and households build the rest through the API itself.
 */
import { makeIdNumber, type Role, roleHas } from '@gongzhi/domain';
import { personColumns } from '../src/modules/registry/person-data.ts';
import type { AppDeps } from '../src/platform/deps.ts';

interface Env {
  deps: Pick<AppDeps, 'db' | 'keys'>;
  clock: () => Date;
}

let serial = 0;

/** A grid the role may keep the register of; the demo's first 金溪 grid for roles that may not. */
export function registryGrid(role: Role | undefined, unit: string | undefined): string {
  return role && unit && unit.length === 15 && roleHas(role, 'registry:read') ? unit : '440704001001001';
}

async function gridByCode(env: Env, code: string) {
  return env.deps.db
    .selectFrom('org_unit')
    .select(['id', 'path', 'district_id'])
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
}

export interface RoomFixture {
  id: number;
  uid: string;
  buildingId: number;
  path: string;
  gridId: number;
  districtId: number;
}

/** A new building (its own road number) with one room, in the grid with that code. */
export async function roomIn(
  env: Env,
  gridCode: string,
  opts: { buildingName?: string; address?: string; number?: string; unitName?: string } = {},
): Promise<RoomFixture> {
  const grid = await gridByCode(env, gridCode);
  const n = ++serial;
  const db = env.deps.db;
  const building = await db
    .insertInto('building')
    .values({
      district_id: grid.district_id ?? grid.id,
      grid_id: grid.id,
      org_path: grid.path,
      name: opts.buildingName ?? `测试楼${n}`,
      address: opts.address ?? `测试路 ${n} 号`,
      created_at: env.clock(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unit = opts.unitName
    ? await db
        .insertInto('building_unit')
        .values({ building_id: building.id, org_path: grid.path, name: opts.unitName })
        .returning('id')
        .executeTakeFirstOrThrow()
    : undefined;
  const room = await db
    .insertInto('room')
    .values({
      building_id: building.id,
      unit_id: unit?.id ?? null,
      org_path: grid.path,
      floor: 1,
      number: opts.number ?? '101',
    })
    .returning(['id', 'uid'])
    .executeTakeFirstOrThrow();
  return {
    id: room.id,
    uid: room.uid,
    buildingId: building.id,
    path: grid.path,
    gridId: grid.id,
    districtId: grid.district_id ?? grid.id,
  };
}

/** A fresh valid 身份证号 (Jiangmen region, born 1980 plus a serial). */
export function freshIdNumber(): string {
  const n = ++serial;
  const day = String((n % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, '0');
  return makeIdNumber('440704', `${1950 + (Math.floor(n / 336) % 50)}-${month}-${day}`, (n * 7) % 1000);
}

export interface PersonFixture {
  id: number;
  uid: string;
  householdId: number;
  householdUid: string;
  room: RoomFixture;
  /** The person_tag uid when a tag was set. */
  personTagUid?: string;
  /** The second member (spouse, relation 10) when asked for. */
  spouseUid?: string;
}

async function insertPerson(env: Env, room: RoomFixture, name: string, fields: { idNumber?: string; phone?: string }) {
  const today = env.clock().toISOString().slice(0, 10);
  const checked = personColumns(env.deps.keys, { name, ...fields }, today);
  if (!checked.ok) throw new Error(`fixture person ${name}: ${JSON.stringify(checked.issues)}`);
  return env.deps.db
    .insertInto('person')
    .values({
      ...checked.columns,
      district_id: room.districtId,
      grid_id: room.gridId,
      org_path: room.path,
      room_id: room.id,
      status: 'resident',
      last_event_date: '2020-01-01',
      created_at: env.clock(),
      updated_at: env.clock(),
    })
    .returning(['id', 'uid'])
    .executeTakeFirstOrThrow();
}

/**
 * A resident who moved in on 2020-01-01 as the head of a household at a new room of the grid,
 * with a spouse when asked, and a current tag when asked.
 */
export async function personIn(
  env: Env,
  gridCode: string,
  opts: { name?: string; idNumber?: string; phone?: string; tag?: string; spouse?: boolean; room?: RoomFixture } = {},
): Promise<PersonFixture> {
  const db = env.deps.db;
  const room = opts.room ?? (await roomIn(env, gridCode));
  const person = await insertPerson(env, room, opts.name ?? `测试人${++serial}`, {
    ...(opts.idNumber ? { idNumber: opts.idNumber } : {}),
    ...(opts.phone ? { phone: opts.phone } : {}),
  });
  const household = await db
    .insertInto('household')
    .values({
      district_id: room.districtId,
      grid_id: room.gridId,
      org_path: room.path,
      room_id: room.id,
      created_at: env.clock(),
    })
    .returning(['id', 'uid'])
    .executeTakeFirstOrThrow();
  const join = async (personId: number, relation: string) => {
    await db
      .insertInto('household_member')
      .values({ household_id: household.id, person_id: personId, relation, org_path: room.path, since: '2020-01-01' })
      .execute();
    await db
      .insertInto('life_event')
      .values({
        person_id: personId,
        event: 'move_in',
        effective_date: '2020-01-01',
        household_id: household.id,
        room_id: room.id,
        org_path: room.path,
        recorded_at: env.clock(),
      })
      .execute();
  };
  await join(person.id, '02');
  const fixture: PersonFixture = {
    id: person.id,
    uid: person.uid,
    householdId: household.id,
    householdUid: household.uid,
    room,
  };
  if (opts.spouse) {
    const spouse = await insertPerson(env, room, `测试配偶${++serial}`, {});
    await join(spouse.id, '10');
    fixture.spouseUid = spouse.uid;
  }
  if (opts.tag) {
    const tag = await db
      .selectFrom('tag_definition')
      .select('id')
      .where('code', '=', opts.tag)
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('person_tag')
      .values({
        person_id: person.id,
        tag_id: tag.id,
        org_path: room.path,
        source: '测试',
        start_date: '2020-01-01',
        set_at: env.clock(),
      })
      .returning('uid')
      .executeTakeFirstOrThrow();
    fixture.personTagUid = row.uid;
  }
  return fixture;
}

/** A district tag of its own, for tests that change or retire one. */
export async function customTag(env: Env, opts: { sensitive?: boolean; mustVisit?: boolean } = {}): Promise<string> {
  const code = `test_tag_${++serial}`;
  await env.deps.db
    .insertInto('tag_definition')
    .values({
      code,
      zh: `测试标签${serial}`,
      en: `Test tag ${serial}`,
      sensitive: opts.sensitive ?? false,
      must_visit: opts.mustVisit ?? false,
      created_at: env.clock(),
    })
    .execute();
  return code;
}

/** An unused tag code. */
export function freshTagCode(): string {
  return `matrix_tag_${++serial}`;
}

/** Persons the permission matrix lists, by role: one inside the role's area, one outside. */
export const listedPersons = new Map<string, { present: string; absent: string }>();
