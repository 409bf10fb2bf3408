/**
 * The audit log: who did what, to what, when, from where; before and after for writes.
 * Rows are append-only (a trigger refuses UPDATE and DELETE) and hash-chained per chain:
 * one chain per community subtree, so audited writes in different communities never wait
 * for one another. `npm run audit:verify` walks every chain.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';
import { type Db, PREPARED } from '../db/database.ts';

export interface Actor {
  id: number | null;
  name: string | null;
  roles: string[];
  ip: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  outcome?: 'ok' | 'denied' | 'failed';
  targetType?: string | null;
  targetId?: string | null;
  orgPath?: string | null;
  before?: unknown;
  after?: unknown;
  /**
   * A chain of its own instead of the community's (chainFor(orgPath)), for a stream of records
   * too busy for one lock: the ballots of a community-wide vote, spread over a few chains by voter.
   */
  chain?: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Writes under a community share its chain; higher levels and system events get their own. */
export function chainFor(orgPath: string | null | undefined): string {
  if (!orgPath) return 'system';
  return orgPath.split('.').slice(0, 3).join('.');
}

/** JSON with sorted keys: the same value always hashes the same, whatever the key order. */
export function canonicalJson(value: unknown): string {
  // Written as loops: every audited write canonicalises its records, a visit sync fifty of them.
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return `${out}}`;
}

/** What the database will give back for a JSON value (dates as strings, no undefined). */
function asStored(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export interface AuditRow {
  chain: string;
  seq: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  actor_roles: string[];
  action: string;
  outcome: string;
  target_type: string | null;
  target_id: string | null;
  org_path: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  request_id: string | null;
  prev_hash: string;
}

/**
 * The hash of a record: the previous hash, then the record's own fields. The fields are named
 * one by one because a row read back from the table also carries `hash` (and may one day
 * carry columns added later), which must not change what a record hashes to.
 */
export function hashRow(row: AuditRow): string {
  const [prefix, suffix] = hashParts(row);
  return createHash('sha256').update(row.prev_hash).update(`${prefix}${row.seq}${suffix}`).digest('hex');
}

/**
 * A record's canonical JSON split around the value of `seq`, which an append learns only under
 * the chain's lock (the audit_append function joins them): `prefix ‖ seq ‖ suffix` is the text
 * hashed after the previous hash.
 */
function hashParts(row: Omit<AuditRow, 'seq' | 'prev_hash'>): [string, string] {
  const fields: Record<string, unknown> = {
    chain: row.chain,
    at: row.at.toISOString(),
    actor_id: row.actor_id,
    actor_name: row.actor_name,
    actor_roles: row.actor_roles,
    action: row.action,
    outcome: row.outcome,
    target_type: row.target_type,
    target_id: row.target_id,
    org_path: row.org_path,
    before: row.before,
    after: row.after,
    ip: row.ip,
    request_id: row.request_id,
  };
  const keys = [...Object.keys(fields).filter((k) => fields[k] !== undefined), 'seq'].sort();
  const at = keys.indexOf('seq');
  const entry = (k: string) => `${JSON.stringify(k)}:${canonicalJson(fields[k])}`;
  const before = keys.slice(0, at).map(entry);
  const after = keys.slice(at + 1).map(entry);
  return [`{${before.map((e) => `${e},`).join('')}"seq":`, `${after.map((e) => `,${e}`).join('')}}`];
}

interface Deferred {
  db: Db;
  batches: { actor: Actor; entries: readonly AuditEntry[]; at: Date }[];
}
const deferred = new AsyncLocalStorage<Deferred>();

/**
 * Runs a request's work with its audit records held back, then `finish` (the rest of the
 * request's statements), then appends them all. Appending locks the chain's head row until the
 * transaction ends, and every write in a community shares its chain: taken last, the lock is held
 * for the commit alone instead of for the whole request, so writes in one community queue for a
 * moment rather than for each other's work. Records made through another connection than `db`
 * (a job's own transaction) go at once.
 *
 * `finish` may take the append on itself: it gets it as a SQL expression (`appendAudits`, null
 * when there is nothing to append) to put in its own last statement, which saves a round trip
 * under the lock. It must then return `appended: true`.
 */
export async function withDeferredAudits<T, R = T>(
  db: Db,
  work: () => Promise<T>,
  finish?: (result: T, appendAudits: RawBuilder<unknown> | null) => Promise<R & { appended?: boolean }>,
): Promise<R> {
  const held: Deferred = { db, batches: [] };
  const result = await deferred.run(held, work);
  const records = auditRecords(held.batches);
  const append = records === null ? null : sql`audit_append(${records}::jsonb)`;
  const finished = finish ? await finish(result, append) : (result as unknown as R);
  const appended = (finished as { appended?: boolean } | undefined)?.appended === true;
  if (append && !appended) await sql`${sql.raw(PREPARED)} select ${append}`.execute(db);
  return finished;
}

/** Appends one record to its chain: the chain's head row stays locked until the transaction ends. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry, at: Date): Promise<void> {
  await recordAudits(db, actor, [entry], at);
}

/**
 * Records by one actor at one time (one, or a sync of 50 visit records), in their order, appended
 * by one round trip whatever their number (the audit_append function). Taking the next numbers
 * locks the chain's head row until the transaction ends.
 */
export async function recordAudits(db: Db, actor: Actor, entries: readonly AuditEntry[], at: Date): Promise<void> {
  const held = deferred.getStore();
  if (held?.db === db) held.batches.push({ actor, entries, at });
  else await appendAudits(db, [{ actor, entries, at }]);
}

async function appendAudits(db: Db, batches: Deferred['batches']): Promise<void> {
  const records = auditRecords(batches);
  if (records !== null) await sql`${sql.raw(PREPARED)} select audit_append(${records}::jsonb)`.execute(db);
}

/** The records as audit_append takes them (JSON, grouped by chain), or null when there are none. */
function auditRecords(batches: Deferred['batches']): string | null {
  const byChain = new Map<string, unknown[]>();
  for (const { actor, entries, at } of batches) {
    for (const entry of entries) {
      const chain = entry.chain ?? chainFor(entry.orgPath);
      const row = {
        chain,
        at,
        actor_id: actor.id,
        actor_name: actor.name,
        actor_roles: actor.roles,
        action: entry.action,
        outcome: entry.outcome ?? 'ok',
        target_type: entry.targetType ?? null,
        target_id: entry.targetId ?? null,
        org_path: entry.orgPath ?? null,
        before: asStored(entry.before),
        after: asStored(entry.after),
        ip: actor.ip,
        request_id: actor.requestId,
      };
      const [prefix, suffix] = hashParts(row);
      const rows = byChain.get(chain) ?? [];
      rows.push({ ...row, prefix, suffix });
      byChain.set(chain, rows);
    }
  }
  if (byChain.size === 0) return null;
  return JSON.stringify([...byChain].map(([chain, rows]) => ({ chain, rows })));
}

export interface ChainBreak {
  chain: string;
  seq: number;
  problem: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'head_mismatch';
}

/**
 * Recomputes every chain; returns the first broken record of each broken chain. Runs in one
 * repeatable-read snapshot: on a live server records keep being appended, and heads read
 * before rows written after them would look like tampering.
 */
export async function verifyAuditChains(db: Db): Promise<{ records: number; chains: number; breaks: ChainBreak[] }> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute((trx) => verifySnapshot(trx));
}

