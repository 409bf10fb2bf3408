/**
 * The workflow of a case after intake (统一分拨 → 办理 → 评事): accept, reject, dispatch (one by one
 * or up to 100 at once), transfer, return, start, resolve, rate, close, escalate, supervise,
 * comment, link to a deliberation topic. Every action is one transaction that
 *   loads the case under its row lock (caseFor, the action's permission: 404 outside the caller's reach),
 *   asks the domain's `transition` (409 CASE_TRANSITION_FORBIDDEN with { status, action, allowed }),
 *   updates the row, appends the timeline (timeline.ts), emits 'case.<action, past tense>' to the
 *   outbox, records the audit, and keeps case_month_tally through tally.ts (resolve, rate).
 * Owns the workflow's columns of `cases` and case_task (tasks-service.ts reads and closes those).
 */
import { randomUUID } from 'node:crypto';
import type {
  AcceptCaseBody,
  BulkDispatchBody,
  BulkDispatchOutcome,
  BulkDispatchResult,
  CaseDetail,
  CaseInbox,
  CaseInboxQuery,
  CloseCaseBody,
  CommentCaseBody,
  DispatchCaseBody,
  EscalateCaseBody,
  LinkTopicBody,
  RateCaseBody,
  RejectCaseBody,
  ResolveCaseBody,
  ReturnCaseBody,
  StartCaseBody,
  SuperviseCaseBody,
  TransferCaseBody,
} from '@gongzhi/api';
import {
  afterRating,
  type CaseAction,
  type CaseStatus,
  dueAt,
  nextEscalationLevel,
  slaState,
  transition,
} from '@gongzhi/domain';
import type { Updateable } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, pathsWith, requirePermission, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { DB } from '../../platform/db/schema.gen.ts';
import { AppError, messageFor } from '../../platform/errors.ts';
import { storedFilesByUid } from '../../platform/files/photos.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { calendarFor } from './calendar-service.ts';
import { type CaseRow, caseFor } from './case-access.ts';
import { caseDetail } from './intake-detail.ts';
import { CASE_PHOTO_PURPOSE } from './intake-service.ts';
import { tallyRated, tallyResolved } from './tally.ts';
import { appendEvents } from './timeline.ts';
import * as repo from './workflow-repo.ts';

/** A follow-up contact (回访) after a bad rating is due this many working days later. */
export const FOLLOW_UP_WORKING_DAYS = 2;

/** The past tense the outbox topics and the timeline's readers know: case.accepted, case.dispatched … */
const TOPIC: Record<Exclude<CaseAction, 'reopen' | 'merge'>, string> = {
  accept: 'case.accepted',
  reject: 'case.rejected',
  dispatch: 'case.dispatched',
  transfer: 'case.transferred',
  return: 'case.returned',
  start: 'case.started',
  resolve: 'case.resolved',
  rate: 'case.rated',
  close: 'case.closed',
  escalate: 'case.escalated',
  supervise: 'case.supervised',
  comment: 'case.commented',
  link_topic: 'case.topic_linked',
};

type WorkflowAction = keyof typeof TOPIC;

/** The unit a case goes to, and whether the 兜底 rule put it there. */
interface Handler {
  unit: repo.UnitRow;
  /** why the community took it instead of the wanted department, or null */
  fallback: 'no_department' | 'department_retired' | 'no_handler' | null;
  /** the department that was wanted when the community took it instead */
  wanted: repo.UnitRow | null;
}

/** One step of an action: the row's changes, the timeline event, and what the audit and outbox say. */
interface Step {
  set: Updateable<DB['cases']>;
  note?: string | null;
  detail?: Record<string, unknown>;
  /** more for the audit's after and the event's payload */
  extra?: Record<string, unknown>;
}

const invalidField = (code: string, field: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 400, { field, ...extra });

