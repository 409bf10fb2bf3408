/**
 * PGlite is one PostgreSQL session. These tests interleave transactions and plain queries on
 * it through our dialect and show that each transaction stays its own: what one rolls back
 * takes nobody else's work with it, and nobody reads what it has not committed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  sql,
} from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { openDatabase } from './database.ts';
import { PGliteDialect, SessionLease } from './pglite-dialect.ts';

interface TestDb {
  note: { id: number; who: string };
  counter: { id: number; n: number };
}

/** Resolves when `open` is called: lets a test hold a transaction open at a known point. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

async function setUp(db: Kysely<TestDb>) {
  await sql`create table note (id int primary key, who text not null)`.execute(db);
  await sql`create table counter (id int primary key, n int not null)`.execute(db);
  await sql`insert into counter values (1, 0)`.execute(db);
}

/**
 * T1 inserts, then stays open across a timer and fails; T2 and a plain read are issued while
 * T1 is open. Returns what each saw and what the table holds at the end.
 */
async function interleave(db: Kysely<TestDb>) {
  const t1Inserted = gate();
  const t1 = db.transaction().execute(async (trx) => {
    await trx.insertInto('note').values({ id: 1, who: 'T1' }).execute();
    t1Inserted.open();
    await sleep(30);
    throw new Error('T1 fails after its insert');
  });
  await t1Inserted.opened;
  const t2 = db.transaction().execute(async (trx) => {
    await trx.insertInto('note').values({ id: 2, who: 'T2' }).execute();
    return trx.selectFrom('note').select('who').orderBy('id').execute();
  });
  const plainRead = db.selectFrom('note').select('who').orderBy('id').execute();
  const [t1Result, t2Saw, plainSaw] = await Promise.allSettled([t1, t2, plainRead]);
  const after = await db.selectFrom('note').select('who').orderBy('id').execute();
  return { t1Result, t2Saw, plainSaw, after: after.map((r) => r.who) };
}

describe('the PGlite dialect serialises transactions', () => {
  let db: Kysely<TestDb>;
  beforeAll(async () => {
    db = new Kysely<TestDb>({ dialect: new PGliteDialect(await PGlite.create()) });
  });
  beforeEach(async () => {
    await sql`drop table if exists note, counter`.execute(db);
    await setUp(db);
  });
  afterAll(() => db.destroy());

  it("keeps T2's committed row and drops T1's rolled-back one, and no reader sees T1's uncommitted row", async () => {
    const { t1Result, t2Saw, plainSaw, after } = await interleave(db);
    expect(t1Result.status).toBe('rejected');
    expect((t1Result as PromiseRejectedResult).reason.message).toBe('T1 fails after its insert');
    // T2 ran after T1 ended: inside its own transaction it sees its row and not T1's.
    expect(t2Saw).toEqual({ status: 'fulfilled', value: [{ who: 'T2' }] });
    // The plain read was issued while T1 was open and still never saw T1's row.
    expect(plainSaw.status).toBe('fulfilled');
    expect((plainSaw as PromiseFulfilledResult<Array<{ who: string }>>).value.map((r) => r.who)).not.toContain('T1');
    expect(after).toEqual(['T2']);
  });

  it('makes 50 concurrent read-modify-write transactions end at exactly 50', async () => {
    await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction().execute(async (trx) => {
          const { n } = await trx.selectFrom('counter').select('n').where('id', '=', 1).executeTakeFirstOrThrow();
          // Yield between the read and the write so that unserialised transactions would interleave.
          await sleep(0);
          await trx
            .updateTable('counter')
            .set({ n: n + 1 })
            .where('id', '=', 1)
            .execute();
        }),
      ),
    );
    const { n } = await db.selectFrom('counter').select('n').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(n).toBe(50);
  });

  it('frees the session after a failing statement, inside a transaction or not', async () => {
    await expect(sql`select * from no_such_table`.execute(db)).rejects.toThrow(/no_such_table/);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('note').values({ id: 7, who: 'lost' }).execute();
        await trx.insertInto('note').values({ id: 7, who: 'duplicate' }).execute();
      }),
    ).rejects.toThrow(/duplicate key/);
    // Were the lease still held, or the failed transaction still open, this would hang or fail.
    await db.insertInto('note').values({ id: 8, who: 'after' }).execute();
    expect(await db.selectFrom('note').select('who').execute()).toEqual([{ who: 'after' }]);
  });

  it('runs a parameterless multi-statement script (a migration) as one call', async () => {
    await sql.raw(`insert into note values (10, 'a'); insert into note values (11, 'b');`).execute(db);
    expect(await db.selectFrom('note').select('id').orderBy('id').execute()).toEqual([{ id: 10 }, { id: 11 }]);
  });
});

