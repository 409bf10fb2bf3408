/**
 * The generator on in-memory PGlite: scale 1 is the demo district row for row, a larger
 * scale is deterministic and every code it writes passes the domain's rules.
 */
import { randomBytes } from 'node:crypto';
import { checkUnitCode, parseIdNumber, type UnitKind } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_STREETS } from '../../apps/server/src/demo/district.ts';
import { Rng } from '../../apps/server/src/demo/random.ts';
import { isSeeded, seedDemo } from '../../apps/server/src/demo/seed.ts';
import { verifyLedger } from '../../apps/server/src/modules/points/ledger-verify.ts';
import { verifyAuditChains } from '../../apps/server/src/platform/audit/audit.ts';
import { deriveKeys, unseal, verifyPassword } from '../../apps/server/src/platform/crypto.ts';
import { canCopyIn, copyRows, type Database, openDatabase } from '../../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/platform/db/migrate.ts';
import { freshPostgresDatabase, TEST_DATABASE_URL } from '../../apps/server/test/harness.ts';
import { DatabaseNotEmpty, generate, STEPS } from './index.ts';
import { chineseNumber, personName } from './names.ts';
import { planDistrict } from './plan.ts';
import { ENTRIES_PER_SCALE } from './steps/points.ts';

const keys = deriveKeys(randomBytes(32));
let database: Database;

// One in-memory database for the file (opening PGlite is the slow part), emptied between
// uses; TRUNCATE fires no row triggers, so the append-only audit log empties too.
beforeAll(async () => {
  database = await openDatabase({ memory: true });
  await migrateToLatest(database.db);
});
afterAll(() => database?.close());

async function freshDb() {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_%'`.execute(
    database.db,
  );
  await sql`truncate ${sql.join(rows.map((r) => sql.table(r.name)))} restart identity cascade`.execute(database.db);
  return database.db;
}

type Db = Awaited<ReturnType<typeof freshDb>>;

async function snapshot(db: Db) {
  const units = await db
    .selectFrom('org_unit as u')
    .leftJoin('org_unit as p', 'p.id', 'u.parent_id')
    .select(['u.kind', 'u.name', 'u.code', 'u.path', 'p.code as parent'])
    .orderBy('u.path')
    .execute();
  const accounts = await db
    .selectFrom('app_user as a')
    .innerJoin('role_grant as g', 'g.user_id', 'a.id')
    .innerJoin('org_unit as o', 'o.id', 'g.unit_id')
    .select([
      'a.username',
      'a.display_name',
      'a.org_path',
      'g.role',
      'o.code',
      (eb) => eb('a.totp_secret', 'is not', null).as('totp'),
    ])
    .orderBy('a.username')
    .execute();
  const party = await db
    .selectFrom('party_org as p')
    .leftJoin('party_org as parent', 'parent.id', 'p.parent_id')
    .select(['p.kind', 'p.name', 'p.org_path', 'parent.name as parent'])
    .orderBy('p.org_path')
    .orderBy('p.name')
    .execute();
  return { units, accounts, party };
}

/** The registry as a grid worker would see it: who lives where, with which tags. */
async function population(db: Db) {
  const { rows } = await sql<Record<string, unknown>>`
    select p.name, p.birth_date::text, p.gender, p.id_number_masked, p.phone_masked, p.org_path, p.status,
           b.name as building, r.number as room, m.relation,
           (select string_agg(d.code, ',' order by d.code) from person_tag t join tag_definition d on d.id = t.tag_id
             where t.person_id = p.id) as tags
      from person p
      left join room r on r.id = p.room_id
      left join building b on b.id = r.building_id
      left join household_member m on m.person_id = p.id
     order by p.org_path, p.name, p.birth_date, p.id_number_masked`.execute(db);
  const counts = await sql<{ t: string; n: number }>`
    select 'building' as t, count(*)::int as n from building union all select 'room', count(*)::int from room
    union all select 'household', count(*)::int from household union all select 'life_event', count(*)::int from life_event
    union all select 'organisation', count(*)::int from organisation union all select 'facility', count(*)::int from facility`.execute(
    db,
  );
  return { persons: rows, counts: counts.rows };
}

