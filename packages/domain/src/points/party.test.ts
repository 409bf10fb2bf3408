import { describe, expect, it } from 'vitest';
import {
  gradeParty,
  PARTY_GRADE_RULES,
  PARTY_GRADES,
  partyGrade,
  partyGradeName,
  partyGradeRuleText,
} from './party.ts';

describe('a party member’s quarterly grade', () => {
  it('is 优秀 with ≥ 80 among the top 20% of the community', () => {
    expect(partyGrade(95, 0, 10)).toBe('excellent');
    expect(partyGrade(80, 1, 10)).toBe('excellent');
  });

  it('is 合格 with ≥ 80 outside the top 20%', () => {
    expect(partyGrade(85, 2, 10)).toBe('qualified');
  });

  it('is never 优秀 below the floor of 80, even when first', () => {
    expect(partyGrade(79, 0, 10)).toBe('qualified');
    expect(partyGrade(79, 0, 1)).toBe('qualified');
  });

  it('falls by plain floors below 优秀: 60 合格, 40 基本合格, below 不合格', () => {
    expect(partyGrade(60, 5, 10)).toBe('qualified');
    expect(partyGrade(59, 5, 10)).toBe('basic');
    expect(partyGrade(40, 5, 10)).toBe('basic');
    expect(partyGrade(39, 5, 10)).toBe('unqualified');
    expect(partyGrade(0, 9, 10)).toBe('unqualified');
    expect(partyGrade(-20, 9, 10)).toBe('unqualified');
  });

  it('lets at least one place be 优秀 in a small community (⌈20% × n⌉)', () => {
    expect(partyGrade(90, 0, 1)).toBe('excellent');
    expect(partyGrade(90, 0, 3)).toBe('excellent');
    expect(partyGrade(90, 1, 3)).toBe('qualified');
    expect(partyGrade(90, 1, 6)).toBe('excellent'); // ⌈1.2⌉ = 2 places
  });

  it('has a name in Chinese and English for every grade', () => {
    expect(PARTY_GRADES.map((g) => partyGradeName(g))).toEqual(['优秀', '合格', '基本合格', '不合格']);
    for (const g of PARTY_GRADES) expect(partyGradeName(g, 'en')).toMatch(/^[A-Z]/);
    expect(PARTY_GRADE_RULES.map((r) => r.grade)).toEqual([...PARTY_GRADES]);
  });

  it('states its rule in words with the table’s numbers', () => {
    expect(partyGradeRuleText()).toContain('≥ 80');
    expect(partyGradeRuleText()).toContain('20%');
    expect(partyGradeRuleText('en')).toContain('top 20%');
  });
});

describe('grading a community', () => {
  it('ranks densely and includes ties at the edge of the top share', () => {
    const members = [95, 90, 90, 85, 70, 60, 50, 40, 30, 0].map((score, i) => ({ id: i, score }));
    const graded = gradeParty(members, (m) => m.score);
    expect(graded.map((m) => [m.score, m.rank, m.grade])).toEqual([
      [95, 1, 'excellent'],
      [90, 2, 'excellent'],
      [90, 2, 'excellent'], // ties with the 2nd place of ⌈20% × 10⌉ = 2
      [85, 3, 'qualified'],
      [70, 4, 'qualified'],
      [60, 5, 'qualified'],
      [50, 6, 'basic'],
      [40, 7, 'basic'],
      [30, 8, 'unqualified'],
      [0, 9, 'unqualified'],
    ]);
  });

  it('of no members is empty', () => {
    expect(gradeParty([], () => 0)).toEqual([]);
  });

  it('where everyone did little has nobody 优秀', () => {
    const graded = gradeParty([{ s: 30 }, { s: 20 }], (m) => m.s);
    expect(graded.map((m) => m.grade)).toEqual(['unqualified', 'unqualified']);
  });
});
