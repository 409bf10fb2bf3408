/**
 * The cases' clocks (六不让: no report stranded, no work piling up), run every 5 minutes:
 *
 * `cases.sla`
 * - 超期: an open case past resolve_due_at is flagged overdue (timeline 'overdue', the month's
 *   tally overdue + 1) and escalated one level (0 community → 1 street → 2 district; timeline
 *   'escalate', outbox 'case.escalated');
 * - still overdue: once a further full SLA span (created → resolve due) has passed since the
 *   case's last escalation — the job's or a supervisor's — it goes up one more level;
 * - 未响应: a case still 'reported' past response_due_at (and not yet overdue) is escalated once.
 * Never beyond level 2 (the district). At the top level an overdue case is still flagged.
 *
 * `cases.autoclose`: a case resolved ≥ 7 days ago (UNRATED_CLOSE_DAYS) and never rated is closed
 * (timeline 'close', note 未评价自动办结, outbox 'case.closed').
 *
 * Each case is its own transaction: locked, read again and checked against the domain's
 * workflow, so a run that overlaps a person's action (or another run) does nothing twice.
 * Each step takes at most 500 cases a run (the oldest first); the next run takes the rest.
 * Every change is audited as the system.
 */
import { type CaseStatus, nextEscalationLevel, transition, UNRATED_CLOSE_DAYS } from '@gongzhi/domain';
import { sql } from 'kysely';
import { type Actor, recordAudits } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import type { JobHandler, RecurringJob } from '../../platform/jobs/runner.ts';
import type { CaseRow } from './case-access.ts';
import { tallyOverdue } from './tally.ts';
import { appendEvents, type TimelineEvent } from './timeline.ts';

export const SLA_JOB = 'cases.sla';
export const AUTOCLOSE_JOB = 'cases.autoclose';
/** The most cases one step of one run takes. */
export const SLA_BATCH = 500;

const OPEN: CaseStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress'];
const DAY_MS = 86_400_000;

const SYSTEM: Actor = { id: null, name: 'system', roles: [], ip: null, requestId: null };
/** How the timeline names the job. */
const TIMELINE_ACTOR = { id: null, name: '系统' };
const LEVEL_NAMES = ['社区', '街道', '区'] as const;

type Reason = 'overdue' | 'still_overdue' | 'response_overdue';
const REASON_NOTES: Record<Reason, string> = {
  overdue: '超过办结时限,自动升级至',
  still_overdue: '超期后又逾一个办理周期仍未办结,自动升级至',
  response_overdue: '超过响应时限仍未受理,自动升级至',
};

