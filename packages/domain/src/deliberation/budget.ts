/**
 * 民生微实事 (Futian's small livelihood projects): a community's yearly budget, residents'
 * proposals reviewed for feasibility, a residents' vote, and the selection the vote leads to.
 *
 * The selection rule is the one shown to residents before they vote: rank the feasible projects
 * by votes (ties: the cheaper first, then by key), walk down the ranking and fund each project that
 * still fits in what is left of the budget, skipping one that does not fit and going on with the
 * next, until the most projects allowed are funded. A project nobody voted for is not funded.
 */
import { type VoteIssue, validateChoice } from './votes.ts';

export interface ProjectTally {
  key: string;
  priceCents: number;
  votes: number;
}

export type SelectionReason = 'selected' | 'over_budget' | 'max_projects' | 'no_votes';

export interface Selection {
  selected: string[];
  notSelected: string[];
  spentCents: number;
  /** every project in ranking order (rank from 1), whether it was funded and why */
  ranking: Array<ProjectTally & { rank: number; reason: SelectionReason }>;
  /** fewer projects were funded than the budget's minimum */
  shortOfMinimum: boolean;
  /** the rule in Chinese, as shown to residents */
  ruleText: string;
  ruleTextEn: string;
}

/** ¥ from cents, as residents read it: ¥300,000 or ¥1,234.50. */
export function yuan(cents: number): string {
  const whole = Math.floor(cents / 100);
  const fen = cents % 100;
  return `¥${whole.toLocaleString('en-US')}${fen === 0 ? '' : `.${String(fen).padStart(2, '0')}`}`;
}

