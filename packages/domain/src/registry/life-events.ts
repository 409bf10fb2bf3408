/**
 * Life events of a person in the register (活户籍), each with the date it took effect.
 * A person's record is the chain of their events; their status is derived from it, never
 * overwritten. This file owns the state rule: which event may follow which status, and
 * what the status becomes. Which household a split or merge moves the person to, and the
 * 流动人口 registration that a migrant's arrival opens and departure closes (so that only
 * a registered migrant can depart as one), are the registry service's rows and checks.
 *
 * A wrongly recorded event (a death that did not happen) is undone by a correction of the
 * chain, not by a later event: no event brings a deceased person back.
 */
import { isCalendarDate } from './dates.ts';

/**
 * 'resident': in this community's register (living here, or registered here, or both);
 * 'moved_out': left it; 'deceased': died while in it.
 */
export const PERSON_STATUSES = ['resident', 'moved_out', 'deceased'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const LIFE_EVENTS = [
  'move_in', // 迁入
  'move_out', // 迁出
  'birth', // 出生
  'death', // 死亡
  'household_split', // 分户
  'household_merge', // 并户
  'migrant_arrival', // 流动人口来住
  'migrant_departure', // 流动人口离开
] as const;
export type LifeEvent = (typeof LIFE_EVENTS)[number];

export const LIFE_EVENT_NAMES: Record<LifeEvent, { zh: string; en: string }> = {
  move_in: { zh: '迁入', en: 'Moved in' },
  move_out: { zh: '迁出', en: 'Moved out' },
  birth: { zh: '出生', en: 'Born' },
  death: { zh: '死亡', en: 'Died' },
  household_split: { zh: '分户', en: 'Household split' },
  household_merge: { zh: '并户', en: 'Households merged' },
  migrant_arrival: { zh: '流动人口登记', en: 'Migrant arrived' },
  migrant_departure: { zh: '流动人口注销', en: 'Migrant left' },
};

export type LifeEventProblem =
  | 'NOT_RECORDED' // the person is not in the register yet: only birth or arrival can add them
  | 'ALREADY_RECORDED' // a birth for someone already in the register
  | 'ALREADY_RESIDENT' // moving in or arriving while in the register
  | 'NOT_RESIDENT' // moving, splitting or dying after having moved out: move back in first
  | 'DECEASED'; // nothing follows a death

export type LifeEventResult =
  | { ok: true; status: PersonStatus }
  | { ok: false; problem: LifeEventProblem; allowed: LifeEvent[] };

/** The status each allowed event leads to, per current status; 'none' is a person not yet recorded. */
const TRANSITIONS: Record<PersonStatus | 'none', Partial<Record<LifeEvent, PersonStatus>>> = {
  none: { birth: 'resident', move_in: 'resident', migrant_arrival: 'resident' },
  resident: {
    move_out: 'moved_out',
    migrant_departure: 'moved_out',
    death: 'deceased',
    household_split: 'resident',
    household_merge: 'resident',
  },
  moved_out: { move_in: 'resident', migrant_arrival: 'resident' },
  deceased: {},
};

/** The events that may be recorded for a person of this status, in `LIFE_EVENTS` order. */
export function allowedLifeEvents(status: PersonStatus | null): LifeEvent[] {
  const next = TRANSITIONS[status ?? 'none'];
  return LIFE_EVENTS.filter((e) => next[e] !== undefined);
}

function refusal(status: PersonStatus | null, event: LifeEvent): LifeEventProblem {
  if (status === 'deceased') return 'DECEASED';
  if (status === null) return 'NOT_RECORDED';
  if (event === 'birth') return 'ALREADY_RECORDED';
  return status === 'resident' ? 'ALREADY_RESIDENT' : 'NOT_RESIDENT';
}

/**
 * The status after `event`, or why the event cannot happen to a person of `status`
 * (`null` for a person not yet in the register), with the events that could.
 */
export function applyLifeEvent(status: PersonStatus | null, event: LifeEvent): LifeEventResult {
  const next = TRANSITIONS[status ?? 'none'][event];
  if (next !== undefined) return { ok: true, status: next };
  return { ok: false, problem: refusal(status, event), allowed: allowedLifeEvents(status) };
}

export interface DatedLifeEvent {
  event: LifeEvent;
  /** 'YYYY-MM-DD' */
  effectiveDate: string;
}

export type LifeEventDateProblem =
  | 'EFFECTIVE_DATE_INVALID' // not a real 'YYYY-MM-DD' date
  | 'EFFECTIVE_DATE_FUTURE' // events are recorded after they happen
  | 'EFFECTIVE_DATE_BEFORE_BIRTH'
  | 'EFFECTIVE_DATE_BEFORE_PREVIOUS' // would reorder the history: correct the chain instead
  | 'EFFECTIVE_DATE_NOT_BIRTH_DATE'; // a birth takes effect on the person's birth date

/**
 * Whether `effectiveDate` may be recorded for a person: a real date, not after `today`,
 * not before they were born (a birth takes effect on the birth date itself), and not before
 * their latest event, so the chain stays in date order. Two events on one day are fine.
 */
export function checkEffectiveDate(
  event: DatedLifeEvent,
  person: { birthDate?: string | null; lastEffectiveDate?: string | null },
  today: string,
): LifeEventDateProblem | null {
  const date = event.effectiveDate;
  if (!isCalendarDate(date)) return 'EFFECTIVE_DATE_INVALID';
  if (date > today) return 'EFFECTIVE_DATE_FUTURE';
  if (person.birthDate != null) {
    if (event.event === 'birth' && date !== person.birthDate) return 'EFFECTIVE_DATE_NOT_BIRTH_DATE';
    if (date < person.birthDate) return 'EFFECTIVE_DATE_BEFORE_BIRTH';
  }
  if (person.lastEffectiveDate != null && date < person.lastEffectiveDate) return 'EFFECTIVE_DATE_BEFORE_PREVIOUS';
  return null;
}

export type LifeHistoryResult =
  | { ok: true; status: PersonStatus | null }
  | { ok: false; index: number; problem: LifeEventProblem | 'EFFECTIVE_DATE_BEFORE_PREVIOUS' };

/**
 * The status a chain of events leads to, from a person not yet recorded; or the first event
 * that breaks the rule. An empty chain is a person not yet recorded (status null).
 */
export function statusAfter(events: readonly DatedLifeEvent[]): LifeHistoryResult {
  let status: PersonStatus | null = null;
  let previous: string | null = null;
  for (const [index, e] of events.entries()) {
    if (previous !== null && e.effectiveDate < previous) {
      return { ok: false, index, problem: 'EFFECTIVE_DATE_BEFORE_PREVIOUS' };
    }
    const result = applyLifeEvent(status, e.event);
    if (!result.ok) return { ok: false, index, problem: result.problem };
    status = result.status;
    previous = e.effectiveDate;
  }
  return { ok: true, status };
}
