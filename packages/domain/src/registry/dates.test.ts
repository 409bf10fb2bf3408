import { describe, expect, it } from 'vitest';
import { ageOn, chinaDate, daysInMonth, isCalendarDate, isLeapYear } from './dates.ts';

describe('isLeapYear', () => {
  it.each([
    [2024, true],
    [2023, false],
    [2000, true], // divisible by 400
    [1900, false], // divisible by 100, not by 400
    [2100, false],
    [1996, true],
  ])('%i is a leap year: %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap);
  });
});

describe('daysInMonth', () => {
  it('gives every month of a common and a leap year its length', () => {
    const common = Array.from({ length: 12 }, (_, i) => daysInMonth(2023, i + 1));
    const leap = Array.from({ length: 12 }, (_, i) => daysInMonth(2024, i + 1));
    expect(common).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(leap).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
  });
});

describe('isCalendarDate', () => {
  it.each(['1990-01-01', '2000-02-29', '2024-02-29', '1999-12-31', '1870-01-01', '2023-04-30'])(
    'accepts the real date %s',
    (date) => {
      expect(isCalendarDate(date)).toBe(true);
    },
  );

  it.each([
    ['1990-02-30', 'February never has 30 days'],
    ['2023-02-29', 'February 29 in a common year'],
    ['1900-02-29', 'February 29 in a century year not divisible by 400'],
    ['2023-04-31', 'April has 30 days'],
    ['2023-13-01', 'month 13'],
    ['2023-00-10', 'month 0'],
    ['2023-01-00', 'day 0'],
    ['2023-01-32', 'day 32'],
    ['0000-01-01', 'year 0'],
    ['1990-1-1', 'unpadded month and day'],
    ['19900101', 'no dashes'],
    ['1990/01/01', 'slashes'],
    ['1990-01-01T00:00:00Z', 'a timestamp'],
    [' 1990-01-01', 'a leading space'],
    ['', 'empty'],
  ])('refuses %j (%s)', (date) => {
    expect(isCalendarDate(date)).toBe(false);
  });

  it('agrees with the calendar on every day of a leap and a common year', () => {
    for (const year of [2023, 2024]) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        expect(isCalendarDate(new Date(t).toISOString().slice(0, 10))).toBe(true);
      }
      for (let month = 1; month <= 12; month++) {
        const beyond = `${year}-${String(month).padStart(2, '0')}-${daysInMonth(year, month) + 1}`;
        expect(isCalendarDate(beyond), beyond).toBe(false);
      }
    }
  });
});

describe('ageOn', () => {
  it.each([
    ['1990-06-15', '2024-06-14', 33, 'the day before the birthday'],
    ['1990-06-15', '2024-06-15', 34, 'on the birthday'],
    ['1990-06-15', '2024-12-31', 34, 'later that year'],
    ['1990-06-15', '2025-01-01', 34, 'early the next year, before the birthday'],
    ['2024-03-01', '2024-03-01', 0, 'on the day of birth'],
    ['2023-03-01', '2024-02-29', 0, 'one day short of the first birthday'],
    ['2000-02-29', '2023-02-28', 22, 'a 29 February birthday not yet reached on 28 February'],
    ['2000-02-29', '2023-03-01', 23, 'a 29 February birthday counted on 1 March in a common year'],
    ['2000-02-29', '2024-02-29', 24, 'a 29 February birthday in a leap year'],
    ['2008-05-12', '2024-05-11', 15, 'one day short of sixteen'],
    ['2008-05-12', '2024-05-12', 16, 'sixteen on the day'],
  ])('born %s, on %s is %i (%s)', (birth, today, age) => {
    expect(ageOn(birth, today)).toBe(age);
  });
});

describe('chinaDate', () => {
  it.each([
    ['2024-05-31T15:59:59.999Z', '2024-05-31', 'one millisecond before midnight in Beijing'],
    ['2024-05-31T16:00:00.000Z', '2024-06-01', 'midnight in Beijing, still 31 May in UTC'],
    ['2024-12-31T16:00:00.000Z', '2025-01-01', 'new year in Beijing'],
    ['2024-02-28T16:30:00.000Z', '2024-02-29', 'a leap day'],
    ['2024-07-01T00:00:00.000Z', '2024-07-01', 'UTC midnight is 08:00 in Beijing'],
  ])('the instant %s is %s in China (%s)', (instant, date) => {
    expect(chinaDate(new Date(instant))).toBe(date);
  });

  it('matches the Asia/Shanghai time-zone database through a year, at every hour of the day', () => {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short' });
    // A 5-hour step lands on each of the 24 hours of the day in turn across the year.
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 5 * 3_600_000) {
      expect(chinaDate(new Date(t))).toBe(format.format(new Date(t)));
    }
  });
});
