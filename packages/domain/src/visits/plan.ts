/**
 * The must-visit plan (必访清单, 六必访): which tags put a household on a grid worker's list
 * and how often, the visit periods (a week Monday–Sunday, a calendar month, a quarter), and
 * the items a set of tagged persons gives for the periods of a window of days.
 *
 * One item per household per period — a home is visited, not each tagged member of it — and
 * the most frequent rule among its members decides how often. A person who belongs to no
 * household gets an item of their own. Dates are China calendar dates 'YYYY-MM-DD'
 * (see `chinaDate`); they compare correctly as text.
 */
import { daysInMonth } from '../registry/dates.ts';
import { BUILTIN_TAGS, mustVisitTags, type TagRef } from '../registry/tags.ts';

/** How often a tag's households are visited; 'none' switches a default off. */
export const RULE_FREQUENCIES = ['weekly', 'monthly', 'quarterly', 'none'] as const;
export type RuleFrequency = (typeof RULE_FREQUENCIES)[number];
/** The frequency of an item on the list (never 'none'). */
export type DueFrequency = Exclude<RuleFrequency, 'none'>;

/** Tag code → frequency. A tag without an entry puts nobody on the list. */
export type VisitRuleSet = Readonly<Record<string, RuleFrequency>>;

/** 六必访: every built-in must-visit tag, monthly. */
export const DEFAULT_VISIT_RULES: VisitRuleSet = Object.freeze(
  Object.fromEntries(BUILTIN_TAGS.filter((t) => t.mustVisit).map((t) => [t.code, 'monthly' as RuleFrequency])),
);

/** The defaults of a district: the built-in 六必访 tags and the district's own must-visit tags, monthly. */
export function defaultVisitRules(tags: readonly TagRef[]): VisitRuleSet {
  const rules: Record<string, RuleFrequency> = { ...DEFAULT_VISIT_RULES };
  for (const t of mustVisitTags(tags)) rules[t.code] = 'monthly';
  return rules;
}

/** A community's rules: the defaults with its own rows laid over them (a row of 'none' switches a tag off). */
export function rulesFor(
  defaults: VisitRuleSet,
  overrides: readonly { tag: string; frequency: RuleFrequency }[],
): VisitRuleSet {
  const rules: Record<string, RuleFrequency> = { ...defaults };
  for (const o of overrides) rules[o.tag] = o.frequency;
  return rules;
}

const RANK: Record<RuleFrequency, number> = { none: 0, quarterly: 1, monthly: 2, weekly: 3 };

/** The more frequent of two frequencies (weekly over monthly over quarterly over none). */
export function moreFrequent<F extends RuleFrequency>(a: F, b: F): F {
  return RANK[b] > RANK[a] ? b : a;
}

// ── Calendar ──────────────────────────────────────────────────────────────────────────────
export interface VisitPeriod {
  /** first day, inclusive */
  start: string;
  /** last day, inclusive */
  end: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const parts = (date: string) =>
  [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))] as const;

/** The date `days` later (earlier when negative). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(date: string): number {
  const [y, m, d] = parts(date);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

const MONTH_SHAPE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** True for 'YYYY-MM' with a real month. */
export function isMonth(value: string): boolean {
  return MONTH_SHAPE.test(value) && Number(value.slice(0, 4)) >= 1;
}

/** The month 'YYYY-MM' a date lies in. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The first and last day of a month 'YYYY-MM'. */
export function monthPeriod(month: string): VisitPeriod {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return { start: ymd(y, m, 1), end: ymd(y, m, daysInMonth(y, m)) };
}

/** The period of a frequency that contains the date: its week (Monday–Sunday), month or quarter. */
export function periodOf(frequency: DueFrequency, date: string): VisitPeriod {
  const [y, m] = parts(date);
  switch (frequency) {
    case 'weekly': {
      const start = addDays(date, 1 - isoWeekday(date));
      return { start, end: addDays(start, 6) };
    }
    case 'monthly':
      return monthPeriod(date.slice(0, 7));
    case 'quarterly': {
      const first = m - ((m - 1) % 3);
      return { start: ymd(y, first, 1), end: monthPeriod(`${pad(y, 4)}-${pad(first + 2)}`).end };
    }
  }
}

