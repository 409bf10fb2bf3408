import { describe, expect, it } from 'vitest';
import {
  allowedLifeEvents,
  applyLifeEvent,
  checkEffectiveDate,
  type DatedLifeEvent,
  LIFE_EVENT_NAMES,
  LIFE_EVENTS,
  type LifeEvent,
  type LifeEventProblem,
  PERSON_STATUSES,
  type PersonStatus,
  statusAfter,
} from './life-events.ts';

type Outcome = PersonStatus | LifeEventProblem;

/** The whole rule, one row per status (null: not yet in the register), one column per event. */
const TABLE: Record<'none' | PersonStatus, Record<LifeEvent, Outcome>> = {
  none: {
    move_in: 'resident',
    move_out: 'NOT_RECORDED',
    birth: 'resident',
    death: 'NOT_RECORDED',
    household_split: 'NOT_RECORDED',
    household_merge: 'NOT_RECORDED',
    migrant_arrival: 'resident',
    migrant_departure: 'NOT_RECORDED',
  },
  resident: {
    move_in: 'ALREADY_RESIDENT',
    move_out: 'moved_out',
    birth: 'ALREADY_RECORDED',
    death: 'deceased',
    household_split: 'resident',
    household_merge: 'resident',
    migrant_arrival: 'ALREADY_RESIDENT',
    migrant_departure: 'moved_out',
  },
  moved_out: {
    move_in: 'resident',
    move_out: 'NOT_RESIDENT',
    birth: 'ALREADY_RECORDED',
    death: 'NOT_RESIDENT',
    household_split: 'NOT_RESIDENT',
    household_merge: 'NOT_RESIDENT',
    migrant_arrival: 'resident',
    migrant_departure: 'NOT_RESIDENT',
  },
  deceased: {
    move_in: 'DECEASED',
    move_out: 'DECEASED',
    birth: 'DECEASED',
    death: 'DECEASED',
    household_split: 'DECEASED',
    household_merge: 'DECEASED',
    migrant_arrival: 'DECEASED',
    migrant_departure: 'DECEASED',
  },
};

const STATUSES: Array<PersonStatus | null> = [null, ...PERSON_STATUSES];
const PAIRS = STATUSES.flatMap((status) => LIFE_EVENTS.map((event) => [status, event] as const));
const isStatus = (o: Outcome): o is PersonStatus => (PERSON_STATUSES as readonly string[]).includes(o);

describe('applyLifeEvent, every (status, event) pair', () => {
  it('covers all 4 × 8 pairs', () => {
    expect(PAIRS).toHaveLength(32);
  });

  it.each(PAIRS)('a person %s, then %s', (status, event) => {
    const expected = TABLE[status ?? 'none'][event];
    const result = applyLifeEvent(status, event);
    if (isStatus(expected)) {
      expect(result).toEqual({ ok: true, status: expected });
    } else {
      expect(result).toEqual({ ok: false, problem: expected, allowed: allowedLifeEvents(status) });
    }
  });
});

describe('allowedLifeEvents', () => {
  it.each(STATUSES)('for %s are exactly the events that succeed, in LIFE_EVENTS order', (status) => {
    const succeeding = LIFE_EVENTS.filter((e) => applyLifeEvent(status, e).ok);
    expect(allowedLifeEvents(status)).toEqual(succeeding);
  });

  it('lists what a grid worker may record for each kind of person', () => {
    expect(allowedLifeEvents(null)).toEqual(['move_in', 'birth', 'migrant_arrival']);
    expect(allowedLifeEvents('resident')).toEqual([
      'move_out',
      'death',
      'household_split',
      'household_merge',
      'migrant_departure',
    ]);
    expect(allowedLifeEvents('moved_out')).toEqual(['move_in', 'migrant_arrival']);
    expect(allowedLifeEvents('deceased')).toEqual([]);
  });
});

describe('the stories the rule must tell', () => {
  it('a deceased person cannot move in, and the refusal says nothing is allowed', () => {
    expect(applyLifeEvent('deceased', 'move_in')).toEqual({ ok: false, problem: 'DECEASED', allowed: [] });
  });

  it('a moved-out person cannot move out again, but can move back in', () => {
    expect(applyLifeEvent('moved_out', 'move_out')).toEqual({
      ok: false,
      problem: 'NOT_RESIDENT',
      allowed: ['move_in', 'migrant_arrival'],
    });
    expect(applyLifeEvent('moved_out', 'move_in')).toEqual({ ok: true, status: 'resident' });
  });

  it('a resident cannot be born again', () => {
    expect(applyLifeEvent('resident', 'birth')).toMatchObject({ ok: false, problem: 'ALREADY_RECORDED' });
  });

  it('splitting or merging a household keeps the person a resident', () => {
    expect(applyLifeEvent('resident', 'household_split')).toEqual({ ok: true, status: 'resident' });
    expect(applyLifeEvent('resident', 'household_merge')).toEqual({ ok: true, status: 'resident' });
  });
});

