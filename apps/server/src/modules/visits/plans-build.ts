/**
 * Builds the must-visit lists (必访清单) of a month from the registry's tags: per community,
 * one statement reads its tagged residents, the domain's `visitPlanFor` turns them into items
 * with the community's rules, and set-based upserts write them. Only periods that have not
 * ended yet are touched: the past is history. A build is idempotent — the unique indexes on
 * (household, period start) and (person, period start) find what an earlier build wrote.
 */
import {
  chinaDate,
  defaultVisitRules,
  monthOf,
  monthPeriod,
  type PlanPerson,
  type PlanPersonStatus,
  periodOf,
  type RuleFrequency,
  rulesFor,
  type VisitRuleSet,
  visitPlanFor,
} from '@gongzhi/domain';
import type { Db } from '../../platform/db/database.ts';
import * as repo from './plans-repo.ts';

export interface BuildResult {
  month: string;
  created: number;
  updated: number;
  cancelled: number;
}

/** A district's default rules (built-in and own must-visit tags) and a community's rules over them. */
export async function rulesOf(
  db: Db,
  communityId: number,
): Promise<{ defaults: VisitRuleSet; rules: VisitRuleSet; rows: { tag_code: string; frequency: string }[] }> {
  const [tags, rows] = await Promise.all([repo.tagDefinitions(db), repo.ruleRows(db, communityId)]);
  const defaults = defaultVisitRules(
    tags.filter((t) => t.status === 'active').map((t) => ({ code: t.code, mustVisit: t.must_visit })),
  );
  const rules = rulesFor(
    defaults,
    rows.map((r) => ({ tag: r.tag_code, frequency: r.frequency as RuleFrequency })),
  );
  return { defaults, rules, rows };
}

/** The days of the month still to come on `today` (all of it for a future month; none for a past one). */
export function openWindow(month: string, today: string): { from: string; to: string } {
  const m = monthPeriod(month);
  return { from: today > m.start ? today : m.start, to: m.end };
}

/**
 * Builds the lists of a unit (a grid, a community or village, a street, a district) for a
 * month. A district is built community by community in one transaction: the monthly job
 * enqueues one job per community instead, so a failure stays local.
 */
export async function buildPlans(
  trx: Db,
  unit: { id: number; kind: string; path: string },
  month: string,
  now: Date,
): Promise<BuildResult> {
  const total: BuildResult = { month, created: 0, updated: 0, cancelled: 0 };
  const add = (r: Omit<BuildResult, 'month'>) => {
    total.created += r.created;
    total.updated += r.updated;
    total.cancelled += r.cancelled;
  };
  if (unit.kind === 'grid') {
    const grid = await repo.unitById(trx, unit.id);
    const community = grid?.parent_id == null ? undefined : await repo.unitById(trx, grid.parent_id);
    if (community) add(await buildCommunity(trx, community, unit.id, month, now));
    return total;
  }
  for (const community of await repo.communitiesIn(trx, unit.path)) {
    add(await buildCommunity(trx, community, null, month, now));
  }
  return total;
}

/** Builds one community's lists (or one of its grids'). */
export async function buildCommunity(
  trx: Db,
  community: repo.UnitRow,
  onlyGrid: number | null,
  month: string,
  now: Date,
): Promise<Omit<BuildResult, 'month'>> {
  const none = { created: 0, updated: 0, cancelled: 0 };
  const window = openWindow(month, chinaDate(now));
  if (window.from > window.to) return none;
  const allGrids = await repo.gridsOf(trx, community.id);
  const grids = new Map(allGrids.filter((g) => onlyGrid === null || g.id === onlyGrid).map((g) => [g.id, g]));
  if (grids.size === 0) return none;

  const { rules } = await rulesOf(trx, community.id);
  const codes = Object.entries(rules)
    .filter(([, f]) => f !== 'none')
    .map(([code]) => code);
  const tagged = await repo.taggedPersons(trx, community.path, codes, window.from, window.to);

  // Tagged rows → persons with their tags; the grid a subject is visited in is its household's.
  const persons = new Map<
    number,
    PlanPerson<number, number> & { tags: PlanPerson<number, number>['tags'][number][] }
  >();
  const gridOfSubject = new Map<string, number>();
  for (const r of tagged) {
    let p = persons.get(r.person_id);
    if (!p) {
      p = { id: r.person_id, householdId: r.household_id, status: r.status as PlanPersonStatus, tags: [] };
      persons.set(r.person_id, p);
      gridOfSubject.set(
        r.household_id === null ? `p${r.person_id}` : `h${r.household_id}`,
        r.household_grid_id ?? r.person_grid_id,
      );
    }
    p.tags.push({ code: r.code, startDate: r.start_date, endDate: r.end_date, ended: false });
  }
  const plan = visitPlanFor([...persons.values()], rules, window);

  const workers = await repo.gridWorkers(trx, [...grids.keys()]);
  const wanted: repo.DueRowInput[] = [];
  for (const item of plan) {
    const gridId = gridOfSubject.get(item.householdId === null ? `p${item.personId}` : `h${item.householdId}`);
    const grid = gridId === undefined ? undefined : grids.get(gridId);
    if (!grid) continue;
    wanted.push({
      district_id: grid.district_id,
      grid_id: grid.id,
      org_path: grid.path,
      household_id: item.householdId,
      person_id: item.personId,
      person_ids: [...item.personIds].sort((a, b) => a - b),
      reasons: item.reasons,
      frequency: item.frequency,
      period_start: item.period.start,
      period_end: item.period.end,
      assignee_id: workers.get(grid.id) ?? null,
    });
  }

  const { created, updated } = await repo.upsertDue(trx, wanted, now);
  const cancelled = await repo.cancelUnwanted(
    trx,
    [...grids.keys()],
    wanted.map((w) => ({ household_id: w.household_id, person_id: w.person_id, period_start: w.period_start })),
    window,
    now,
  );
  // The earliest period a window touches starts with its first week or its quarter.
  const earliest = [
    periodOf('weekly', window.from).start,
    periodOf('quarterly', window.from).start,
  ].sort()[0] as string;
  await repo.recountGridMonths(
    trx,
    allGrids.map((g) => g.id),
    monthOf(earliest),
    window.to,
  );
  return { created, updated, cancelled };
}

/** The month (YYYY-MM) in China at `now`. */
export function currentMonth(now: Date): string {
  return monthOf(chinaDate(now));
}
