import { describe, expect, it } from 'vitest';
import { calendarExceptions } from './calendar.ts';
import { addWorkingDays, dueAt, nextWorkingDay, slaState } from './sla.ts';

const official = calendarExceptions([]);
/** An instant given in China time. */
const cst = (local: string) => new Date(`${local}+08:00`);

describe('dueAt in working days', () => {
  it('is due at the same hour of the 7th working day after a working-day report', () => {
    // Monday 15:00 → Tue 24 … Fri 27 (4), Mon 30 (5), Tue 1 (6), Wed 2 December (7)
    expect(dueAt(cst('2026-11-23T15:00'), 7, 'working_days', official)).toEqual(cst('2026-12-02T15:00'));
  });

  it('skips the weekend', () => {
    expect(dueAt(cst('2026-11-20T15:00'), 1, 'working_days', official)).toEqual(cst('2026-11-23T15:00'));
  });

  it('skips the whole of 春节 2026 but counts the Saturday worked before it', () => {
    // Fri 13 Feb → Sat 14 (调休, 1), 15–23 off, Tue 24 (2), Wed 25 (3)
    expect(dueAt(cst('2026-02-13T10:00'), 3, 'working_days', official)).toEqual(cst('2026-02-25T10:00'));
  });

  it('counts the 调休 Sunday before 春节 2025 as a working day', () => {
    expect(dueAt(cst('2025-01-24T15:00'), 2, 'working_days', official)).toEqual(cst('2025-01-27T15:00'));
    // reported on that Sunday itself: a working day, so the hour is kept
    expect(dueAt(cst('2025-01-26T11:00'), 1, 'working_days', official)).toEqual(cst('2025-01-27T11:00'));
  });

  it('starts the count at 09:00 of the next working day when reported on a holiday', () => {
    // 3 Oct 2025 is in the 国庆 break (1–8 Oct); Thu 9 Oct starts the count, Fri 10 Oct is day 1
    expect(dueAt(cst('2025-10-03T14:00'), 1, 'working_days', official)).toEqual(cst('2025-10-10T09:00'));
  });

  it('starts the count at 09:00 on Monday when reported on a Saturday night', () => {
    expect(dueAt(cst('2026-11-21T20:00'), 7, 'working_days', official)).toEqual(cst('2026-12-02T09:00'));
  });

  it('keeps 23:30 on a working day as the hour of the due day', () => {
    expect(dueAt(cst('2026-11-20T23:30'), 1, 'working_days', official)).toEqual(cst('2026-11-23T23:30'));
  });

  it('reads the day in China, not in UTC: 23:30 UTC on a Friday is Saturday morning in China', () => {
    expect(dueAt(new Date('2026-11-20T23:30:00Z'), 1, 'working_days', official)).toEqual(cst('2026-11-24T09:00'));
  });

  it('with zero days is due at the start, or at 09:00 of the next working day after a day off', () => {
    expect(dueAt(cst('2026-11-23T15:00'), 0, 'working_days', official)).toEqual(cst('2026-11-23T15:00'));
    expect(dueAt(cst('2026-11-22T15:00'), 0, 'working_days', official)).toEqual(cst('2026-11-23T09:00'));
  });

  it("follows the district's own days off", () => {
    const ex = calendarExceptions([{ day: '2026-11-24', kind: 'holiday' }]);
    expect(dueAt(cst('2026-11-23T15:00'), 1, 'working_days', ex)).toEqual(cst('2026-11-25T15:00'));
  });

  it('refuses a negative or fractional count of working days', () => {
    expect(() => dueAt(cst('2026-11-23T15:00'), -1, 'working_days', official)).toThrow(RangeError);
    expect(() => dueAt(cst('2026-11-23T15:00'), 1.5, 'working_days', official)).toThrow(RangeError);
  });

  it('gives up on a calendar without any working day rather than looping', () => {
    const allOff = new Map<string, 'holiday'>();
    for (let t = Date.parse('2026-11-24'); t < Date.parse('2037-01-01'); t += 86_400_000) {
      allOff.set(new Date(t).toISOString().slice(0, 10), 'holiday');
    }
    expect(() => nextWorkingDay('2026-11-23', allOff)).toThrow(RangeError);
  });
});

describe('dueAt in hours', () => {
  it('runs on the clock through nights, weekends and holidays', () => {
    expect(dueAt(cst('2026-02-15T23:00'), 2, 'hours', official)).toEqual(cst('2026-02-16T01:00'));
    expect(dueAt(cst('2026-11-21T10:00'), 24, 'hours', official)).toEqual(cst('2026-11-22T10:00'));
  });
});

describe('addWorkingDays', () => {
  it('gives the day itself for 0 and the nth working day after otherwise', () => {
    expect(addWorkingDays('2026-11-27', 0, official)).toBe('2026-11-27');
    expect(addWorkingDays('2026-11-27', 2, official)).toBe('2026-12-01');
    expect(addWorkingDays('2026-09-30', 1, official)).toBe('2026-10-08');
  });
});

describe('slaState', () => {
  const start = cst('2026-11-23T15:00');
  const due = cst('2026-12-02T15:00'); // a span of 9 × 24 h
  const spanH = 9 * 24;
  const at = (hoursLeft: number) => new Date(due.getTime() - hoursLeft * 3_600_000);

  it('is ok with more than 20 % of the span left', () => {
    expect(slaState(start, start, due)).toBe('ok');
    expect(slaState(at(spanH * 0.2 + 1), start, due)).toBe('ok');
  });

  it('is due_soon with 20 % of the span or less left', () => {
    expect(slaState(at(spanH * 0.2), start, due)).toBe('due_soon');
    expect(slaState(at(1), start, due)).toBe('due_soon');
    expect(slaState(due, start, due)).toBe('due_soon');
  });

  it('is overdue once past due', () => {
    expect(slaState(new Date(due.getTime() + 1), start, due)).toBe('overdue');
  });

  it('is due_soon from the start for a 2-hour case, as 4 hours or less are left', () => {
    const s = cst('2026-11-23T15:00');
    expect(slaState(s, s, cst('2026-11-23T17:00'))).toBe('due_soon');
  });

  it('warns 4 hours ahead when 20 % of a 10-hour span would be only 2 hours', () => {
    const s = cst('2026-11-23T08:00');
    const d = cst('2026-11-23T18:00');
    expect(slaState(cst('2026-11-23T13:59'), s, d)).toBe('ok');
    expect(slaState(cst('2026-11-23T14:00'), s, d)).toBe('due_soon');
  });
});
