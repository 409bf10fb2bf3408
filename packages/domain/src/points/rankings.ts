/**
 * Points rankings (积分排行) and their 公示: the periods they cover (a month 'YYYY-MM' or a
 * quarter 'YYYY-Qn', China time), dense ranks with ties, the top rows a notice publishes, and
 * the names a ranking shows. Pure: the server reads the monthly totals, this decides the rest.
 */
import { chinaDate, daysInMonth } from '../registry/dates.ts';
import { maskName } from '../registry/masking.ts';

export const RANKING_SUBJECTS = ['person', 'household', 'party_member'] as const;
export type RankingSubjectKind = (typeof RANKING_SUBJECTS)[number];
export const RANKING_PERIOD_KINDS = ['month', 'quarter'] as const;
export type RankingPeriodKind = (typeof RANKING_PERIOD_KINDS)[number];

export interface RankingPeriod {
  kind: RankingPeriodKind;
  /** '2026-11' or '2026-Q4' */
  label: string;
  /** first day, 'YYYY-MM-DD' */
  start: string;
  /** last day, 'YYYY-MM-DD' */
  end: string;
  /** the months covered, 'YYYY-MM', in order: one for a month, three for a quarter */
  months: string[];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

function monthLabel(y: number, m: number) {
  return `${pad(y, 4)}-${pad(m)}`;
}

function periodOfMonths(kind: RankingPeriodKind, label: string, y: number, first: number, count: number) {
  const months = Array.from({ length: count }, (_, i) => monthLabel(y, first + i));
  const last = first + count - 1;
  return {
    kind,
    label,
    start: `${monthLabel(y, first)}-01`,
    end: `${monthLabel(y, last)}-${pad(daysInMonth(y, last))}`,
    months,
  };
}

/** 'YYYY-Qn' of a month 'YYYY-MM' (or of a date 'YYYY-MM-DD'). */
export function quarterOf(monthOrDate: string): string {
  const m = Number(monthOrDate.slice(5, 7));
  return `${monthOrDate.slice(0, 4)}-Q${Math.ceil(m / 3)}`;
}

/** True for 'YYYY-Qn' with n in 1..4. */
export function isQuarter(value: string): boolean {
  return QUARTER.test(value) && Number(value.slice(0, 4)) >= 1;
}

/** The quarter 'YYYY-Qn' as a period (Q1 = January–March …). Throws on another shape. */
export function quarterPeriod(quarter: string): RankingPeriod {
  const q = QUARTER.exec(quarter);
  if (!q || Number(q[1]) < 1) throw new RangeError(`not a quarter: ${quarter}`);
  return periodOfMonths('quarter', quarter, Number(q[1]), (Number(q[2]) - 1) * 3 + 1, 3);
}

/**
 * The period a ranking asks for. `at` is 'YYYY-MM' or 'YYYY-Qn'; `kind` defaults to what `at`
 * names. A month with kind 'quarter' means the quarter holding it; a quarter with kind
 * 'month' names no single month and is refused (null), as is any other shape.
 */
export function rankingPeriod(kind: RankingPeriodKind | undefined, at: string): RankingPeriod | null {
  const m = MONTH.exec(at);
  if (m && Number(m[1]) >= 1) {
    if (kind === 'quarter') return quarterPeriod(quarterOf(at));
    return periodOfMonths('month', at, Number(m[1]), Number(m[2]), 1);
  }
  if (isQuarter(at) && kind !== 'month') return quarterPeriod(at);
  return null;
}

/** The current month 'YYYY-MM' in China at the instant `now`. */
export function currentMonthAt(now: Date): string {
  return chinaDate(now).slice(0, 7);
}

/** The current quarter 'YYYY-Qn' in China at the instant `now`. */
export function currentQuarterAt(now: Date): string {
  return quarterOf(chinaDate(now));
}

/**
 * Dense ranks, best first: equal points share a rank and the next rank follows on
 * (100, 90, 90, 80 → 1, 2, 2, 3), so a tie never makes a rank disappear. The input order
 * breaks ties for display (stable sort); it never changes a rank.
 */
export function denseRank<T>(rows: readonly T[], points: (row: T) => number): Array<T & { rank: number }> {
  const sorted = rows.map((row, i) => ({ row, i })).sort((a, b) => points(b.row) - points(a.row) || a.i - b.i);
  let rank = 0;
  let previous: number | undefined;
  return sorted.map(({ row }) => {
    const p = points(row);
    if (p !== previous) {
      rank += 1;
      previous = p;
    }
    return { ...row, rank };
  });
}

/**
 * The rows a notice publishes: the first `n`, and whoever ties with the last of them — a
 * notice must not cut two people with the same points apart. Input is ranked (denseRank).
 */
export function topWithTies<T extends { rank: number }>(ranked: readonly T[], n: number): T[] {
  if (n <= 0 || ranked.length === 0) return [];
  const last = ranked[Math.min(n, ranked.length) - 1] as T;
  return ranked.filter((r, i) => i < n || r.rank === last.rank);
}

/**
 * The name a ranking row shows. Masked (for residents and every public notice) as the
 * registry masks names — '张三明' → '张*明', '李四' → '李*', '欧阳娜娜' → '欧**娜' — and a
 * one-character name is '*': a public board never shows a whole name, whatever its length.
 */
export function rankingName(name: string, masked: boolean): string {
  return masked ? maskName(name) : name;
}

/**
 * A household is named after its head: '张三明家', masked '张*明家'. A household whose head
 * the register does not know is '某户' (some household), never an id.
 */
export function householdName(headName: string | null, masked: boolean): string {
  if (headName === null || headName.trim() === '') return '某户';
  return `${rankingName(headName.trim(), masked)}家`;
}
