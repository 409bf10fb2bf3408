import { describe, expect, it } from 'vitest';
import {
  CATEGORY_NAMES,
  capPeriods,
  capRemaining,
  currentVersionOn,
  fitsCap,
  isInherited,
  RULE_CATEGORIES,
  type RuleTerms,
  ruleProblems,
  rulesForCommunity,
  validOn,
} from './catalogue.ts';

const district = '440704';
const street = '440704.440704001';
const community = '440704.440704001.440704001001';
const neighbour = '440704.440704001.440704001002';
const otherStreet = '440704.440704002';

describe('the rules a community sees', () => {
  const rules = [
    { code: 'D', orgPath: district },
    { code: 'S', orgPath: street },
    { code: 'C', orgPath: community },
    { code: 'N', orgPath: neighbour },
    { code: 'O', orgPath: otherStreet },
    { code: 'X', orgPath: '440703' },
  ];

  it('are its own and those of its street and district, never a neighbour’s or another street’s', () => {
    expect(rulesForCommunity(rules, community).map((r) => r.code)).toEqual(['D', 'S', 'C']);
  });

  it('does not mistake a code that merely starts the same for an ancestor', () => {
    expect(rulesForCommunity([{ orgPath: '440704.44070400' }], community)).toEqual([]);
  });

  it('marks rules defined above the community as inherited', () => {
    expect(isInherited({ orgPath: district }, community)).toBe(true);
    expect(isInherited({ orgPath: community }, community)).toBe(false);
  });
});

describe('the version that holds on a day', () => {
  const v1 = { version: 1, validFrom: '2026-01-01', validUntil: null };
  const v2 = { version: 2, validFrom: '2026-11-01', validUntil: null };
  const v3 = { version: 3, validFrom: '2027-01-01', validUntil: '2027-06-30' };

  it('is the newest version whose validity covers the day', () => {
    const rule = { versions: [v1, v2, v3] };
    expect(currentVersionOn(rule, '2026-10-31')).toBe(v1);
    expect(currentVersionOn(rule, '2026-11-01')).toBe(v2);
    expect(currentVersionOn(rule, '2027-03-01')).toBe(v3);
    expect(currentVersionOn(rule, '2027-07-01')).toBe(v2);
  });

  it('is none before the rule starts or after it ends', () => {
    const rule = { versions: [{ version: 1, validFrom: '2026-06-01', validUntil: '2026-06-30' }] };
    expect(currentVersionOn(rule, '2026-05-31')).toBeUndefined();
    expect(currentVersionOn(rule, '2026-06-30')).toBeDefined();
    expect(currentVersionOn(rule, '2026-07-01')).toBeUndefined();
  });

  it('is none from the day a rule was retired, and unaffected before it', () => {
    const rule = { versions: [v1], retiredOn: '2026-11-23' };
    expect(currentVersionOn(rule, '2026-11-22')).toBe(v1);
    expect(currentVersionOn(rule, '2026-11-23')).toBeUndefined();
  });

  it('counts both ends of the validity in', () => {
    expect(validOn({ validFrom: '2026-01-01', validUntil: '2026-01-31' }, '2026-01-01')).toBe(true);
    expect(validOn({ validFrom: '2026-01-01', validUntil: '2026-01-31' }, '2026-01-31')).toBe(true);
    expect(validOn({ validFrom: '2026-01-01', validUntil: '2026-01-31' }, '2026-02-01')).toBe(false);
  });
});