async function verifySnapshot(db: Db): Promise<{ records: number; chains: number; breaks: ChainBreak[] }> {
  const heads = await db.selectFrom('audit_chain').selectAll().orderBy('chain').execute();
  const breaks: ChainBreak[] = [];
  let records = 0;
  for (const head of heads) {
    let prev = GENESIS_HASH;
    let expectedSeq = 1;
    let broken: ChainBreak | undefined;
    let lastSeq = 0;
    // Page through the chain so a long chain never sits in memory at once.
    for (;;) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('chain', '=', head.chain)
        .where('seq', '>', lastSeq)
        .orderBy('seq')
        .limit(5000)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        records++;
        lastSeq = r.seq;
        if (broken) continue;
        const row = r as unknown as AuditRow & { hash: string };
        if (r.seq !== expectedSeq) broken = { chain: r.chain, seq: expectedSeq, problem: 'seq_gap' };
        else if (r.prev_hash !== prev) broken = { chain: r.chain, seq: r.seq, problem: 'prev_hash_mismatch' };
        else if (hashRow(row) !== r.hash) broken = { chain: r.chain, seq: r.seq, problem: 'hash_mismatch' };
        prev = r.hash;
        expectedSeq++;
      }
    }
    const last = expectedSeq - 1;
    if (!broken && (head.seq !== last || head.head_hash !== prev)) {
      // The first record the head and the log disagree on: a missing record past the last one,
      // a record past a rewound head, or the last record when only the head's hash differs.
      const seq = head.seq === last ? last : Math.min(head.seq, last) + 1;
      broken = { chain: head.chain, seq, problem: 'head_mismatch' };
    }
    if (broken) breaks.push(broken);
  }
  return { records, chains: heads.length, breaks };
}