/** The order projects are considered in: most votes, then the cheaper, then by key. */
export function rankProjects<T extends ProjectTally>(projects: readonly T[]): T[] {
  return [...projects].sort(
    (a, b) => b.votes - a.votes || a.priceCents - b.priceCents || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The selection rule in words, with the budget and the limits. */
export function selectionRuleText(
  budgetCents: number,
  limits: { minProjects?: number | null; maxProjects?: number | null },
): { zh: string; en: string } {
  const max = limits.maxProjects ?? null;
  const min = limits.minProjects ?? 0;
  const zhMax = max === null ? '' : `，最多 ${max} 个项目`;
  const zhMin = min > 0 ? `；至少应有 ${min} 个项目入选` : '';
  const enMax = max === null ? '' : `, at most ${max} projects`;
  const enMin = min > 0 ? `; at least ${min} projects should be funded` : '';
  return {
    zh:
      `按得票从高到低排序（票数相同的，金额低者在前），依次纳入预算 ${yuan(budgetCents)}${zhMax}；` +
      `剩余预算不足以实施的项目跳过，继续考虑下一个项目；零票项目不入选${zhMin}。`,
    en:
      `Projects are ranked by votes (on a tie, the cheaper first) and funded in that order within the budget ` +
      `of ${yuan(budgetCents)}${enMax}; a project that no longer fits is skipped and the next one considered; ` +
      `a project with no votes is not funded${enMin}.`,
  };
}

/** Applies the selection rule (see the top of this file) to the tallied feasible projects. */
export function selectProjects(
  projects: readonly ProjectTally[],
  budgetCents: number,
  limits: { minProjects?: number | null; maxProjects?: number | null } = {},
): Selection {
  const max = limits.maxProjects ?? Number.POSITIVE_INFINITY;
  let left = budgetCents;
  const ranking: Selection['ranking'] = [];
  const selected: string[] = [];
  const notSelected: string[] = [];
  rankProjects(projects).forEach((p, i) => {
    let reason: SelectionReason;
    if (p.votes <= 0) reason = 'no_votes';
    else if (selected.length >= max) reason = 'max_projects';
    else if (p.priceCents > left) reason = 'over_budget';
    else reason = 'selected';
    if (reason === 'selected') {
      left -= p.priceCents;
      selected.push(p.key);
    } else notSelected.push(p.key);
    ranking.push({ ...p, rank: i + 1, reason });
  });
  const text = selectionRuleText(budgetCents, limits);
  return {
    selected,
    notSelected,
    spentCents: budgetCents - left,
    ranking,
    shortOfMinimum: selected.length < (limits.minProjects ?? 0),
    ruleText: text.zh,
    ruleTextEn: text.en,
  };
}

/**
 * A knapsack ballot (choose projects whose prices add up to no more than the budget): the votes'
 * own check with the projects as options, issues naming `choice`.
 */
export function validateKnapsackBallot(
  projects: readonly { key: string; priceCents: number }[],
  budgetCents: number,
  choice: readonly string[],
  maxChoices?: number | null,
): VoteIssue[] {
  return validateChoice(
    {
      style: 'knapsack',
      options: projects.map((p) => ({ key: p.key, costCents: p.priceCents })),
      budgetCents,
      maxChoices: maxChoices ?? null,
    },
    choice,
  );
}

// ── projects ──

export const PROJECT_STATUSES = [
  'proposed',
  'feasible',
  'unfeasible',
  'selected',
  'not_selected',
  'in_progress',
  'completed',
  'accepted',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const PROJECT_ACTIONS = [
  'review_feasible',
  'review_unfeasible',
  'select',
  'not_select',
  'start',
  'complete',
  'accept',
] as const;
export type ProjectAction = (typeof PROJECT_ACTIONS)[number];

const PROJECT_TRANSITIONS: Record<ProjectStatus, Partial<Record<ProjectAction, ProjectStatus>>> = {
  proposed: { review_feasible: 'feasible', review_unfeasible: 'unfeasible' },
  // a review may be changed while the budget is still reviewing (the server checks the phase)
  feasible: {
    review_unfeasible: 'unfeasible',
    review_feasible: 'feasible',
    select: 'selected',
    not_select: 'not_selected',
  },
  unfeasible: { review_feasible: 'feasible', review_unfeasible: 'unfeasible' },
  selected: { start: 'in_progress' },
  not_selected: {},
  in_progress: { complete: 'completed' },
  // 验收: acceptance of the finished work
  completed: { accept: 'accepted' },
  accepted: {},
};

export type ProjectTransition =
  | { ok: true; to: ProjectStatus }
  | { ok: false; code: 'PROJECT_ACTION_NOT_ALLOWED' | 'PROJECT_NOTE_REQUIRED' };

/**
 * The status an action leads to: propose → review feasible | unfeasible (a written explanation
 * required) → select | not_selected → start → complete → accept.
 */
export function projectTransition(
  status: ProjectStatus,
  action: ProjectAction,
  input: { note?: string | null } = {},
): ProjectTransition {
  const to = PROJECT_TRANSITIONS[status][action];
  if (to === undefined) return { ok: false, code: 'PROJECT_ACTION_NOT_ALLOWED' };
  if (action === 'review_unfeasible' && !input.note?.trim()) return { ok: false, code: 'PROJECT_NOTE_REQUIRED' };
  return { ok: true, to };
}

/** The actions a project in this status takes. */
export function projectActions(status: ProjectStatus): ProjectAction[] {
  return PROJECT_ACTIONS.filter((a) => PROJECT_TRANSITIONS[status][a] !== undefined);
}

// ── budgets ──

export const BUDGET_PHASES = ['proposing', 'reviewing', 'voting', 'selected', 'closed'] as const;
export type BudgetPhase = (typeof BUDGET_PHASES)[number];

/** A budget moves one phase forward at a time: proposing → reviewing → voting → selected → closed. */
export function nextBudgetPhase(phase: BudgetPhase): BudgetPhase | null {
  return BUDGET_PHASES[BUDGET_PHASES.indexOf(phase) + 1] ?? null;
}

export function canMoveBudget(from: BudgetPhase, to: BudgetPhase): boolean {
  return nextBudgetPhase(from) === to;
}
