/**
 * A visit closes the must-visit items it covers. Shared by the records part (sync applies a
 * visit) and owned by the plans part, which keeps visit_grid_month.due and .done exact.
 */
import { sql } from 'kysely';
import { type Db, PREPARED } from '../../platform/db/database.ts';
import { recountGridMonths } from './plans-repo.ts';

/**
 * Marks the open must-visit items this visit covers as done, and keeps visit_grid_month.done in step.
 *
 * An item is covered when its period contains the visit's China date and it is the visited
 * household's, the household of a person named in the visit (a call to the 独居老人 of a home
 * covers the home), or the own item of a named person who belongs to no household. Each
 * subject has one item per period, so a visit closes at most one item per subject.
 */
export async function markDueVisited(
  trx: Db,
  visit: { id: number; householdId: number | null; personIds: number[]; visitedOn: string /* YYYY-MM-DD China */ },
  now: Date,
): Promise<number /* items marked */> {
  return markDueVisitedMany(trx, [visit], now);
}

/**
 * markDueVisited for the visits of a sync batch at once: one update for all of them, one recount
 * of the grids they touched. When two visits of the batch cover one item, the earlier visit
 * (then the lower id) closes it. Items are locked in id order, so two batches covering the
 * same items wait for each other instead of deadlocking.
 */
export async function markDueVisitedMany(
  trx: Db,
  visits: ReadonlyArray<{ id: number; householdId: number | null; personIds: number[]; visitedOn: string }>,
  now: Date,
): Promise<number /* items marked */> {
  const wanted = visits.filter((v) => v.householdId !== null || v.personIds.length > 0);
  if (wanted.length === 0) return 0;
  const input = JSON.stringify(
    wanted.map((v) => ({ id: v.id, household_id: v.householdId, person_ids: v.personIds, visited_on: v.visitedOn })),
  );
  // The same text for one visit or fifty: prepared once per connection.
  const { rows } = await sql<{ grid_id: number; period_start: string }>`${sql.raw(PREPARED)}
    with v as (
      select * from jsonb_to_recordset(${input}::jsonb)
        as v(id bigint, household_id bigint, person_ids bigint[], visited_on date)
    ),
    -- the households a visit covers: its own, and those its persons live in
    homes as (
      select v.id, v.visited_on, v.household_id from v where v.household_id is not null
      union
      select v.id, v.visited_on, m.household_id
        from v cross join unnest(v.person_ids) as p(person_id)
        join household_member m on m.person_id = p.person_id and m.until is null
    ),
    hits as (
      select d.id as due_id, h.id as visit_id, h.visited_on
        from homes h join visit_due d on d.household_id = h.household_id
       where d.status = 'open' and d.period_start <= h.visited_on and d.period_end >= h.visited_on
      union all
      select d.id, v.id, v.visited_on
        from v cross join unnest(v.person_ids) as p(person_id)
        join visit_due d on d.person_id = p.person_id
       where d.status = 'open' and d.period_start <= v.visited_on and d.period_end >= v.visited_on
    ),
    covered as (
      select distinct on (due_id) due_id, visit_id from hits order by due_id, visited_on, visit_id
    ),
    locked as (
      select d.id from visit_due d where d.id in (select due_id from covered) and d.status = 'open'
       order by d.id for update
    )
    update visit_due d set status = 'done', visit_id = c.visit_id, closed_at = ${now}
      from covered c
     where d.id = c.due_id and d.id in (select id from locked)
    returning d.grid_id, d.period_start`.execute(trx);
  if (rows.length === 0) return 0;
  const grids = [...new Set(rows.map((r) => r.grid_id))];
  const starts = rows.map((r) => r.period_start).sort();
  await recountGridMonths(trx, grids, (starts[0] as string).slice(0, 7), starts[starts.length - 1] as string);
  return rows.length;
}
