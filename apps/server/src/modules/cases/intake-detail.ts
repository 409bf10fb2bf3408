/**
 * How a case looks to its reader: `CaseSummary` in lists, `CaseDetail` on its page. Every part
 * of cases answers a transition with `caseDetail(db, scope, row, now)`, so the reporter is
 * masked the same way everywhere and `allowedActions` is always the domain's graph filtered by
 * what this caller may do on this case.
 */
import type { CaseDetail, CaseReporter, CaseSummary } from '@gongzhi/api';
import {
  allowedActions,
  type CaseAction,
  type CaseStatus,
  isWithin,
  maskName,
  type Permission,
  slaState,
} from '@gongzhi/domain';
import { hasPermission, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { type CaseRow, isReporterOf, mayOnCase } from './case-access.ts';
import { type CaseNames, type DetailParts, detailParts, type ListRow } from './intake-repo.ts';

/** The permission each action of the graph needs on the case (comment: anyone who may read it). */
export const ACTION_PERMISSION: Record<CaseAction, Permission> = {
  accept: 'cases:dispatch',
  reject: 'cases:dispatch',
  dispatch: 'cases:dispatch',
  transfer: 'cases:dispatch',
  merge: 'cases:dispatch',
  close: 'cases:dispatch',
  link_topic: 'cases:dispatch',
  return: 'cases:handle',
  start: 'cases:handle',
  resolve: 'cases:handle',
  rate: 'cases:self',
  reopen: 'cases:self',
  escalate: 'cases:supervise',
  supervise: 'cases:supervise',
  comment: 'cases:read',
};

/** The domain's allowed actions in the case's status that this caller may take. */
export function actionsFor(
  scope: Scope,
  row: CaseRow,
  isReporter: boolean,
  ctx: { deliberable?: boolean } = {},
): CaseAction[] {
  const graph = allowedActions(row.status as CaseStatus, {
    deliberable: ctx.deliberable,
    escalationLevel: row.escalation_level,
  });
  return graph.filter((a) => {
    const permission = ACTION_PERMISSION[a];
    if (permission === 'cases:self') return isReporter && hasPermission(scope, 'cases:self');
    if (a === 'comment') return mayOnCase(scope, row, 'cases:read') || isReporter;
    return mayOnCase(scope, row, permission);
  });
}

/** Open statuses run against their resolve clock; a case out of anyone's hands is 'ok'. */
export function slaOf(
  row: { status: string; created_at: Date; resolve_due_at: Date },
  now: Date,
): CaseSummary['slaState'] {
  const open = ['reported', 'accepted', 'dispatched', 'in_progress'].includes(row.status);
  return open ? slaState(now, row.created_at, row.resolve_due_at) : 'ok';
}

type SummaryRow = Omit<ListRow, 'id' | keyof CaseNames> & { uid: string };

export function toSummary(row: SummaryRow, names: CaseNames, now: Date): CaseSummary {
  return {
    uid: row.uid,
    receiptNo: row.receipt_no,
    title: row.title,
    category: { uid: names.category_uid, code: names.category_code, name: names.category_name },
    status: row.status as CaseSummary['status'],
    channel: row.channel as CaseSummary['channel'],
    origin: row.origin as CaseSummary['origin'],
    createdAt: row.created_at.toISOString(),
    address: row.address,
    lng: row.lng,
    lat: row.lat,
    grid: names.grid_uid ? { uid: names.grid_uid, name: names.grid_name as string } : null,
    community: { uid: names.community_uid, name: names.community_name },
    handler: names.handler_uid
      ? { uid: names.handler_uid, name: names.handler_name as string, kind: names.handler_kind as string }
      : null,
    responseDueAt: row.response_due_at.toISOString(),
    resolveDueAt: row.resolve_due_at.toISOString(),
    slaState: slaOf(row, now),
    overdue: row.overdue,
    escalationLevel: row.escalation_level,
    supervised: row.supervised,
    rating: row.rating,
  };
}

/**
 * The reporter as this caller may see them. The reporter sees "我"; an anonymous report shows
 * no one to anyone but whoever took it in (首问负责, the owner) and the community's staff; other
 * readers in the case's area see the masked name and phone; residents see no one else's.
 */
export function reporterFor(scope: Scope, row: CaseRow, isReporter: boolean): CaseReporter | null {
  if (row.reporter_user_id === scope.user.id) return { name: '我', phone: null, self: true, anonymous: row.anonymous };
  const hasReporter = row.reporter_name !== null || row.reporter_phone_masked !== null;
  if (!hasReporter || isReporter || !mayOnCase(scope, row, 'cases:read')) return null;
  if (row.anonymous) {
    const tookIn =
      row.owner_id === scope.user.id ||
      scope.grants.some((g) => g.role === 'community_staff' && isWithin(row.org_path, g.path));
    if (!tookIn) return null;
  }
  return {
    name: row.reporter_name ? maskName(row.reporter_name) : null,
    phone: row.reporter_phone_masked,
    self: false,
    anonymous: row.anonymous,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const isoText = (s: string | null) => (s ? new Date(s).toISOString() : null);

/** The detail from the row and its parts (names, photos, timeline …), for this caller. */
export function toDetail(
  scope: Scope,
  row: CaseRow,
  parts: DetailParts,
  isReporter: boolean,
  now: Date,
  deliberable = false,
): CaseDetail {
  return {
    ...toSummary(row, parts, now),
    description: row.description,
    anonymous: row.anonymous,
    reporter: reporterFor(scope, row, isReporter),
    owner: parts.owner_name ? { name: parts.owner_name } : null,
    assignee: parts.assignee_uid ? { uid: parts.assignee_uid, name: parts.assignee_name as string } : null,
    building: parts.building_uid ? { uid: parts.building_uid, name: parts.building_name as string } : null,
    visitUid: row.visit_uid,
    photos: parts.photos,
    result: row.result,
    ratingComment: row.rating_comment,
    reopenCount: row.reopen_count,
    acceptedAt: iso(row.accepted_at),
    dispatchedAt: iso(row.dispatched_at),
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    updatedAt: row.updated_at.toISOString(),
    timeline: parts.timeline.map((e) => ({
      seq: e.seq,
      at: new Date(e.at).toISOString(),
      actorName: e.actor_name,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      detail: e.detail,
    })),
    allowedActions: actionsFor(scope, row, isReporter, { deliberable }),
    mergedInto: parts.merged_into
      ? { uid: parts.merged_into.uid, receiptNo: parts.merged_into.receipt_no, title: parts.merged_into.title }
      : null,
    duplicatesOf: parts.duplicates.map((d) => ({ uid: d.uid, receiptNo: d.receipt_no, title: d.title })),
    topicUid: row.topic_uid,
    tasks: parts.tasks.map((t) => ({
      uid: t.uid,
      kind: t.kind,
      dueAt: new Date(t.due_at).toISOString(),
      status: t.status,
      note: t.note,
      doneAt: isoText(t.done_at),
    })),
  };
}

/**
 * A case's detail for this caller, read fresh (after a transition, inside its transaction).
 * The caller has already checked the scope may see the case (caseFor).
 */
export async function caseDetail(db: Db, scope: Scope, row: CaseRow, now: Date): Promise<CaseDetail> {
  const reporter = hasPermission(scope, 'cases:self') && (await isReporterOf(db, row, scope.user.id));
  const parts = await detailParts(db, row.id);
  return toDetail(scope, row, parts, reporter, now, parts.deliberable);
}
