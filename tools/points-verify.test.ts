/**
 * The `npm run points:verify` command on a database prepared the way the server leaves it (an
 * embedded PGlite data folder, or with TEST_DATABASE_URL a fresh PostgreSQL database): a few
 * awards, a deduction and a reversal verify; an entry tampered with afterwards does not.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccountRef,
  communityAccount,
  holderAccount,
  postTransfer,
  reverseTransfer,
} from '../apps/server/src/modules/points/ledger.ts';
import { type Db, openDatabase } from '../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../apps/server/src/platform/db/migrate.ts';
import type { Output } from './audit-verify.ts';
import { main } from './points-verify.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
const dbLabel = TEST_DATABASE_URL ? 'postgres' : 'pglite';
const AT = new Date('2026-11-23T02:00:00Z');

function captured(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

async function prepareDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-points-verify-'));
  if (!TEST_DATABASE_URL) {
    return {
      env: { GONGZHI_DATA_DIR: dir } as NodeJS.ProcessEnv,
      open: () => openDatabase({ dataDir: dir }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `gz_test_${randomBytes(6).toString('hex')}`;
  const onServer = async (statement: string) => {
    const admin = await openDatabase({ url: TEST_DATABASE_URL, poolSize: 1 });
    await sql.raw(statement).execute(admin.db);
    await admin.close();
  };
  await onServer(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString(), GONGZHI_DATA_DIR: dir } as NodeJS.ProcessEnv,
    open: () => openDatabase({ url: url.toString(), poolSize: 2 }),
    drop: async () => {
      rmSync(dir, { recursive: true, force: true });
      await onServer(`drop database if exists ${name} with (force)`);
    },
  };
}

function runCli(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['tools/points-verify.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A district → street → community → grid, and two residents of the grid. */
async function smallWorld(db: Db): Promise<number[]> {
  const unit = async (kind: string, code: string, path: string, parent: number | null, district: number | null) => {
    const { rows } = await sql<{ id: number }>`
      insert into org_unit (kind, name, code, parent_id, path, district_id)
      values (${kind}, ${`${kind} ${code}`}, ${code}, ${parent}, ${path}, ${district}) returning id`.execute(db);
    return (rows[0] as { id: number }).id;
  };
  const district = await unit('district', '440799', '440799', null, null);
  const street = await unit('street', '440799001', '440799.440799001', district, district);
  const community = await unit('community', '440799001001', '440799.440799001.440799001001', street, district);
  const gridPath = '440799.440799001.440799001001.440799001001001';
  const grid = await unit('grid', '440799001001001', gridPath, community, district);
  const ids: number[] = [];
  for (const name of ['张三', '李四']) {
    const { rows } = await sql<{ id: number }>`
      insert into person (district_id, grid_id, org_path, name, name_grams, created_at, updated_at)
      values (${district}, ${grid}, ${gridPath}, ${name}, ${[name]}, ${AT}, ${AT}) returning id`.execute(db);
    ids.push((rows[0] as { id: number }).id);
  }
  return ids;
}

const move = (db: Db, kind: 'award' | 'deduct', personId: number, amount: number, occurredOn = '2026-11-20') =>
  db.transaction().execute(async (trx) => {
    const holder: AccountRef = await holderAccount(trx, { kind: 'person', personId }, AT);
    const issuer = await communityAccount(trx, 'issuer', holder, AT);
    const [from, to] = kind === 'award' ? [issuer, holder] : [holder, issuer];
    return postTransfer(trx, { kind, from, to, amount, occurredOn, actorId: null }, AT);
  });

describe(`points:verify (${dbLabel})`, () => {
  let target: Awaited<ReturnType<typeof prepareDatabase>>;

  beforeAll(async () => {
    target = await prepareDatabase();
    const database = await target.open();
    try {
      await migrateToLatest(database.db);
      const [a, b] = (await smallWorld(database.db)) as [number, number];
      const first = await move(database.db, 'award', a, 10);
      await move(database.db, 'award', a, 5, '2026-10-02');
      await move(database.db, 'award', b, 7);
      await move(database.db, 'deduct', a, 3);
      await database.db.transaction().execute((trx) => reverseTransfer(trx, first.id, '误录', null, AT));
    } finally {
      await database.close();
    }
  });
  afterAll(() => target.drop());

  it('prints the report as JSON and exits 0 when the ledger adds up', async () => {
    const io = captured();
    expect(await main(target.env, io)).toBe(0);
    const report = JSON.parse(io.lines.join('\n'));
    expect(report).toMatchObject({ ok: true, accounts: 4, entries: 10, transfers: 5, balanceSum: 0, problems: [] });
    expect(io.errors).toEqual([]);
  });

  it('a monthly total that does not match the entries is reported', async () => {
    const nudge = async (by: number) => {
      const database = await target.open();
      try {
        await sql`update points_month_total set earned = earned + ${by} where month = '2026-10-01'`.execute(
          database.db,
        );
      } finally {
        await database.close();
      }
    };
    await nudge(1);
    const io = captured();
    expect(await main(target.env, io)).toBe(1);
    expect(JSON.parse(io.lines.join('\n')).problems).toEqual([
      expect.objectContaining({ kind: 'month_total', month: '2026-10-01', stored: 6, recomputed: 5 }),
    ]);
    await nudge(-1);
  });

  it('after an entry is altered, names the broken chain, the row and the sum, and exits 1', async () => {
    const database = await target.open();
    let account: string;
    try {
      const { rows } = await sql<{ uid: string }>`
        update points_entry e set amount = amount + 100, balance_after = balance_after + 100
          from points_account a where a.id = e.account_id and a.kind = 'person' and e.seq = 1
           and a.id = (select min(id) from points_account where kind = 'person')
        returning a.uid::text as uid`.execute(database.db);
      account = (rows[0] as { uid: string }).uid;
    } finally {
      await database.close();
    }
    const io = captured();
    expect(await main(target.env, io)).toBe(1);
    const report = JSON.parse(io.lines.join('\n'));
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual({
      account,
      kind: 'chain',
      chain: expect.objectContaining({ seq: 1, problem: 'hash' }),
    });
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'transfer_entries', sum: 100 }));
  });

  it('as a command (npm run points:verify) prints the same and exits 1', async () => {
    const { code, stdout } = await runCli(target.env);
    expect(JSON.parse(stdout).ok).toBe(false);
    expect(code).toBe(1);
  });

  it('refuses a folder without a database, exits 2 and creates nothing there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongzhi-points-verify-'));
    try {
      const io = captured();
      expect(await main({ GONGZHI_DATA_DIR: dir }, io)).toBe(2);
      expect(io.errors.join('\n')).toContain(`No Gongzhi database in ${dir}`);
      expect(existsSync(join(dir, 'pg'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
