import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import type { Db } from '../db/database.ts';
import { type DomainEvent, deliverEvents, emitEvent, MAX_DELIVERY_ATTEMPTS, type Subscriber } from './outbox.ts';

describe(`the outbox (${dbLabel})`, () => {
  let t: TestPlatform;
  let db: Db;
  beforeAll(async () => {
    t = await startTestPlatform({}, { seed: false });
    db = t.deps.db;
    // What a subscribing module writes when it reacts to an event (e.g. a points ledger entry).
    await sql`create table reaction (event_id bigint not null, by text not null)`.execute(db);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await db.deleteFrom('outbox').execute();
    await sql`delete from reaction`.execute(db);
  });

  const emit = (topic: string, payload: unknown) =>
    db.transaction().execute((trx) => emitEvent(trx, topic, payload, '440704.440704002.440704002001', t.clock()));
  const events = () => db.selectFrom('outbox').selectAll().orderBy('id').execute();
  const reactions = async () =>
    (await sql<{ event_id: number; by: string }>`select event_id, by from reaction order by event_id, by`.execute(db))
      .rows;
  /** A subscriber that writes its reaction in the delivery transaction. */
  const reacting =
    (by: string, log?: string[]): Subscriber =>
    async (trx, event) => {
      log?.push(`${by}:${(event.payload as { n: number }).n}`);
      await sql`insert into reaction values (${event.id}, ${by})`.execute(trx);
    };

  it('leaves no event behind when the transaction that emitted it rolls back', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await emitEvent(trx, 'volunteers.checked_in', { n: 1 }, null, t.clock());
        throw new Error('the check-in failed');
      }),
    ).rejects.toThrow('the check-in failed');
    expect(await events()).toEqual([]);
    expect(await deliverEvents(db, { 'volunteers.checked_in': [reacting('points')] }, t.clock)).toBe(0);
  });

  it('calls the subscribers of each event in order, event by event, and marks each delivered', async () => {
    const log: string[] = [];
    await emit('volunteers.checked_in', { n: 1 });
    await emit('cases.resolved', { n: 2 });
    await emit('volunteers.checked_in', { n: 3 });
    const subscribers = {
      'volunteers.checked_in': [reacting('points', log), reacting('analytics', log)],
      'cases.resolved': [reacting('analytics', log)],
    };
    expect(await deliverEvents(db, subscribers, t.clock)).toBe(3);
    expect(log).toEqual(['points:1', 'analytics:1', 'analytics:2', 'points:3', 'analytics:3']);
    const delivered = await events();
    expect(delivered.map((e) => [e.delivered_at, e.attempts, e.last_error])).toEqual([
      [t.clock(), 1, null],
      [t.clock(), 1, null],
      [t.clock(), 1, null],
    ]);
    expect(await deliverEvents(db, subscribers, t.clock)).toBe(0);
    expect(log).toHaveLength(5);
  });

  it('hands the subscriber the event as it was emitted', async () => {
    const seen: DomainEvent[] = [];
    await emit('org.unit_created', { n: 1, unitId: 'u-1', path: '440704.440704002.440704002001.g009' });
    await deliverEvents(db, { 'org.unit_created': [async (_trx, e) => void seen.push(e)] }, t.clock);
    expect(seen).toEqual([
      {
        id: expect.any(Number),
        topic: 'org.unit_created',
        payload: { n: 1, unitId: 'u-1', path: '440704.440704002.440704002001.g009' },
        orgPath: '440704.440704002.440704002001',
        createdAt: t.clock(),
      },
    ]);
  });

  it('marks an event nobody subscribes to as delivered', async () => {
    await emit('nobody.listens', { n: 1 });
    expect(await deliverEvents(db, {}, t.clock)).toBe(1);
    expect((await events())[0]?.delivered_at).toEqual(t.clock());
  });

  it("rolls back a failing event's reactions, counts the failure, delivers the events after it and retries it next run", async () => {
    let broken = true;
    const flaky: Subscriber = async (_trx, event) => {
      if (broken && (event.payload as { n: number }).n === 2) throw new Error('积分账户不存在');
    };
    // The first subscriber writes, then the second throws: the write must roll back with it.
    const subscribers = { 'volunteers.checked_in': [reacting('points'), flaky] };
    for (const n of [1, 2, 3]) await emit('volunteers.checked_in', { n });
    expect(await deliverEvents(db, subscribers, t.clock)).toBe(2);
    const [first, second, third] = await events();
    expect(first).toMatchObject({ delivered_at: t.clock(), attempts: 1 });
    expect(second).toMatchObject({ delivered_at: null, attempts: 1, last_error: '积分账户不存在' });
    expect(third).toMatchObject({ delivered_at: t.clock(), attempts: 1 });
    expect(await reactions()).toEqual([
      { event_id: first?.id, by: 'points' },
      { event_id: third?.id, by: 'points' },
    ]);

    // Still broken on the next run: one more attempt, nothing else happens.
    expect(await deliverEvents(db, subscribers, t.clock)).toBe(0);
    expect((await events())[1]).toMatchObject({ delivered_at: null, attempts: 2 });

    broken = false;
    t.clock.advance(60_000);
    expect(await deliverEvents(db, subscribers, t.clock)).toBe(1);
    expect((await events())[1]).toMatchObject({ delivered_at: t.clock(), attempts: 3 });
    expect((await reactions()).map((r) => r.event_id)).toEqual([first?.id, second?.id, third?.id]);
  });

  it(`gives up on an event after ${MAX_DELIVERY_ATTEMPTS} failed deliveries (dead letter) while later events flow`, async () => {
    let calls = 0;
    const subscribers = {
      'charity.donated': [
        async () => {
          calls++;
          throw new Error('ledger offline');
        },
      ],
      'cases.resolved': [reacting('analytics')],
    };
    await emit('charity.donated', { n: 1 });
    for (let run = 1; run <= MAX_DELIVERY_ATTEMPTS; run++) await deliverEvents(db, subscribers, t.clock);
    expect(calls).toBe(MAX_DELIVERY_ATTEMPTS);
    await emit('cases.resolved', { n: 2 });
    expect(await deliverEvents(db, subscribers, t.clock)).toBe(1);
    expect(calls).toBe(MAX_DELIVERY_ATTEMPTS);
    const [dead, later] = await events();
    expect(dead).toMatchObject({ delivered_at: null, attempts: MAX_DELIVERY_ATTEMPTS, last_error: 'ledger offline' });
    expect(later).toMatchObject({ delivered_at: t.clock(), attempts: 1 });
  });

  it('delivers at most `batch` events per run and the rest on the next', async () => {
    for (let n = 1; n <= 5; n++) await emit('cases.resolved', { n });
    const log: string[] = [];
    const subscribers = { 'cases.resolved': [reacting('analytics', log)] };
    expect(await deliverEvents(db, subscribers, t.clock, 3)).toBe(3);
    expect(await deliverEvents(db, subscribers, t.clock, 3)).toBe(2);
    expect(log).toEqual(['analytics:1', 'analytics:2', 'analytics:3', 'analytics:4', 'analytics:5']);
  });

  it('settles events nobody subscribes to in bulk, beyond the batch, without holding up the others', async () => {
    for (let n = 1; n <= 6; n++) await emit(n % 3 === 0 ? 'cases.resolved' : 'visits.recorded', { n });
    const log: string[] = [];
    const subscribers = { 'cases.resolved': [reacting('analytics', log)] };
    // Four unheard events settled at once, and one heard event of the batch of one.
    expect(await deliverEvents(db, subscribers, t.clock, 1)).toBe(5);
    expect(log).toEqual(['analytics:3']);
    expect(await deliverEvents(db, subscribers, t.clock, 1)).toBe(1);
    expect(log).toEqual(['analytics:3', 'analytics:6']);
    expect((await events()).every((e) => e.delivered_at !== null && e.attempts === 1)).toBe(true);
  });

  it('delivers every event exactly once when two deliverers run at the same time', async () => {
    for (let n = 1; n <= 30; n++) await emit('cases.resolved', { n });
    const calls = new Map<number, number>();
    const counting: Subscriber = async (trx, event) => {
      calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
      await sql`select pg_sleep(0.002)`.execute(trx);
    };
    const subscribers = { 'cases.resolved': [counting] };
    const [a, b] = await Promise.all([
      deliverEvents(db, subscribers, t.clock),
      deliverEvents(db, subscribers, t.clock),
    ]);
    expect(a + b).toBe(30);
    expect(calls.size).toBe(30);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    expect((await events()).every((e) => e.delivered_at !== null && e.attempts === 1)).toBe(true);
  });
});
