/**
 * The step engine's endpoint: completing a topic's current step. The server gathers the facts the
 * step needs — the meeting held for it (minutes, attendance, this topic on its agenda), the vote held
 * on this topic at this step (closed, with its verdict), the public notice's text and days, the
 * written result — and asks the domain's `completeStep`, which never lets a step be skipped. A failed
 * deciding vote rejects the topic; a publication step (the two 公开) publishes the resolution or the
 * outcome for its notice period. One transaction: the topic row, its timeline, the outbox, the audit.
 */
import type { CompleteStepBody, TopicDetail } from '@gongzhi/api';
import {
  completeStep,
  type ProcedureStep,
  recordsNeeded,
  type StepFacts,
  stepNotice,
  type TopicStatus,
  topicStatusAfter,
  voteFacts,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { invalid } from '../registry/person-data.ts';
import { appendTopicEvents, type TopicEvent } from './timeline.ts';
import * as repo from './topics-repo.ts';
import { managedTopic, reloadTopic } from './topics-service.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const STEP_PROBLEMS = {
  MEETING_UNKNOWN: {
    'zh-CN': '{f}:没有该会议,或该议题不在其议程中',
    en: '{f}: no such meeting with this topic on its agenda',
  },
  MEETING_KIND: {
    'zh-CN': '{f}:该步骤须由相应类型的会议完成',
    en: '{f}: this step needs a meeting of its own kind',
  },
  MEETING_USED: {
    'zh-CN': '{f}:该会议已用于完成此前的步骤',
    en: '{f}: that meeting completed an earlier step already',
  },
  VOTE_UNKNOWN: {
    'zh-CN': '{f}:没有就该议题此步骤进行的表决',
    en: "{f}: no vote on this topic's step",
  },
  NOTICE_DAYS: {
    'zh-CN': '{f}:公示期不能短于程序规定的天数',
    en: '{f}: the notice stays up at least the days the procedure sets',
  },
};

interface UsedRecords {
  meetings: Set<string>;
}

