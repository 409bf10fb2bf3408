/**
 * Throwaway databases for the bench: PGlite in a temporary data dir, or a fresh database
 * `gz_bench_<random>` on the PostgreSQL server of BENCH_DATABASE_URL, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { deriveKeys } from '../../apps/server/src/platform/crypto.ts';
import { openDatabase } from '../../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../../apps/server/src/platform/db/migrate.ts';
import { addMissing, GENERATED_KEY, type GenerateResult, generate } from '../generate/index.ts';
import { onCleanup } from './children.ts';

export type DbKind = 'pglite' | 'postgres';

export interface BenchDatabase {
  kind: DbKind;
  /** A temporary folder: the PGlite data dir (its `pg` subfolder), logs, profiles. */
  dir: string;
  /** PostgreSQL only: the database's URL. */
  url?: string;
  /** What the server needs in its environment to use this database. */
  env: Record<string, string>;
  /** A kept database that already holds its generated district. */
  reused: boolean;
  drop(): Promise<void>;
}

async function admin<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/**
 * An empty database. `dataKey` is the base64 data key the server and the generator share;
 * without it (the startup measurement) the server creates its key file as `npm start` does.
 */
export async function createBenchDatabase(
  kind: DbKind,
  opts: { pgUrl?: string; dataKey?: string; keepAs?: string },
): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `gz-bench-${kind}-`));
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  const keyEnv: Record<string, string> = opts.dataKey ? { GONGZHI_DATA_KEY: opts.dataKey } : {};
  if (kind === 'pglite') {
    const unregister = onCleanup(removeDir);
    return {
      kind,
      dir,
      reused: false,
      env: { GONGZHI_DATA_DIR: dir, DATABASE_URL: '', ...keyEnv },
      async drop() {
        unregister();
        await removeDir();
      },
    };
  }
  if (!opts.pgUrl) throw new Error('PostgreSQL bench needs BENCH_DATABASE_URL=postgres://…');
  const name = opts.keepAs ?? `gz_bench_${randomBytes(6).toString('hex')}`;
  const u = new URL(opts.pgUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const reused = opts.keepAs !== undefined && (await generatedAlready(opts.pgUrl, url, name));
  if (!reused) {
    await admin(opts.pgUrl, async (c) => {
      // A kept database that is not complete (an interrupted generation) is made again.
      if (opts.keepAs) await c.query(`drop database if exists ${name} with (force)`);
      await c.query(`create database ${name}`);
    });
  }
  const dropDb = async () => {
    if (!opts.keepAs) await admin(opts.pgUrl as string, (c) => c.query(`drop database if exists ${name} with (force)`));
    await removeDir();
  };
  const unregister = onCleanup(dropDb);
  return {
    kind,
    dir,
    url,
    reused,
    // The key file (when no key is given) goes to the temporary folder, not ./data.
    env: { DATABASE_URL: url, GONGZHI_DATA_DIR: dir, ...keyEnv },
    async drop() {
      unregister();
      await dropDb();
    },
  };
}

async function generatedAlready(serverUrl: string, url: string, name: string): Promise<boolean> {
  const exists = await admin(serverUrl, (c) => c.query('select 1 from pg_database where datname = $1', [name]));
  if (exists.rowCount === 0) return false;
  return admin(url, async (c) => {
    const done = await c.query("select 1 from information_schema.tables where table_name = 'app_setting'");
    if (done.rowCount === 0) return false;
    return ((await c.query('select 1 from app_setting where key = $1', [GENERATED_KEY])).rowCount ?? 0) > 0;
  });
}

/** Migrates and fills the database with the generated district, then closes it. */
export async function populate(bench: BenchDatabase, scale: number, dataKey: string): Promise<GenerateResult> {
  const database = await openDatabase(bench.url ? { url: bench.url, poolSize: 2 } : { dataDir: bench.dir });
  try {
    await migrateToLatest(database.db);
    return await generate(database.db, { scale, keys: deriveKeys(Buffer.from(dataKey, 'base64')) });
  } finally {
    await database.close();
  }
}

/**
 * A kept district generated before a later step existed (the points ledger) gets that step's
 * rows: migrated first, then only the missing steps run. Null when nothing was missing.
 */
export async function topUp(bench: BenchDatabase, scale: number, dataKey: string) {
  const database = await openDatabase(bench.url ? { url: bench.url, poolSize: 2 } : { dataDir: bench.dir });
  try {
    await migrateToLatest(database.db);
    return await addMissing(database.db, { scale, keys: deriveKeys(Buffer.from(dataKey, 'base64')) });
  } finally {
    await database.close();
  }
}
