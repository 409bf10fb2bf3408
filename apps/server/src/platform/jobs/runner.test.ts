import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import type { Db } from '../db/database.ts';
import { backoffMs, createJobRunner, enqueueJob, type JobHandler, nextCronRun, type RecurringJob } from './runner.ts';

const log = pino({ level: 'silent' });

describe('backoffMs and nextCronRun', () => {
  it('doubles the delay from 2 s with each attempt and caps it at an hour', () => {
    expect([1, 2, 3, 4, 5].map(backoffMs)).toEqual([2000, 4000, 8000, 16000, 32000]);
    expect(backoffMs(11)).toBe(2048_000);
    expect(backoffMs(12)).toBe(3600_000);
    expect(backoffMs(30)).toBe(3600_000);
  });

  it('reads cron times as Beijing time, across a month end', () => {
    // 03:17 every day in Asia/Shanghai is 19:17 UTC the day before.
    expect(nextCronRun('17 3 * * *', new Date('2026-11-23T02:00:00Z')).toISOString()).toBe('2026-11-23T19:17:00.000Z');
    // 09:00 on the 1st of each month (the monthly 六必访 visit lists).
    expect(nextCronRun('0 9 1 * *', new Date('2026-11-23T02:00:00Z')).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(nextCronRun('0 9 1 * *', new Date('2026-12-01T01:00:00Z')).toISOString()).toBe('2027-01-01T01:00:00.000Z');
  });
});

describe(`the job runner (${dbLabel})`, () => {
  let t: TestPlatform;
  let db: Db;
  beforeAll(async () => {
    t = await startTestPlatform({}, { seed: false });
    db = t.deps.db;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await db.deleteFrom('job').execute();
  });

  const runner = (handlers: Record<string, JobHandler>, recurring: RecurringJob[] = []) =>
    createJobRunner({ db, clock: t.clock, log, handlers, recurring });
  const jobs = () => db.selectFrom('job').selectAll().orderBy('id').execute();

  it('runs an enqueued job once with its payload and marks it done', async () => {
    const seen: unknown[] = [];
    await enqueueJob(db, 'visits.plan', { grid: 'g009', month: '2026-12' }, t.clock());
    const r = runner({ 'visits.plan': async ({ payload }) => void seen.push(payload) });
    expect(await r.drain()).toBe(1);
    expect(await r.drain()).toBe(0);
    expect(seen).toEqual([{ grid: 'g009', month: '2026-12' }]);
    const [job] = await jobs();
    expect(job).toMatchObject({
      status: 'done',
      attempts: 1,
      last_error: null,
      locked_by: null,
      finished_at: t.clock(),
    });
  });

  it('leaves a job for later until the clock reaches its run_at, then runs due jobs in run_at order', async () => {
    const ran: string[] = [];
    const handler: JobHandler = async ({ payload }) => void ran.push((payload as { n: string }).n);
    const now = t.clock().getTime();
    await enqueueJob(db, 'sla.check', { n: 'third' }, t.clock(), { runAt: new Date(now + 3000) });
    await enqueueJob(db, 'sla.check', { n: 'second' }, t.clock(), { runAt: new Date(now + 2000) });
    await enqueueJob(db, 'sla.check', { n: 'first' }, t.clock(), { runAt: new Date(now + 1000) });
    const r = runner({ 'sla.check': handler });
    expect(await r.drain()).toBe(0);
    t.clock.advance(2000);
    expect(await r.drain()).toBe(2);
    expect(ran).toEqual(['first', 'second']);
    t.clock.advance(1000);
    expect(await r.drain()).toBe(1);
    expect(ran).toEqual(['first', 'second', 'third']);
  });

  it('retries a failing job after 2 s, 4 s … and marks it failed after max_attempts', async () => {
    let calls = 0;
    const r = runner({
      'disclosure.publish': async () => {
        calls++;
        throw new Error(`公示 board unreachable (${calls})`);
      },
    });
    await enqueueJob(db, 'disclosure.publish', {}, t.clock(), { maxAttempts: 3 });
    for (let attempt = 1; attempt <= 2; attempt++) {
      expect(await r.drain()).toBe(1);
      const [job] = await jobs();
      expect(job).toMatchObject({
        status: 'queued',
        attempts: attempt,
        last_error: `公示 board unreachable (${attempt})`,
        locked_by: null,
      });
      expect(job?.run_at.getTime()).toBe(t.clock().getTime() + backoffMs(attempt));
      // Not a moment early.
      t.clock.advance(backoffMs(attempt) - 1);
      expect(await r.drain()).toBe(0);
      t.clock.advance(1);
    }
    expect(await r.drain()).toBe(1);
    const [job] = await jobs();
    expect(job).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: '公示 board unreachable (3)',
      finished_at: t.clock(),
    });
    t.clock.advance(3600_000);
    expect(await r.drain()).toBe(0);
    expect(calls).toBe(3);
  });

  it('fails a job that has no handler instead of losing it', async () => {
    await enqueueJob(db, 'nobody.handles', {}, t.clock(), { maxAttempts: 1 });
    expect(await runner({}).drain()).toBe(1);
    expect(await jobs()).toEqual([
      expect.objectContaining({ status: 'failed', last_error: 'no handler for job nobody.handles' }),
    ]);
  });

  it('keeps one queued job per dedupe_key, and takes the key again once the job is done', async () => {
    await enqueueJob(db, 'stats.rebuild', { v: 1 }, t.clock(), { dedupeKey: 'stats:440704002001' });
    await enqueueJob(db, 'stats.rebuild', { v: 2 }, t.clock(), { dedupeKey: 'stats:440704002001' });
    await enqueueJob(db, 'stats.rebuild', { v: 3 }, t.clock(), { dedupeKey: 'stats:440704002002' });
    expect((await jobs()).map((j) => j.payload)).toEqual([{ v: 1 }, { v: 3 }]);
    const seen: unknown[] = [];
    expect(await runner({ 'stats.rebuild': async ({ payload }) => void seen.push(payload) }).drain()).toBe(2);
    await enqueueJob(db, 'stats.rebuild', { v: 4 }, t.clock(), { dedupeKey: 'stats:440704002001' });
    expect((await jobs()).map((j) => [j.payload, j.status])).toEqual([
      [{ v: 1 }, 'done'],
      [{ v: 3 }, 'done'],
      [{ v: 4 }, 'queued'],
    ]);
  });

  it('schedules a recurring job at its next cron time in Asia/Shanghai and, after it runs, the one after', async () => {
    t.clock.set('2026-11-23T02:00:00Z'); // 10:00 in Beijing
    let runs = 0;
    const r = runner({ 'visits.monthly': async () => void runs++ }, [{ name: 'visits.monthly', cron: '0 9 1 * *' }]);
    expect(await r.drain()).toBe(0);
    expect(await r.drain()).toBe(0);
    expect(await jobs()).toEqual([
      expect.objectContaining({
        status: 'queued',
        dedupe_key: 'recurring:visits.monthly',
        run_at: new Date('2026-12-01T01:00:00Z'),
      }),
    ]);
    t.clock.set('2026-12-01T01:00:00Z'); // 09:00 on 1 December in Beijing
    expect(await r.drain()).toBe(1);
    expect(runs).toBe(1);
    const after = await jobs();
    expect(after.map((j) => [j.status, j.run_at.toISOString()])).toEqual([
      ['done', '2026-12-01T01:00:00.000Z'],
      ['queued', '2027-01-01T01:00:00.000Z'],
    ]);
  });

  it('requeues a job left running by a process that died, and leaves a live one alone', async () => {
    const now = t.clock().getTime();
    const base = {
      payload: '{}',
      run_at: new Date(now - 3600_000),
      created_at: new Date(now - 3600_000),
      status: 'running',
      attempts: 1,
    };
    await db
      .insertInto('job')
      .values([
        { ...base, name: 'report.build', locked_by: 'dead-host:4242', locked_at: new Date(now - 11 * 60_000) },
        { ...base, name: 'report.build', locked_by: 'live-host:4343', locked_at: new Date(now - 5 * 60_000) },
      ])
      .execute();
    const ran: number[] = [];
    expect(await runner({ 'report.build': async ({ jobId }) => void ran.push(jobId) }).drain()).toBe(1);
    const [stale, live] = await jobs();
    expect(ran).toEqual([stale?.id]);
    expect(stale).toMatchObject({ status: 'done', attempts: 2 });
    expect(live).toMatchObject({ status: 'running', locked_by: 'live-host:4343', attempts: 1 });
  });

  it('never runs a job twice when two runners drain the same queue at once', async () => {
    const runs = new Map<number, number>();
    const handler: JobHandler = async ({ jobId }) => {
      runs.set(jobId, (runs.get(jobId) ?? 0) + 1);
      await sleep(2);
    };
    for (let i = 0; i < 40; i++) await enqueueJob(db, 'points.settle', { i }, t.clock());
    const a = runner({ 'points.settle': handler });
    const b = runner({ 'points.settle': handler });
    const [ranA, ranB] = await Promise.all([a.drain(), b.drain()]);
    expect(ranA + ranB).toBe(40);
    // Both really took work from the shared queue.
    expect(ranA).toBeGreaterThan(0);
    expect(ranB).toBeGreaterThan(0);
    expect(runs.size).toBe(40);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect((await jobs()).every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
  });

  it('once started, picks up work by itself; stop waits for the job in hand', async () => {
    let finished = false;
    let started!: () => void;
    const picked = new Promise<void>((resolve) => {
      started = resolve;
    });
    const r = runner({
      'mediation.remind': async () => {
        started();
        await sleep(50);
        finished = true;
      },
    });
    r.start(10);
    await enqueueJob(db, 'mediation.remind', {}, t.clock());
    await picked;
    await r.stop();
    expect(finished).toBe(true);
    expect(await jobs()).toEqual([expect.objectContaining({ status: 'done' })]);
  });
});
