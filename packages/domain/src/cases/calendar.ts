/**
 * Working days for SLA clocks (工作日). A day is a working day when it is Monday to Friday,
 * unless an exception says otherwise: a public holiday (法定节假日, and the weekdays given off
 * around it) or a 调休 weekend day that is worked instead.
 *
 * The official exceptions come from the State Council General Office's yearly notice
 * (国务院办公厅关于…部分节假日安排的通知); a district may add or override days in
 * work_calendar_day (a local holiday, a notice published after this file), and its rows win.
 * Days are China calendar dates 'YYYY-MM-DD' (see `chinaDate`).
 */

export type DayKind = 'holiday' | 'workday';

export interface CalendarDay {
  day: string;
  kind: DayKind;
  /** the festival, in Chinese; a 调休 workday carries the festival it pays for */
  name: string;
}

/** day → kind; absent days follow the week (Monday–Friday work). */
export type CalendarExceptions = ReadonlyMap<string, DayKind>;

function span(from: string, to: string, name: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push({ day: new Date(t).toISOString().slice(0, 10), kind: 'holiday', name });
  }
  return days;
}

const work = (day: string, name: string): CalendarDay => ({ day, kind: 'workday', name });

/**
 * 2025: 国办发明电〔2024〕12号 (the first year with 除夕 and an extra 劳动节 day as statutory holidays).
 * 2026: 国办发明电〔2025〕7号 as published in November 2025 — the nine-day 春节 (2/15–2/23, with
 * 2/14 and 2/28 worked), 元旦 1/1–1/3 with 1/4 worked, 劳动节 5/1–5/5 with 5/9 worked, 国庆 10/1–10/7
 * with 9/20 and 10/10 worked, and 中秋 separate (9/25–9/27). Checked against the weekday
 * arithmetic of each break; a district that finds a difference corrects it in its own calendar.
 * Every day of a break is listed, weekend days included, so a calendar view can name them.
 */
export const OFFICIAL_CALENDAR: readonly CalendarDay[] = Object.freeze([
  // 2025
  ...span('2025-01-01', '2025-01-01', '元旦'),
  work('2025-01-26', '春节'),
  ...span('2025-01-28', '2025-02-04', '春节'),
  work('2025-02-08', '春节'),
  ...span('2025-04-04', '2025-04-06', '清明节'),
  work('2025-04-27', '劳动节'),
  ...span('2025-05-01', '2025-05-05', '劳动节'),
  ...span('2025-05-31', '2025-06-02', '端午节'),
  work('2025-09-28', '国庆节、中秋节'),
  ...span('2025-10-01', '2025-10-08', '国庆节、中秋节'),
  work('2025-10-11', '国庆节、中秋节'),
  // 2026
  ...span('2026-01-01', '2026-01-03', '元旦'),
  work('2026-01-04', '元旦'),
  work('2026-02-14', '春节'),
  ...span('2026-02-15', '2026-02-23', '春节'),
  work('2026-02-28', '春节'),
  ...span('2026-04-04', '2026-04-06', '清明节'),
  ...span('2026-05-01', '2026-05-05', '劳动节'),
  work('2026-05-09', '劳动节'),
  ...span('2026-06-19', '2026-06-21', '端午节'),
  ...span('2026-09-25', '2026-09-27', '中秋节'),
  work('2026-09-20', '国庆节'),
  ...span('2026-10-01', '2026-10-07', '国庆节'),
  work('2026-10-10', '国庆节'),
]);

/** Day of the week of a 'YYYY-MM-DD' date: 0 Sunday … 6 Saturday. */
export function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** A working day: the exception if there is one, else Monday to Friday. */
export function isWorkingDay(day: string, exceptions: CalendarExceptions): boolean {
  const kind = exceptions.get(day);
  if (kind) return kind === 'workday';
  const wd = weekdayOf(day);
  return wd !== 0 && wd !== 6;
}

/**
 * The calendar of a district: the official days with the district's rows laid over them (a
 * district row for the same day wins), sorted by day. `source` tells a calendar view which
 * days the district may delete back to the official reading.
 */
export function mergeCalendar(
  district: readonly CalendarDay[],
  official: readonly CalendarDay[] = OFFICIAL_CALENDAR,
): (CalendarDay & { source: 'official' | 'district' })[] {
  const byDay = new Map<string, CalendarDay & { source: 'official' | 'district' }>();
  for (const d of official) byDay.set(d.day, { ...d, source: 'official' });
  for (const d of district) byDay.set(d.day, { ...d, source: 'district' });
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** The exceptions map `isWorkingDay` and `dueAt` read: official days, district rows winning. */
export function calendarExceptions(
  district: readonly Pick<CalendarDay, 'day' | 'kind'>[],
  official: readonly CalendarDay[] = OFFICIAL_CALENDAR,
): Map<string, DayKind> {
  const map = new Map<string, DayKind>();
  for (const d of official) map.set(d.day, d.kind);
  for (const d of district) map.set(d.day, d.kind);
  return map;
}
