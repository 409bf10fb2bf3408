/**
 * The points catalogue (积分细则): which rules a community sees, which version of a rule holds on
 * a day, and how much more a cap lets an account earn. Pure; the server and the phone app use it.
 *
 * A rule belongs to the unit that defined it; a community sees its own rules and those of every
 * unit above it (the owner's path is the community's path or a prefix of it). A rule's content
 * lives in versions; the version that holds on a day is the newest one whose validity covers it,
 * so a new version starting today leaves earlier days (and the entries made for them) on the old.
 */
import { isWithin } from '../org/codes.ts';

export const RULE_CATEGORIES = [
  'morality',
  'environment',
  'harmony',
  'customs',
  'volunteering',
  'deliberation',
  'party_duty',
  'other',
] as const;
export type RuleCategoryCode = (typeof RULE_CATEGORIES)[number];

/** The categories of the village code as residents read them. */
export const CATEGORY_NAMES: Record<RuleCategoryCode, { 'zh-CN': string; en: string }> = {
  morality: { 'zh-CN': '社会公德', en: 'Social morality' },
  environment: { 'zh-CN': '环境卫生', en: 'Environment' },
  harmony: { 'zh-CN': '邻里和谐', en: 'Neighbourly harmony' },
  customs: { 'zh-CN': '移风易俗', en: 'Changing old customs' },
  volunteering: { 'zh-CN': '志愿服务', en: 'Volunteering' },
  deliberation: { 'zh-CN': '议事协商', en: 'Joining deliberation' },
  party_duty: { 'zh-CN': '党员责任岗', en: 'Party duty posts' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const RULE_APPLIES_TO = ['person', 'household', 'party_member'] as const;
export type RuleAppliesToCode = (typeof RULE_APPLIES_TO)[number];

export const RULE_EVIDENCE = ['photo', 'witness', 'staff'] as const;
export type RuleEvidenceCode = (typeof RULE_EVIDENCE)[number];

/** The units that may own rules. */
export const RULE_OWNER_KINDS = ['district', 'street', 'community'] as const;

/** The rules a community sees: its own and those of every unit above it. */
export function rulesForCommunity<R extends { orgPath: string }>(rules: readonly R[], communityPath: string): R[] {
  return rules.filter((r) => isWithin(communityPath, r.orgPath));
}

/** Whether a rule was defined above the community (inherited) rather than by it. */
export function isInherited(rule: { orgPath: string }, communityPath: string): boolean {
  return rule.orgPath !== communityPath;
}

export interface VersionValidity {
  version: number;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; null: open-ended */
  validUntil: string | null;
}

export function validOn(v: Pick<VersionValidity, 'validFrom' | 'validUntil'>, date: string): boolean {
  return v.validFrom <= date && (v.validUntil === null || date <= v.validUntil);
}

/**
 * The version that holds on a day: the newest whose validity covers it; undefined when none
 * does (the rule had not started, or had ended) or when the rule was retired before that day.
 */
export function currentVersionOn<V extends VersionValidity>(
  rule: { versions: readonly V[]; retiredOn?: string | null },
  date: string,
): V | undefined {
  if (rule.retiredOn && rule.retiredOn <= date) return undefined;
  let best: V | undefined;
  for (const v of rule.versions) if (validOn(v, date) && (!best || v.version > best.version)) best = v;
  return best;
}

export interface CapTerms {
  capMonth: number | null;
  capYear: number | null;
}

/**
 * How many more points an account may earn from a rule: the least of what the monthly and the
 * yearly cap leave (never below 0), or null when the rule has no cap. Earned amounts are the
 * account's points from this rule in the occurred-on day's month and year (China time).
 */
export function capRemaining(v: CapTerms, earnedThisMonth: number, earnedThisYear: number): number | null {
  const left: number[] = [];
  if (v.capMonth !== null) left.push(v.capMonth - earnedThisMonth);
  if (v.capYear !== null) left.push(v.capYear - earnedThisYear);
  if (left.length === 0) return null;
  return Math.max(0, Math.min(...left));
}

/** Whether an award of `points` fits the cap (all or nothing: a rule's points are not split). */
export function fitsCap(v: CapTerms, points: number, earnedThisMonth: number, earnedThisYear: number): boolean {
  const left = capRemaining(v, earnedThisMonth, earnedThisYear);
  return left === null || points <= left;
}

/** The first and last day of the month and of the year a day falls in (for summing a cap). */
export function capPeriods(date: string): { monthStart: string; monthEnd: string; yearStart: string; yearEnd: string } {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return {
    monthStart: `${y}-${mm}-01`,
    monthEnd: `${y}-${mm}-${String(last).padStart(2, '0')}`,
    yearStart: `${y}-01-01`,
    yearEnd: `${y}-12-31`,
  };
}

export interface RuleTerms extends CapTerms {
  points: number;
  appliesTo: RuleAppliesToCode;
  category?: RuleCategoryCode;
  evidence: readonly RuleEvidenceCode[];
  claimable: boolean;
  validFrom: string;
  validUntil: string | null;
}

export type RuleProblem =
  | 'POINTS_ZERO'
  | 'VALID_UNTIL_BEFORE_FROM'
  | 'CAP_MONTH_ABOVE_YEAR'
  | 'CAP_BELOW_POINTS'
  | 'CAP_ON_DEDUCTION'
  | 'DEDUCTION_CLAIMABLE'
  | 'PARTY_DUTY_NOT_PARTY';

/**
 * What is wrong with a version's terms, by field. A deduction (points < 0) is never claimed by
 * the person it costs and has no cap; a cap smaller than one award could never be met.
 */
export function ruleProblems(t: RuleTerms): Array<{ field: string; problem: RuleProblem }> {
  const out: Array<{ field: string; problem: RuleProblem }> = [];
  if (t.points === 0) out.push({ field: 'points', problem: 'POINTS_ZERO' });
  if (t.validUntil !== null && t.validUntil < t.validFrom)
    out.push({ field: 'validUntil', problem: 'VALID_UNTIL_BEFORE_FROM' });
  if (t.points < 0) {
    if (t.claimable) out.push({ field: 'claimable', problem: 'DEDUCTION_CLAIMABLE' });
    if (t.capMonth !== null) out.push({ field: 'capMonth', problem: 'CAP_ON_DEDUCTION' });
    if (t.capYear !== null) out.push({ field: 'capYear', problem: 'CAP_ON_DEDUCTION' });
  } else {
    if (t.capMonth !== null && t.capYear !== null && t.capMonth > t.capYear)
      out.push({ field: 'capMonth', problem: 'CAP_MONTH_ABOVE_YEAR' });
    if (t.capMonth !== null && t.capMonth < t.points) out.push({ field: 'capMonth', problem: 'CAP_BELOW_POINTS' });
    if (t.capYear !== null && t.capYear < t.points) out.push({ field: 'capYear', problem: 'CAP_BELOW_POINTS' });
  }
  if (t.category === 'party_duty' && t.appliesTo !== 'party_member')
    out.push({ field: 'appliesTo', problem: 'PARTY_DUTY_NOT_PARTY' });
  return out;
}
