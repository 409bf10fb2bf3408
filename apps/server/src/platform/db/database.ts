/**
 * Opens the database: PostgreSQL when a URL is given, otherwise PGlite in a data directory
 * (or in memory for tests). Both speak the same SQL (PostgreSQL 15).
 */
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.gen.ts';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

// bigint columns (ids, counts) fit in a JS number; PGlite already returns numbers for them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type DatabaseOptions =
  | { url: string; poolSize?: number }
  | { dataDir: string }
  | { memory: true };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if ('url' in opts) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 20 });
    if (process.env.GZ_PREPARE === '1') {
      const names = new Map<string, string>();
      pool.on('connect', (client) => {
        const query = client.query.bind(client) as (...a: unknown[]) => unknown;
        (client as unknown as { query: unknown }).query = (text: unknown, values?: unknown[]) => {
          if (typeof text === 'string' && values && values.length > 0) {
            let name = names.get(text);
            if (!name) {
              name = `gz${names.size}`;
              names.set(text, name);
            }
            return query({ name, text, values });
          }
          return query(text, values);
        };
      });
    }
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const unlock = 'dataDir' in opts ? lockDataDir(opts.dataDir) : () => {};
  try {
    const pglite = await PGlite.create('dataDir' in opts ? `${opts.dataDir}/pg` : undefined, {
      extensions: { pg_trgm, citext },
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