export function createStepsService(deps: { clock: Clock }) {
  const { clock } = deps;

  /** The meeting for the step: the one named, else the latest held one of the step's kind not used yet. */
  async function meetingFor(
    trx: Db,
    t: repo.TopicRow,
    step: ProcedureStep,
    body: CompleteStepBody,
    used: UsedRecords,
    issues: { field: string; code: string }[],
  ): Promise<repo.TopicMeetingRow | undefined> {
    const meetings = await repo.meetingsOfTopic(trx, t.id);
    if (body.meetingUid) {
      const m = meetings.find((x) => x.uid === body.meetingUid);
      if (!m || m.status === 'cancelled') issues.push({ field: 'meetingUid', code: 'MEETING_UNKNOWN' });
      else if (step.meetingKind && m.kind !== step.meetingKind)
        issues.push({ field: 'meetingUid', code: 'MEETING_KIND' });
      else if (used.meetings.has(m.uid)) issues.push({ field: 'meetingUid', code: 'MEETING_USED' });
      return m;
    }
    return meetings
      .filter((m) => m.status === 'held' && !used.meetings.has(m.uid))
      .filter((m) => !step.meetingKind || m.kind === step.meetingKind)
      .at(-1);
  }

  async function complete(
    trx: Db,
    scope: Scope,
    uid: string,
    index: number,
    body: CompleteStepBody,
  ): Promise<TopicDetail> {
    const now = clock();
    const t = await managedTopic(trx, scope, uid);
    const steps = t.steps ?? [];
    if (t.status !== 'open' && t.status !== 'decided')
      throw new AppError('DELIB_TOPIC_STATUS', 409, { status: t.status, action: 'complete_step' });
    // Refusals that need no facts first: a finished procedure, a skipped (or repeated) step.
    const early = completeStep(steps, t.current_step, index, {});
    if (!early.ok && early.reason === 'finished') throw new AppError('DELIB_STEP_FINISHED', 409);
    if (!early.ok && early.reason === 'skipped') {
      const current = steps[t.current_step] as ProcedureStep;
      throw new AppError('DELIB_STEP_SKIPPED', 409, {
        current: t.current_step,
        currentStep: { key: current.key, name: current.name, nameEn: current.nameEn },
        requested: index,
      });
    }
    const step = steps[index] as ProcedureStep;
    const needs = recordsNeeded(step);
    const events = await repo.eventsOf(trx, t.id);
    const used: UsedRecords = { meetings: new Set() };
    for (const e of events) {
      const m = (e.detail as { meeting?: { uid?: string } } | null)?.meeting?.uid;
      if (e.action === 'step_completed' && m) used.meetings.add(m);
    }

    // ── Gather the facts ──
    const issues: { field: string; code: string }[] = [];
    const facts: StepFacts = {};
    let meeting: repo.TopicMeetingRow | undefined;
    if (needs.includes('minutes') || needs.includes('attendance') || body.meetingUid) {
      meeting = await meetingFor(trx, t, step, body, used, issues);
      if (meeting?.status === 'held') {
        facts.minutes = meeting.minutes;
        facts.attendance = { called: meeting.called, present: meeting.present };
      }
    }
    let vote: repo.TopicVoteRow | undefined;
    if (needs.includes('vote') || body.voteUid) {
      const votes = (await repo.votesOfTopic(trx, t.id)).filter((v) => v.step === index && v.status !== 'cancelled');
      vote = body.voteUid ? votes.find((v) => v.uid === body.voteUid) : votes.at(-1);
      if (body.voteUid && !vote) issues.push({ field: 'voteUid', code: 'VOTE_UNKNOWN' });
      if (vote) facts.vote = voteFacts(vote);
    }
    const { text: noticeText, days: noticeDays } = stepNotice(step, body);
    if (needs.includes('notice')) {
      if (body.noticeDays !== undefined && body.noticeDays < (step.noticeDays ?? 0))
        issues.push({ field: 'noticeDays', code: 'NOTICE_DAYS' });
      if (noticeText) facts.notice = { text: noticeText, days: noticeDays };
    }
    const result = body.result ?? (needs.includes('result') ? body.outcome : undefined);
    if (result) facts.result = result;
    if (issues.length > 0) throw invalid(issues, scope.locale, STEP_PROBLEMS);

    const r = completeStep(steps, t.current_step, index, facts);
    if (!r.ok) {
      if (r.reason === 'missing')
        throw new AppError('DELIB_STEP_RECORD_MISSING', 409, {
          step: { index, key: step.key, name: step.name, nameEn: step.nameEn },
          missing: r.missing,
        });
      if (r.reason === 'vote_open')
        throw new AppError('DELIB_STEP_VOTE_OPEN', 409, {
          step: { index, key: step.key, name: step.name },
          vote: vote?.uid,
        });
      throw new AppError('DELIB_STEP_FINISHED', 409);
    }

    // ── Apply ──
    const to = topicStatusAfter(t.status as TopicStatus, r);
    // A failed vote completes its step (shown done, with the vote that failed) and ends the topic.
    const set: repo.TopicChanges = { status: to, current_step: r.rejected ? index + 1 : (r.next ?? steps.length) };
    const until = facts.notice ? new Date(now.getTime() + noticeDays * DAY_MS) : null;
    if (step.publishes === 'resolution' && facts.notice) {
      set.resolution = facts.notice.text;
      set.resolution_published_at = now;
      set.notice_until = until as Date;
    } else if (step.publishes === 'outcome' && facts.notice) {
      set.outcome = facts.notice.text;
      set.outcome_published_at = now;
      set.notice_until = until as Date;
    } else if (facts.notice) set.notice_until = until as Date;
    if (step.decidedBy !== 'notice') {
      if (body.resolution) set.resolution = body.resolution;
      if (body.outcome && !needs.includes('result')) set.outcome = body.outcome;
    }
    if (r.decided) {
      set.decided_at = now;
      if (!set.resolution && !t.resolution && meeting?.decision) set.resolution = meeting.decision;
    }
    await repo.updateTopic(trx, t.id, set, now);

    const detail: Record<string, unknown> = { key: step.key, name: step.name };
    if (meeting && facts.minutes !== undefined)
      detail.meeting = { uid: meeting.uid, title: meeting.title, attendance: facts.attendance };
    if (vote && facts.vote) detail.vote = { uid: vote.uid, title: vote.title, ...facts.vote };
    if (facts.notice)
      detail.notice = { text: facts.notice.text, days: noticeDays, until: until ? until.toISOString() : null };
    if (facts.result) detail.result = facts.result;
    if (step.publishes) detail.publishes = step.publishes;
    const actor = { id: scope.user.id, name: scope.user.displayName };
    const timeline: TopicEvent[] = [{ action: 'step_completed', step: index, note: body.note ?? null, detail }];
    if (r.rejected) timeline.push({ action: 'vote_failed', step: index, detail: { vote: vote?.uid ?? null } });
    if (r.decided) timeline.push({ action: 'decided', step: index });
    if (to === 'done') timeline.push({ action: 'done', step: index });
    await appendTopicEvents(trx, t.id, actor, timeline, now);

    const payload = { topicUid: t.uid, step: index, key: step.key, status: to };
    await emitEvent(trx, 'deliberation.topic_step_completed', payload, t.org_path, now);
    if (r.rejected) await emitEvent(trx, 'deliberation.topic_rejected', payload, t.org_path, now);
    if (r.decided) await emitEvent(trx, 'deliberation.topic_decided', payload, t.org_path, now);
    if (to === 'done') await emitEvent(trx, 'deliberation.topic_done', payload, t.org_path, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'deliberation.topic_step_completed',
        targetType: 'topic',
        targetId: t.uid,
        orgPath: t.org_path,
        before: { status: t.status, currentStep: t.current_step },
        after: { status: to, currentStep: set.current_step, step: detail },
      },
      now,
    );
    return reloadTopic(trx, scope, uid);
  }

  return { complete };
}
