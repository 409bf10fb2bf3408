/**
 * Topics (议题): a resident proposes one and neighbours co-sign it (联名) until it reaches the
 * district's threshold and goes to staff's queue; staff start it with a procedure (or open one at
 * once, also from a deliberable case — both linked in one transaction), edit it until a vote on it
 * opens, reject it with a reason; the proposer may withdraw it. The step engine is steps-service.ts.
 * Every write is one transaction: the row, the timeline (timeline.ts), notices, the outbox, the audit.
 */
import type {
  CreateTopicBody,
  PatchTopicBody,
  ProposeTopicBody,
  RejectTopicBody,
  StartTopicBody,
  TopicAction,
  TopicDetail,
  TopicList,
  TopicListQuery,
  TopicSource,
  TopicStatus,
  TopicStepRecords,
  TopicStepView,
  TopicSummary,
  WithdrawTopicBody,
} from '@gongzhi/api';
import {
  copySteps,
  DEFAULT_PROCEDURE_CODE,
  type TopicStatus as DomainTopicStatus,
  maskName,
  type ProcedureStep,
  recordsNeeded,
  stepStates,
  topicTransition,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { caseFor } from '../cases/case-access.ts';
import { createWorkflowService } from '../cases/workflow-service.ts';
import { notify } from '../notices/notices-service.ts';
import { unitForScope } from '../org/service.ts';
import { invalid } from '../registry/person-data.ts';
import { procedureByCode, seedProcedures } from './procedures-repo.ts';
import { findResident, type Resident } from './residents.ts';
import { appendTopicEvents, type TopicEvent } from './timeline.ts';
import * as repo from './topics-repo.ts';

export const TOPIC_NOT_FOUND = 'DELIB_TOPIC_NOT_FOUND';
/** Co-signatures a proposal needs when the district sets none (app_setting 'deliberation.support_threshold:<id>'). */
export const DEFAULT_SUPPORT_THRESHOLD = 10;

export const TOPIC_PROBLEMS = {
  UNIT_NOT_COMMUNITY: { 'zh-CN': '{f}:议题须属于一个社区或村', en: '{f}: a topic belongs to a community or village' },
  COMMUNITY_REQUIRED: {
    'zh-CN': '{f}:请指定社区(村)、议事会或来源诉求',
    en: '{f}: name a community, a council or the case it comes from',
  },
  COUNCIL_UNKNOWN: { 'zh-CN': '{f}:本社区(村)没有该议事会', en: '{f}: no such council in the community' },
  PROCEDURE_UNKNOWN: { 'zh-CN': '{f}:本区没有该议事程序或已停用', en: '{f}: no such active procedure in the district' },
  CASE_NOT_DELIBERABLE: {
    'zh-CN': '{f}:该诉求的类别不可转入议事',
    en: '{f}: the case’s category cannot go to deliberation',
  },
  CASE_LINKED: { 'zh-CN': '{f}:该诉求已关联议题', en: '{f}: the case is linked to a topic already' },
  STAFF_ONLY: { 'zh-CN': '{f}:只有工作人员可以修改', en: '{f}: only staff may change it' },
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Staff read (deliberation:read) and residents (deliberation:self) may ask; anyone else is refused. */
export function requireReader(scope: Scope): void {
  if (!hasPermission(scope, 'deliberation:read') && !hasPermission(scope, 'deliberation:self'))
    throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
}

export interface TopicViewer {
  staff: boolean;
  manage: boolean;
  resident: Resident | null;
  /** the caller proposed it */
  proposer: boolean;
  userId: number;
}

/** Who the caller is to the topic; a topic they may not see is 404. */
export async function topicViewer(db: Db, scope: Scope, t: repo.TopicRow): Promise<TopicViewer> {
  requireReader(scope);
  const proposer = t.proposer_user_id === scope.user.id;
  if (canAt(scope, 'deliberation:read', t.org_path))
    return {
      staff: true,
      manage: canAt(scope, 'deliberation:manage', t.org_path),
      resident: null,
      proposer,
      userId: scope.user.id,
    };
  if (hasPermission(scope, 'deliberation:self')) {
    const me = await findResident(db, scope.user.id);
    if (me && me.communityId === t.community_id && (t.public || proposer))
      return { staff: false, manage: false, resident: me, proposer, userId: scope.user.id };
  }
  throw new AppError(TOPIC_NOT_FOUND, 404);
}

/** The topic by uid as the caller may see it (404 otherwise); `lock` holds its row until commit. */
export async function topicFor(
  db: Db,
  scope: Scope,
  uid: string,
  lock = false,
): Promise<{ t: repo.TopicRow; viewer: TopicViewer }> {
  const t = await repo.topicByUid(db, uid, lock);
  if (!t) throw new AppError(TOPIC_NOT_FOUND, 404);
  return { t, viewer: await topicViewer(db, scope, t) };
}

/** A topic the caller runs (deliberation:manage at its path): 404 unseen, 403 seen but not theirs to run. */
export async function managedTopic(trx: Db, scope: Scope, uid: string): Promise<repo.TopicRow> {
  const t = await repo.topicByUid(trx, uid, true);
  if (!t || !canAt(scope, 'deliberation:read', t.org_path)) throw new AppError(TOPIC_NOT_FOUND, 404);
  if (!canAt(scope, 'deliberation:manage', t.org_path))
    throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:manage' });
  return t;
}

export function summaryOf(t: repo.TopicRow): TopicSummary {
  const steps = t.steps ?? [];
  const live = t.status === 'open' || t.status === 'decided';
  return {
    uid: t.uid,
    title: t.title,
    status: t.status as TopicStatus,
    source: t.source as TopicSource,
    public: t.public,
    community: { uid: t.community_uid, name: t.community_name, code: t.community_code },
    council: t.council_uid ? { uid: t.council_uid, name: t.council_name as string } : null,
    procedure: t.procedure_code
      ? { code: t.procedure_code, name: t.procedure_name ?? t.procedure_code, nameEn: t.procedure_name_en }
      : null,
    currentStep: t.current_step,
    stepCount: steps.length,
    currentStepName: live ? (steps[t.current_step]?.name ?? null) : null,
    supportCount: t.support_count,
    supportThreshold: t.support_threshold,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
    decidedAt: iso(t.decided_at),
  };
}

/** What the viewer may do with the topic now. */
function actionsFor(t: repo.TopicRow, v: TopicViewer, supported: boolean, locked: boolean): TopicAction[] {
  const status = t.status as DomainTopicStatus;
  const out: TopicAction[] = [];
  const editable = (status === 'proposed' || status === 'open') && !locked;
  if (editable && (v.manage || v.proposer)) out.push('edit');
  if (v.resident && !v.proposer && status === 'proposed' && t.public && !supported) out.push('support');
  if (v.manage && topicTransition(status, 'start')) out.push('start');
  if (v.manage && topicTransition(status, 'reject')) out.push('reject');
  if (v.proposer && topicTransition(status, 'withdraw')) out.push('withdraw');
  if (v.manage && (status === 'open' || status === 'decided') && t.current_step < (t.steps ?? []).length)
    out.push('complete_step');
  return out;
}

interface StepDetail {
  meeting?: { uid: string };
  vote?: { uid: string };
  notice?: { text: string; days: number; until: string | null };
  result?: string;
}

/** The topic as the viewer sees it: steps with their records, timeline, allowed actions. */
export async function topicDetail(db: Db, t: repo.TopicRow, v: TopicViewer): Promise<TopicDetail> {
  const steps = t.steps ?? [];
  const [events, meetings, votes, supported, locked] = await Promise.all([
    repo.eventsOf(db, t.id),
    steps.length > 0 ? repo.meetingsOfTopic(db, t.id) : Promise.resolve([]),
    steps.length > 0 ? repo.votesOfTopic(db, t.id) : Promise.resolve([]),
    repo.hasSupported(db, t.id, v.userId),
    repo.voteStarted(db, t.id),
  ]);
  const completed = new Map<number, repo.EventRow>();
  for (const e of events) if (e.action === 'step_completed' && e.step !== null) completed.set(e.step, e);
  const usedMeetings = new Set<string>();
  for (const e of completed.values()) {
    const uid = (e.detail as StepDetail | null)?.meeting?.uid;
    if (uid) usedMeetings.add(uid);
  }
  const states = stepStates(steps, t.current_step, t.status as DomainTopicStatus);
  const meetingView = (m: repo.TopicMeetingRow) => ({
    uid: m.uid,
    title: m.title,
    kind: m.kind,
    startsAt: m.starts_at.toISOString(),
    status: m.status,
    decision: m.decision,
    attendance: m.status === 'held' ? { called: m.called, present: m.present } : null,
  });
  const stepViews: TopicStepView[] = steps.map((s: ProcedureStep, index) => {
    const done = completed.get(index);
    const d = (done?.detail ?? null) as StepDetail | null;
    const needsMeeting = s.needs.includes('minutes') || s.needs.includes('attendance') || s.meetingKind !== undefined;
    const stepMeetings = done
      ? meetings.filter((m) => m.uid === d?.meeting?.uid)
      : states[index] === 'current' && needsMeeting
        ? meetings.filter((m) => !usedMeetings.has(m.uid) && (!s.meetingKind || m.kind === s.meetingKind))
        : [];
    const records: TopicStepRecords = {
      meetings: stepMeetings.map(meetingView),
      votes: votes
        .filter((x) => x.step === index)
        .map((x) => ({
          uid: x.uid,
          title: x.title,
          status: x.status,
          quorumMet: x.status === 'closed' ? (x.result?.quorumMet ?? null) : null,
          passed: x.status === 'closed' ? (x.result?.passed ?? null) : null,
        })),
      notice:
        d?.notice && done
          ? { text: d.notice.text, from: done.at.toISOString(), until: d.notice.until, days: d.notice.days }
          : null,
      result: d?.result ?? null,
      note: done?.note ?? null,
      completedAt: done ? done.at.toISOString() : null,
      completedBy: done ? (v.staff ? done.actor_name : null) : null,
    };
    return {
      index,
      key: s.key,
      name: s.name,
      nameEn: s.nameEn,
      actor: s.actor,
      meetingKind: s.meetingKind ?? null,
      needs: recordsNeeded(s),
      decidedBy: s.decidedBy,
      vote: s.vote ?? null,
      noticeDays: s.noticeDays ?? null,
      publishes: s.publishes ?? null,
      state: states[index] ?? 'waiting',
      records,
    };
  });
  const proposerName = t.proposer_name;
  return {
    ...summaryOf(t),
    description: t.description,
    proposer:
      t.proposer_user_id !== null && proposerName
        ? { name: v.staff || v.proposer ? proposerName : maskName(proposerName), me: v.proposer }
        : null,
    steps: stepViews,
    resolution: t.resolution,
    outcome: t.outcome,
    resolutionPublishedAt: iso(t.resolution_published_at),
    outcomePublishedAt: iso(t.outcome_published_at),
    noticeUntil: iso(t.notice_until),
    case: t.case_id === null ? null : v.staff ? { uid: t.case_uid, title: t.case_title } : { uid: null, title: null },
    timeline: events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      action: e.action,
      actorName:
        e.actor_name === null ? null : v.staff || e.actor_id === v.userId ? e.actor_name : maskName(e.actor_name),
      step: e.step,
      note: e.note,
      detail: v.staff ? e.detail : null,
    })),
    supportedByMe: supported,
    allowedActions: actionsFor(t, v, supported, locked),
  };
}

