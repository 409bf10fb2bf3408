/**
 * Cases (事件): the workflow after intake. Staff accept or reject a report and dispatch it (统一分拨)
 * to the community itself or a department of the district; the handler starts, resolves (with
 * the result and photos) or hands it back; the reporter rates it (评事) — a bad rating reopens it
 * and leaves a follow-up task (回访) for the community; overdue cases are escalated and supervised
 * (督办). Each action answers the case as it now is (CaseDetail of cases-intake.ts).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CaseCategoryRef, CaseHandlerRef, CaseStatus, CaseUnitRef, SlaState } from './cases-intake.ts';
import { Page, PageQuery, Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** Why (reject, transfer, return): required, said to whoever comes next and kept on the timeline. */
export const CaseReason = Type.String({ minLength: 2, maxLength: 500, pattern: '\\S' });
/** A reply template (回复模板) whose body the text was taken from; recorded on the timeline. */
export const CaseTemplateRef = Type.Optional(Uid);
/** Photo ids of the result, uploaded first with PUT /api/cases/photos/{uid}. */
export const CaseResultPhotos = Type.Array(Uid, { maxItems: 6, uniqueItems: true });

/** The workflow's actions (the domain's CASE_ACTIONS); `allowedActions` lists these. */
export const CaseWorkflowAction = Type.Union([
  Type.Literal('accept'),
  Type.Literal('reject'),
  Type.Literal('dispatch'),
  Type.Literal('transfer'),
  Type.Literal('return'),
  Type.Literal('start'),
  Type.Literal('resolve'),
  Type.Literal('rate'),
  Type.Literal('reopen'),
  Type.Literal('close'),
  Type.Literal('escalate'),
  Type.Literal('supervise'),
  Type.Literal('merge'),
  Type.Literal('link_topic'),
  Type.Literal('comment'),
]);
export type CaseWorkflowAction = Static<typeof CaseWorkflowAction>;

// ── Bodies of POST /api/cases/{uid}/{action} ────────────────────────────────────────────────
/** 受理: reported → accepted. */
export const AcceptCaseBody = Obj({ note: Type.Optional(Text(500)), template: CaseTemplateRef });
/** 不予受理: reported → rejected (final), with the reason the reporter is told. */
export const RejectCaseBody = Obj({ reason: CaseReason, template: CaseTemplateRef });
/**
 * 分拨: reported | accepted → dispatched. `target` is a department (org unit of kind 'department')
 * of the case's district or the case's community; without it, the category's handler; a category
 * or target with no usable handler falls to the community (兜底, noted on the timeline).
 * `assignee`: a user of the target unit who takes it personally.
 */
export const DispatchCaseBody = Obj({
  target: Type.Optional(Uid),
  assignee: Type.Optional(Uid),
  note: Type.Optional(Text(500)),
});
/** 转派: dispatched | in_progress → dispatched to another unit, with the reason. */
export const TransferCaseBody = Obj({ target: Uid, assignee: Type.Optional(Uid), reason: CaseReason });
/** 退回: the handler gives it back to dispatch (→ accepted), with the reason. */
export const ReturnCaseBody = Obj({ reason: CaseReason, template: CaseTemplateRef });
/** 开始办理: dispatched → in_progress. */
export const StartCaseBody = Obj({ note: Type.Optional(Text(500)) });
/** 办结: dispatched | in_progress → resolved, with the result and optional photos (stage 'result'). */
export const ResolveCaseBody = Obj({
  result: Text(2000),
  photos: Type.Optional(CaseResultPhotos),
  template: CaseTemplateRef,
});
/** 评价 by the reporter: 1–5; ≤ 2 reopens it (back to the handler, a follow-up task), ≥ 3 closes it. */
export const RateCaseBody = Obj({
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  comment: Type.Optional(Type.String({ maxLength: 500 })),
});
/** 办结归档 by dispatch staff: resolved → closed without a rating. */
export const CloseCaseBody = Obj({ note: Type.Optional(Text(500)) });
/** 升级: one level up (community → street → district). */
export const EscalateCaseBody = Obj({ note: Type.Optional(Text(500)) });
/** 督办: the supervisor's instruction, kept on the timeline; the case is flagged supervised. */
export const SuperviseCaseBody = Obj({ note: Text(500) });
/** 留言: a note on the timeline, no change of status. */
export const CommentCaseBody = Obj({ note: Text(2000) });
/** 转议事: the deliberation topic the case became; only for deliberable categories. */
export const LinkTopicBody = Obj({ topicUid: Uid });

