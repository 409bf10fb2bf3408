import { describe, expect, it } from 'vitest';
import { calendarExceptions, isWorkingDay, mergeCalendar, OFFICIAL_CALENDAR, weekdayOf } from './calendar.ts';

const official = calendarExceptions([]);
const inYear = (year: string) => OFFICIAL_CALENDAR.filter((d) => d.day.startsWith(year));

describe('OFFICIAL_CALENDAR', () => {
  it('lists each day once, as a real date', () => {
    const days = OFFICIAL_CALENDAR.map((d) => d.day);
    expect(new Set(days).size).toBe(days.length);
    for (const d of days) expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10)).toBe(d);
  });

  it('only ever asks for work on a Saturday or a Sunday (调休)', () => {
    for (const d of OFFICIAL_CALENDAR.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(weekdayOf(d.day));
  });

  // Since 2025 the law gives 13 statutory days (元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3);
  // a statutory day on a weekend is given back on a weekday, so weekdays off minus weekends worked is 13.
  it.each(['2025', '2026'])('gives %s exactly 13 working days off, net of 调休', (year) => {
    const days = inYear(year);
    const weekdaysOff = days.filter((d) => d.kind === 'holiday' && ![0, 6].includes(weekdayOf(d.day))).length;
    const weekendsWorked = days.filter((d) => d.kind === 'workday').length;
    expect(weekdaysOff - weekendsWorked).toBe(13);
  });

  it('has the 2025 breaks of 国办发明电〔2024〕12号', () => {
    const holidays = inYear('2025').filter((d) => d.kind === 'holiday');
    const first = (name: string) => holidays.filter((d) => d.name === name).map((d) => d.day);
    expect(first('元旦')).toEqual(['2025-01-01']);
    expect(first('春节')).toEqual([
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
      '2025-02-03',
      '2025-02-04',
    ]);
    expect(first('清明节')).toEqual(['2025-04-04', '2025-04-05', '2025-04-06']);
    expect(first('劳动节')).toHaveLength(5);
    expect(first('端午节')).toEqual(['2025-05-31', '2025-06-01', '2025-06-02']);
    expect(first('国庆节、中秋节')).toHaveLength(8);
    expect(
      inYear('2025')
        .filter((d) => d.kind === 'workday')
        .map((d) => d.day),
    ).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('has the nine-day 春节 of 2026 with both Saturdays worked', () => {
    for (let d = 15; d <= 23; d++) expect(isWorkingDay(`2026-02-${d}`, official)).toBe(false);
    expect(isWorkingDay('2026-02-14', official)).toBe(true);
    expect(isWorkingDay('2026-02-28', official)).toBe(true);
    expect(isWorkingDay('2026-02-24', official)).toBe(true);
  });

  it('names every day in Chinese', () => {
    for (const d of OFFICIAL_CALENDAR) expect(d.name).toMatch(/^[\u4e00-\u9fff、]+$/);
  });
});

describe('isWorkingDay', () => {
  it('works Monday to Friday when nothing else is said', () => {
    const none = new Map();
    expect(isWorkingDay('2026-11-23', none)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-27', none)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', none)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', none)).toBe(false); // Sunday
  });

  it('follows the exceptions: a holiday weekday is off, a 调休 Sunday is worked', () => {
    expect(isWorkingDay('2025-10-08', official)).toBe(false); // Wednesday of 国庆
    expect(isWorkingDay('2025-09-28', official)).toBe(true); // Sunday worked
    expect(isWorkingDay('2025-01-26', official)).toBe(true); // Sunday worked before 春节
  });
});

describe('a district calendar', () => {
  const district = [
    { day: '2026-11-24', kind: 'holiday' as const, name: '区庆' },
    { day: '2026-10-10', kind: 'holiday' as const, name: '国庆节' }, // the district gives the 调休 Saturday off
  ];

  it('adds its own days and overrides the official ones', () => {
    const ex = calendarExceptions(district);
    expect(isWorkingDay('2026-11-24', ex)).toBe(false);
    expect(isWorkingDay('2026-10-10', ex)).toBe(false);
    expect(isWorkingDay('2026-09-20', ex)).toBe(true); // official rows it did not touch still hold
  });

  it('merges into one sorted list that says where each day comes from', () => {
    const merged = mergeCalendar(district);
    expect(merged).toHaveLength(OFFICIAL_CALENDAR.length + 1);
    expect(merged.map((d) => d.day)).toEqual([...merged.map((d) => d.day)].sort());
    expect(merged.find((d) => d.day === '2026-10-10')).toEqual({ ...district[1], source: 'district' });
    expect(merged.find((d) => d.day === '2026-10-01')?.source).toBe('official');
  });
});
