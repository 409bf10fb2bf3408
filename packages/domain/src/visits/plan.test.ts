import { describe, expect, it } from 'vitest';
import { daysInMonth } from '../registry/dates.ts';
import { BUILTIN_TAGS } from '../registry/tags.ts';
import {
  addDays,
  DEFAULT_VISIT_RULES,
  type DueFrequency,
  defaultVisitRules,
  isMonth,
  isOverdue,
  isoWeekday,
  monthOf,
  monthPeriod,
  moreFrequent,
  type PlanPerson,
  type PlanTag,
  periodOf,
  periodsOverlapping,
  RULE_FREQUENCIES,
  rulesFor,
  visitPlanFor,
} from './plan.ts';

const tag = (code: string, over: Partial<PlanTag> = {}): PlanTag => ({
  code,
  startDate: '2020-01-01',
  endDate: null,
  ended: false,
  ...over,
});
const person = (
  id: number,
  householdId: number | null,
  tags: PlanTag[],
  status: PlanPerson<number, number>['status'] = 'resident',
): PlanPerson<number, number> => ({ id, householdId, status, tags });
const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

describe('the default rules (六必访)', () => {
  it('visit every built-in must-visit tag monthly, and no other tag', () => {
    const mustVisit = BUILTIN_TAGS.filter((t) => t.mustVisit).map((t) => t.code);
    expect(Object.keys(DEFAULT_VISIT_RULES).sort()).toEqual([...mustVisit].sort());
    for (const code of mustVisit) expect(DEFAULT_VISIT_RULES[code]).toBe('monthly');
    for (const code of ['hardship', 'elderly_alone', 'disabled', 'migrant', 'senior_party_member', 'assisted'])
      expect(DEFAULT_VISIT_RULES[code]).toBe('monthly');
    expect(DEFAULT_VISIT_RULES.veteran).toBeUndefined();
    expect(DEFAULT_VISIT_RULES.community_correction).toBeUndefined();
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(DEFAULT_VISIT_RULES)).toBe(true);
  });

  it('add a district’s own must-visit tags, monthly, and leave its other tags out', () => {
    const rules = defaultVisitRules([
      { code: 'flood_risk_household', mustVisit: true },
      { code: 'volunteer', mustVisit: false },
      { code: 'hardship' },
    ]);
    expect(rules.flood_risk_household).toBe('monthly');
    expect(rules.volunteer).toBeUndefined();
    expect(rules.hardship).toBe('monthly');
    expect(Object.keys(rules)).toHaveLength(Object.keys(DEFAULT_VISIT_RULES).length + 1);
  });
});

describe('a community’s rules', () => {
  it('lay its own rows over the defaults: changed, switched off, or added', () => {
    const rules = rulesFor(DEFAULT_VISIT_RULES, [
      { tag: 'elderly_alone', frequency: 'weekly' },
      { tag: 'migrant', frequency: 'none' },
      { tag: 'veteran', frequency: 'quarterly' },
    ]);
    expect(rules.elderly_alone).toBe('weekly');
    expect(rules.migrant).toBe('none');
    expect(rules.veteran).toBe('quarterly');
    expect(rules.hardship).toBe('monthly');
  });

  it('leave the defaults themselves untouched', () => {
    rulesFor(DEFAULT_VISIT_RULES, [{ tag: 'hardship', frequency: 'weekly' }]);
    expect(DEFAULT_VISIT_RULES.hardship).toBe('monthly');
  });

  it('with no rows are the defaults', () => {
    expect(rulesFor(DEFAULT_VISIT_RULES, [])).toEqual(DEFAULT_VISIT_RULES);
  });

  it('take the last row when a tag is named twice', () => {
    const rules = rulesFor({}, [
      { tag: 'hardship', frequency: 'weekly' },
      { tag: 'hardship', frequency: 'quarterly' },
    ]);
    expect(rules.hardship).toBe('quarterly');
  });
});