export type AcceptCaseBody = Static<typeof AcceptCaseBody>;
export type RejectCaseBody = Static<typeof RejectCaseBody>;
export type DispatchCaseBody = Static<typeof DispatchCaseBody>;
export type TransferCaseBody = Static<typeof TransferCaseBody>;
export type ReturnCaseBody = Static<typeof ReturnCaseBody>;
export type StartCaseBody = Static<typeof StartCaseBody>;
export type ResolveCaseBody = Static<typeof ResolveCaseBody>;
export type RateCaseBody = Static<typeof RateCaseBody>;
export type CloseCaseBody = Static<typeof CloseCaseBody>;
export type EscalateCaseBody = Static<typeof EscalateCaseBody>;
export type SuperviseCaseBody = Static<typeof SuperviseCaseBody>;
export type CommentCaseBody = Static<typeof CommentCaseBody>;
export type LinkTopicBody = Static<typeof LinkTopicBody>;

// ── Bulk dispatch: POST /api/cases/dispatch ─────────────────────────────────────────────────
/**
 * Up to 100 cases in one transaction. A bad body or target refuses the whole request (400);
 * a case that may not be dispatched (not found, wrong status, target not usable for it) is
 * reported back by uid and the others go ahead.
 */
export const BulkDispatchBody = Obj({
  cases: Type.Array(Uid, { minItems: 1, maxItems: 100, uniqueItems: true }),
  target: Type.Optional(Uid),
  note: Type.Optional(Text(500)),
});
export type BulkDispatchBody = Static<typeof BulkDispatchBody>;
export const BulkDispatchOutcome = Type.Object({
  uid: Uid,
  outcome: Type.Union([Type.Literal('dispatched'), Type.Literal('failed')]),
  /** the case's status after the request (null when not found) */
  status: Nullable(CaseStatus),
  handler: Nullable(CaseHandlerRef),
  /** true when the category had no usable handler and the community took it (兜底) */
  fallback: Type.Boolean(),
  error: Type.Optional(
    Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
  ),
});
export type BulkDispatchOutcome = Static<typeof BulkDispatchOutcome>;
export const BulkDispatchResult = Type.Object({
  dispatched: Type.Integer(),
  failed: Type.Integer(),
  results: Type.Array(BulkDispatchOutcome),
});
export type BulkDispatchResult = Static<typeof BulkDispatchResult>;

// ── Inbox: GET /api/cases/inbox ─────────────────────────────────────────────────────────────
/**
 * Cases dispatched to the caller's units (a department's handlers, a community's staff),
 * due soonest first: what is about to breach.
 */
export const CaseInboxQuery = Obj({
  status: Type.Optional(Type.Union([Type.Literal('dispatched'), Type.Literal('in_progress')])),
  ...PageQuery,
});
export type CaseInboxQuery = Static<typeof CaseInboxQuery>;
export const CaseInboxItem = Type.Object({
  uid: Uid,
  receiptNo: Type.String(),
  title: Type.String(),
  category: CaseCategoryRef,
  status: CaseStatus,
  address: Nullable(Type.String()),
  community: CaseUnitRef,
  handler: CaseHandlerRef,
  assignee: Nullable(Type.Object({ uid: Uid, name: Type.String() })),
  createdAt: DateTime,
  dispatchedAt: Nullable(DateTime),
  resolveDueAt: DateTime,
  slaState: SlaState,
  overdue: Type.Boolean(),
  escalationLevel: Type.Integer(),
  supervised: Type.Boolean(),
  reopenCount: Type.Integer(),
});
export type CaseInboxItem = Static<typeof CaseInboxItem>;
export const CaseInbox = Page(CaseInboxItem);
export type CaseInbox = Static<typeof CaseInbox>;

// ── Tasks (回访): GET /api/cases/tasks, POST /api/cases/tasks/{uid}/done ───────────────────
export const CaseTaskStatus = Type.Union([Type.Literal('open'), Type.Literal('done')]);
export type CaseTaskStatus = Static<typeof CaseTaskStatus>;
export const CaseTaskListQuery = Obj({
  /** a unit in the caller's area (default: all of it) */
  unit: Type.Optional(Uid),
  status: Type.Optional(CaseTaskStatus),
  ...PageQuery,
});
export type CaseTaskListQuery = Static<typeof CaseTaskListQuery>;
/** A follow-up contact after a bad rating: the community calls the reporter back. */
export const CaseTask = Type.Object({
  uid: Uid,
  kind: Type.Literal('follow_up'),
  status: CaseTaskStatus,
  dueAt: DateTime,
  /** open past its due time */
  overdue: Type.Boolean(),
  note: Nullable(Type.String()),
  doneBy: Nullable(Type.String()),
  doneAt: Nullable(DateTime),
  createdAt: DateTime,
  case: Type.Object({
    uid: Uid,
    receiptNo: Type.String(),
    title: Type.String(),
    status: CaseStatus,
    rating: Nullable(Type.Integer()),
    ratingComment: Nullable(Type.String()),
  }),
});
export type CaseTask = Static<typeof CaseTask>;
export const CaseTaskList = Page(CaseTask);
export type CaseTaskList = Static<typeof CaseTaskList>;
export const CaseTaskDoneBody = Obj({ note: Text(1000) });
export type CaseTaskDoneBody = Static<typeof CaseTaskDoneBody>;
