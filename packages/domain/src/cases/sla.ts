/**
 * SLA clocks of a case (办理时限): when a response or resolution is due, and how close it is.
 *
 * Rules:
 * - 'hours' run on the clock, nights, weekends and holidays included (紧急事件: 2 h is 2 h).
 * - 'working_days' count China working days (see calendar.ts). Reported on a working day at
 *   15:00 with 7 working days, a case is due at 15:00 of the 7th working day after that day.
 *   Reported on a day off (a weekend, a holiday), the count starts at 09:00 of the next working
 *   day, so it is due at 09:00 of the Nth working day after that one: a Saturday report does
 *   not lose the weekend from its span, nor gain an odd hour.
 * - Days are Asia/Shanghai days. China keeps UTC+8 all year with no daylight saving (none since
 *   1991), so a fixed offset is exact and no time-zone library is needed; whole days are added as
 *   24 h.
 */
import { chinaDate } from '../registry/dates.ts';
import { type CalendarExceptions, isWorkingDay } from './calendar.ts';

export type SlaUnit = 'hours' | 'working_days';
export type SlaState = 'ok' | 'due_soon' | 'overdue';

/** Where the count starts for a case reported on a day off: 09:00 China time. */
export const WORKDAY_START_HOUR = 9;
/** due_soon: at most this share of the whole span left … */
export const DUE_SOON_SHARE = 0.2;
/** … or at most this many hours left, whichever comes first. */
export const DUE_SOON_HOURS = 4;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHINA_OFFSET = 8 * HOUR;
/** A calendar with no working day in ten years is a data error, not a long wait. */
const SEARCH_LIMIT_DAYS = 3660;

const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The first working day strictly after `day`. */
export function nextWorkingDay(day: string, exceptions: CalendarExceptions): string {
  for (let i = 1; i <= SEARCH_LIMIT_DAYS; i++) {
    const d = shiftDay(day, i);
    if (isWorkingDay(d, exceptions)) return d;
  }
  throw new RangeError(`no working day within ${SEARCH_LIMIT_DAYS} days after ${day}`);
}

/** The `n`th working day after `day` (n = 0 gives `day` itself). */
export function addWorkingDays(day: string, n: number, exceptions: CalendarExceptions): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  let d = day;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, exceptions);
  return d;
}

/** The instant an SLA of `amount` `unit` started at `start` runs out (see the rules above). */
export function dueAt(start: Date, amount: number, unit: SlaUnit, exceptions: CalendarExceptions): Date {
  if (!(amount >= 0)) throw new RangeError(`SLA amount must be ≥ 0, got ${amount}`);
  if (unit === 'hours') return new Date(start.getTime() + amount * HOUR);

  const day = chinaDate(start);
  if (isWorkingDay(day, exceptions)) {
    const due = addWorkingDays(day, amount, exceptions);
    // same China clock time on the due day: whole days of 24 h, as UTC+8 has no DST
    return new Date(start.getTime() + (Date.parse(due) - Date.parse(day)));
  }
  const due = addWorkingDays(nextWorkingDay(day, exceptions), amount, exceptions);
  return new Date(Date.parse(`${due}T00:00:00Z`) + WORKDAY_START_HOUR * HOUR - CHINA_OFFSET);
}

/**
 * How an SLA stands at `now`: 'overdue' once past `due` (at `due` itself it is still due_soon);
 * 'due_soon' when at most 20 % of the span (start → due) or at most 4 hours is left, whichever is
 * more — the 20 % so that a 15-day case shows up days ahead, the 4 hours so that a short one
 * (a 2-hour emergency is due_soon from the start) leaves someone time to act; else 'ok'.
 */
export function slaState(now: Date, start: Date, due: Date): SlaState {
  const left = due.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  const span = due.getTime() - start.getTime();
  return left <= DUE_SOON_SHARE * span || left <= DUE_SOON_HOURS * HOUR ? 'due_soon' : 'ok';
}
