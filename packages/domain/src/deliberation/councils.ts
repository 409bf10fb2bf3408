/**
 * Councils (议事会 / 工作协商委员会) under "7+X": seven fixed seat categories filled for the term,
 * plus stakeholders who sit for one topic. Which seats are filled, who sits now, and whether a term
 * and a membership are sound. Dates are China calendar dates 'YYYY-MM-DD' (they compare as text).
 */
import { isCalendarDate } from '../registry/dates.ts';
import { COUNCIL_SEATS, type CouncilSeat, type SeatCode, STAKEHOLDER_SEAT } from './procedures.ts';

export const COUNCIL_KINDS = ['council', 'committee', 'consultative'] as const;
export type CouncilKind = (typeof COUNCIL_KINDS)[number];

export const COUNCIL_KIND_NAMES: Record<CouncilKind, { zh: string; en: string }> = {
  council: { zh: '居(村)民议事会', en: "Residents' council" },
  committee: { zh: '议事委员会', en: 'Deliberation committee' },
  consultative: { zh: '工作协商委员会', en: 'Consultative committee' },
};

export const MEMBER_ROLES = ['chair', 'vice_chair', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface MemberSpan {
  seat: SeatCode;
  since: string;
  until?: string | null;
  /** the topic a stakeholder sits for */
  topicKey?: string | null;
}

/** Whether a member sits on `today`: from `since`, up to and including `until` when set. */
export function isSitting(m: Pick<MemberSpan, 'since' | 'until'>, today: string): boolean {
  return m.since <= today && (m.until == null || today <= m.until);
}

export interface SeatSummary {
  /** the seven seats with how many sit in each now */
  seats: Array<{ seat: CouncilSeat; count: number }>;
  filled: CouncilSeat[];
  empty: CouncilSeat[];
  /** stakeholders now sitting, counted per topic */
  stakeholdersByTopic: Record<string, number>;
  /** every one of the seven seats has someone */
  complete: boolean;
}

/** Which of the seven seats are filled on `today`, and the X stakeholders per topic. */
export function seatSummary(members: readonly MemberSpan[], today: string): SeatSummary {
  const sitting = members.filter((m) => isSitting(m, today));
  const seats = COUNCIL_SEATS.map((seat) => ({ seat, count: sitting.filter((m) => m.seat === seat).length }));
  const stakeholdersByTopic: Record<string, number> = {};
  for (const m of sitting)
    if (m.seat === STAKEHOLDER_SEAT && m.topicKey)
      stakeholdersByTopic[m.topicKey] = (stakeholdersByTopic[m.topicKey] ?? 0) + 1;
  const filled = seats.filter((s) => s.count > 0).map((s) => s.seat);
  const empty = seats.filter((s) => s.count === 0).map((s) => s.seat);
  return { seats, filled, empty, stakeholdersByTopic, complete: empty.length === 0 };
}

export interface CouncilIssue {
  field: string;
  code: keyof typeof COUNCIL_PROBLEMS;
}

export const COUNCIL_PROBLEMS = {
  DATE_INVALID: { 'zh-CN': '{f}:日期无效', en: '{f}: not a valid date' },
  TERM_ORDER: { 'zh-CN': '{f}:任期结束须晚于开始', en: '{f}: the term ends after it starts' },
  TERM_TOO_LONG: { 'zh-CN': '{f}:任期不超过 5 年', en: '{f}: a term lasts at most 5 years' },
  SEAT_UNKNOWN: { 'zh-CN': '{f}:未知的席位', en: '{f}: unknown seat' },
  ROLE_UNKNOWN: { 'zh-CN': '{f}:应为 chair、vice_chair 或 member', en: '{f}: chair, vice_chair or member' },
  TOPIC_REQUIRED: {
    'zh-CN': '{f}:利益相关方须指定所议议题',
    en: '{f}: a stakeholder sits for a topic',
  },
  TOPIC_UNUSED: {
    'zh-CN': '{f}:只有利益相关方按议题列席',
    en: '{f}: only stakeholders sit for a topic',
  },
  OUTSIDE_TERM: { 'zh-CN': '{f}:须在议事会任期之内', en: "{f}: within the council's term" },
  UNTIL_BEFORE_SINCE: { 'zh-CN': '{f}:离任日期不能早于任职日期', en: '{f}: leaving comes after joining' },
  STAKEHOLDER_CHAIR: { 'zh-CN': '{f}:利益相关方不能担任主任', en: '{f}: a stakeholder cannot chair' },
} as const;

/** A council term: real dates, end after start, at most five years (村委会 terms are five years). */
export function validateTerm(termStart: string, termEnd: string): CouncilIssue[] {
  const issues: CouncilIssue[] = [];
  if (!isCalendarDate(termStart)) issues.push({ field: 'termStart', code: 'DATE_INVALID' });
  if (!isCalendarDate(termEnd)) issues.push({ field: 'termEnd', code: 'DATE_INVALID' });
  if (issues.length > 0) return issues;
  if (termEnd <= termStart) issues.push({ field: 'termEnd', code: 'TERM_ORDER' });
  else {
    const limit = `${Number(termStart.slice(0, 4)) + 5}${termStart.slice(4)}`;
    if (termEnd > limit) issues.push({ field: 'termEnd', code: 'TERM_TOO_LONG' });
  }
  return issues;
}

/**
 * A membership: a known seat and role, a topic exactly for stakeholders (who never chair), dates
 * real and within the council's term, leaving not before joining.
 */
export function validateMember(
  m: { seat: string; role?: string; since: string; until?: string | null; topic?: string | null },
  term: { start: string; end: string },
): CouncilIssue[] {
  const issues: CouncilIssue[] = [];
  const seats: readonly string[] = [...COUNCIL_SEATS, STAKEHOLDER_SEAT];
  if (!seats.includes(m.seat)) issues.push({ field: 'seat', code: 'SEAT_UNKNOWN' });
  if (m.role !== undefined && !(MEMBER_ROLES as readonly string[]).includes(m.role))
    issues.push({ field: 'role', code: 'ROLE_UNKNOWN' });
  if (m.seat === STAKEHOLDER_SEAT && !m.topic) issues.push({ field: 'topicUid', code: 'TOPIC_REQUIRED' });
  if (m.seat !== STAKEHOLDER_SEAT && m.topic) issues.push({ field: 'topicUid', code: 'TOPIC_UNUSED' });
  if (m.seat === STAKEHOLDER_SEAT && (m.role === 'chair' || m.role === 'vice_chair'))
    issues.push({ field: 'role', code: 'STAKEHOLDER_CHAIR' });
  if (!isCalendarDate(m.since)) issues.push({ field: 'since', code: 'DATE_INVALID' });
  else if (m.since < term.start || m.since > term.end) issues.push({ field: 'since', code: 'OUTSIDE_TERM' });
  if (m.until != null) {
    if (!isCalendarDate(m.until)) issues.push({ field: 'until', code: 'DATE_INVALID' });
    else if (isCalendarDate(m.since) && m.until < m.since) issues.push({ field: 'until', code: 'UNTIL_BEFORE_SINCE' });
  }
  return issues;
}
