/**
 * Party members' quarterly grades (党员积分制 → 评优评先). The seeds (江海区) tie the results
 * of party members' points to 评优评先 and to the reserve list for the two committees, and
 * publish them monthly or quarterly; they do not fix a scale. The rule here, one table:
 *
 *   优秀 (excellent)      score ≥ 80 and among the top 20% of the community's members
 *   合格 (qualified)      score ≥ 60
 *   基本合格 (basic)      score ≥ 40
 *   不合格 (unqualified)  below 40
 *
 * 优秀 is an honour given to a few, so it is a share of the members (the best ⌈20% × n⌉ places,
 * ties at the edge included) AND a floor: in a quarter when everyone did little, nobody is
 * 优秀 just for being first. A member with ≥ 80 outside the top share is 合格. The other grades
 * are plain floors, so a member's grade below 优秀 never depends on the others.
 */
import { denseRank } from './rankings.ts';

export const PARTY_GRADES = ['excellent', 'qualified', 'basic', 'unqualified'] as const;
export type PartyGradeCode = (typeof PARTY_GRADES)[number];

export interface PartyGradeRule {
  grade: PartyGradeCode;
  zh: string;
  en: string;
  /** the least quarterly score for the grade */
  minScore: number;
  /** the grade goes to at most this share of the members (best first, ties included) */
  topShare?: number;
}

/** Best grade first; the first rule a member meets is theirs. */
export const PARTY_GRADE_RULES: readonly PartyGradeRule[] = [
  { grade: 'excellent', zh: '优秀', en: 'Excellent', minScore: 80, topShare: 0.2 },
  { grade: 'qualified', zh: '合格', en: 'Qualified', minScore: 60 },
  { grade: 'basic', zh: '基本合格', en: 'Basically qualified', minScore: 40 },
  { grade: 'unqualified', zh: '不合格', en: 'Unqualified', minScore: Number.NEGATIVE_INFINITY },
];

const RULE_BY_GRADE = new Map(PARTY_GRADE_RULES.map((r) => [r.grade, r]));

export function partyGradeName(grade: PartyGradeCode, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const rule = RULE_BY_GRADE.get(grade) as PartyGradeRule;
  return locale === 'en' ? rule.en : rule.zh;
}

/**
 * The grade of one member: `score` their quarterly score, `better` how many members of the
 * community scored strictly more, `members` how many there are (the member included).
 */
export function partyGrade(score: number, better: number, members: number): PartyGradeCode {
  for (const rule of PARTY_GRADE_RULES) {
    if (score < rule.minScore) continue;
    if (rule.topShare !== undefined && better >= Math.ceil(rule.topShare * members)) continue;
    return rule.grade;
  }
  return 'unqualified';
}

/** Every member of a community ranked (dense, best first) and graded. */
export function gradeParty<T>(
  members: readonly T[],
  score: (member: T) => number,
): Array<T & { rank: number; grade: PartyGradeCode }> {
  const ranked = denseRank(members, score);
  const n = ranked.length;
  // Members with a strictly higher score = index of the first member with this score.
  const firstAt = new Map<number, number>();
  ranked.forEach((m, i) => {
    if (!firstAt.has(score(m))) firstAt.set(score(m), i);
  });
  return ranked.map((m) => ({ ...m, grade: partyGrade(score(m), firstAt.get(score(m)) as number, n) }));
}

/** The rule in words, for the report and the page. */
export function partyGradeRuleText(locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const [excellent, qualified, basic] = PARTY_GRADE_RULES as [PartyGradeRule, PartyGradeRule, PartyGradeRule];
  const share = Math.round((excellent.topShare ?? 0) * 100);
  return locale === 'en'
    ? `Excellent: score ≥ ${excellent.minScore} and in the community's top ${share}%; Qualified: ≥ ${qualified.minScore}; ` +
        `Basically qualified: ≥ ${basic.minScore}; Unqualified: below ${basic.minScore}`
    : `优秀:季度积分 ≥ ${excellent.minScore} 且位列本社区党员前 ${share}%;合格:≥ ${qualified.minScore};` +
        `基本合格:≥ ${basic.minScore};不合格:低于 ${basic.minScore}`;
}
