import { describe, expect, it } from 'vitest';
import {
  currentMonthAt,
  currentQuarterAt,
  denseRank,
  householdName,
  isQuarter,
  quarterOf,
  quarterPeriod,
  rankingName,
  rankingPeriod,
  topWithTies,
} from './rankings.ts';

describe('names on a ranking', () => {
  it('are masked like the registry masks them: 张*明, 李*, 欧**娜', () => {
    expect(rankingName('张三明', true)).toBe('张*明');
    expect(rankingName('李四', true)).toBe('李*');
    expect(rankingName('欧阳娜娜', true)).toBe('欧**娜');
    expect(rankingName('买买提·艾力', true)).toBe('买**·艾*');
  });

  it('never show a whole name when masked, even one of a single character', () => {
    expect(rankingName('王', true)).toBe('*');
    for (const name of ['王', '李四', '张三明', '欧阳娜娜', '𠈌小明']) {
      expect(rankingName(name, true)).not.toBe(name);
      expect(Array.from(rankingName(name, true))).toHaveLength(Array.from(name).length);
    }
  });

  it('are shown as they are when not masked (staff)', () => {
    expect(rankingName('张三明', false)).toBe('张三明');
  });

  it('name a household after its head: 张*明家, or 某户 when the head is unknown', () => {
    expect(householdName('张三明', true)).toBe('张*明家');
    expect(householdName('张三明', false)).toBe('张三明家');
    expect(householdName(' 李四 ', true)).toBe('李*家');
    expect(householdName(null, true)).toBe('某户');
    expect(householdName('  ', false)).toBe('某户');
  });
});

describe('ranking periods', () => {
  it('a month covers itself, first to last day', () => {
    expect(rankingPeriod('month', '2026-11')).toEqual({
      kind: 'month',
      label: '2026-11',
      start: '2026-11-01',
      end: '2026-11-30',
      months: ['2026-11'],
    });
    expect(rankingPeriod(undefined, '2028-02')?.end).toBe('2028-02-29');
    expect(rankingPeriod(undefined, '2026-02')?.end).toBe('2026-02-28');
  });

  it('a quarter covers its three months', () => {
    expect(rankingPeriod('quarter', '2026-Q4')).toEqual({
      kind: 'quarter',
      label: '2026-Q4',
      start: '2026-10-01',
      end: '2026-12-31',
      months: ['2026-10', '2026-11', '2026-12'],
    });
    expect(rankingPeriod(undefined, '2026-Q1')).toMatchObject({ start: '2026-01-01', end: '2026-03-31' });
    expect(quarterPeriod('2026-Q2')).toMatchObject({ start: '2026-04-01', end: '2026-06-30' });
    expect(quarterPeriod('2026-Q3').months).toEqual(['2026-07', '2026-08', '2026-09']);
  });

  it('a month asked for as a quarter means the quarter holding it', () => {
    for (const [month, quarter] of [
      ['2026-01', '2026-Q1'],
      ['2026-03', '2026-Q1'],
      ['2026-04', '2026-Q2'],
      ['2026-09', '2026-Q3'],
      ['2026-10', '2026-Q4'],
      ['2026-12', '2026-Q4'],
    ] as const) {
      expect(rankingPeriod('quarter', month)?.label).toBe(quarter);
      expect(quarterOf(month)).toBe(quarter);
    }
    expect(quarterOf('2026-11-23')).toBe('2026-Q4');
  });

  it('refuses a quarter asked for as a month, and every other shape', () => {
    expect(rankingPeriod('month', '2026-Q4')).toBeNull();
    for (const bad of [
      '2026-13',
      '2026-00',
      '2026-1',
      '26-11',
      '2026-Q5',
      '2026-Q0',
      '2026/11',
      '',
      '0000-01',
      '0000-Q1',
    ])
      expect(rankingPeriod(undefined, bad), bad).toBeNull();
    expect(() => quarterPeriod('2026-Q5')).toThrow(RangeError);
    expect(isQuarter('2026-Q4')).toBe(true);
    expect(isQuarter('2026-Q')).toBe(false);
  });

  it('"now" is China time: 2026-12-31T16:30Z is already 2027-01 and 2027-Q1', () => {
    expect(currentMonthAt(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12');
    expect(currentMonthAt(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01');
    expect(currentQuarterAt(new Date('2026-12-31T16:30:00Z'))).toBe('2027-Q1');
    expect(currentQuarterAt(new Date('2026-11-23T02:00:00Z'))).toBe('2026-Q4');
  });
});

describe('dense ranks', () => {
  const rows = (...points: number[]) => points.map((p, i) => ({ id: i, p }));

  it('share a rank on equal points and go on with the next number', () => {
    expect(denseRank(rows(100, 90, 90, 80), (r) => r.p).map((r) => r.rank)).toEqual([1, 2, 2, 3]);
    expect(denseRank(rows(5, 5, 5), (r) => r.p).map((r) => r.rank)).toEqual([1, 1, 1]);
  });

  it('sort best first, keeping the input order among equals', () => {
    const ranked = denseRank(rows(10, 30, 20, 30), (r) => r.p);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      [1, 1],
      [3, 1],
      [2, 2],
      [0, 3],
    ]);
  });

  it('of nothing is nothing; negative points rank below zero', () => {
    expect(denseRank([], () => 0)).toEqual([]);
    expect(denseRank(rows(-5, 0, 3), (r) => r.p).map((r) => [r.p, r.rank])).toEqual([
      [3, 1],
      [0, 2],
      [-5, 3],
    ]);
  });

  it('a notice keeps the first n rows and whoever ties with the last of them', () => {
    const ranked = denseRank(rows(100, 90, 90, 90, 80), (r) => r.p);
    expect(topWithTies(ranked, 2).map((r) => r.p)).toEqual([100, 90, 90, 90]);
    expect(topWithTies(ranked, 1).map((r) => r.p)).toEqual([100]);
    expect(topWithTies(ranked, 5)).toHaveLength(5);
    expect(topWithTies(ranked, 50)).toHaveLength(5);
    expect(topWithTies(ranked, 0)).toEqual([]);
    expect(topWithTies([], 3)).toEqual([]);
  });
});
