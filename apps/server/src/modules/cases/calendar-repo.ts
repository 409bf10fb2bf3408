/** SQL of the district's working-calendar exceptions (work_calendar_day, written here only). */
import type { DayKind } from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface CalendarRow {
  day: string;
  kind: DayKind;
  name: string;
}

/** The district's rows, by day; within a year when given. */
export async function calendarRows(db: Db, districtId: number, year?: number): Promise<CalendarRow[]> {
  const { rows } = await sql<CalendarRow>`
    select day::text as day, kind, name from work_calendar_day
     where district_id = ${districtId}
       ${year !== undefined ? sql`and day between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date` : sql``}
     order by day`.execute(db);
  return rows;
}

/** The district's row for a day, locked until the transaction ends. */
export async function calendarRow(db: Db, districtId: number, day: string): Promise<CalendarRow | undefined> {
  const { rows } = await sql<CalendarRow>`
    select day::text as day, kind, name from work_calendar_day
     where district_id = ${districtId} and day = ${day}::date for update`.execute(db);
  return rows[0];
}

export async function putCalendarDay(
  db: Db,
  districtId: number,
  row: CalendarRow,
  userId: number,
  now: Date,
): Promise<void> {
  await sql`
    insert into work_calendar_day (district_id, day, kind, name, updated_by, updated_at)
    values (${districtId}, ${row.day}::date, ${row.kind}, ${row.name}, ${userId}, ${now})
    on conflict (district_id, day) do update
      set kind = excluded.kind, name = excluded.name, updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(
    db,
  );
}

export async function deleteCalendarDay(db: Db, districtId: number, day: string): Promise<void> {
  await sql`delete from work_calendar_day where district_id = ${districtId} and day = ${day}::date`.execute(db);
}
