/**
 * The demo's must-visit lists (必访清单) of last month and this month, built by the module's own
 * buildPlans as the monthly job builds them on the 1st at 00:30 (or now, when that is still to
 * come), then read back with what the diaries need of each home, its persons and its worker.
 */
import { sql } from 'kysely';
import { buildPlans } from '../modules/visits/plans-build.ts';
import type { Db } from '../platform/db/database.ts';
import { DEMO_DISTRICT } from './district.ts';

/** An instant in China: a date and the minutes after its midnight. */
export const chinaAt = (date: string, minutes: number) =>
  new Date(Date.parse(`${date}T00:00:00+08:00`) + minutes * 60_000);

/** An item of a list, with what the diaries need of its home, persons and worker. */
export interface DueRow {
  grid_id: number;
  grid_code: string;
  org_path: string;
  district_id: number;
  village: boolean;
  household_id: number | null;
  household_uid: string | null;
  person_id: number | null;
  reasons: string[];
  frequency: 'weekly' | 'monthly' | 'quarterly';
  period_start: string;
  period_end: string;
  created_at: Date;
  assignee_id: number;
  username: string;
  worker_name: string;
  members: number;
  persons: Array<{ id: number; uid: string; name: string; gender: string | null; birth_date: string | null }>;
  lng: number | null;
  lat: number | null;
}

/** When the monthly job built a month's lists: the 1st at 00:30 China, or now if that is still to come. */
export function buildTime(month: string, now: Date): Date {
  const at = chinaAt(`${month}-01`, 30);
  return at < now ? at : now;
}

/**
 * Last month's and this month's lists: the items still open or done (not the cancelled), each
 * with what the diaries need of its home, persons and worker. Items of a grid nobody works are
 * left out: nobody visits them.
 */
export async function buildLists(trx: Db, now: Date, months: string[]): Promise<DueRow[]> {
  const district = await trx
    .selectFrom('org_unit')
    .select(['id', 'kind', 'path'])
    .where('code', '=', DEMO_DISTRICT.code)
    .executeTakeFirstOrThrow();
  for (const month of months) await buildPlans(trx, district, month, buildTime(month, now));

  const { rows } = await sql<Omit<DueRow, 'persons'> & { person_ids: number[] }>`
    select d.grid_id, g.code as grid_code, d.org_path, d.district_id, c.kind = 'village' as village,
           d.household_id, h.uid::text as household_uid, d.person_id, d.person_ids, d.reasons, d.frequency,
           d.period_start, d.period_end, d.created_at, d.assignee_id, u.username, u.display_name as worker_name,
           (select count(*)::int from household_member hm join person p on p.id = hm.person_id
             where hm.household_id = d.household_id and hm.until is null and p.status = 'resident') as members,
           coalesce(hb.lng, pb.lng) as lng, coalesce(hb.lat, pb.lat) as lat
      from visit_due d
      join org_unit g on g.id = d.grid_id
      join org_unit c on c.id = g.parent_id
      join app_user u on u.id = d.assignee_id
      left join household h on h.id = d.household_id
      left join room hr on hr.id = h.room_id
      left join building hb on hb.id = hr.building_id
      left join person sp on sp.id = d.person_id
      left join room pr on pr.id = sp.room_id
      left join building pb on pb.id = pr.building_id
     where d.status <> 'cancelled'
     order by d.org_path, d.period_start, d.household_id nulls first, d.person_id nulls first`.execute(trx);
  const ids = [...new Set(rows.flatMap((r) => r.person_ids))];
  const { rows: persons } = await sql<DueRow['persons'][number]>`
    select id, uid::text as uid, name, gender, birth_date from person where id = any(${ids}::bigint[])`.execute(trx);
  const personOf = new Map(persons.map((p) => [Number(p.id), p]));
  return rows.map(({ person_ids, ...row }) => ({
    ...row,
    persons: [...person_ids].sort((a, b) => a - b).map((id) => personOf.get(Number(id)) as DueRow['persons'][number]),
  }));
}