async function lockedCase(trx: Db, id: number): Promise<CaseRow | undefined> {
  return trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The escalate step for a locked open case, or null when it is at the top (or not open). */
function escalation(row: CaseRow, reason: Reason) {
  const level = nextEscalationLevel(row.escalation_level);
  if (level === null) return null;
  const t = transition(row.status as CaseStatus, 'escalate', { escalationLevel: row.escalation_level });
  if (!t.ok) return null;
  const event: TimelineEvent = {
    action: 'escalate',
    fromStatus: row.status,
    toStatus: t.to,
    note: `${REASON_NOTES[reason]}${LEVEL_NAMES[level]}`,
    detail: { from: row.escalation_level, level, reason, auto: true },
  };
  return { level, event };
}

/** Writes an escalation (and what came with it) for a locked case: row, timeline, outbox, audit. */
async function escalate(
  trx: Db,
  row: CaseRow,
  reason: Reason,
  now: Date,
  opts: { overdue?: boolean } = {},
): Promise<boolean> {
  const step = escalation(row, reason);
  if (!step && !opts.overdue) return false;
  const events: TimelineEvent[] = [];
  const audits = [];
  if (opts.overdue) {
    await trx.updateTable('cases').set({ overdue: true }).where('id', '=', row.id).execute();
    events.push({
      action: 'overdue',
      fromStatus: row.status,
      toStatus: row.status,
      note: '已超过办结时限',
      detail: { resolveDueAt: row.resolve_due_at.toISOString() },
    });
    await tallyOverdue(trx, row, now);
    await emitEvent(
      trx,
      'case.overdue',
      {
        caseUid: row.uid,
        receiptNo: row.receipt_no,
        status: row.status,
        resolveDueAt: row.resolve_due_at.toISOString(),
      },
      row.org_path,
      now,
    );
    audits.push({
      action: 'cases.overdue',
      targetType: 'case',
      targetId: row.uid,
      orgPath: row.org_path,
      before: { overdue: false },
      after: { overdue: true },
    });
  }
  if (step) {
    await trx.updateTable('cases').set({ escalation_level: step.level }).where('id', '=', row.id).execute();
    events.push(step.event);
    await emitEvent(
      trx,
      'case.escalated',
      {
        caseUid: row.uid,
        receiptNo: row.receipt_no,
        from: row.status,
        status: row.status,
        level: step.level,
        reason,
        auto: true,
      },
      row.org_path,
      now,
    );
    audits.push({
      action: 'cases.escalate',
      targetType: 'case',
      targetId: row.uid,
      orgPath: row.org_path,
      before: { escalationLevel: row.escalation_level },
      after: { escalationLevel: step.level, reason },
    });
  }
  await appendEvents(trx, row.id, TIMELINE_ACTOR, events, now);
  await recordAudits(trx, SYSTEM, audits, now);
  return true;
}

/** Runs `work` on each case id in its own transaction; counts those it changed. */
async function eachCase(db: Db, ids: number[], work: (trx: Db, row: CaseRow) => Promise<boolean>): Promise<number> {
  let done = 0;
  for (const id of ids) {
    const changed = await db.transaction().execute(async (trx) => {
      const row = await lockedCase(trx, id);
      return row ? work(trx, row) : false;
    });
    if (changed) done++;
  }
  return done;
}

/** 超期: open cases past their resolve deadline, not yet flagged — flag and escalate one level. */
export async function flagOverdue(db: Db, now: Date, batch = SLA_BATCH): Promise<number> {
  const due = await db
    .selectFrom('cases')
    .select('id')
    .where('status', 'in', OPEN)
    .where('resolve_due_at', '<', now)
    .where('overdue', '=', false)
    .orderBy('resolve_due_at')
    .limit(batch)
    .execute();
  return eachCase(
    db,
    due.map((r) => r.id),
    async (trx, row) => {
      if (row.overdue || !OPEN.includes(row.status as CaseStatus) || row.resolve_due_at >= now) return false;
      return escalate(trx, row, 'overdue', now, { overdue: true });
    },
  );
}

/** When the case may next go up a level for still being overdue: a full span after its last escalation. */
const lastEscalation = sql<Date>`coalesce(
  (select max(e.at) from case_event e where e.case_id = c.id and e.action = 'escalate'), c.resolve_due_at)`;

/** Overdue cases a further full SLA span past their last escalation: one level more. */
export async function escalateStillOverdue(db: Db, now: Date, batch = SLA_BATCH): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    select c.id from cases c
     where c.status in ('reported', 'accepted', 'dispatched', 'in_progress')
       and c.resolve_due_at < ${now} and c.overdue and c.escalation_level < 2
       and ${lastEscalation} + (c.resolve_due_at - c.created_at) <= ${now}
     order by c.resolve_due_at
     limit ${batch}`.execute(db);
  return eachCase(
    db,
    rows.map((r) => r.id),
    async (trx, row) => {
      // read again under the lock: a supervisor may have escalated it meanwhile
      const { rows: still } = await sql<{ ok: boolean }>`
        select ${lastEscalation} + (c.resolve_due_at - c.created_at) <= ${now} as ok
          from cases c where c.id = ${row.id}`.execute(trx);
      if (!row.overdue || !still[0]?.ok) return false;
      return escalate(trx, row, 'still_overdue', now);
    },
  );
}

/** 未响应: cases still 'reported' past their response deadline (not yet overdue), escalated once. */
export async function escalateUnanswered(db: Db, now: Date, batch = SLA_BATCH): Promise<number> {
  const unanswered = sql<boolean>`not exists (
    select 1 from case_event e where e.case_id = c.id and e.action = 'escalate' and e.detail->>'reason' = 'response_overdue')`;
  const { rows } = await sql<{ id: number }>`
    select c.id from cases c
     where c.status = 'reported' and c.response_due_at < ${now} and not c.overdue and c.escalation_level < 2
       and ${unanswered}
     order by c.response_due_at
     limit ${batch}`.execute(db);
  return eachCase(
    db,
    rows.map((r) => r.id),
    async (trx, row) => {
      if (row.status !== 'reported' || row.overdue) return false;
      const { rows: fresh } = await sql<{ ok: boolean }>`
        select ${unanswered} as ok from cases c where c.id = ${row.id}`.execute(trx);
      if (!fresh[0]?.ok) return false;
      return escalate(trx, row, 'response_overdue', now);
    },
  );
}

/** 未评价自动办结: resolved ≥ 7 days ago and never rated → closed. */
export async function closeUnrated(db: Db, now: Date, batch = SLA_BATCH): Promise<number> {
  const cutoff = new Date(now.getTime() - UNRATED_CLOSE_DAYS * DAY_MS);
  const due = await db
    .selectFrom('cases')
    .select('id')
    .where('status', '=', 'resolved')
    .where('resolved_at', '<=', cutoff)
    .where('rating', 'is', null)
    .orderBy('resolved_at')
    .limit(batch)
    .execute();
  return eachCase(
    db,
    due.map((r) => r.id),
    async (trx, row) => {
      if (row.status !== 'resolved' || row.rating !== null || !row.resolved_at || row.resolved_at > cutoff)
        return false;
      const t = transition('resolved', 'close');
      if (!t.ok) return false;
      await trx.updateTable('cases').set({ status: t.to, closed_at: now }).where('id', '=', row.id).execute();
      await appendEvents(
        trx,
        row.id,
        TIMELINE_ACTOR,
        [{ action: 'close', fromStatus: row.status, toStatus: t.to, note: '未评价自动办结', detail: { auto: true } }],
        now,
      );
      await emitEvent(
        trx,
        'case.closed',
        { caseUid: row.uid, receiptNo: row.receipt_no, from: row.status, status: t.to, auto: true },
        row.org_path,
        now,
      );
      await recordAudits(
        trx,
        SYSTEM,
        [
          {
            action: 'cases.close',
            targetType: 'case',
            targetId: row.uid,
            orgPath: row.org_path,
            before: { status: row.status },
            after: { status: t.to, auto: true, reason: 'unrated' },
          },
        ],
        now,
      );
      return true;
    },
  );
}

/** One run of `cases.sla`: what each step changed. */
export async function runSla(db: Db, clock: Clock) {
  const overdue = await flagOverdue(db, clock());
  const stillOverdue = await escalateStillOverdue(db, clock());
  const unanswered = await escalateUnanswered(db, clock());
  return { overdue, stillOverdue, unanswered };
}

/** Job handlers and recurring jobs of cases, for the platform's runner (cron in Asia/Shanghai). */
export function caseJobs(_deps: Pick<AppDeps, 'clock'>): {
  handlers: Record<string, JobHandler>;
  recurring: RecurringJob[];
} {
  return {
    handlers: {
      [SLA_JOB]: async ({ db, clock }) => {
        await runSla(db, clock);
      },
      [AUTOCLOSE_JOB]: async ({ db, clock }) => {
        await closeUnrated(db, clock());
      },
    },
    recurring: [
      { name: SLA_JOB, cron: '*/5 * * * *' },
      { name: AUTOCLOSE_JOB, cron: '*/5 * * * *' },
    ],
  };
}
