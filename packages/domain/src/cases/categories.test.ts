import { describe, expect, it } from 'vitest';
import {
  CATEGORY_CODE_PATTERN,
  CATEGORY_SLA_MAX,
  CATEGORY_SLA_TIERS,
  categoryProblems,
  DEFAULT_CATEGORIES,
  FALLBACK_CATEGORY_CODE,
  flattenCategories,
} from './categories.ts';

const flat = flattenCategories();
const byCode = new Map(flat.map((c) => [c.code, c]));

describe('the default category tree', () => {
  it('has unique codes that Open311 accepts as service codes', () => {
    expect(new Set(flat.map((c) => c.code)).size).toBe(flat.length);
    for (const c of flat) expect(c.code).toMatch(CATEGORY_CODE_PATTERN);
  });

  it('keeps every category valid by its own rules, with Chinese and English names', () => {
    for (const c of flat) {
      expect(
        categoryProblems({ code: c.code, name: c.name, nameEn: c.nameEn, response: c.response, resolve: c.resolve }),
      ).toEqual([]);
      expect(c.name).toMatch(/\p{Script=Han}/u);
      expect(c.nameEn).toMatch(/^[A-Z]/);
    }
  });

  it('lists parents before their children, numbered within a parent', () => {
    const seen = new Set<string>();
    for (const c of flat) {
      if (c.parentCode) expect(seen.has(c.parentCode)).toBe(true);
      seen.add(c.code);
    }
    expect(flat.filter((c) => c.parentCode === 'emergency').map((c) => c.sort)).toEqual([10, 20, 30, 40]);
  });

  it('answers emergencies in 2 hours and resolves them in 24 (接诉即办)', () => {
    const gas = byCode.get('emergency.gas-leak');
    expect(gas?.response).toEqual({ amount: 2, unit: 'hours' });
    expect(gas?.resolve).toEqual({ amount: 24, unit: 'hours' });
    // a missing manhole cover hurts people: an emergency although it sits under 公共设施
    expect(byCode.get('facilities.manhole')?.resolve).toEqual(CATEGORY_SLA_TIERS.emergency.resolve);
  });

  it('responds to water, power and gas within 24 hours; general cases in 7 working days, complex in 15', () => {
    expect(byCode.get('utilities.water-outage')?.response).toEqual({ amount: 24, unit: 'hours' });
    expect(byCode.get('environment.garbage')?.resolve).toEqual({ amount: 7, unit: 'working_days' });
    expect(byCode.get('environment.illegal-building')?.resolve).toEqual({ amount: 15, unit: 'working_days' });
  });

  it('has a 兜底 category 其他 handled by the community, a top-level leaf', () => {
    const other = byCode.get(FALLBACK_CATEGORY_CODE);
    expect(other).toMatchObject({ name: '其他', handler: 'community', parentCode: null });
    expect(DEFAULT_CATEGORIES.at(-1)?.children).toBeUndefined();
  });

  it('sends leaves to the demo departments 001–006 or the community, and lets disputes go to the council', () => {
    for (const c of flat) {
      if (c.handler !== 'community') expect(['001', '002', '003', '004', '005', '006']).toContain(c.handler.department);
    }
    expect(byCode.get('neighbour.noise')?.deliberable).toBe(true);
    expect(byCode.get('emergency.gas-leak')?.deliberable).toBe(false);
  });
});

describe('categoryProblems', () => {
  const ok = { amount: 24, unit: 'hours' } as const;

  it('names blank, too long and control-character names by field', () => {
    expect(categoryProblems({ name: '  ' })).toEqual([{ field: 'name', problem: 'NAME_BLANK' }]);
    expect(categoryProblems({ name: '很'.repeat(21) })).toEqual([{ field: 'name', problem: 'NAME_TOO_LONG' }]);
    expect(categoryProblems({ name: '路灯\u0007' })).toEqual([{ field: 'name', problem: 'NAME_CONTROL_CHARS' }]);
    expect(categoryProblems({ name: '路灯', nameEn: 'x'.repeat(81) })).toEqual([
      { field: 'nameEn', problem: 'NAME_TOO_LONG' },
    ]);
    expect(categoryProblems({ name: '路灯', nameEn: null })).toEqual([]);
    expect(categoryProblems({ name: '很'.repeat(20) })).toEqual([]);
  });

  it('refuses a code Open311 cannot carry', () => {
    expect(categoryProblems({ code: 'Street Light' })).toEqual([{ field: 'code', problem: 'CODE_FORMAT' }]);
  });

  it('caps time limits at 720 hours or 60 working days', () => {
    expect(CATEGORY_SLA_MAX).toEqual({ hours: 720, working_days: 60 });
    expect(categoryProblems({ response: ok, resolve: { amount: 61, unit: 'working_days' } })).toEqual([
      { field: 'resolve.amount', problem: 'SLA_TOO_LONG' },
    ]);
    expect(categoryProblems({ response: { amount: 721, unit: 'hours' } })).toEqual([
      { field: 'response.amount', problem: 'SLA_TOO_LONG' },
    ]);
  });

  it('refuses a response limit longer than the resolve limit, a working day counting as 24 hours', () => {
    expect(
      categoryProblems({ response: { amount: 48, unit: 'hours' }, resolve: { amount: 24, unit: 'hours' } }),
    ).toEqual([{ field: 'response.amount', problem: 'RESPONSE_AFTER_RESOLVE' }]);
    expect(
      categoryProblems({ response: { amount: 2, unit: 'working_days' }, resolve: { amount: 1, unit: 'working_days' } }),
    ).toHaveLength(1);
    expect(
      categoryProblems({ response: { amount: 72, unit: 'hours' }, resolve: { amount: 3, unit: 'working_days' } }),
    ).toEqual([]);
    expect(
      categoryProblems({ response: { amount: 73, unit: 'hours' }, resolve: { amount: 3, unit: 'working_days' } }),
    ).toHaveLength(1);
  });
});
