/**
 * Duplicates: "same problem?" before reporting, and merging a report into the case it repeats.
 *
 * Nearby: open cases of the same category within DUPLICATE_RADIUS_M (50 m) reported in the last
 * DUPLICATE_WINDOW_DAYS (3 days). The cases_nearby index narrows to the category's open cases,
 * a box around the point to the neighbourhood; the exact haversine distance decides. Answers
 * are masked: no reporter, the address without its house number.
 *
 * Merge: the case becomes 'merged' (merged_into_id = the target), its reporter (and those of
 * cases merged into it before) joins the target's case_reporter rows, so they follow the
 * target's result in their own "my reports"; both timelines say so. The target must be open.
 */
import type { MergeCaseBody, MergeCaseResult, NearbyCases, NearbyQuery } from '@gongzhi/api';
import {
  boxAround,
  type CaseStatus,
  DUPLICATE_RADIUS_M,
  DUPLICATE_WINDOW_DAYS,
  distanceMeters,
  isOpen,
  isWithin,
  transition,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, hasPermission, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { invalid } from '../registry/person-data.ts';
import { streetOf } from './board-service.ts';
import { caseFor } from './case-access.ts';
import {
  categoryForNearby,
  lockPair,
  markMerged,
  moveReporters,
  openCasesInBox,
  reporterCount,
} from './duplicates-repo.ts';
import { appendEvents } from './timeline.ts';

const DAY_MS = 86_400_000;

const CATEGORY_PROBLEMS = {
  CATEGORY_UNKNOWN: { 'zh-CN': '{f}:事件分类不存在或已停用', en: '{f}: no such active case category' },
};

export function createDuplicatesService(deps: { clock: () => Date }) {
  /** Open cases of the category near the point, nearest first. */
  async function nearby(db: Db, scope: Scope, q: NearbyQuery): Promise<NearbyCases> {
    if (!hasPermission(scope, 'cases:intake') && !hasPermission(scope, 'cases:self'))
      throw new AppError('FORBIDDEN', 403, { permission: 'cases:intake' });
    const category = await categoryForNearby(db, q.category);
    // A category of another district is as unknown as a missing one.
    const mine =
      category &&
      (isWithin(scope.user.orgPath, category.district_path) ||
        scope.grants.some((g) => isWithin(g.path, category.district_path)));
    if (!category || !mine)
      throw invalid([{ field: 'category', code: 'CATEGORY_UNKNOWN' }], scope.locale, CATEGORY_PROBLEMS);

    const point = { lng: q.lng, lat: q.lat };
    const [west, south, east, north] = boxAround(point, DUPLICATE_RADIUS_M);
    const since = new Date(deps.clock().getTime() - DUPLICATE_WINDOW_DAYS * DAY_MS);
    const rows = await openCasesInBox(db, category.id, since, { west, south, east, north });
    const items = rows
      .map((r) => ({ r, d: distanceMeters(point, { lng: r.lng as number, lat: r.lat as number }) }))
      .filter(({ d }) => d <= DUPLICATE_RADIUS_M)
      .sort((a, b) => a.d - b.d)
      .map(({ r, d }) => ({
        uid: r.uid,
        receiptNo: r.receipt_no,
        title: r.title,
        status: r.status as CaseStatus,
        address: streetOf(r.address),
        createdAt: r.created_at.toISOString(),
        distanceMeters: Math.round(d),
      }));
    return { items };
  }

  /** Merges the case into `body.into`; both rows are locked in id order for the change. */
  async function merge(trx: Db, scope: Scope, uid: string, body: MergeCaseBody): Promise<MergeCaseResult> {
    const now = deps.clock();
    const first = await caseFor(trx, scope, uid, 'cases:dispatch');
    const into = await caseFor(trx, scope, body.into, 'cases:read');
    if (first.id === into.id) throw new AppError('CASE_MERGE_SELF', 409);
    const locked = await lockPair(trx, first.id, into.id);
    const source = locked.find((r) => r.id === first.id);
    const target = locked.find((r) => r.id === into.id);
    if (!source || !target) throw new AppError('CASE_NOT_FOUND', 404);
    if (source.district_id !== target.district_id) throw new AppError('CASE_MERGE_OTHER_DISTRICT', 409);
    if (!isOpen(target.status as CaseStatus))
      throw new AppError('CASE_MERGE_TARGET_NOT_OPEN', 409, { status: target.status });
    const step = transition(source.status as CaseStatus, 'merge');
    if (!step.ok)
      throw new AppError('CASE_TRANSITION_FORBIDDEN', 409, {
        status: source.status,
        action: 'merge',
        allowed: step.allowed,
      });

    await markMerged(trx, source.id, target.id, now);
    await moveReporters(trx, source, target.id, now);
    const actor = { id: scope.user.id, name: scope.user.displayName };
    const note = body.note?.trim() || null;
    await appendEvents(
      trx,
      source.id,
      actor,
      [
        {
          action: 'merge',
          fromStatus: source.status,
          toStatus: 'merged',
          note,
          detail: { into: { uid: target.uid, receiptNo: target.receipt_no } },
        },
      ],
      now,
    );
    await appendEvents(
      trx,
      target.id,
      actor,
      [
        {
          action: 'merge',
          fromStatus: target.status,
          toStatus: target.status,
          note,
          detail: { from: { uid: source.uid, receiptNo: source.receipt_no } },
        },
      ],
      now,
    );
    await emitEvent(
      trx,
      'case.merged',
      { uid: source.uid, receiptNo: source.receipt_no, into: target.uid, intoReceiptNo: target.receipt_no },
      source.org_path,
      now,
    );
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'case.merge',
        targetType: 'case',
        targetId: source.uid,
        orgPath: source.org_path,
        before: { status: source.status },
        after: { status: 'merged', into: target.uid },
      },
      now,
    );
    return {
      uid: source.uid,
      status: 'merged',
      mergedInto: { uid: target.uid, receiptNo: target.receipt_no, title: target.title },
      reporters: await reporterCount(trx, target.id),
    };
  }

  return { nearby, merge };
}
