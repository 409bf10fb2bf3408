import { describe, expect, it } from 'vitest';
import {
  BUDGET_PHASES,
  canMoveBudget,
  nextBudgetPhase,
  PROJECT_ACTIONS,
  PROJECT_STATUSES,
  type ProjectStatus,
  projectActions,
  projectTransition,
  rankProjects,
  selectProjects,
  validateKnapsackBallot,
  yuan,
} from './budget.ts';

const wan = (n: number) => n * 10_000 * 100; // 万元 in cents

// 2026 民生微实事 at 金溪社区: ¥300,000
const projects = [
  { key: 'lamps', priceCents: wan(12), votes: 640 }, // 小区路灯更换
  { key: 'ramp', priceCents: wan(8), votes: 520 }, // 无障碍坡道
  { key: 'library', priceCents: wan(15), votes: 480 }, // 社区书屋 — no longer fits
  { key: 'bench', priceCents: wan(3), votes: 300 }, // 休闲座椅
  { key: 'shade', priceCents: wan(9), votes: 120 }, // 遮阳棚 — no longer fits
  { key: 'mural', priceCents: wan(2), votes: 0 }, // 文化墙 — no votes
];

describe('selectProjects', () => {
  it('funds by votes, skips a project that no longer fits and goes on with the next', () => {
    const s = selectProjects(projects, wan(30));
    expect(s.selected).toEqual(['lamps', 'ramp', 'bench']);
    expect(s.notSelected).toEqual(['library', 'shade', 'mural']);
    expect(s.spentCents).toBe(wan(23));
    expect(s.ranking.map((r) => [r.key, r.rank, r.reason])).toEqual([
      ['lamps', 1, 'selected'],
      ['ramp', 2, 'selected'],
      ['library', 3, 'over_budget'],
      ['bench', 4, 'selected'],
      ['shade', 5, 'over_budget'],
      ['mural', 6, 'no_votes'],
    ]);
    expect(s.shortOfMinimum).toBe(false);
  });

  it('a project that fits exactly is funded', () => {
    expect(selectProjects(projects, wan(35)).selected).toEqual(['lamps', 'ramp', 'library']);
  });

  it('stops at the most projects allowed', () => {
    const s = selectProjects(projects, wan(30), { maxProjects: 2 });
    expect(s.selected).toEqual(['lamps', 'ramp']);
    expect(s.ranking.find((r) => r.key === 'bench')?.reason).toBe('max_projects');
  });

  it('says when fewer than the minimum were funded', () => {
    expect(selectProjects(projects, wan(10), { minProjects: 2 })).toMatchObject({
      selected: ['ramp'],
      shortOfMinimum: true,
    });
  });

  it('on a tie of votes the cheaper comes first, then the key', () => {
    const tied = [
      { key: 'b', priceCents: 500, votes: 10 },
      { key: 'a', priceCents: 500, votes: 10 },
      { key: 'c', priceCents: 400, votes: 10 },
    ];
    expect(rankProjects(tied).map((p) => p.key)).toEqual(['c', 'a', 'b']);
    expect(selectProjects(tied, 900).selected).toEqual(['c', 'a']);
  });

  it('never spends more than the budget and selects every project exactly once', () => {
    for (let budget = 0; budget <= wan(50); budget += wan(1)) {
      const s = selectProjects(projects, budget);
      expect(s.spentCents).toBeLessThanOrEqual(budget);
      expect([...s.selected, ...s.notSelected].sort()).toEqual(projects.map((p) => p.key).sort());
    }
  });

  it('states its rule for residents in both languages', () => {
    const { ruleText, ruleTextEn } = selectProjects(projects, wan(30), { maxProjects: 5, minProjects: 2 });
    expect(ruleText).toContain('¥300,000');
    expect(ruleText).toContain('最多 5 个项目');
    expect(ruleText).toContain('跳过');
    expect(ruleTextEn).toContain('at most 5 projects');
    expect(ruleTextEn).toContain('at least 2');
    expect(selectProjects(projects, wan(30)).ruleText).toBe(
      '按得票从高到低排序（票数相同的，金额低者在前），依次纳入预算 ¥300,000；剩余预算不足以实施的项目跳过，继续考虑下一个项目；零票项目不入选。',
    );
  });

  it('yuan shows cents as ¥', () => {
    expect(yuan(wan(30))).toBe('¥300,000');
    expect(yuan(123_450)).toBe('¥1,234.50');
    expect(yuan(5)).toBe('¥0.05');
  });
});

