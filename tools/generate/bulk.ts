/**
 * Fast bulk inserts that work the same on PGlite and PostgreSQL:
 *
 *   insert into t (a, b) select a, b from unnest($1::text[], $2::bigint[]) as u(a, b)
 *
 * One parameter per column whatever the number of rows, so a chunk of 5,000 rows is one
 * statement, one parse and one round trip (a multi-row VALUES list would carry 5,000 × n
 * parameters and hit the protocol's 65,535 limit). COPY would be faster still on
 * PostgreSQL but PGlite only copies from files; this is within a small factor of it.
 */
import { sql } from 'kysely';
import type { Db } from '../../apps/server/src/platform/db/database.ts';

export type PgType = 'text' | 'citext' | 'bigint' | 'integer' | 'boolean' | 'timestamptz' | 'jsonb' | 'uuid';

/** Types passed as text and cast per row: PGlite's array serialisers would re-encode them. */
const VIA_TEXT: ReadonlySet<PgType> = new Set(['citext', 'jsonb']);

export const CHUNK_ROWS = 5000;

export async function bulkInsert<Row extends object, Out = Record<string, unknown>>(
  db: Db,
  table: string,
  columns: { readonly [K in keyof Row & string]: PgType },
  rows: readonly Row[],
  returning: readonly string[] = [],
): Promise<Out[]> {
  const names = Object.keys(columns) as Array<keyof Row & string>;
  const out: Out[] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    const arrays = names.map((name) => {
      const type = columns[name];
      const values = chunk.map((r) => (r[name] === undefined ? null : r[name]));
      return sql`${values}::${sql.raw(VIA_TEXT.has(type) ? 'text' : type)}[]`;
    });
    const selected = names.map((name, i) => {
      const type = columns[name];
      return VIA_TEXT.has(type) ? sql`${sql.ref(`c${i}`)}::${sql.raw(type)}` : sql.ref(`c${i}`);
    });
    const aliases = names.map((_, i) => sql.ref(`c${i}`));
    const tail = returning.length ? sql` returning ${sql.join(returning.map((r) => sql.ref(r)))}` : sql``;
    const { rows: result } = await sql<Out>`
      insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
      select ${sql.join(selected)} from unnest(${sql.join(arrays)}) as u(${sql.join(aliases)})${tail}`.execute(db);
    out.push(...result);
  }
  return out;
}