/** Every period of the frequency that shares at least a day with [from, to], in order. */
export function periodsOverlapping(frequency: DueFrequency, from: string, to: string): VisitPeriod[] {
  const out: VisitPeriod[] = [];
  if (to < from) return out;
  for (let p = periodOf(frequency, from); p.start <= to; p = periodOf(frequency, addDays(p.end, 1))) out.push(p);
  return out;
}

// ── The plan ──────────────────────────────────────────────────────────────────────────────
export type PlanPersonStatus = 'resident' | 'moved_out' | 'deceased';

export interface PlanTag {
  code: string;
  startDate: string;
  /** the last day the tag holds, when known in advance */
  endDate: string | null;
  /** ended in the register (ended_at set): it no longer counts at all */
  ended: boolean;
}

export interface PlanPerson<P, H> {
  id: P;
  /** the household the person belongs to now; null: none, the person is visited alone */
  householdId: H | null;
  status: PlanPersonStatus;
  tags: readonly PlanTag[];
}

export interface PlanItem<P, H> {
  /** set for a household's item */
  householdId: H | null;
  /** set for the item of a person who belongs to no household */
  personId: P | null;
  /** the persons whose tags put the item on the list, in input order */
  personIds: P[];
  /** the distinct tag codes that put it there, sorted */
  reasons: string[];
  frequency: DueFrequency;
  period: VisitPeriod;
}

/** Whether a tag holds on at least one day of [from, to]. */
function tagHolds(tag: PlanTag, from: string, to: string): boolean {
  return !tag.ended && tag.startDate <= to && (tag.endDate === null || tag.endDate >= from);
}

/**
 * The items due for the periods that overlap the window [from, to] (e.g. the rest of a month:
 * from today to its last day). A subject — a household, or a person with none — gets the most
 * frequent rule among the tags of its resident members that hold during the window; then one
 * item per period of that frequency in which at least one of those tags holds, with the
 * members and tags that hold in that period. Moved-out and deceased persons, ended tags and
 * tags without a rule (or with 'none') do not count.
 */
export function visitPlanFor<P, H>(
  persons: readonly PlanPerson<P, H>[],
  rules: VisitRuleSet,
  window: { from: string; to: string },
): PlanItem<P, H>[] {
  type Entry = { person: P; tag: PlanTag; frequency: DueFrequency };
  const subjects = new Map<unknown, { householdId: H | null; personId: P | null; entries: Entry[] }>();
  for (const person of persons) {
    if (person.status !== 'resident') continue;
    for (const tag of person.tags) {
      const frequency = rules[tag.code];
      if (frequency === undefined || frequency === 'none' || !tagHolds(tag, window.from, window.to)) continue;
      // A household and a person may share an id value: keep their keys apart.
      const key = person.householdId === null ? `p:${String(person.id)}` : `h:${String(person.householdId)}`;
      let subject = subjects.get(key);
      if (!subject) {
        subject = {
          householdId: person.householdId,
          personId: person.householdId === null ? person.id : null,
          entries: [],
        };
        subjects.set(key, subject);
      }
      subject.entries.push({ person: person.id, tag, frequency });
    }
  }
  const items: PlanItem<P, H>[] = [];
  for (const subject of subjects.values()) {
    const frequency = subject.entries.reduce<DueFrequency>((f, e) => moreFrequent(f, e.frequency), 'quarterly');
    for (const period of periodsOverlapping(frequency, window.from, window.to)) {
      const holding = subject.entries.filter((e) => tagHolds(e.tag, period.start, period.end));
      if (holding.length === 0) continue;
      items.push({
        householdId: subject.householdId,
        personId: subject.personId,
        personIds: [...new Set(holding.map((e) => e.person))],
        reasons: [...new Set(holding.map((e) => e.tag.code))].sort(),
        frequency,
        period,
      });
    }
  }
  return items;
}

/** An item is overdue when it is still open after the last day of its period. */
export function isOverdue(item: { status: 'open' | 'done' | 'cancelled'; periodEnd: string }, today: string): boolean {
  return item.status === 'open' && item.periodEnd < today;
}