describe('validateKnapsackBallot', () => {
  it('checks the total against the budget, naming choice', () => {
    expect(validateKnapsackBallot(projects, wan(30), ['lamps', 'ramp', 'bench'])).toEqual([]);
    expect(validateKnapsackBallot(projects, wan(30), ['lamps', 'library', 'ramp'])).toEqual([
      { field: 'choice', code: 'CHOICE_OVER_BUDGET' },
    ]);
    expect(validateKnapsackBallot(projects, wan(30), ['pool'])).toEqual([
      { field: 'choice[0]', code: 'CHOICE_UNKNOWN' },
    ]);
    expect(validateKnapsackBallot(projects, wan(30), ['lamps', 'bench'], 1)).toEqual([
      { field: 'choice', code: 'CHOICE_TOO_MANY' },
    ]);
  });
});

describe('projectTransition, every status × every action', () => {
  const allowed: Record<ProjectStatus, Record<string, ProjectStatus>> = {
    proposed: { review_feasible: 'feasible', review_unfeasible: 'unfeasible' },
    feasible: {
      review_feasible: 'feasible',
      review_unfeasible: 'unfeasible',
      select: 'selected',
      not_select: 'not_selected',
    },
    unfeasible: { review_feasible: 'feasible', review_unfeasible: 'unfeasible' },
    selected: { start: 'in_progress' },
    not_selected: {},
    in_progress: { complete: 'completed' },
    completed: { accept: 'accepted' },
    accepted: {},
  };
  for (const status of PROJECT_STATUSES) {
    for (const action of PROJECT_ACTIONS) {
      const to = allowed[status][action];
      it(`${status} --${action}--> ${to ?? 'refused'}`, () => {
        expect(projectTransition(status, action, { note: '经现场勘察,该位置属市政道路,不在社区范围内。' })).toEqual(
          to ? { ok: true, to } : { ok: false, code: 'PROJECT_ACTION_NOT_ALLOWED' },
        );
      });
    }
    it(`${status} lists its actions`, () => {
      expect(projectActions(status)).toEqual(PROJECT_ACTIONS.filter((a) => allowed[status][a]));
    });
  }

  it('unfeasible needs a written explanation for the proposer', () => {
    expect(projectTransition('proposed', 'review_unfeasible')).toEqual({ ok: false, code: 'PROJECT_NOTE_REQUIRED' });
    expect(projectTransition('proposed', 'review_unfeasible', { note: '  ' })).toEqual({
      ok: false,
      code: 'PROJECT_NOTE_REQUIRED',
    });
    expect(projectTransition('proposed', 'review_feasible')).toEqual({ ok: true, to: 'feasible' });
  });

  it('a project goes from proposal to acceptance', () => {
    let s: ProjectStatus = 'proposed';
    for (const a of ['review_feasible', 'select', 'start', 'complete', 'accept'] as const) {
      const r = projectTransition(s, a);
      if (!r.ok) throw new Error(r.code);
      s = r.to;
    }
    expect(s).toBe('accepted');
  });
});

describe('budget phases', () => {
  it('move one step forward at a time', () => {
    expect(BUDGET_PHASES.map(nextBudgetPhase)).toEqual(['reviewing', 'voting', 'selected', 'closed', null]);
    for (const from of BUDGET_PHASES)
      for (const to of BUDGET_PHASES)
        expect(canMoveBudget(from, to)).toBe(BUDGET_PHASES.indexOf(to) === BUDGET_PHASES.indexOf(from) + 1);
  });
});