describe('frequencies', () => {
  it('rank weekly over monthly over quarterly over none, for every pair and both orders', () => {
    const order = ['none', 'quarterly', 'monthly', 'weekly'] as const;
    for (const [i, a] of order.entries())
      for (const [j, b] of order.entries()) expect(moreFrequent(a, b), `${a} ${b}`).toBe(order[Math.max(i, j)]);
    expect([...RULE_FREQUENCIES].sort()).toEqual([...order].sort());
  });
});

describe('the calendar', () => {
  it('moves dates across months, years and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23');
  });

  it('knows the weekday: 23 Nov 2026 is a Monday, 1 Nov 2026 a Sunday', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('2026-11-01')).toBe(7);
    expect(isoWeekday('2000-01-01')).toBe(6);
  });

  it('reads and checks months', () => {
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-00')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(isMonth('0000-01')).toBe(false);
    expect(monthOf('2026-11-23')).toBe('2026-11');
    expect(monthPeriod('2026-02')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(monthPeriod('2028-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(monthPeriod('2026-12')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
  });
});

describe('periods', () => {
  it('a week runs Monday to Sunday, across a month or a year end', () => {
    expect(periodOf('weekly', '2026-11-23')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(periodOf('weekly', '2026-11-29')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(periodOf('weekly', '2026-11-01')).toEqual({ start: '2026-10-26', end: '2026-11-01' });
    expect(periodOf('weekly', '2026-12-31')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
  });

  it('a month is the calendar month, February of leap years included', () => {
    expect(periodOf('monthly', '2026-11-23')).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(periodOf('monthly', '2024-02-10')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(periodOf('monthly', '2026-01-31')).toEqual({ start: '2026-01-01', end: '2026-01-31' });
  });

  it('a quarter is January–March, April–June, July–September or October–December', () => {
    const quarters = [
      ['2026-01-01', '2026-03-31'],
      ['2026-04-01', '2026-06-30'],
      ['2026-07-01', '2026-09-30'],
      ['2026-10-01', '2026-12-31'],
    ];
    for (let m = 1; m <= 12; m++) {
      const [start, end] = quarters[Math.floor((m - 1) / 3)] as [string, string];
      for (const d of [1, 15, daysInMonth(2026, m)]) {
        const date = `2026-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(periodOf('quarterly', date), date).toEqual({ start, end });
      }
    }
  });

  it('of every frequency, on every day of two years, contain the day and chain without gaps', () => {
    for (const f of ['weekly', 'monthly', 'quarterly'] as DueFrequency[]) {
      for (let d = '2026-01-01'; d <= '2027-12-31'; d = addDays(d, 1)) {
        const p = periodOf(f, d);
        expect(p.start <= d && d <= p.end, `${f} ${d}`).toBe(true);
        expect(periodOf(f, addDays(p.end, 1)).start).toBe(addDays(p.end, 1));
        if (f === 'weekly') {
          expect(isoWeekday(p.start)).toBe(1);
          expect(addDays(p.start, 6)).toBe(p.end);
        }
      }
    }
  });

  it('overlapping a window are listed in order, including those cut by its edges', () => {
    expect(periodsOverlapping('weekly', '2026-11-01', '2026-11-30').map((p) => p.start)).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
    expect(periodsOverlapping('monthly', '2026-11-23', '2026-11-30')).toEqual([
      { start: '2026-11-01', end: '2026-11-30' },
    ]);
    expect(periodsOverlapping('monthly', '2026-11-23', '2027-01-02').map((p) => p.start)).toEqual([
      '2026-11-01',
      '2026-12-01',
      '2027-01-01',
    ]);
    expect(periodsOverlapping('quarterly', '2026-11-01', '2026-11-30')).toEqual([
      { start: '2026-10-01', end: '2026-12-31' },
    ]);
    expect(periodsOverlapping('weekly', '2026-11-30', '2026-11-01')).toEqual([]);
  });
});

describe('the plan of a window', () => {
  const rules = rulesFor(DEFAULT_VISIT_RULES, [
    { tag: 'elderly_alone', frequency: 'weekly' },
    { tag: 'veteran', frequency: 'quarterly' },
    { tag: 'migrant', frequency: 'none' },
  ]);

  it('lists a household once however many of its members are tagged, with their tags as reasons', () => {
    const items = visitPlanFor(
      [
        person(1, 10, [tag('hardship'), tag('senior_party_member')]),
        person(2, 10, [tag('hardship')]),
        person(3, 10, []),
      ],
      rules,
      NOVEMBER,
    );
    expect(items).toEqual([
      {
        householdId: 10,
        personId: null,
        personIds: [1, 2],
        reasons: ['hardship', 'senior_party_member'],
        frequency: 'monthly',
        period: { start: '2026-11-01', end: '2026-11-30' },
      },
    ]);
  });

  it('takes the most frequent rule among the members: one weekly member makes the whole home weekly', () => {
    const items = visitPlanFor(
      [person(1, 10, [tag('hardship')]), person(2, 10, [tag('elderly_alone')]), person(3, 10, [tag('veteran')])],
      rules,
      NOVEMBER,
    );
    expect(items).toHaveLength(6);
    expect(new Set(items.map((i) => i.frequency))).toEqual(new Set(['weekly']));
    expect(items.map((i) => i.period.start)).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
    for (const i of items) {
      expect(i.reasons).toEqual(['elderly_alone', 'hardship', 'veteran']);
      expect(i.personIds).toEqual([1, 2, 3]);
    }
  });

  it('gives a quarterly home one item for the quarter the month lies in', () => {
    const items = visitPlanFor([person(1, 10, [tag('veteran')])], rules, NOVEMBER);
    expect(items).toEqual([
      expect.objectContaining({ frequency: 'quarterly', period: { start: '2026-10-01', end: '2026-12-31' } }),
    ]);
  });

  it('gives a person who belongs to no household an item of their own', () => {
    const items = visitPlanFor(
      [person(7, null, [tag('hardship')]), person(8, null, [tag('assisted')])],
      rules,
      NOVEMBER,
    );
    expect(items.map((i) => [i.householdId, i.personId, i.personIds, i.reasons])).toEqual([
      [null, 7, [7], ['hardship']],
      [null, 8, [8], ['assisted']],
    ]);
  });

  it('keeps a household and a person with the same id value apart', () => {
    const items = visitPlanFor([person(5, null, [tag('hardship')]), person(6, 5, [tag('hardship')])], rules, NOVEMBER);
    expect(items).toHaveLength(2);
    expect(items.map((i) => [i.householdId, i.personId])).toEqual([
      [null, 5],
      [5, null],
    ]);
  });

  it('leaves out persons who moved out or died, even when their tags are still set', () => {
    const items = visitPlanFor(
      [
        person(1, 10, [tag('hardship')], 'moved_out'),
        person(2, 11, [tag('hardship')], 'deceased'),
        person(3, 12, [tag('elderly_alone')], 'deceased'),
        person(4, 12, [tag('hardship')]),
      ],
      rules,
      NOVEMBER,
    );
    expect(items).toEqual([expect.objectContaining({ householdId: 12, personIds: [4], frequency: 'monthly' })]);
  });

  it('does not count ended tags, tags ended before the window or starting after it', () => {
    const items = visitPlanFor(
      [
        person(1, 10, [tag('hardship', { ended: true })]),
        person(2, 11, [tag('hardship', { endDate: '2026-10-31' })]),
        person(3, 12, [tag('hardship', { startDate: '2026-12-01' })]),
        person(4, 13, [tag('hardship', { endDate: '2026-11-01' })]),
        person(5, 14, [tag('hardship', { startDate: '2026-11-30' })]),
      ],
      rules,
      NOVEMBER,
    );
    expect(items.map((i) => i.householdId)).toEqual([13, 14]);
  });

  it('does not count tags without a rule, or switched off with none', () => {
    const items = visitPlanFor(
      [person(1, 10, [tag('migrant')]), person(2, 11, [tag('left_behind_child')]), person(3, 12, [tag('no_such')])],
      rules,
      NOVEMBER,
    );
    expect(items).toEqual([]);
  });

  it('keeps a switched-off tag out of the reasons of a home listed for another tag', () => {
    const items = visitPlanFor([person(1, 10, [tag('migrant'), tag('hardship')])], rules, NOVEMBER);
    expect(items.map((i) => i.reasons)).toEqual([['hardship']]);
  });

  it('lists a weekly home only for the weeks in which a tag holds', () => {
    const items = visitPlanFor(
      [person(1, 10, [tag('elderly_alone', { startDate: '2026-11-10', endDate: '2026-11-17' })])],
      rules,
      NOVEMBER,
    );
    expect(items.map((i) => i.period.start)).toEqual(['2026-11-09', '2026-11-16']);
  });

  it('names, in each week, only the members and tags that hold in that week', () => {
    const items = visitPlanFor(
      [
        person(1, 10, [tag('elderly_alone', { endDate: '2026-11-04' })]),
        person(2, 10, [tag('hardship', { startDate: '2026-11-03' })]),
      ],
      rules,
      NOVEMBER,
    );
    const first = items.find((i) => i.period.start === '2026-10-26');
    const second = items.find((i) => i.period.start === '2026-11-02');
    const third = items.find((i) => i.period.start === '2026-11-09');
    expect(first?.personIds).toEqual([1]);
    expect(second?.personIds).toEqual([1, 2]);
    expect(second?.reasons).toEqual(['elderly_alone', 'hardship']);
    expect(third?.personIds).toEqual([2]);
    expect(third?.frequency).toBe('weekly');
  });

  it('starts the window on a later day: periods ended before it are not listed', () => {
    const items = visitPlanFor([person(1, 10, [tag('elderly_alone')])], rules, {
      from: '2026-11-23',
      to: '2026-11-30',
    });
    expect(items.map((i) => i.period)).toEqual([
      { start: '2026-11-23', end: '2026-11-29' },
      { start: '2026-11-30', end: '2026-12-06' },
    ]);
  });

  it('gives nothing for an empty register or an empty window', () => {
    expect(visitPlanFor([], rules, NOVEMBER)).toEqual([]);
    expect(visitPlanFor([person(1, 10, [tag('hardship')])], rules, { from: '2026-11-30', to: '2026-11-01' })).toEqual(
      [],
    );
  });

  it('lists a tag twice on one person once', () => {
    const items = visitPlanFor(
      [person(1, 10, [tag('hardship', { endDate: '2026-11-05' }), tag('hardship', { startDate: '2026-11-20' })])],
      rules,
      NOVEMBER,
    );
    expect(items).toEqual([expect.objectContaining({ personIds: [1], reasons: ['hardship'] })]);
  });

  it('works with opaque ids as well as numbers', () => {
    const items = visitPlanFor(
      [{ id: 'p-1', householdId: 'h-1', status: 'resident', tags: [tag('assisted')] }],
      DEFAULT_VISIT_RULES,
      NOVEMBER,
    );
    expect(items[0]).toMatchObject({ householdId: 'h-1', personIds: ['p-1'] });
  });
});

describe('overdue', () => {
  it('is an open item after the last day of its period, and nothing else', () => {
    expect(isOverdue({ status: 'open', periodEnd: '2026-11-22' }, '2026-11-23')).toBe(true);
    expect(isOverdue({ status: 'open', periodEnd: '2026-11-23' }, '2026-11-23')).toBe(false);
    expect(isOverdue({ status: 'open', periodEnd: '2026-11-30' }, '2026-11-23')).toBe(false);
    expect(isOverdue({ status: 'done', periodEnd: '2026-11-01' }, '2026-11-23')).toBe(false);
    expect(isOverdue({ status: 'cancelled', periodEnd: '2026-11-01' }, '2026-11-23')).toBe(false);
  });
});