export function createWorkflowService(deps: { clock: Clock }) {
  const { clock } = deps;

  const timelineActor = (scope: Scope) => ({ id: scope.user.id, name: scope.user.displayName });

  /** The answer of every action: the case as the caller now sees it (intake-detail.ts, the shared reader). */
  async function answer(db: Db, scope: Scope, uid: string): Promise<CaseDetail> {
    const row = await db.selectFrom('cases').selectAll().where('uid', '=', uid).executeTakeFirstOrThrow();
    return caseDetail(db, scope, row, clock());
  }

  function refuse(row: CaseRow, action: CaseAction, allowed: CaseAction[]): never {
    throw new AppError('CASE_TRANSITION_FORBIDDEN', 409, { status: row.status, action, allowed });
  }

  /**
   * The frame of one action on one case, inside the caller's transaction: lock, check, change,
   * timeline, outbox, audit. `build` computes the step from the locked row and the target status.
   */
  async function perform(
    trx: Db,
    scope: Scope,
    row: CaseRow,
    action: WorkflowAction,
    build: (to: CaseStatus, category: repo.CategoryRow) => Promise<Step>,
    ctx: { rating?: number } = {},
  ): Promise<{ to: CaseStatus; step: Step }> {
    const now = clock();
    const category = await repo.categoryById(trx, row.category_id);
    const t = transition(row.status as CaseStatus, action, {
      deliberable: category.deliberable,
      escalationLevel: row.escalation_level,
      ...ctx,
    });
    if (!t.ok) refuse(row, action, t.allowed);
    const step = await build(t.to, category);
    await repo.updateCase(trx, row.id, { ...step.set, status: t.to, updated_at: now });
    await appendEvents(
      trx,
      row.id,
      timelineActor(scope),
      [{ action, fromStatus: row.status, toStatus: t.to, note: step.note ?? null, detail: step.detail ?? null }],
      now,
    );
    const after = { status: t.to, ...(step.extra ?? {}) };
    await emitEvent(
      trx,
      TOPIC[action],
      { caseUid: row.uid, receiptNo: row.receipt_no, from: row.status, ...after },
      row.org_path,
      now,
    );
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: `cases.${action}`,
        targetType: 'case',
        targetId: row.uid,
        orgPath: row.org_path,
        before: { status: row.status },
        after,
      },
      now,
    );
    return { to: t.to, step };
  }

  /** Loads the case for an action (locked) and performs it; answers the case as it now is. */
  async function act(
    trx: Db,
    scope: Scope,
    uid: string,
    permission: Parameters<typeof caseFor>[3],
    action: WorkflowAction,
    build: (row: CaseRow, to: CaseStatus, category: repo.CategoryRow) => Promise<Step>,
    ctx: { rating?: number } = {},
  ): Promise<CaseDetail> {
    const row = await caseFor(trx, scope, uid, permission, { lock: true });
    await perform(trx, scope, row, action, (to, category) => build(row, to, category), ctx);
    return answer(trx, scope, uid);
  }

  // ── Shared pieces ───────────────────────────────────────────────────────────────────────────
  async function templateDetail(trx: Db, row: CaseRow, uid: string | undefined): Promise<Record<string, unknown>> {
    if (!uid) return {};
    const t = await repo.templateByUid(trx, uid, row.district_id);
    if (!t) throw invalidField('CASE_TEMPLATE_NOT_FOUND', 'template');
    return { template: { uid: t.uid, title: t.title } };
  }

  /**
   * The unit a case goes to: the target when given (a department of the case's district, or the
   * case's community), else the category's handler. A department that is retired or has no one
   * holding a handling role falls to the community (兜底).
   */
  async function chooseHandler(
    trx: Db,
    row: CaseRow,
    category: repo.CategoryRow,
    target: repo.UnitRow | undefined,
  ): Promise<Handler> {
    const community = await repo.unitById(trx, row.community_id);
    if (!community) throw new Error(`case ${row.uid} has no community`);
    let wanted: repo.UnitRow | undefined;
    if (target) {
      const ours =
        target.id === community.id || (target.kind === 'department' && target.district_id === row.district_id);
      if (!ours) throw invalidField('CASE_TARGET_INVALID', 'target');
      wanted = target;
    } else if (category.handler_kind === 'department' && category.department_id !== null) {
      wanted = await repo.unitById(trx, category.department_id);
      if (!wanted) return { unit: community, fallback: 'no_department', wanted: null };
    } else {
      return { unit: community, fallback: null, wanted: null };
    }
    if (wanted.id === community.id) return { unit: community, fallback: null, wanted: null };
    if (wanted.status !== 'active') return { unit: community, fallback: 'department_retired', wanted };
    if (!(await repo.unitHasHandler(trx, wanted.id))) return { unit: community, fallback: 'no_handler', wanted };
    return { unit: wanted, fallback: null, wanted: null };
  }

  async function targetUnit(trx: Db, uid: string | undefined): Promise<repo.UnitRow | undefined> {
    if (!uid) return undefined;
    const unit = await repo.unitByUid(trx, uid);
    if (unit?.status !== 'active' || !['department', 'community', 'village'].includes(unit.kind))
      throw invalidField('CASE_TARGET_INVALID', 'target');
    return unit;
  }

  async function assigneeOf(trx: Db, uid: string | undefined, unit: repo.UnitRow) {
    if (!uid) return null;
    const user = await repo.handlerOfUnit(trx, uid, unit.path);
    if (!user) throw invalidField('CASE_ASSIGNEE_INVALID', 'assignee');
    return user;
  }

  const unitRef = (u: repo.UnitRow) => ({ uid: u.uid, name: u.name, kind: u.kind });

  function handlerDetail(h: Handler, assignee: { uid: string; display_name: string } | null) {
    return {
      handler: unitRef(h.unit),
      ...(assignee ? { assignee: { uid: assignee.uid, name: assignee.display_name } } : {}),
      ...(h.fallback ? { fallback: h.fallback, ...(h.wanted ? { wanted: unitRef(h.wanted) } : {}) } : {}),
    };
  }

  /** Dispatching (one case): the handler, the assignee, the 首问负责 hand-off on the timeline. */
  async function dispatchStep(
    trx: Db,
    row: CaseRow,
    category: repo.CategoryRow,
    target: repo.UnitRow | undefined,
    assigneeUid: string | undefined,
    note: string | undefined,
  ): Promise<{ step: Step; handler: Handler }> {
    const now = clock();
    const handler = await chooseHandler(trx, row, category, target);
    const assignee = await assigneeOf(trx, assigneeUid, handler.unit);
    const owner = row.owner_id ? (await repo.userNames(trx, [row.owner_id])).get(row.owner_id) : undefined;
    return {
      handler,
      step: {
        set: {
          handler_unit_id: handler.unit.id,
          handler_path: handler.unit.path,
          assignee_id: assignee?.id ?? null,
          dispatched_at: now,
          accepted_at: row.accepted_at ?? now,
        },
        note: note ?? null,
        detail: {
          ...handlerDetail(handler, assignee),
          // 首问负责: whoever took it in answered for it until now; the handler does from here.
          ...(owner ? { handOff: { from: { uid: owner.uid, name: owner.name }, to: unitRef(handler.unit) } } : {}),
        },
        extra: { handler: handler.unit.uid, fallback: handler.fallback },
      },
    };
  }

  // ── 受理, 不予受理 ──────────────────────────────────────────────────────────────────────────
  async function accept(trx: Db, scope: Scope, uid: string, body: AcceptCaseBody) {
    return act(trx, scope, uid, 'cases:dispatch', 'accept', async (row) => ({
      set: { accepted_at: clock() },
      note: body.note ?? null,
      detail: await templateDetail(trx, row, body.template),
    }));
  }

  async function reject(trx: Db, scope: Scope, uid: string, body: RejectCaseBody) {
    return act(trx, scope, uid, 'cases:dispatch', 'reject', async (row) => ({
      set: { closed_at: clock() },
      note: body.reason,
      detail: await templateDetail(trx, row, body.template),
    }));
  }

  // ── 分拨, 转派, 退回 ─────────────────────────────────────────────────────────────────────────
  async function dispatch(trx: Db, scope: Scope, uid: string, body: DispatchCaseBody) {
    const target = await targetUnit(trx, body.target);
    return act(trx, scope, uid, 'cases:dispatch', 'dispatch', async (row, _to, category) => {
      const { step } = await dispatchStep(trx, row, category, target, body.assignee, body.note);
      return step;
    });
  }

  /**
   * Up to 100 cases at once, one transaction. A bad target refuses the request; a case that may
   * not be dispatched (not found, not in a dispatchable status, target not usable for it) is
   * reported back and the others go ahead.
   */
  async function bulkDispatch(trx: Db, scope: Scope, body: BulkDispatchBody): Promise<BulkDispatchResult> {
    requirePermission(scope, 'cases:dispatch');
    const target = await targetUnit(trx, body.target);
    const outcomes = new Map<string, BulkDispatchOutcome>();
    // Locks taken in one order, so two bulk dispatches over the same cases never wait crosswise.
    for (const uid of [...new Set(body.cases.map((u) => u.toLowerCase()))].sort()) {
      try {
        const row = await caseFor(trx, scope, uid, 'cases:dispatch', { lock: true });
        let chosen: Handler | undefined;
        const { to } = await perform(trx, scope, row, 'dispatch', async (_to, category) => {
          const { step, handler } = await dispatchStep(trx, row, category, target, undefined, body.note);
          chosen = handler;
          return step;
        });
        const h = chosen as Handler;
        outcomes.set(uid, {
          uid,
          outcome: 'dispatched',
          status: to,
          handler: unitRef(h.unit),
          fallback: h.fallback !== null,
        });
      } catch (err) {
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        const current = await trx.selectFrom('cases').select('status').where('uid', '=', uid).executeTakeFirst();
        const visible = err.code !== 'CASE_NOT_FOUND' && current !== undefined;
        outcomes.set(uid, {
          uid,
          outcome: 'failed',
          status: visible ? (current.status as BulkDispatchOutcome['status']) : null,
          handler: null,
          fallback: false,
          error: {
            code: err.code,
            message: messageFor(err.code, scope.locale),
            ...(err.details === undefined ? {} : { details: err.details }),
          },
        });
      }
    }
    const results = body.cases.map((u) => outcomes.get(u.toLowerCase()) as BulkDispatchOutcome);
    const dispatched = results.filter((r) => r.outcome === 'dispatched').length;
    return { dispatched, failed: results.length - dispatched, results };
  }

  async function transfer(trx: Db, scope: Scope, uid: string, body: TransferCaseBody) {
    const target = await targetUnit(trx, body.target);
    return act(trx, scope, uid, 'cases:dispatch', 'transfer', async (row, _to, category) => {
      const handler = await chooseHandler(trx, row, category, target);
      if (handler.unit.id === row.handler_unit_id) throw invalidField('CASE_TARGET_INVALID', 'target', { same: true });
      const assignee = await assigneeOf(trx, body.assignee, handler.unit);
      const previous = row.handler_unit_id ? await repo.unitById(trx, row.handler_unit_id) : undefined;
      return {
        set: {
          handler_unit_id: handler.unit.id,
          handler_path: handler.unit.path,
          assignee_id: assignee?.id ?? null,
          dispatched_at: clock(),
        },
        note: body.reason,
        detail: { ...handlerDetail(handler, assignee), ...(previous ? { from: unitRef(previous) } : {}) },
        extra: { handler: handler.unit.uid, fallback: handler.fallback },
      };
    });
  }

  /** 退回: the handler gives it back to dispatch (→ accepted); the unit no longer sees it. */
  async function giveBack(trx: Db, scope: Scope, uid: string, body: ReturnCaseBody) {
    return act(trx, scope, uid, 'cases:handle', 'return', async (row) => {
      const previous = row.handler_unit_id ? await repo.unitById(trx, row.handler_unit_id) : undefined;
      return {
        set: { handler_unit_id: null, handler_path: null, assignee_id: null, dispatched_at: null },
        note: body.reason,
        detail: {
          ...(previous ? { from: unitRef(previous) } : {}),
          ...(await templateDetail(trx, row, body.template)),
        },
        extra: { handler: previous?.uid ?? null },
      };
    });
  }

  // ── 办理, 办结 ─────────────────────────────────────────────────────────────────────────────
  async function start(trx: Db, scope: Scope, uid: string, body: StartCaseBody) {
    return act(trx, scope, uid, 'cases:handle', 'start', async (row) => ({
      // whoever starts it takes it personally, unless dispatch named someone
      set: { assignee_id: row.assignee_id ?? scope.user.id },
      note: body.note ?? null,
    }));
  }

  async function resolve(trx: Db, scope: Scope, uid: string, body: ResolveCaseBody) {
    return act(trx, scope, uid, 'cases:handle', 'resolve', async (row) => {
      const now = clock();
      const photos = body.photos ?? [];
      const files = new Map((await storedFilesByUid(trx, photos)).map((f) => [f.uid, f]));
      const fileIds = photos.map((p, i) => {
        const f = files.get(p.toLowerCase());
        if (!f || f.purpose !== CASE_PHOTO_PURPOSE || f.created_by !== scope.user.id)
          throw invalidField('CASE_PHOTO_NOT_FOUND', `photos[${i}]`);
        return f.id;
      });
      await repo.addResultPhotos(trx, row.id, fileIds);
      // Counted once, at the first resolution: a reopened case resolved again is the same case.
      if (row.reopen_count === 0) await tallyResolved(trx, { ...row, resolved_at: now }, now);
      return {
        set: { result: body.result, resolved_at: now },
        note: body.result,
        detail: { photos: photos.length, ...(await templateDetail(trx, row, body.template)) },
        extra: { photos: photos.length },
      };
    });
  }

  // ── 评事 ──────────────────────────────────────────────────────────────────────────────────
  /**
   * The reporter rates (1–5). 3 and above closes the case; 1 or 2 sends it back to the same
   * handler (reopen_count + 1) and leaves the community a follow-up task (回访) due in 2 working days.
   */
  async function rate(trx: Db, scope: Scope, uid: string, body: RateCaseBody) {
    const next = afterRating(body.rating);
    return act(
      trx,
      scope,
      uid,
      'cases:self',
      'rate',
      async (row) => {
        const now = clock();
        await tallyRated(trx, row, body.rating, now);
        const comment = body.comment?.trim() ? body.comment.trim() : null;
        const base = { rating: body.rating, rating_comment: comment, rated_at: now };
        if (next === 'closed') {
          return { set: { ...base, closed_at: now }, note: comment, detail: { rating: body.rating } };
        }
        const community = await repo.unitById(trx, row.community_id);
        if (!community) throw new Error(`case ${row.uid} has no community`);
        const exceptions = await calendarFor(trx, row.district_id);
        const due = dueAt(now, FOLLOW_UP_WORKING_DAYS, 'working_days', exceptions);
        const task = await trx
          .insertInto('case_task')
          .values({
            uid: randomUUID(),
            case_id: row.id,
            org_path: community.path,
            kind: 'follow_up',
            due_at: due,
            created_at: now,
          })
          .returning('uid')
          .executeTakeFirstOrThrow();
        return {
          set: { ...base, reopen_count: row.reopen_count + 1, resolved_at: null },
          note: comment,
          detail: {
            rating: body.rating,
            reopened: true,
            reopenCount: row.reopen_count + 1,
            followUp: { uid: task.uid, dueAt: due.toISOString() },
          },
          extra: { rating: body.rating, reopened: true, task: task.uid },
        };
      },
      { rating: body.rating },
    );
  }

  /** 办结归档 by dispatch: a resolved case closed without waiting for the rating. */
  async function close(trx: Db, scope: Scope, uid: string, body: CloseCaseBody) {
    return act(trx, scope, uid, 'cases:dispatch', 'close', async () => ({
      set: { closed_at: clock() },
      note: body.note ?? null,
    }));
  }

  // ── 升级, 督办, 留言, 转议事 ──────────────────────────────────────────────────────────────
  async function escalate(trx: Db, scope: Scope, uid: string, body: EscalateCaseBody) {
    return act(trx, scope, uid, 'cases:supervise', 'escalate', async (row) => {
      // the domain refused the top level already: there is a next one
      const level = nextEscalationLevel(row.escalation_level) as number;
      return {
        set: { escalation_level: level },
        note: body.note ?? null,
        detail: { from: row.escalation_level, level },
        extra: { level },
      };
    });
  }

  async function supervise(trx: Db, scope: Scope, uid: string, body: SuperviseCaseBody) {
    return act(trx, scope, uid, 'cases:supervise', 'supervise', async () => ({
      set: { supervised: true },
      note: body.note,
    }));
  }

  /** Anyone who may read the case (staff, its handlers, its reporter) may leave a note. */
  async function comment(trx: Db, scope: Scope, uid: string, body: CommentCaseBody) {
    const row = await caseFor(trx, scope, uid, readsAs(scope), { lock: true });
    await perform(trx, scope, row, 'comment', async () => ({ set: {}, note: body.note }));
    return answer(trx, scope, uid);
  }

  /** The permission a commenter reaches the case with: staff read, else the resident's own. */
  function readsAs(scope: Scope): 'cases:read' | 'cases:self' {
    if (pathsWith(scope, 'cases:read').length > 0) return 'cases:read';
    if (pathsWith(scope, 'cases:self').length > 0) return 'cases:self';
    throw new AppError('FORBIDDEN', 403, { permission: 'cases:read' });
  }

  async function linkTopic(trx: Db, scope: Scope, uid: string, body: LinkTopicBody) {
    return act(trx, scope, uid, 'cases:dispatch', 'link_topic', async () => ({
      set: { topic_uid: body.topicUid },
      detail: { topicUid: body.topicUid },
      extra: { topicUid: body.topicUid },
    }));
  }

  // ── The inbox ──────────────────────────────────────────────────────────────────────────────
  async function inbox(db: Db, scope: Scope, q: CaseInboxQuery): Promise<CaseInbox> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const now = clock();
    const paths = pathsWith(scope, 'cases:handle');
    const statuses = q.status ? [q.status] : ['dispatched', 'in_progress'];
    const { rows, total } = await repo.inbox(db, paths, statuses, page, pageSize);
    return {
      page,
      pageSize,
      total,
      items: rows.map((r) => ({
        uid: r.uid,
        receiptNo: r.receipt_no,
        title: r.title,
        category: { uid: r.category_uid, code: r.category_code, name: r.category_name },
        status: r.status as CaseInbox['items'][number]['status'],
        address: r.address,
        community: { uid: r.community_uid, name: r.community_name },
        handler: { uid: r.handler_uid, name: r.handler_name, kind: r.handler_kind },
        assignee: r.assignee_uid ? { uid: r.assignee_uid, name: r.assignee_name as string } : null,
        createdAt: r.created_at.toISOString(),
        dispatchedAt: r.dispatched_at ? r.dispatched_at.toISOString() : null,
        resolveDueAt: r.resolve_due_at.toISOString(),
        slaState: slaState(now, r.created_at, r.resolve_due_at),
        overdue: r.overdue,
        escalationLevel: r.escalation_level,
        supervised: r.supervised,
        reopenCount: r.reopen_count,
      })),
    };
  }

  return {
    answer,
    accept,
    reject,
    dispatch,
    bulkDispatch,
    transfer,
    giveBack,
    start,
    resolve,
    rate,
    close,
    escalate,
    supervise,
    comment,
    linkTopic,
    inbox,
  };
}

export type WorkflowService = ReturnType<typeof createWorkflowService>;