/** The topic as the caller now sees it (after a write, in the same transaction). */
export async function reloadTopic(db: Db, scope: Scope, uid: string): Promise<TopicDetail> {
  const { t, viewer } = await topicFor(db, scope, uid);
  return topicDetail(db, t, viewer);
}

/**
 * The district's active procedure by code, its steps copied for a topic; the domain's procedures
 * are seeded in the district first (idempotent), so a fresh district has them.
 */
export async function stepsOfProcedure(
  trx: Db,
  districtId: number,
  code: string,
  now: Date,
  locale: Scope['locale'],
): Promise<ProcedureStep[]> {
  await seedProcedures(trx, districtId, now);
  const p = await procedureByCode(trx, districtId, code);
  if (!p?.active) throw invalid([{ field: 'procedure', code: 'PROCEDURE_UNKNOWN' }], locale, TOPIC_PROBLEMS);
  return copySteps({ code: p.code, name: p.name, nameEn: p.name_en ?? '', steps: p.steps });
}

const timelineActor = (scope: Scope) => ({ id: scope.user.id, name: scope.user.displayName });

export function createTopicsService(deps: { clock: Clock }) {
  const { clock } = deps;
  const workflow = createWorkflowService({ clock });

  async function audit(
    trx: Db,
    scope: Scope,
    action: string,
    t: { uid: string; org_path: string },
    after: unknown,
    before?: unknown,
  ) {
    await recordAudit(
      trx,
      actorOf(scope),
      { action: `deliberation.${action}`, targetType: 'topic', targetId: t.uid, orgPath: t.org_path, before, after },
      clock(),
    );
  }

  async function councilOf(trx: Db, uid: string, communityId: number | null) {
    const c = await repo.councilInCommunity(trx, uid);
    if (!c || (communityId !== null && c.community_id !== communityId)) return undefined;
    return c;
  }

  // ── Reads ───────────────────────────────────────────────────────────────────────────────────
  async function list(db: Db, scope: Scope, q: TopicListQuery): Promise<TopicList> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const filter: repo.TopicFilter = { status: q.status, q: q.q?.trim() || undefined };
    if (hasPermission(scope, 'deliberation:read')) {
      filter.paths = q.unit
        ? [(await unitForScope(db, scope, { uid: q.unit }, 'deliberation:read')).path]
        : pathsWith(scope, 'deliberation:read');
    } else if (hasPermission(scope, 'deliberation:self')) {
      const me = await findResident(db, scope.user.id);
      if (!me) return { items: [], total: 0, page, pageSize };
      filter.resident = { communityId: me.communityId, userId: scope.user.id };
    } else throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
    if (q.council) {
      const c = await repo.councilInCommunity(db, q.council);
      filter.councilId = c?.id ?? -1;
    }
    const { rows, total } = await repo.listTopics(db, filter, page, pageSize);
    return { items: rows.map(summaryOf), total, page, pageSize };
  }

  async function get(db: Db, scope: Scope, uid: string): Promise<TopicDetail> {
    return reloadTopic(db, scope, uid);
  }

  // ── Staff open a topic ──────────────────────────────────────────────────────────────────────
  async function create(trx: Db, scope: Scope, body: CreateTopicBody): Promise<TopicDetail> {
    const now = clock();
    let community: { id: number; path: string; districtId: number } | undefined;
    let caseRow: Awaited<ReturnType<typeof caseFor>> | undefined;
    const issues: { field: string; code: string }[] = [];
    if (body.caseUid) {
      caseRow = await caseFor(trx, scope, body.caseUid, 'cases:dispatch', { lock: true });
      if (!(await repo.caseCategoryDeliberable(trx, caseRow.category_id)))
        issues.push({ field: 'caseUid', code: 'CASE_NOT_DELIBERABLE' });
      else if (caseRow.topic_uid) issues.push({ field: 'caseUid', code: 'CASE_LINKED' });
      const u = await unitForScope(
        trx,
        scope,
        { uid: await unitUidOf(trx, caseRow.community_id) },
        'deliberation:manage',
      );
      community = { id: u.id, path: u.path, districtId: u.districtId };
    } else if (body.unit) {
      const u = await unitForScope(trx, scope, { uid: body.unit }, 'deliberation:manage');
      if (u.kind !== 'community' && u.kind !== 'village') issues.push({ field: 'unit', code: 'UNIT_NOT_COMMUNITY' });
      community = { id: u.id, path: u.path, districtId: u.districtId };
    }
    let councilId: number | null = null;
    if (body.council) {
      const c = await councilOf(trx, body.council, community?.id ?? null);
      if (!c || !canAt(scope, 'deliberation:manage', c.org_path))
        issues.push({ field: 'council', code: 'COUNCIL_UNKNOWN' });
      else {
        councilId = c.id;
        if (!community) {
          const u = await unitForScope(
            trx,
            scope,
            { uid: await unitUidOf(trx, c.community_id) },
            'deliberation:manage',
          );
          community = { id: u.id, path: u.path, districtId: u.districtId };
        }
      }
    }
    if (!community && issues.length === 0) issues.push({ field: 'unit', code: 'COMMUNITY_REQUIRED' });
    if (issues.length > 0) throw invalid(issues, scope.locale, TOPIC_PROBLEMS);
    const where = community as { id: number; path: string; districtId: number };
    const code = body.procedure ?? DEFAULT_PROCEDURE_CODE;
    const steps = await stepsOfProcedure(trx, where.districtId, code, now, scope.locale);
    const id = await repo.insertTopic(trx, {
      uid: body.uid,
      communityId: where.id,
      orgPath: where.path,
      councilId,
      title: body.title.trim(),
      description: body.description.trim(),
      source: caseRow ? 'case' : 'staff',
      caseId: caseRow?.id ?? null,
      proposerUserId: null,
      proposerPersonId: null,
      status: 'open',
      public: body.public ?? true,
      supportThreshold: 0,
      procedureCode: code,
      steps,
      createdBy: scope.user.id,
      now,
    });
    if (id === undefined) throw new AppError('DELIB_TOPIC_EXISTS', 409);
    const events: TopicEvent[] = [
      { action: 'created', detail: { source: caseRow ? 'case' : 'staff', case: caseRow?.uid ?? null } },
      { action: 'started', detail: { procedure: code } },
    ];
    await appendTopicEvents(trx, id, timelineActor(scope), events, now);
    // From a case: the case gets its link (and its own timeline row) through the cases workflow.
    if (caseRow && body.caseUid) await workflow.linkTopic(trx, scope, body.caseUid, { topicUid: body.uid });
    await emitEvent(
      trx,
      'deliberation.topic_opened',
      { topicUid: body.uid, procedure: code, caseUid: caseRow?.uid ?? null },
      where.path,
      now,
    );
    await audit(
      trx,
      scope,
      'topic_created',
      { uid: body.uid, org_path: where.path },
      {
        title: body.title,
        procedure: code,
        case: caseRow?.uid ?? null,
        public: body.public ?? true,
      },
    );
    return reloadTopic(trx, scope, body.uid);
  }

  async function unitUidOf(trx: Db, unitId: number): Promise<string> {
    const u = await trx.selectFrom('org_unit').select('uid').where('id', '=', unitId).executeTakeFirstOrThrow();
    return u.uid;
  }

  // ── A resident proposes ─────────────────────────────────────────────────────────────────────
  async function propose(trx: Db, scope: Scope, body: ProposeTopicBody): Promise<TopicDetail> {
    const now = clock();
    const me = await findResident(trx, scope.user.id);
    if (!me) throw new AppError(TOPIC_NOT_FOUND, 404);
    const district = await trx
      .selectFrom('org_unit')
      .select(['id', 'district_id'])
      .where('id', '=', me.communityId)
      .executeTakeFirstOrThrow();
    const setting = await repo.districtSetting(
      trx,
      'deliberation.support_threshold',
      district.district_id ?? district.id,
    );
    const threshold =
      typeof setting === 'number' && Number.isInteger(setting) && setting >= 0 ? setting : DEFAULT_SUPPORT_THRESHOLD;
    const id = await repo.insertTopic(trx, {
      uid: body.uid,
      communityId: me.communityId,
      orgPath: me.communityPath,
      councilId: null,
      title: body.title.trim(),
      description: body.description.trim(),
      source: 'proposal',
      caseId: null,
      proposerUserId: scope.user.id,
      proposerPersonId: me.personId,
      status: 'proposed',
      public: true,
      supportThreshold: threshold,
      procedureCode: null,
      steps: null,
      createdBy: scope.user.id,
      now,
    });
    if (id === undefined) throw new AppError('DELIB_TOPIC_EXISTS', 409);
    await appendTopicEvents(trx, id, timelineActor(scope), [{ action: 'proposed', detail: { threshold } }], now);
    await emitEvent(trx, 'deliberation.topic_proposed', { topicUid: body.uid }, me.communityPath, now);
    await audit(
      trx,
      scope,
      'topic_proposed',
      { uid: body.uid, org_path: me.communityPath },
      {
        title: body.title,
        threshold,
      },
    );
    return reloadTopic(trx, scope, body.uid);
  }

  // ── Edit ────────────────────────────────────────────────────────────────────────────────────
  async function patch(trx: Db, scope: Scope, uid: string, body: PatchTopicBody): Promise<TopicDetail> {
    const now = clock();
    const { t, viewer } = await topicFor(trx, scope, uid, true);
    if (!viewer.manage && !viewer.proposer) {
      if (viewer.staff) throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:manage' });
      throw new AppError('DELIB_TOPIC_NOT_PROPOSER', 403);
    }
    if (t.status !== 'proposed' && t.status !== 'open')
      throw new AppError('DELIB_TOPIC_STATUS', 409, { status: t.status });
    if (await repo.voteStarted(trx, t.id)) throw new AppError('DELIB_TOPIC_LOCKED', 409);
    const issues: { field: string; code: string }[] = [];
    if (!viewer.manage && body.council !== undefined) issues.push({ field: 'council', code: 'STAFF_ONLY' });
    if (!viewer.manage && body.public !== undefined) issues.push({ field: 'public', code: 'STAFF_ONLY' });
    const set: repo.TopicChanges = {};
    if (body.council !== undefined && viewer.manage) {
      if (body.council === null) set.council_id = null;
      else {
        const c = await councilOf(trx, body.council, t.community_id);
        if (!c) issues.push({ field: 'council', code: 'COUNCIL_UNKNOWN' });
        else set.council_id = c.id;
      }
    }
    if (issues.length > 0) throw invalid(issues, scope.locale, TOPIC_PROBLEMS);
    if (body.title !== undefined && body.title.trim() !== t.title) set.title = body.title.trim();
    if (body.description !== undefined && body.description.trim() !== t.description)
      set.description = body.description.trim();
    if (set.title !== undefined || set.description !== undefined) set.edited_at = now;
    if (body.public !== undefined && viewer.manage && body.public !== t.public) set.public = body.public;
    if (Object.keys(set).length > 0) {
      await repo.updateTopic(trx, t.id, set, now);
      await appendTopicEvents(
        trx,
        t.id,
        timelineActor(scope),
        [{ action: 'edited', detail: { fields: Object.keys(set).filter((k) => k !== 'edited_at') } }],
        now,
      );
      await audit(
        trx,
        scope,
        'topic_updated',
        t,
        { title: set.title, description: set.description, public: set.public, council: body.council },
        { title: t.title, description: t.description, public: t.public },
      );
    }
    return reloadTopic(trx, scope, uid);
  }

  // ── Co-sign (联名) ──────────────────────────────────────────────────────────────────────────
  async function support(trx: Db, scope: Scope, uid: string): Promise<TopicDetail> {
    const now = clock();
    const { t, viewer } = await topicFor(trx, scope, uid, true);
    if (!viewer.resident) throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:self' });
    if (viewer.proposer) throw new AppError('DELIB_SUPPORT_OWN', 409);
    if (await repo.hasSupported(trx, t.id, scope.user.id)) return topicDetail(trx, t, viewer);
    if (t.status !== 'proposed') throw new AppError('DELIB_TOPIC_STATUS', 409, { status: t.status });
    const count = await repo.addSupport(trx, t.id, scope.user.id, now);
    if (count !== null && count === t.support_threshold) {
      await appendTopicEvents(
        trx,
        t.id,
        null,
        [{ action: 'support_reached', detail: { count, threshold: t.support_threshold } }],
        now,
      );
      await notify(
        trx,
        {
          userIds: await repo.staffOf(trx, t.community_id),
          kind: 'topic_support_reached',
          title: `议题联名已达 ${count} 人:${t.title}`,
          body: '居民提议的议题已达到联名人数,请审议是否立项(启动议事程序)或说明不予立项的理由。',
          link: `/deliberation/topics/${t.uid}`,
        },
        now,
      );
      await emitEvent(
        trx,
        'deliberation.topic_support_reached',
        { topicUid: t.uid, count, threshold: t.support_threshold },
        t.org_path,
        now,
      );
    }
    await audit(trx, scope, 'topic_supported', t, { count });
    return reloadTopic(trx, scope, uid);
  }

  // ── Start, reject, withdraw ─────────────────────────────────────────────────────────────────
  function move(t: repo.TopicRow, command: 'start' | 'reject' | 'withdraw'): DomainTopicStatus {
    const to = topicTransition(t.status as DomainTopicStatus, command);
    if (!to) throw new AppError('DELIB_TOPIC_STATUS', 409, { status: t.status, action: command });
    return to;
  }

  async function start(trx: Db, scope: Scope, uid: string, body: StartTopicBody): Promise<TopicDetail> {
    const now = clock();
    const t = await managedTopic(trx, scope, uid);
    const to = move(t, 'start');
    const code = body.procedure ?? DEFAULT_PROCEDURE_CODE;
    const set: repo.TopicChanges = { status: to, procedure_code: code, current_step: 0 };
    if (body.council) {
      const c = await councilOf(trx, body.council, t.community_id);
      if (!c) throw invalid([{ field: 'council', code: 'COUNCIL_UNKNOWN' }], scope.locale, TOPIC_PROBLEMS);
      set.council_id = c.id;
    }
    set.steps = await stepsOfProcedure(trx, t.district_id, code, now, scope.locale);
    await repo.updateTopic(trx, t.id, set, now);
    await appendTopicEvents(trx, t.id, timelineActor(scope), [{ action: 'started', detail: { procedure: code } }], now);
    if (t.proposer_user_id !== null)
      await notify(
        trx,
        {
          userIds: [t.proposer_user_id],
          kind: 'topic_started',
          title: `您提议的议题已立项:${t.title}`,
          body: '议题已进入议事程序,可在议题页面查看每一步的进展。',
          link: `/r/deliberation/topics/${t.uid}`,
        },
        now,
      );
    await emitEvent(
      trx,
      'deliberation.topic_opened',
      { topicUid: t.uid, procedure: code, caseUid: null },
      t.org_path,
      now,
    );
    await audit(trx, scope, 'topic_started', t, { procedure: code, status: to }, { status: t.status });
    return reloadTopic(trx, scope, uid);
  }

  async function reject(trx: Db, scope: Scope, uid: string, body: RejectTopicBody): Promise<TopicDetail> {
    const now = clock();
    const t = await managedTopic(trx, scope, uid);
    const to = move(t, 'reject');
    await repo.updateTopic(trx, t.id, { status: to }, now);
    await appendTopicEvents(trx, t.id, timelineActor(scope), [{ action: 'rejected', note: body.reason }], now);
    if (t.proposer_user_id !== null)
      await notify(
        trx,
        {
          userIds: [t.proposer_user_id],
          kind: 'topic_rejected',
          title: `您提议的议题未予立项:${t.title}`,
          body: body.reason,
          link: `/r/deliberation/topics/${t.uid}`,
        },
        now,
      );
    await emitEvent(trx, 'deliberation.topic_rejected', { topicUid: t.uid, reason: body.reason }, t.org_path, now);
    await audit(trx, scope, 'topic_rejected', t, { status: to, reason: body.reason }, { status: t.status });
    return reloadTopic(trx, scope, uid);
  }

  async function withdraw(trx: Db, scope: Scope, uid: string, body: WithdrawTopicBody): Promise<TopicDetail> {
    const now = clock();
    const { t, viewer } = await topicFor(trx, scope, uid, true);
    if (!viewer.proposer) throw new AppError('DELIB_TOPIC_NOT_PROPOSER', 403);
    const to = move(t, 'withdraw');
    await repo.updateTopic(trx, t.id, { status: to }, now);
    await appendTopicEvents(trx, t.id, timelineActor(scope), [{ action: 'withdrawn', note: body.reason ?? null }], now);
    await emitEvent(trx, 'deliberation.topic_withdrawn', { topicUid: t.uid }, t.org_path, now);
    await audit(trx, scope, 'topic_withdrawn', t, { status: to, reason: body.reason ?? null }, { status: t.status });
    return reloadTopic(trx, scope, uid);
  }

  return { list, get, create, propose, patch, support, start, reject, withdraw };
}
