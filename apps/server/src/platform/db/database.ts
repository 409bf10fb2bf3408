/**
 * Opens the database: PostgreSQL when a URL is given, otherwise PGlite in a data directory
 * (or in memory for tests). Both speak the same SQL (PostgreSQL 15).
 */
import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { lockDataDir } from './lock.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.gen.ts';

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /**
   * Calls `onNotify` for every NOTIFY on the channel from other processes, on a connection of
   * its own; `onLost` when that connection fails, after which nothing more arrives. PGlite
   * serves a single process, so there is no one else to hear from.
   */
  listen(channel: string, onNotify: () => void, onLost: (err: Error) => void): Promise<void>;
  close(): Promise<void>;
}

// bigint columns (ids, counts) fit in a JS number; PGlite already returns numbers for them.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// A `date` is a calendar day ('YYYY-MM-DD'), not an instant: as a JS Date it would shift
// with the process time zone. Both drivers return it as the text PostgreSQL sends.
const DATE_OID = 1082;
pg.types.setTypeParser(DATE_OID, (v) => v);

/**
 * PGlite's buffer pool lives in the server's own memory, and all of it is resident from the
 * start (PostgreSQL's default, 128MB, made the embedded server 450 MB before its first
 * request). 64MB holds a community's data several times over; the data files stay in the
 * OS page cache behind it. The issue's target is < 512 MB RSS on PGlite.
 */
const PGLITE_SHARED_BUFFERS = '64MB';

/**
 * A query whose text starts with this mark is sent to PostgreSQL as a named prepared
 * statement: it is planned once per connection instead of on every call. Worth it for a
 * hot read whose plan costs more than its execution (a profile assembled from a dozen
 * subqueries). Not for a query whose best plan depends on its values (a LIKE prefix).
 */
export const PREPARED = '/* prepared */';

/**
 * A query whose text starts with this mark is a COPY … FROM STDIN, its one parameter the rows in
 * COPY's text format (copyRows below).
 */
const COPY_IN = '/* copy in */';

function preparePrepared(pool: pg.Pool) {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
      if (typeof text === 'string' && text.startsWith(PREPARED))
        return query(
          { name: `gz_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values },
          callback,
        );
      if (typeof text === 'string' && text.startsWith(COPY_IN))
        return copyIn(client, text.slice(COPY_IN.length, text.lastIndexOf('$1')), (values as string[])[0] ?? '');
      return query(text, values, callback);
    };
  });
}

function copyIn(client: pg.PoolClient, statement: string, rows: string): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) => {
    const stream = client.query(copyFrom(statement));
    stream.on('error', reject);
    stream.on('finish', () =>
      resolve({ command: 'COPY', rowCount: stream.rowCount, rows: [], fields: [], oid: 0 } as pg.QueryResult),
    );
    stream.end(rows);
  });
}

/**
 * Loads rows given in COPY's text format (tab between columns, `\N` for null, backslash escapes)
 * with COPY FROM STDIN, in the transaction of `db`: the fastest way into a PostgreSQL table, for
 * bulk loads. PostgreSQL only (PGlite copies from files); see canCopyIn.
 */
export async function copyRows(db: Kysely<DB>, table: string, columns: readonly string[], rows: string): Promise<void> {
  const names = columns.map((c) => pg.escapeIdentifier(c)).join(', ');
  await sql`${sql.raw(`${COPY_IN}copy ${pg.escapeIdentifier(table)} (${names}) from stdin `)}${rows}`.execute(db);
}

/** Whether copyRows works on `db`: a PostgreSQL server, not PGlite. */
export async function canCopyIn(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  return !rows[0]?.v.includes('PGlite');
}

export type DatabaseOptions = { url: string; poolSize?: number } | { dataDir: string } | { memory: true };

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if ('url' in opts) {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 20 });
    preparePrepared(pool);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const listeners: pg.Client[] = [];
    return {
      db,
      kind: 'postgres',
      async listen(channel, onNotify, onLost) {
        const client = new pg.Client({ connectionString: opts.url });
        let lost = false;
        const fail = (err: Error) => {
          if (lost) return;
          lost = true;
          onLost(err);
        };
        client.on('notification', (n) => {
          if (n.channel === channel) onNotify();
        });
        client.on('error', fail);
        client.on('end', () => fail(new Error('listening connection closed')));
        await client.connect();
        await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        listeners.push(client);
      },
      close: async () => {
        for (const client of listeners) {
          client.removeAllListeners('end');
          client.on('error', () => {});
          await client.end();
        }
        await db.destroy();
      },
    };
  }
  const unlock = 'dataDir' in opts ? lockDataDir(opts.dataDir) : () => {};
  try {
    const pglite = await PGlite.create('dataDir' in opts ? `${opts.dataDir}/pg` : undefined, {
      extensions: { pg_trgm, citext },
      parsers: { [DATE_OID]: (v: string) => v },
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      listen: async () => {},
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
