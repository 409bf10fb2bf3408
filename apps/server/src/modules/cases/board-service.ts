/**
 * The public board (办结公示) and satisfaction (满意度).
 *
 * The board shows anyone the resolved and closed cases of a community: category, title, the
 * address without its house number, the dates, the result and the rating — never who reported
 * it, never the description (residents write their names and phone numbers there), and only
 * the photos of the result, never those of the report.
 *
 * Satisfaction reads case_month_tally only (kept on write by tally.ts), grouped by the handling
 * department, the community or the category; percentiles come from the resolution-time histogram.
 */
import type {
  PublicCase,
  PublicCaseDetail,
  PublicCaseList,
  PublicCaseQuery,
  Satisfaction,
  SatisfactionBy,
  SatisfactionFigures,
  SatisfactionQuery,
  SatisfactionRow,
} from '@gongzhi/api';
import { percentileFromHistogram, RESOLVE_HOUR_BUCKETS, satisfactionRate } from '@gongzhi/domain';
import { pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { unitForScope } from '../org/service.ts';
import { invalid } from '../registry/person-data.ts';
import {
  activeCommunityByCode,
  type PublicCaseRow,
  publicCaseByReceipt,
  publicCasesOf,
  publicSteps,
  resultPhotos,
  type TallyRow,
  tallyRows,
} from './board-repo.ts';
import { chinaMonthOf } from './tally.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ── Address masking ──────────────────────────────────────────────────────────────────────────
/**
 * The street or place of a free-text address, without the house, building, unit or room number
 * that points at one household: everything from the first number on is cut (Arabic, full-width
 * or Chinese numerals before 号/栋/幢/座/单元/室/楼/层/巷/弄/户). '江海路12号' → '江海路',
 * '金溪花园3栋2单元501' → '金溪花园', '五号楼' → null (nothing left to show).
 */
export function streetOf(address: string | null): string | null {
  if (!address) return null;
  const cut = address.search(/[0-9０-９]|[一二三四五六七八九十百零两]+\s*(号|栋|幢|座|单元|室|楼|层|巷|弄|户)/);
  const kept = (cut === -1 ? address : address.slice(0, cut)).replace(/[\s,，、:：;；#\-—(（]+$/u, '').trim();
  return kept.length >= 2 ? kept : null;
}

// ── Board ───────────────────────────────────────────────────────────────────────────────────
/** Timeline actions the public may see, by name and date only (never who, never the note). */
const PUBLIC_STEPS = ['report', 'accept', 'dispatch', 'transfer', 'start', 'resolve', 'reopen', 'rate', 'close'];

function publicCase(r: PublicCaseRow): PublicCase {
  return {
    receiptNo: r.receipt_no,
    title: r.title,
    category: { code: r.category_code, name: r.category_name },
    community: { code: r.community_code, name: r.community_name },
    status: r.status as PublicCase['status'],
    address: streetOf(r.address),
    handler: r.handler_name ? { name: r.handler_name } : null,
    createdAt: r.created_at.toISOString(),
    resolvedAt: iso(r.resolved_at),
    closedAt: iso(r.closed_at),
    result: r.result,
    rating: r.rating,
  };
}

export function createBoardService(deps: { clock: () => Date; files: FileStore }) {
  async function list(db: Db, q: PublicCaseQuery): Promise<PublicCaseList> {
    const community = await activeCommunityByCode(db, q.community);
    if (!community) throw new AppError('UNIT_NOT_FOUND', 404);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { items, total } = await publicCasesOf(db, community.id, pageSize, (page - 1) * pageSize);
    return { items: items.map(publicCase), total, page, pageSize };
  }

  async function detail(db: Db, receiptNo: string): Promise<PublicCaseDetail> {
    const row = await publicCaseByReceipt(db, receiptNo);
    if (!row) throw new AppError('CASE_NOT_FOUND', 404);
    const [steps, photos] = await Promise.all([publicSteps(db, row.id, PUBLIC_STEPS), resultPhotos(db, row.id)]);
    return {
      ...publicCase(row),
      steps: steps.map((s) => ({ at: s.at.toISOString(), action: s.action })),
      photos: photos.map((p) => ({ uid: p.uid })),
    };
  }

  /** A result photo of a public case; anything else (a report photo, another case's) is 404. */
  async function photo(db: Db, receiptNo: string, uid: string) {
    const row = await publicCaseByReceipt(db, receiptNo);
    const found = row && (await resultPhotos(db, row.id)).find((p) => p.uid === uid.toLowerCase());
    if (!found) throw new AppError('PHOTO_NOT_FOUND', 404);
    const stream = await deps.files.open(found.sha256);
    if (!stream) throw new AppError('PHOTO_NOT_FOUND', 404);
    return { stream, contentType: found.content_type, bytes: found.bytes, sha256: found.sha256 };
  }

  // ── Satisfaction ──
  const MAX_MONTHS = 36;
  const monthIndex = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;

  async function satisfaction(db: Db, scope: Scope, q: SatisfactionQuery): Promise<Satisfaction> {
    const current = chinaMonthOf(deps.clock()).slice(0, 7);
    const from = q.from ?? q.to ?? current;
    const to = q.to ?? (q.from ? current : from);
    const span = monthIndex(to) - monthIndex(from);
    if (span < 0) throw invalid([{ field: 'from', code: 'after_to' }], scope.locale, RANGE_PROBLEMS);
    if (span >= MAX_MONTHS) throw invalid([{ field: 'to', code: 'too_long' }], scope.locale, RANGE_PROBLEMS);
    const by: SatisfactionBy = q.by ?? 'department';

    const unit = q.unit ? await unitForScope(db, scope, { uid: q.unit }, 'cases:read') : await widestUnit(db, scope);
    const rows = await tallyRows(db, unit.path, `${from}-01`, `${to}-01`);

    const groups = new Map<string, { key: SatisfactionRow['key']; rows: TallyRow[] }>();
    for (const r of rows) {
      const key =
        by === 'department'
          ? { uid: r.handler_uid, name: r.handler_name, code: r.handler_code }
          : by === 'community'
            ? { uid: r.community_uid, name: r.community_name, code: r.community_code }
            : { uid: r.category_uid, name: r.category_name, code: r.category_code };
      const g = groups.get(key.uid) ?? { key, rows: [] };
      g.rows.push(r);
      groups.set(key.uid, g);
    }
    const out = [...groups.values()]
      .map((g) => ({ key: g.key, ...figures(g.rows) }))
      .sort((a, b) => b.resolved - a.resolved || a.key.code.localeCompare(b.key.code));
    return { unit: { uid: unit.uid, name: unit.name }, from, to, by, rows: out, total: figures(rows) };
  }

  return { list, detail, photo, satisfaction };
}

const RANGE_PROBLEMS = {
  after_to: { 'zh-CN': '{f}:起始月份不能晚于结束月份', en: '{f}: from must not be after to' },
  too_long: { 'zh-CN': '{f}:统计区间最多 36 个月', en: '{f}: the range spans at most 36 months' },
};

/** The caller's widest unit where they may read cases (the first, for several disjoint grants). */
async function widestUnit(db: Db, scope: Scope) {
  const paths = pathsWith(scope, 'cases:read').sort((a, b) => a.length - b.length);
  const grant = scope.grants.find((g) => g.path === paths[0]);
  if (!grant) throw new AppError('FORBIDDEN', 403, { permission: 'cases:read' });
  return unitForScope(db, scope, { uid: grant.unitUid }, 'cases:read');
}

const LAST_BOUND = RESOLVE_HOUR_BUCKETS.filter((b) => Number.isFinite(b)).at(-1) as number;

export function figures(
  rows: readonly Pick<TallyRow, 'resolved' | 'overdue' | 'rated' | 'rating_sum' | 'satisfied' | 'resolve_hours'>[],
): SatisfactionFigures {
  const hist = RESOLVE_HOUR_BUCKETS.map(() => 0);
  let resolved = 0;
  let overdue = 0;
  let rated = 0;
  let ratingSum = 0;
  let satisfied = 0;
  for (const r of rows) {
    resolved += r.resolved;
    overdue += r.overdue;
    rated += r.rated;
    ratingSum += r.rating_sum;
    satisfied += r.satisfied;
    (r.resolve_hours as ReadonlyArray<number | null>).forEach((n, i) => {
      if (i < hist.length) hist[i] = (hist[i] ?? 0) + (n ?? 0);
    });
  }
  const pct = (p: number) => {
    if (hist.every((n) => n === 0)) return null;
    const bound = percentileFromHistogram(hist, p);
    return bound !== null && Number.isFinite(bound) ? bound : null;
  };
  const rate = satisfactionRate(satisfied, rated);
  return {
    resolved,
    overdue,
    rated,
    satisfied,
    satisfactionPct: rated === 0 || rate === null ? null : Math.round(rate * 1000) / 10,
    meanRating: rated === 0 ? null : Math.round((ratingSum / rated) * 100) / 100,
    p50Hours: pct(0.5),
    p90Hours: pct(0.9),
    beyondHours: LAST_BOUND,
  };
}
