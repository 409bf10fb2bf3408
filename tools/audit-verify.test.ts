/**
 * The `npm run audit:verify` command, on a database prepared the way the server leaves it:
 * an embedded PGlite data folder, or (with TEST_DATABASE_URL) a fresh PostgreSQL database.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, chainFor, recordAudit } from '../apps/server/src/platform/audit/audit.ts';
import { openDatabase } from '../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../apps/server/src/platform/db/migrate.ts';
import { main, type Output } from './audit-verify.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
const dbLabel = TEST_DATABASE_URL ? 'postgres' : 'pglite';
const actor: Actor = { id: 1, name: 'admin.jianghai', roles: ['district_admin'], ip: null, requestId: null };
const COMMUNITY_A = '440704.440704002.440704002001';
const COMMUNITY_B = '440704.440704003.440704003001';

function captured(): Output & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) };
}

/** The server's environment for the database under test, and a way to open it directly. */
async function prepareDatabase() {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-verify-'));
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
    // A data folder is named too: with DATABASE_URL set it must not be used.
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
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['tools/audit-verify.ts'], {
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

describe(`audit:verify (${dbLabel})`, () => {
  let target: Awaited<ReturnType<typeof prepareDatabase>>;

  beforeAll(async () => {
    target = await prepareDatabase();
    const database = await target.open();
    try {
      await migrateToLatest(database.db);
      const at = new Date('2026-11-23T02:00:00Z');
      for (const path of [COMMUNITY_A, COMMUNITY_B, COMMUNITY_A, `${COMMUNITY_B}.g002`, COMMUNITY_A]) {
        await database.db
          .transaction()
          .execute((trx) =>
            recordAudit(trx, actor, { action: 'org.unit_rename', orgPath: path, after: { name: '新名字' } }, at),
          );
      }
    } finally {
      await database.close();
    }
  });
  afterAll(() => target.drop());

  it('prints a summary and exits 0 when every chain is intact', async () => {
    const io = captured();
    expect(await main(target.env, io)).toBe(0);
    expect(io.lines).toEqual([expect.stringMatching(/^audit log intact: 5 records in 2 chains \(/)]);
    expect(io.errors).toEqual([]);
  });

  it('after a record is altered, prints `chain:seq problem` for the broken chain only and exits 1', async () => {
    const database = await target.open();
    try {
      await database.db.transaction().execute(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
        await sql`update audit_log set after = '{"name":"篡改"}' where chain = ${chainFor(COMMUNITY_A)} and seq = 2`.execute(
          trx,
        );
        await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
      });
    } finally {
      await database.close();
    }
    const io = captured();
    expect(await main(target.env, io)).toBe(1);
    expect(io.lines).toEqual([
      expect.stringMatching(/^audit log BROKEN: 1 of 2 chains/),
      `${chainFor(COMMUNITY_A)}:2 hash_mismatch`,
    ]);
  });

  it('as a command (npm run audit:verify) prints the same and exits 1', async () => {
    const { code, stdout } = await runCli(target.env);
    expect(stdout).toContain(`${chainFor(COMMUNITY_A)}:2 hash_mismatch`);
    expect(code).toBe(1);
  });
});

describe('audit:verify on an embedded data folder it cannot use', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongzhi-verify-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a folder without a database, exits 2 and creates nothing there', async () => {
    const dir = tempDir();
    const io = captured();
    expect(await main({ GONGZHI_DATA_DIR: dir }, io)).toBe(2);
    expect(io.errors.join('\n')).toContain(`No Gongzhi database in ${dir}`);
    expect(existsSync(join(dir, 'pg'))).toBe(false);
  });

  it('while a server holds the folder, says so and exits 2', async () => {
    const dir = tempDir();
    const server = await openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(server.db);
      const io = captured();
      expect(await main({ GONGZHI_DATA_DIR: dir }, io)).toBe(2);
      expect(io.errors.join('\n')).toMatch(/in use by another process.*Stop the server/);
    } finally {
      await server.close();
    }
  });
});
