/**
 * 满意度 and resolution times kept on write: the workflow (resolve, rate) and the SLA job (overdue)
 * call these in the same transaction as the transition, so case_month_tally is always in step
 * with the cases and the satisfaction dashboard reads only these rows.
 *
 * One row per China month of the event × community × handler unit (the community itself when the
 * case has no handler yet) × category. Resolution hours are counted into the domain's
 * RESOLVE_HOUR_BUCKETS; the array is added element-wise on conflict, so concurrent writers never
 * lose a count.
 */
import { addToHistogram, SATISFIED_MIN_RATING } from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { CaseRow } from './case-access.ts';

type TallyCase = Pick<
  CaseRow,
  'district_id' | 'community_id' | 'handler_unit_id' | 'category_id' | 'created_at' | 'resolved_at'
>;

const HOUR_MS = 3_600_000;
const CHINA_OFFSET_MS = 8 * HOUR_MS;

/** The first day of the month (Asia/Shanghai, no DST) the instant falls in, as 'YYYY-MM-01'. */
export function chinaMonthOf(at: Date): string {
  return `${new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7)}-01`;
}

interface Increments {
  resolved?: number;
  overdue?: number;
  rated?: number;
  ratingSum?: number;
  satisfied?: number;
  /** the histogram to add (same length as RESOLVE_HOUR_BUCKETS), or none */
  hours?: number[];
}

async function upsert(trx: Db, row: TallyCase, inc: Increments, now: Date): Promise<void> {
  const hours = inc.hours ?? [];
  await sql`
    insert into case_month_tally as t
      (district_id, month, community_id, handler_unit_id, category_id, org_path,
       resolved, overdue, rated, rating_sum, satisfied, resolve_hours)
    select ${row.district_id}, ${chinaMonthOf(now)}::date, ${row.community_id},
           ${row.handler_unit_id ?? row.community_id}, ${row.category_id}, c.path,
           ${inc.resolved ?? 0}, ${inc.overdue ?? 0}, ${inc.rated ?? 0}, ${inc.ratingSum ?? 0}, ${inc.satisfied ?? 0},
           ${`{${hours.join(',')}}`}::integer[]
    from org_unit c where c.id = ${row.community_id}
    on conflict (month, community_id, handler_unit_id, category_id) do update set
      resolved = t.resolved + excluded.resolved,
      overdue = t.overdue + excluded.overdue,
      rated = t.rated + excluded.rated,
      rating_sum = t.rating_sum + excluded.rating_sum,
      satisfied = t.satisfied + excluded.satisfied,
      resolve_hours = case
        when cardinality(excluded.resolve_hours) = 0 then t.resolve_hours
        else array(
          select coalesce(u.a, 0) + coalesce(u.b, 0)
          from unnest(t.resolve_hours, excluded.resolve_hours) with ordinality as u(a, b, i)
          order by u.i)
      end
  `.execute(trx);
}

/**
 * A case was resolved at `now`: resolved + 1 and its resolution time (created → resolved_at, or
 * `now` when the row in hand predates the update) into the histogram.
 */
export async function tallyResolved(trx: Db, row: TallyCase, now: Date): Promise<void> {
  const end = row.resolved_at ?? now;
  const hours = Math.max(0, (end.getTime() - row.created_at.getTime()) / HOUR_MS);
  await upsert(trx, row, { resolved: 1, hours: addToHistogram([], hours) }, now);
}

/** The reporter rated the case (1–5) at `now`. */
export async function tallyRated(trx: Db, row: TallyCase, rating: number, now: Date): Promise<void> {
  await upsert(trx, row, { rated: 1, ratingSum: rating, satisfied: rating >= SATISFIED_MIN_RATING ? 1 : 0 }, now);
}

/** The SLA job found the case past its resolve deadline at `now`. */
export async function tallyOverdue(trx: Db, row: TallyCase, now: Date): Promise<void> {
  await upsert(trx, row, { overdue: 1 }, now);
}