describe('without the lease (as in the public dialect) the same interleaving corrupts work', () => {
  // The shape of an unserialised PGlite dialect: every caller shares the session freely.
  class SharedSessionDriver implements Driver {
    constructor(readonly pg: PGlite) {}
    async init() {}
    async acquireConnection(): Promise<DatabaseConnection> {
      const pg = this.pg;
      return {
        async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
          const r = await pg.query<R>(compiled.sql, compiled.parameters as unknown[]);
          return { rows: r.rows };
        },
        // biome-ignore lint/correctness/useYield: not used here
        async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
          throw new Error('unused');
        },
      };
    }
    async beginTransaction() {
      await this.pg.exec('begin');
    }
    async commitTransaction() {
      await this.pg.exec('commit');
    }
    async rollbackTransaction() {
      await this.pg.exec('rollback');
    }
    async releaseConnection() {}
    async destroy() {
      await this.pg.close();
    }
  }

  it("commits T1's failed work with T2's COMMIT and shows T1's uncommitted row to a plain read", async () => {
    const pg = await PGlite.create();
    const db = new Kysely<TestDb>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new SharedSessionDriver(pg),
        createQueryCompiler: () => new PostgresQueryCompiler(),
        createIntrospector: (k) => new PostgresIntrospector(k),
      },
    });
    try {
      await setUp(db);
      const { t1Result, plainSaw, after } = await interleave(db);
      // The bug the lease prevents: T2's BEGIN and INSERT ran inside T1's open transaction, so
      // T2's COMMIT committed T1's row too, and T1's failure rolled back nothing.
      expect(t1Result.status).toBe('rejected');
      expect(after).toEqual(['T1', 'T2']);
      expect((plainSaw as PromiseFulfilledResult<Array<{ who: string }>>).value.map((r) => r.who)).toContain('T1');
    } finally {
      await db.destroy();
    }
  });
});

describe('SessionLease', () => {
  it('grants the session in the order it was asked for, one holder at a time', async () => {
    const lease = new SessionLease();
    const order: number[] = [];
    let holders = 0;
    let maxHolders = 0;
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const release = await lease.acquire();
        holders++;
        maxHolders = Math.max(maxHolders, holders);
        order.push(i);
        // Later holders finish faster: a non-FIFO lease would let them overtake.
        await sleep(8 - i);
        holders--;
        release();
      }),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(maxHolders).toBe(1);
  });

  it('makes the next caller wait until the holder releases', async () => {
    const lease = new SessionLease();
    const first = await lease.acquire();
    let secondGranted = false;
    const second = lease.acquire().then((release) => {
      secondGranted = true;
      return release;
    });
    await sleep(10);
    expect(secondGranted).toBe(false);
    first();
    (await second)();
    expect(secondGranted).toBe(true);
  });
});

describe('the data directory lock', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongzhi-lock-'));
    dirs.push(dir);
    return dir;
  };
  const deadPid = () => {
    // A process that has surely exited: one we started and waited for.
    const child = spawnSync(process.execPath, ['-e', '0']);
    return child.pid as number;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });

  it('refuses a second open of a directory that is open, and frees it on close', async () => {
    const first = await openDatabase({ dataDir: dir });
    try {
      expect(readFileSync(join(dir, 'gongzhi.lock'), 'utf8')).toBe(String(process.pid));
      const second = openDatabase({ dataDir: dir });
      await expect(second).rejects.toBeInstanceOf(AppError);
      await expect(second).rejects.toMatchObject({ code: 'DATA_DIR_LOCKED', details: { dir, pid: process.pid } });
      await sql`create table kept (v text)`.execute(first.db);
      await sql`insert into kept values ('before close')`.execute(first.db);
    } finally {
      await first.close();
    }
    expect(() => readFileSync(join(dir, 'gongzhi.lock'))).toThrow(/ENOENT/);
    const reopened = await openDatabase({ dataDir: dir });
    try {
      const { rows } = await sql<{ v: string }>`select v from kept`.execute(reopened.db);
      expect(rows).toEqual([{ v: 'before close' }]);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a directory whose lock belongs to another live process, naming its pid', async () => {
    const other = tempDir();
    // The test runner's parent process is alive for as long as this test runs.
    writeFileSync(join(other, 'gongzhi.lock'), String(process.ppid));
    await expect(openDatabase({ dataDir: other })).rejects.toMatchObject({
      code: 'DATA_DIR_LOCKED',
      details: { dir: other, pid: process.ppid },
    });
    // Refusing must not have taken the lock over.
    expect(readFileSync(join(other, 'gongzhi.lock'), 'utf8')).toBe(String(process.ppid));
  });

  it.each([
    ['the pid of a process that has died', () => String(deadPid())],
    ['no pid at all', () => 'garbage'],
    // In a container the server is pid 1 after every restart: its own pid in a lock it does
    // not hold was left by its previous life.
    ['our own pid, left by an earlier run of this process id', () => String(process.pid)],
  ])('takes over a stale lock holding %s', async (_what, content) => {
    const stale = tempDir();
    writeFileSync(join(stale, 'gongzhi.lock'), content());
    const database = await openDatabase({ dataDir: stale });
    try {
      expect(readFileSync(join(stale, 'gongzhi.lock'), 'utf8')).toBe(String(process.pid));
      expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });
});
