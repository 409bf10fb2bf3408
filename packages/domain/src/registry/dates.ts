/**
 * Calendar dates of the registry: birth dates, effective dates of life events, "today".
 * They are plain 'YYYY-MM-DD' strings, because a birth date has no time zone and no hour;
 * such strings compare correctly as text. The server turns its clock into today's date in
 * China with `chinaDate(now)` and passes it to every rule that needs it.
 */

const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True for a real proleptic-Gregorian date written 'YYYY-MM-DD' (so no Feb 30, no month 13). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_SHAPE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Full years of age on `today` (周岁, the age the law counts, not 虚岁). Someone born on
 * 29 February becomes a year older on 1 March in common years, the usual reading when the
 * birthday does not exist that year. A `today` before the birth date gives a negative age:
 * callers check for a future birth date before asking for an age.
 */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * The calendar date in China (Asia/Shanghai) at the instant `now`. China keeps UTC+8 all
 * year and has had no daylight saving time since 1991, so a fixed offset is exact for every
 * instant the system will see, and no time-zone database is needed (the web app shares this).
 */
export function chinaDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