describe('what a cap leaves', () => {
  it('is unlimited (null) without caps', () => {
    expect(capRemaining({ capMonth: null, capYear: null }, 500, 5000)).toBeNull();
    expect(fitsCap({ capMonth: null, capYear: null }, 10_000, 500, 5000)).toBe(true);
  });

  it('is the least of what the month and the year leave', () => {
    expect(capRemaining({ capMonth: 20, capYear: null }, 5, 100)).toBe(15);
    expect(capRemaining({ capMonth: null, capYear: 100 }, 5, 90)).toBe(10);
    expect(capRemaining({ capMonth: 20, capYear: 100 }, 5, 90)).toBe(10);
    expect(capRemaining({ capMonth: 20, capYear: 100 }, 15, 20)).toBe(5);
  });

  it('never goes below zero, even when a cap was lowered after points were earned', () => {
    expect(capRemaining({ capMonth: 10, capYear: null }, 30, 30)).toBe(0);
  });

  it('takes an award whole or not at all', () => {
    expect(fitsCap({ capMonth: 20, capYear: null }, 5, 15, 15)).toBe(true);
    expect(fitsCap({ capMonth: 20, capYear: null }, 5, 16, 16)).toBe(false);
  });

  it('is counted over the calendar month and year of the day', () => {
    expect(capPeriods('2026-02-14')).toEqual({
      monthStart: '2026-02-01',
      monthEnd: '2026-02-28',
      yearStart: '2026-01-01',
      yearEnd: '2026-12-31',
    });
    expect(capPeriods('2028-02-29').monthEnd).toBe('2028-02-29');
    expect(capPeriods('2026-12-31').monthEnd).toBe('2026-12-31');
  });
});

describe('a rule’s terms', () => {
  const ok: RuleTerms = {
    points: 5,
    appliesTo: 'person',
    category: 'environment',
    evidence: ['photo'],
    claimable: true,
    capMonth: 20,
    capYear: 100,
    validFrom: '2026-01-01',
    validUntil: null,
  };
  const problems = (t: Partial<RuleTerms>) => ruleProblems({ ...ok, ...t });

  it('are fine as the starter rules write them', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ points: -10, claimable: false, capMonth: null, capYear: null })).toEqual([]);
  });

  it('never give 0 points', () => {
    expect(problems({ points: 0 })).toContainEqual({ field: 'points', problem: 'POINTS_ZERO' });
  });

  it('end on or after they start', () => {
    expect(problems({ validUntil: '2025-12-31' })).toEqual([
      { field: 'validUntil', problem: 'VALID_UNTIL_BEFORE_FROM' },
    ]);
    expect(problems({ validUntil: '2026-01-01' })).toEqual([]);
  });

  it('keep the monthly cap within the yearly one, and each cap at least one award', () => {
    expect(problems({ capMonth: 200 })).toContainEqual({ field: 'capMonth', problem: 'CAP_MONTH_ABOVE_YEAR' });
    expect(problems({ capMonth: 3, capYear: null })).toEqual([{ field: 'capMonth', problem: 'CAP_BELOW_POINTS' }]);
    expect(problems({ capMonth: null, capYear: 4 })).toEqual([{ field: 'capYear', problem: 'CAP_BELOW_POINTS' }]);
  });

  it('make deductions unclaimable and uncapped', () => {
    expect(problems({ points: -5 })).toEqual([
      { field: 'claimable', problem: 'DEDUCTION_CLAIMABLE' },
      { field: 'capMonth', problem: 'CAP_ON_DEDUCTION' },
      { field: 'capYear', problem: 'CAP_ON_DEDUCTION' },
    ]);
  });

  it('give party duty points to party members only', () => {
    expect(problems({ category: 'party_duty' })).toEqual([{ field: 'appliesTo', problem: 'PARTY_DUTY_NOT_PARTY' }]);
    expect(problems({ category: 'party_duty', appliesTo: 'party_member' })).toEqual([]);
  });
});

it('names every category in Chinese and English', () => {
  for (const c of RULE_CATEGORIES) {
    expect(CATEGORY_NAMES[c]['zh-CN']).toMatch(/\S/);
    expect(CATEGORY_NAMES[c].en).toMatch(/\S/);
  }
  expect(CATEGORY_NAMES.customs['zh-CN']).toBe('移风易俗');
});
