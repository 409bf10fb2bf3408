/**
 * 工作日历: the working calendar SLA clocks count on — the State Council's 放假安排 (the domain's
 * OFFICIAL_CALENDAR) with the district's own rows laid over it (a local holiday, a 调休 the
 * notice published after the code, a day the district corrects). Staff with cases:read see the
 * merged year; a district admin puts or deletes the district's rows. A change holds for due
 * dates computed afterwards; cases already reported keep theirs.
 */
import type { CalendarDay, CalendarDayBody, CalendarDayReset, CalendarYear } from '@gongzhi/api';
import {
  calendarExceptions,
  chinaDate,
  type DayKind,
  mergeCalendar,
  OFFICIAL_CALENDAR,
  type CalendarDay as OfficialDay,
} from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { invalid } from '../registry/person-data.ts';
import * as repo from './calendar-repo.ts';
import { adminDistrict, districtOfScope } from './categories-service.ts';

/**
 * The district's exceptions to Monday–Friday (official days, the district's rows winning), as
 * the domain's `isWorkingDay` and `dueAt` read them. One small query; call it once per request.
 */
export async function calendarFor(db: Db, districtId: number): Promise<Map<string, DayKind>> {
  return calendarExceptions(await repo.calendarRows(db, districtId));
}

const CALENDAR_PROBLEMS = {
  DAY_INVALID: { 'zh-CN': '{f}:不是有效的日期', en: '{f}: not a valid date' },
};

const officialByDay = new Map<string, OfficialDay>(OFFICIAL_CALENDAR.map((d) => [d.day, d]));

function toDay(d: OfficialDay & { source: 'official' | 'district' }): CalendarDay {
  const official = d.source === 'district' ? officialByDay.get(d.day) : undefined;
  return {
    day: d.day,
    kind: d.kind,
    name: d.name,
    source: d.source,
    official: official ? { kind: official.kind, name: official.name } : null,
  };
}

function validDay(scope: Scope, day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day)
    throw invalid([{ field: 'day', code: 'DAY_INVALID' }], scope.locale, CALENDAR_PROBLEMS);
  return day;
}

export function createCalendarService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function year(db: Db, scope: Scope, query: { year?: number }): Promise<CalendarYear> {
    const d = await districtOfScope(db, scope);
    const y = query.year ?? Number(chinaDate(clock()).slice(0, 4));
    const prefix = `${y}-`;
    const merged = mergeCalendar(
      await repo.calendarRows(db, d.id, y),
      OFFICIAL_CALENDAR.filter((o) => o.day.startsWith(prefix)),
    );
    return { year: y, days: merged.map(toDay) };
  }

  async function put(trx: Db, scope: Scope, day: string, body: CalendarDayBody): Promise<CalendarDay> {
    const now = clock();
    validDay(scope, day);
    const d = await adminDistrict(trx, scope);
    const before = (await repo.calendarRow(trx, d.id, day)) ?? null;
    const row = { day, kind: body.kind, name: body.name.trim() };
    await repo.putCalendarDay(trx, d.id, row, scope.user.id, now);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'cases.calendar_put',
        targetType: 'work_calendar_day',
        targetId: day,
        orgPath: d.path,
        before,
        after: row,
      },
      now,
    );
    return toDay({ ...row, source: 'district' });
  }

  async function remove(trx: Db, scope: Scope, day: string): Promise<CalendarDayReset> {
    const now = clock();
    validDay(scope, day);
    const d = await adminDistrict(trx, scope);
    const before = await repo.calendarRow(trx, d.id, day);
    if (!before) throw new AppError('CASE_CALENDAR_DAY_NOT_FOUND', 404);
    await repo.deleteCalendarDay(trx, d.id, day);
    await recordAudit(
      trx,
      actorOf(scope),
      { action: 'cases.calendar_delete', targetType: 'work_calendar_day', targetId: day, orgPath: d.path, before },
      now,
    );
    const official = officialByDay.get(day);
    return { day, now: official ? toDay({ ...official, source: 'official' }) : null };
  }

  return { year, put, remove };
}