describe('data generator', () => {
  it('writes the demo district at scale 1', async () => {
    const seeded = await freshDb();
    await seedDemo(seeded, keys, new Date());
    const demo = await snapshot(seeded);
    const demoPopulation = await population(seeded);
    const generated = await freshDb();
    const result = await generate(generated, { scale: 1, keys });
    expect(result.counts.units).toBe(70);
    expect(await snapshot(generated)).toEqual(demo);
    // The same residents, households, addresses and tags as the demo seed writes.
    expect(result.counts.persons).toBeGreaterThanOrEqual(5000);
    expect(await population(generated)).toEqual(demoPopulation);
    // The server must not seed the demo district on top of it.
    expect(await isSeeded(generated)).toBe(true);
    expect((await verifyAuditChains(generated)).breaks).toEqual([]);
    // The points ledger: 50,000 entries at scale 1, every chain and monthly total as the ledger writes them.
    expect(await verifyLedger(generated)).toMatchObject({ ok: true, entries: ENTRIES_PER_SCALE, balanceSum: 0 });
    const user = await generated
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'street.jiangnan')
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(DEMO_PASSWORD, user.password_hash)).toBe(true);
  });

  it('grows with the scale, deterministically, with valid codes', async () => {
    expect(planDistrict(10)).toEqual(planDistrict(10));
    expect(planDistrict(10, 1).streets[3]?.name).not.toEqual(planDistrict(10, 2).streets[3]?.name);
    const db = await freshDb();
    // The registry's 55,000 persons take a minute on PGlite: its own test below writes a smaller district.
    const result = await generate(db, { scale: 10, keys, steps: STEPS.filter((s) => s.name !== 'registry') });
    expect(result.shape).toEqual({ streets: 6, communitiesPerStreet: 9, gridsPerCommunity: 9 });
    expect(result.counts.grids).toBe(6 * 9 * 9);
    const units = await db
      .selectFrom('org_unit as u')
      .leftJoin('org_unit as p', 'p.id', 'u.parent_id')
      .select(['u.kind', 'u.code', 'u.path', 'p.kind as pkind', 'p.code as pcode', 'p.path as ppath'])
      .execute();
    for (const u of units) {
      const parent = u.pkind ? { kind: u.pkind as UnitKind, code: u.pcode as string } : undefined;
      expect(checkUnitCode(u.kind as UnitKind, u.code, parent), u.code).toBeNull();
      if (u.ppath) expect(u.path.startsWith(`${u.ppath}.`)).toBe(true);
    }
    // Every community has a worker, every grid a grid worker, every street an official.
    const uncovered = await db
      .selectFrom('org_unit as u')
      .select(['u.code', 'u.kind'])
      .where('u.kind', 'in', ['street', 'community', 'village', 'grid'])
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('role_grant as g').select('g.id').whereRef('g.unit_id', '=', 'u.id'))),
      )
      .execute();
    // Only demo streets and communities may lack one: the demo district names its own staff.
    const demo = new Set(DEMO_STREETS.flatMap((s) => [s.code, ...s.communities.map((c) => c.code)]));
    expect(uncovered.filter((u) => !demo.has(u.code))).toEqual([]);
    const names = await db.selectFrom('app_user').select('username').execute();
    expect(new Set(names.map((n) => n.username)).size).toBe(names.length);
    await expect(generate(db, { scale: 1, keys })).rejects.toBeInstanceOf(DatabaseNotEmpty);
  });

  it('loads the registry in bulk (worker threads, deferred indexes) as it loads it row by row', async () => {
    const plain = await freshDb();
    const plainResult = await generate(plain, { scale: 1, keys });
    const expected = await population(plain);
    const db = await freshDb();
    process.env.GONGZHI_GENERATE_BULK_FROM = '1';
    process.env.GONGZHI_GENERATE_WORKERS = '2';
    try {
      const result = await generate(db, { scale: 1, keys });
      expect(result.counts.persons).toBe(plainResult.counts.persons);
    } finally {
      delete process.env.GONGZHI_GENERATE_BULK_FROM;
      delete process.env.GONGZHI_GENERATE_WORKERS;
    }
    expect(await population(db)).toEqual(expected);
    // The indexes dropped for the load are back, and the sequences go on past the ids it handed out.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_indexes where indexname in ('person_name_grams', 'person_id_number', 'life_event_person')`.execute(
      db,
    );
    expect(rows[0]?.n).toBe(3);
    const next = await sql<{ id: number; max: number }>`
      select nextval(pg_get_serial_sequence('person', 'id'))::int as id, (select max(id) from person)::int as max`.execute(
      db,
    );
    expect(next.rows[0]?.id).toBeGreaterThan(next.rows[0]?.max as number);
  });

  // On a PostgreSQL server (the PostgreSQL suite) a large load goes in with COPY instead.
  it.skipIf(!TEST_DATABASE_URL)('loads the registry with COPY on PostgreSQL, the same rows as inserts', async () => {
    const plain = await freshDb();
    await generate(plain, { scale: 1, keys });
    const expected = await population(plain);
    const server = await freshPostgresDatabase(TEST_DATABASE_URL as string);
    const pg = await openDatabase({ url: server.url, poolSize: 2 });
    try {
      await migrateToLatest(pg.db);
      expect(await canCopyIn(pg.db)).toBe(true);
      process.env.GONGZHI_GENERATE_BULK_FROM = '1';
      await generate(pg.db, { scale: 1, keys });
      expect(await population(pg.db)).toEqual(expected);
      // Sealed values survive COPY's escaping: every id number opens to one with a valid check digit.
      const sealed = await pg.db
        .selectFrom('person')
        .select(['id_number_sealed', 'id_number_masked'])
        .limit(50)
        .execute();
      for (const s of sealed) {
        const idNumber = unseal(keys, s.id_number_sealed as string);
        expect(parseIdNumber(idNumber, '2026-11-23').ok).toBe(true);
        expect(idNumber.slice(0, 6)).toBe(s.id_number_masked?.slice(0, 6));
      }
    } finally {
      delete process.env.GONGZHI_GENERATE_BULK_FROM;
      await pg.close();
      await server.drop();
    }
  });

  it('copyRows escapes what COPY treats specially, and PGlite takes inserts instead', async () => {
    expect(await canCopyIn(database.db)).toBe(false);
    if (!TEST_DATABASE_URL) return;
    const server = await freshPostgresDatabase(TEST_DATABASE_URL);
    const pg = await openDatabase({ url: server.url, poolSize: 1 });
    try {
      const values = ['制表\t符', '换\n行', '反\\斜杠', '"引号"', '{花,括号}', null];
      await pg.db.transaction().execute(async (trx) => {
        await sql`create table copied (id int, note text, tags text[])`.execute(trx);
        const line = (v: string | null, i: number) =>
          `${i}\t${v === null ? '\\N' : v.replace(/[\\\t\n]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n' })[c] as string)}\t{"a b",c}`;
        await copyRows(trx, 'copied', ['id', 'note', 'tags'], `${values.map(line).join('\n')}\n`);
        const { rows } = await sql<{ note: string | null; tags: string[] }>`
          select note, tags from copied order by id`.execute(trx);
        expect(rows.map((r) => r.note)).toEqual(values);
        expect(rows[0]?.tags).toEqual(['a b', 'c']);
      });
    } finally {
      await pg.close();
      await server.drop();
    }
  });

  it('draws plausible names and numerals', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 200; i++) expect(personName(rng).name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    expect([1, 10, 11, 20, 23, 100, 105, 110, 999].map(chineseNumber)).toEqual([
      '一',
      '十',
      '十一',
      '二十',
      '二十三',
      '一百',
      '一百零五',
      '一百一十',
      '九百九十九',
    ]);
  });
});
