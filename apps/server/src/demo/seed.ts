/**
 * Seeds the demo district on first start. Deterministic: the same rows every time, so a
 * screenshot in the README matches what a newcomer sees. Writes only once, marked in
 * app_setting; never runs against a database that already holds data.
 */

import { chinaDate } from '@gongzhi/domain';
import { sql } from 'kysely';
import { recordAudit } from '../platform/audit/audit.ts';
import { hashPassword, type Keys, seal } from '../platform/crypto.ts';
import type { Db } from '../platform/db/database.ts';
import { seedCaseBasics } from './cases-basics.ts';
import { seedCases } from './cases-seed.ts';
import { seedDeliberation } from './deliberation-seed.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_DEPARTMENTS,
  DEMO_DISTRICT,
  DEMO_PASSWORD,
  DEMO_STREETS,
  DEMO_TOTP_SECRET,
  GRID_WORKER_NAMES,
  GRIDS_PER_COMMUNITY,
  gridName,
} from './district.ts';
import { seedPoints } from './points-seed.ts';
import { PERSONS_PER_GRID, POPULATION_SEED, type PopulationGrid, planPopulation } from './population.ts';
import { writePopulation } from './registry-seed.ts';
import { seedVisits } from './visits-seed.ts';

const SEED_KEY = 'demo.seeded_at';

export async function isSeeded(db: Db): Promise<boolean> {
  const row = await db.selectFrom('app_setting').select('key').where('key', '=', SEED_KEY).executeTakeFirst();
  return row !== undefined;
}

interface Unit {
  id: number;
  path: string;
  code: string;
}

export async function seedDemo(
  db: Db,
  keys: Keys,
  now: Date,
): Promise<{ accounts: number; units: number; persons: number }> {
  // One hash for the shared demo password: hashing it per account only slows the first start.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const units = new Map<string, Unit>();
    async function unit(
      kind: string,
      name: string,
      code: string,
      parent: Unit | null,
      segment: string,
      districtId: number | null,
    ) {
      const path = parent ? `${parent.path}.${segment}` : segment;
      const row = await trx
        .insertInto('org_unit')
        .values({ kind, name, code, parent_id: parent?.id ?? null, path, district_id: districtId, created_at: now })
        .returning(['id', 'path', 'code'])
        .executeTakeFirstOrThrow();
      units.set(code, row);
      return row;
    }
    async function party(kind: string, name: string, parentId: number | null, u: Unit) {
      const row = await trx
        .insertInto('party_org')
        .values({ kind, name, parent_id: parentId, unit_id: u.id, org_path: u.path, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }

    const district = await unit(
      'district',
      DEMO_DISTRICT.name,
      DEMO_DISTRICT.code,
      null,
      DEMO_DISTRICT.code.slice(0, 6),
      null,
    );
    for (const d of DEMO_DEPARTMENTS) await unit('department', d.name, d.code, district, `d${d.code}`, district.id);
    for (const s of DEMO_STREETS) {
      const street = await unit('street', s.name, s.code, district, s.code.slice(0, 9), district.id);
      const committee = await party('working_committee', `${s.name}党工委`, null, street);
      for (const c of s.communities) {
        const community = await unit(c.kind, `${c.name}`, c.code, street, c.code, district.id);
        const communityParty = await party('committee', `${c.name}党委`, committee, community);
        for (let n = 1; n <= GRIDS_PER_COMMUNITY; n++) {
          const serial = String(n).padStart(3, '0');
          const grid = await unit('grid', gridName(c, n), `${c.code}${serial}`, community, `g${serial}`, district.id);
          const branch = await party('branch', `${gridName(c, n)}党支部`, communityParty, grid);
          await party('group', `${gridName(c, n)}第一党小组`, branch, grid);
          await party('group', `${gridName(c, n)}第二党小组`, branch, grid);
        }
      }
    }
    await sql`insert into org_change (kind, at, reason, detail)
              values ('create', ${now}, '演示数据初始化', '{"demo": true}')`.execute(trx);

    const accounts = [...DEMO_ACCOUNTS];
    // Every grid without a named demo worker gets one, so the tree shows who works where.
    let w = 0;
    for (const s of DEMO_STREETS) {
      for (const c of s.communities) {
        for (let n = 1; n <= GRIDS_PER_COMMUNITY; n++) {
          const code = `${c.code}${String(n).padStart(3, '0')}`;
          if (accounts.some((a) => a.unit === code && a.role === 'grid_worker')) continue;
          accounts.push({
            username: `grid.${c.pinyin}${String(n).padStart(2, '0')}`,
            displayName: GRID_WORKER_NAMES[w++ % GRID_WORKER_NAMES.length] as string,
            role: 'grid_worker',
            unit: code,
          });
        }
      }
    }
    const totpSecret = seal(keys, DEMO_TOTP_SECRET);
    for (const a of accounts) {
      const u = units.get(a.unit) as Unit;
      const { id } = await trx
        .insertInto('app_user')
        .values({
          username: a.username,
          display_name: a.displayName,
          password_hash: passwordHash,
          password_changed_at: now,
          unit_id: u.id,
          org_path: u.path,
          totp_secret: a.totp ? totpSecret : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('role_grant')
        .values({ user_id: id, role: a.role, unit_id: u.id, org_path: u.path, granted_at: now })
        .execute();
    }
    // The living registry: ≈ 110 residents per grid, households, addresses, tags, units, facilities.
    const grids: PopulationGrid[] = [];
    const gridRefs = new Map<string, { id: number; path: string }>();
    for (const s of DEMO_STREETS) {
      for (const c of s.communities) {
        for (let n = 1; n <= GRIDS_PER_COMMUNITY; n++) {
          const u = units.get(`${c.code}${String(n).padStart(3, '0')}`) as Unit;
          grids.push({
            code: u.code,
            path: u.path,
            name: gridName(c, n),
            communityName: c.name,
            communityKind: c.kind,
          });
          gridRefs.set(u.code, { id: u.id, path: u.path });
        }
      }
    }
    const today = chinaDate(now);
    const population = planPopulation(grids, { seed: POPULATION_SEED, personsPerGrid: PERSONS_PER_GRID, today });
    const written = await writePopulation(trx, keys, now, { districtId: district.id, grids: gridRefs }, population);
    await seedVisits(trx, now);
    await seedPoints(trx, keys, now);
    await seedCaseBasics(trx, now);
    await seedCases(trx, keys, now);
    await seedDeliberation(trx, now);
    await trx
      .insertInto('app_setting')
      .values({ key: SEED_KEY, value: JSON.stringify(now.toISOString()) })
      .execute();
    await recordAudit(
      trx,
      { id: null, name: 'system', roles: [], ip: null, requestId: null },
      {
        action: 'demo.seed',
        orgPath: district.path,
        after: { units: units.size, accounts: accounts.length, persons: written.person ?? 0 },
      },
      now,
    );
    return { accounts: accounts.length, units: units.size, persons: written.person ?? 0 };
  });
}
