import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import type { Db } from '../db/database.ts';
import {
  type Actor,
  type AuditEntry,
  chainFor,
  GENESIS_HASH,
  hashRow,
  recordAudit,
  verifyAuditChains,
  withDeferredAudits,
} from './audit.ts';

const actor: Actor = { id: 7, name: 'street.waihai', roles: ['street_official'], ip: '10.0.0.8', requestId: 'req-1' };

describe('chainFor', () => {
  it.each([
    ['440704.440704002.440704002001.g009', '440704.440704002.440704002001'],
    ['440704.440704002.440704002001', '440704.440704002.440704002001'],
    ['440704.440704002', '440704.440704002'],
    ['440704.d001', '440704.d001'],
    ['440704', '440704'],
    [null, 'system'],
    [undefined, 'system'],
    ['', 'system'],
  ])('puts a record at %j on the chain %j', (path, chain) => {
    expect(chainFor(path)).toBe(chain);
  });
});

describe(`the audit log (${dbLabel})`, () => {
  let t: TestPlatform;
  let db: Db;
  let community = 0;
  /** A community path of its own for each test, so chains never collide. */
  const freshCommunity = () => `990001.990001001.990001001${String(++community).padStart(3, '0')}`;

  async function record(orgPath: string, entry: Partial<AuditEntry> = {}, at = t.clock()) {
    await db.transaction().execute((trx) => recordAudit(trx, actor, { action: 'test.touch', orgPath, ...entry }, at));
  }

  async function chainRows(chain: string) {
    return db.selectFrom('audit_log').selectAll().where('chain', '=', chain).orderBy('seq').execute();
  }

  /** Runs `tamper` with the append-only trigger off, as someone with the database password could. */
  async function asIntruder(tamper: (trx: Db) => Promise<unknown>) {
    await db.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_no_update`.execute(trx);
      await tamper(trx);
      await sql`alter table audit_log enable trigger audit_log_no_update`.execute(trx);
    });
  }

  /** Puts a chain back exactly as it was, so later tests see an intact log. */
  async function restore(
    chain: string,
    rows: Awaited<ReturnType<typeof chainRows>>,
    head: { seq: number; head_hash: string },
  ) {
    await asIntruder(async (trx) => {
      await trx.deleteFrom('audit_log').where('chain', '=', chain).execute();
      for (const r of rows) {
        await trx
          .insertInto('audit_log')
          .values({ ...r, before: JSON.stringify(r.before), after: JSON.stringify(r.after) })
          .execute();
      }
      await trx.updateTable('audit_chain').set(head).where('chain', '=', chain).execute();
    });
  }

  beforeAll(async () => {
    t = await startTestPlatform();
    db = t.deps.db;
  });
  afterAll(() => t.close());

  it('verifies the log the demo seed and the server wrote', async () => {
    const official = await t.as('street.waihai');
    const created = await official.post('/api/org/units', {
      parentId: await t.unitId('440704002001'),
      kind: 'grid',
      name: '直冲社区第九网格',
      code: '440704002001009',
    });
    expect(created.status).toBe(201);
    const result = await verifyAuditChains(db);
    expect(result.breaks).toEqual([]);
    expect(result.records).toBeGreaterThan(0);
    const rows = await chainRows('440704.440704002.440704002001');
    expect(rows.at(-1)?.action).toBe('org.unit_create');
  });

  it('numbers each chain from 1 and links every record to the hash of the one before', async () => {
    const a = freshCommunity();
    const b = freshCommunity();
    const before = await verifyAuditChains(db);
    await record(a, { action: 'a.1' });
    await record(`${a}.g001`, { action: 'a.2' }); // a grid's record joins its community's chain
    await record(b, { action: 'b.1' });
    await record(a, { action: 'a.3' });
    const rowsA = await chainRows(chainFor(a));
    const rowsB = await chainRows(chainFor(b));
    expect(rowsA.map((r) => [r.seq, r.action])).toEqual([
      [1, 'a.1'],
      [2, 'a.2'],
      [3, 'a.3'],
    ]);
    expect(rowsB.map((r) => [r.seq, r.action])).toEqual([[1, 'b.1']]);
    expect(rowsA[0]?.prev_hash).toBe(GENESIS_HASH);
    expect(rowsA[1]?.prev_hash).toBe(rowsA[0]?.hash);
    expect(rowsA[2]?.prev_hash).toBe(rowsA[1]?.hash);
    expect(rowsB[0]?.prev_hash).toBe(GENESIS_HASH);
    const head = await db
      .selectFrom('audit_chain')
      .selectAll()
      .where('chain', '=', chainFor(a))
      .executeTakeFirstOrThrow();
    expect(head).toEqual({ chain: chainFor(a), seq: 3, head_hash: rowsA[2]?.hash });
    const after = await verifyAuditChains(db);
    expect(after).toEqual({ records: before.records + 4, chains: before.chains + 2, breaks: [] });
  });

  it('hashes what the database gives back: dates, key order, nested values and Chinese text all verify', async () => {
    const path = freshCommunity();
    await record(path, {
      before: { z: 1, a: { y: [3, 2, 1], b: null }, 名字: '王芳' },
      after: {
        when: new Date('2026-11-23T10:00:00+08:00'),
        dropped: undefined,
        list: [{ b: 2, a: 1 }],
        note: '“引号”\n换行',
      },
      targetType: 'person',
      targetId: '0199f0a2-aaaa-7bbb-8ccc-123456789abc',
      outcome: 'denied',
    });
    const [row] = await chainRows(chainFor(path));
    expect(row?.after).toEqual({ when: '2026-11-23T02:00:00.000Z', list: [{ a: 1, b: 2 }], note: '“引号”\n换行' });
    // The row read back carries its own hash column; it must not enter the hash.
    expect(hashRow(row as any)).toBe(row?.hash);
    expect((await verifyAuditChains(db)).breaks).toEqual([]);
  });

  it('refuses to update or delete a record while the append-only trigger is on', async () => {
    const path = freshCommunity();
    await record(path);
    const chain = chainFor(path);
    await expect(
      db.updateTable('audit_log').set({ action: 'rewritten' }).where('chain', '=', chain).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom('audit_log').where('chain', '=', chain).execute()).rejects.toThrow(/append-only/);
    expect((await chainRows(chain)).map((r) => r.action)).toEqual(['test.touch']);
  });

  type Tamper = (trx: Db, chain: string, rows: Awaited<ReturnType<typeof chainRows>>) => Promise<unknown>;
  const tampers: Array<[string, Tamper, number, string]> = [
    [
      "changing one record's after",
      (trx, chain) =>
        trx
          .updateTable('audit_log')
          .set({ after: JSON.stringify({ name: '改过的名字' }) })
          .where('chain', '=', chain)
          .where('seq', '=', 3)
          .execute(),
      3,
      'hash_mismatch',
    ],
    [
      "moving one record's time",
      (trx, chain) =>
        sql`update audit_log set at = at - interval '1 day' where chain = ${chain} and seq = 2`.execute(trx),
      2,
      'hash_mismatch',
    ],
    [
      'changing the actor of the first record',
      (trx, chain) =>
        trx
          .updateTable('audit_log')
          .set({ actor_name: 'someone.else' })
          .where('chain', '=', chain)
          .where('seq', '=', 1)
          .execute(),
      1,
      'hash_mismatch',
    ],
    [
      "rewriting a record and recomputing its own hash (the next record's link breaks)",
      async (trx, chain, rows) => {
        const original = rows[2] as any;
        const forged = { ...original, after: { name: '伪造' }, hash: undefined };
        await trx
          .updateTable('audit_log')
          .set({ after: JSON.stringify(forged.after), hash: hashRow(forged) })
          .where('chain', '=', chain)
          .where('seq', '=', 3)
          .execute();
      },
      4,
      'prev_hash_mismatch',
    ],
    [
      'deleting a middle record',
      (trx, chain) => trx.deleteFrom('audit_log').where('chain', '=', chain).where('seq', '=', 3).execute(),
      3,
      'seq_gap',
    ],
    [
      'deleting the last record',
      (trx, chain) => trx.deleteFrom('audit_log').where('chain', '=', chain).where('seq', '=', 5).execute(),
      5,
      'head_mismatch',
    ],
    [
      "rewinding the chain's head",
      (trx, chain, rows) =>
        trx
          .updateTable('audit_chain')
          .set({ seq: 4, head_hash: rows[3]?.hash as string })
          .where('chain', '=', chain)
          .execute(),
      5,
      'head_mismatch',
    ],
    [
      "changing the chain head's hash",
      (trx, chain) =>
        trx.updateTable('audit_chain').set({ head_hash: GENESIS_HASH }).where('chain', '=', chain).execute(),
      5,
      'head_mismatch',
    ],
  ];

  it.each(tampers)('detects %s and reports exactly that chain and record', async (_what, tamper, seq, problem) => {
    const path = freshCommunity();
    const chain = chainFor(path);
    for (let i = 1; i <= 5; i++) await record(path, { action: `step.${i}`, after: { step: i } });
    const rows = await chainRows(chain);
    const head = await db
      .selectFrom('audit_chain')
      .select(['seq', 'head_hash'])
      .where('chain', '=', chain)
      .executeTakeFirstOrThrow();
    expect((await verifyAuditChains(db)).breaks).toEqual([]);
    await asIntruder((trx) => tamper(trx, chain, rows));
    try {
      expect((await verifyAuditChains(db)).breaks).toEqual([{ chain, seq, problem }]);
    } finally {
      await restore(chain, rows, head);
    }
    expect((await verifyAuditChains(db)).breaks).toEqual([]);
  });

  it('gives 20 concurrent writers on one chain the numbers 1 to 20 with no gap and a valid chain', async () => {
    const path = freshCommunity();
    const chain = chainFor(path);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          // Some other work of the request first, so that the transactions really overlap.
          await sql`select pg_sleep(0.01)`.execute(trx);
          await recordAudit(
            trx,
            actor,
            { action: `concurrent.${i}`, orgPath: `${path}.g${String(i).padStart(3, '0')}` },
            t.clock(),
          );
        }),
      ),
    );
    const rows = await chainRows(chain);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.action)).size).toBe(20);
    expect((await verifyAuditChains(db)).breaks).toEqual([]);
  });

  it('reports no false break when records are appended while it verifies', async () => {
    const paths = [freshCommunity(), freshCommunity(), freshCommunity()];
    for (const path of paths) await record(path);
    let writing = true;
    const writers = paths.map(async (path) => {
      for (let i = 0; writing && i < 200; i++) await record(path, { action: `live.${i}` });
    });
    try {
      for (let round = 0; round < 5; round++) expect((await verifyAuditChains(db)).breaks).toEqual([]);
    } finally {
      writing = false;
      await Promise.all(writers);
    }
  });

  it('takes no number when the writing transaction rolls back', async () => {
    const path = freshCommunity();
    const chain = chainFor(path);
    await record(path, { action: 'kept.1' });
    await expect(
      db.transaction().execute(async (trx) => {
        await recordAudit(trx, actor, { action: 'rolled.back', orgPath: path }, t.clock());
        throw new Error('the request failed after auditing');
      }),
    ).rejects.toThrow('the request failed');
    await record(path, { action: 'kept.2' });
    expect((await chainRows(chain)).map((r) => [r.seq, r.action])).toEqual([
      [1, 'kept.1'],
      [2, 'kept.2'],
    ]);
    expect((await verifyAuditChains(db)).breaks).toEqual([]);
  });
  it("holds a request's records back until its work is done, then appends them in order on their chains", async () => {
    const path = freshCommunity();
    const other = freshCommunity();
    const chain = chainFor(path);
    await db.transaction().execute((trx) =>
      withDeferredAudits(trx, async () => {
        await recordAudit(trx, actor, { action: 'test.first', orgPath: path }, t.clock());
        await recordAudit(trx, actor, { action: 'test.elsewhere', orgPath: other }, t.clock());
        await recordAudit(trx, actor, { action: 'test.second', orgPath: `${path}.g001` }, t.clock());
        // Nothing is written, and the chain's head is not locked, while the work goes on.
        const head = await trx.selectFrom('audit_chain').select('seq').where('chain', '=', chain).executeTakeFirst();
        expect(head).toBeUndefined();
        const rows = await trx.selectFrom('audit_log').select('seq').where('chain', '=', chain).execute();
        expect(rows).toEqual([]);
      }),
    );
    expect((await chainRows(chain)).map((r) => [r.seq, r.action])).toEqual([
      [1, 'test.first'],
      [2, 'test.second'],
    ]);
    expect((await chainRows(chainFor(other))).map((r) => r.action)).toEqual(['test.elsewhere']);
    expect((await verifyAuditChains(db)).breaks).toEqual([]);
  });

  it('writes nothing when the work fails after recording', async () => {
    const path = freshCommunity();
    await expect(
      db.transaction().execute((trx) =>
        withDeferredAudits(trx, async () => {
          await recordAudit(trx, actor, { action: 'test.doomed', orgPath: path }, t.clock());
          throw new Error('refused');
        }),
      ),
    ).rejects.toThrow('refused');
    expect(await chainRows(chainFor(path))).toEqual([]);
  });
});