describe('statusAfter', () => {
  const e = (event: LifeEvent, effectiveDate: string): DatedLifeEvent => ({ event, effectiveDate });

  it('gives null for a person with no events yet', () => {
    expect(statusAfter([])).toEqual({ ok: true, status: null });
  });

  it('follows a life: born, household split on marriage, moved out for work, back, died', () => {
    const life = [
      e('birth', '1950-03-01'),
      e('household_split', '1975-10-01'),
      e('move_out', '1980-05-01'),
      e('move_in', '1995-08-01'),
      e('death', '2024-01-20'),
    ];
    expect(statusAfter(life)).toEqual({ ok: true, status: 'deceased' });
    expect(statusAfter(life.slice(0, 3))).toEqual({ ok: true, status: 'moved_out' });
  });

  it('follows a migrant who arrives, leaves and comes back', () => {
    const stays = [
      e('migrant_arrival', '2022-03-01'),
      e('migrant_departure', '2023-01-15'),
      e('migrant_arrival', '2024-02-20'),
    ];
    expect(statusAfter(stays)).toEqual({ ok: true, status: 'resident' });
  });

  it('points at the first event the rule refuses', () => {
    const chain = [
      e('move_in', '2020-01-01'),
      e('death', '2021-01-01'),
      e('move_out', '2022-01-01'),
      e('move_in', '2023-01-01'),
    ];
    expect(statusAfter(chain)).toEqual({ ok: false, index: 2, problem: 'DECEASED' });
  });

  it('refuses a chain whose first event cannot add a person', () => {
    expect(statusAfter([e('move_out', '2020-01-01')])).toEqual({ ok: false, index: 0, problem: 'NOT_RECORDED' });
  });

  it('refuses a chain out of date order, and accepts two events on one day', () => {
    expect(statusAfter([e('move_in', '2020-05-01'), e('move_out', '2020-04-30')])).toEqual({
      ok: false,
      index: 1,
      problem: 'EFFECTIVE_DATE_BEFORE_PREVIOUS',
    });
    expect(statusAfter([e('move_in', '2020-05-01'), e('move_out', '2020-05-01')])).toEqual({
      ok: true,
      status: 'moved_out',
    });
  });
});

describe('checkEffectiveDate', () => {
  const TODAY = '2024-06-15';
  const e = (event: LifeEvent, effectiveDate: string): DatedLifeEvent => ({ event, effectiveDate });

  it('accepts a date today or earlier, after the birth and the latest event', () => {
    expect(
      checkEffectiveDate(e('move_out', TODAY), { birthDate: '1980-01-01', lastEffectiveDate: '2024-01-01' }, TODAY),
    ).toBeNull();
    expect(
      checkEffectiveDate(
        e('move_out', '2024-01-01'),
        { birthDate: '1980-01-01', lastEffectiveDate: '2024-01-01' },
        TODAY,
      ),
    ).toBeNull();
  });

  it('accepts a date when neither birth date nor earlier events are known', () => {
    expect(checkEffectiveDate(e('migrant_arrival', '2024-03-01'), {}, TODAY)).toBeNull();
    expect(
      checkEffectiveDate(e('migrant_arrival', '2024-03-01'), { birthDate: null, lastEffectiveDate: null }, TODAY),
    ).toBeNull();
  });

  it.each(['2024-02-30', '2024/03/01', '', '20240301'])('refuses %j as no real date', (date) => {
    expect(checkEffectiveDate(e('move_in', date), {}, TODAY)).toBe('EFFECTIVE_DATE_INVALID');
  });

  it('refuses a date after today: events are recorded once they have happened', () => {
    expect(checkEffectiveDate(e('move_out', '2024-06-16'), {}, TODAY)).toBe('EFFECTIVE_DATE_FUTURE');
  });

  it('refuses a date before the person was born', () => {
    expect(checkEffectiveDate(e('move_in', '1979-12-31'), { birthDate: '1980-01-01' }, TODAY)).toBe(
      'EFFECTIVE_DATE_BEFORE_BIRTH',
    );
    expect(checkEffectiveDate(e('move_in', '1980-01-01'), { birthDate: '1980-01-01' }, TODAY)).toBeNull();
  });

  it('requires a birth to take effect on the birth date itself', () => {
    expect(checkEffectiveDate(e('birth', '2024-05-02'), { birthDate: '2024-05-01' }, TODAY)).toBe(
      'EFFECTIVE_DATE_NOT_BIRTH_DATE',
    );
    expect(checkEffectiveDate(e('birth', '2024-05-01'), { birthDate: '2024-05-01' }, TODAY)).toBeNull();
  });

  it('refuses a date before the latest recorded event, which would reorder the history', () => {
    expect(checkEffectiveDate(e('move_out', '2023-12-31'), { lastEffectiveDate: '2024-01-01' }, TODAY)).toBe(
      'EFFECTIVE_DATE_BEFORE_PREVIOUS',
    );
  });

  it('reports an invalid date before a future one, and a future one before the order', () => {
    expect(checkEffectiveDate(e('move_out', '2099-02-30'), { lastEffectiveDate: '2100-01-01' }, TODAY)).toBe(
      'EFFECTIVE_DATE_INVALID',
    );
    expect(checkEffectiveDate(e('move_out', '2099-01-01'), { lastEffectiveDate: '2100-01-01' }, TODAY)).toBe(
      'EFFECTIVE_DATE_FUTURE',
    );
  });
});

describe('LIFE_EVENT_NAMES', () => {
  it('labels every event in Chinese and English', () => {
    expect(Object.keys(LIFE_EVENT_NAMES).sort()).toEqual([...LIFE_EVENTS].sort());
    for (const event of LIFE_EVENTS) {
      expect(LIFE_EVENT_NAMES[event].zh.length, event).toBeGreaterThan(0);
      expect(LIFE_EVENT_NAMES[event].en.length, event).toBeGreaterThan(0);
    }
  });
});
