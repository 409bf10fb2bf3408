/**
 * A small job runner on the `job` table: due jobs are claimed with FOR UPDATE SKIP LOCKED,
 * so several server processes share the queue without running a job twice. Failures retry
 * with exponential backoff; recurring jobs (cron expressions, Asia/Shanghai) enqueue their
 * next run when one finishes. Works the same on PGlite and PostgreSQL.
 */
import { hostname } from 'node:os';
import { CronExpressionParser } from 'cron-parser';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';

export type JobHandler = (ctx: { db: Db; payload: unknown; clock: Clock; jobId: number }) => Promise<void>;

export interface RecurringJob {
  name: string;
  cron: string;
}

export interface EnqueueOptions {
  runAt?: Date;
  dedupeKey?: string;
  maxAttempts?: number;
}

export async function enqueueJob(db: Db, name: string, payload: unknown, now: Date, opts: EnqueueOptions = {}) {
  await sql`
    insert into job (name, payload, run_at, dedupe_key, max_attempts, created_at)
    values (${name}, ${JSON.stringify(payload ?? {})}::jsonb, ${opts.runAt ?? now}, ${opts.dedupeKey ?? null},
            ${opts.maxAttempts ?? 5}, ${now})
    on conflict (dedupe_key) where status in ('queued', 'running') do nothing`.execute(db);
}

export function nextCronRun(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz: 'Asia/Shanghai' }).next().toDate();
}

/** Delay before retry n (1-based): 2^n seconds, capped at an hour. */
export function backoffMs(attempt: number): number {
  return Math.min(3600_000, 2 ** attempt * 1000);
}

export interface JobRunner {
  /** Runs due jobs until none is left; returns how many ran. Tests call this directly. */
  drain(): Promise<number>;
  start(pollMs?: number): void;
  stop(): Promise<void>;
}

export function createJobRunner(deps: {
  db: Db;
  clock: Clock;
  log: Logger;
  handlers: Record<string, JobHandler>;
  recurring?: RecurringJob[];
  staleAfterMs?: number;
}): JobRunner {
  const worker = `${hostname()}:${process.pid}`;
  const recurring = new Map((deps.recurring ?? []).map((r) => [r.name, r]));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function scheduleRecurring(now: Date) {
    for (const r of recurring.values()) {
      await enqueueJob(deps.db, r.name, {}, now, { runAt: nextCronRun(r.cron, now), dedupeKey: `recurring:${r.name}` });
    }
  }

  async function requeueStale(now: Date) {
    // A job left 'running' by a process that died goes back to the queue.
    const cutoff = new Date(now.getTime() - (deps.staleAfterMs ?? 10 * 60_000));
    await deps.db
      .updateTable('job')
      .set({ status: 'queued', locked_by: null, locked_at: null })
      .where('status', '=', 'running')
      .where('locked_at', '<', cutoff)
      .execute();
  }

  async function claim(now: Date) {
    return deps.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        id: number;
        name: string;
        payload: unknown;
        attempts: number;
        max_attempts: number;
        dedupe_key: string | null;
      }>`
        select id, name, payload, attempts, max_attempts, dedupe_key from job
         where status = 'queued' and run_at <= ${now}
         order by run_at, id
         limit 1
         for update skip locked`.execute(trx);
      const job = rows[0];
      if (!job) return undefined;
      await trx
        .updateTable('job')
        .set({ status: 'running', locked_by: worker, locked_at: now, attempts: job.attempts + 1 })
        .where('id', '=', job.id)
        .execute();
      return { ...job, attempts: job.attempts + 1 };
    });
  }

  async function runOne(): Promise<boolean> {
    const now = deps.clock();
    const job = await claim(now);
    if (!job) return false;
    const handler = deps.handlers[job.name];
    try {
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      await handler({ db: deps.db, payload: job.payload, clock: deps.clock, jobId: job.id });
      await deps.db
        .updateTable('job')
        .set({ status: 'done', finished_at: deps.clock(), locked_by: null, last_error: null })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      const failed = job.attempts >= job.max_attempts;
      deps.log.warn({ err, job: job.name, id: job.id, attempt: job.attempts }, 'job failed');
      await deps.db
        .updateTable('job')
        .set({
          status: failed ? 'failed' : 'queued',
          run_at: new Date(deps.clock().getTime() + backoffMs(job.attempts)),
          last_error: String((err as Error).message ?? err).slice(0, 2000),
          locked_by: null,
          locked_at: null,
          finished_at: failed ? deps.clock() : null,
        })
        .where('id', '=', job.id)
        .execute();
    }
    const r = recurring.get(job.name);
    if (r && job.dedupe_key === `recurring:${r.name}`) {
      const after = deps.clock();
      await enqueueJob(deps.db, r.name, {}, after, {
        runAt: nextCronRun(r.cron, after),
        dedupeKey: `recurring:${r.name}`,
      });
    }
    return true;
  }

  async function drain(): Promise<number> {
    const now = deps.clock();
    await requeueStale(now);
    await scheduleRecurring(now);
    let count = 0;
    while (!stopped && (await runOne())) count++;
    return count;
  }

  return {
    drain,
    start(pollMs = 2000) {
      stopped = false;
      const tick = () => {
        running = drain()
          .catch((err) => deps.log.error({ err }, 'job runner tick failed'))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, pollMs);
          });
      };
      tick();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
