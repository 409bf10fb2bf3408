import { describe, expect, it } from 'vitest';
import {
  afterRating,
  allowedActions,
  CASE_ACTIONS,
  CASE_STATUSES,
  type CaseAction,
  type CaseStatus,
  ESCALATION_LEVELS,
  isOpen,
  nextEscalationLevel,
  transition,
  UNRATED_CLOSE_DAYS,
  type WorkflowContext,
} from './workflow.ts';

// The brief's graph written out by hand, independently of workflow.ts's tables: status → action → target.
const MOVES: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  reported: { accept: 'accepted', reject: 'rejected', dispatch: 'dispatched', merge: 'merged' },
  accepted: { dispatch: 'dispatched', merge: 'merged' },
  dispatched: { start: 'in_progress', resolve: 'resolved', transfer: 'dispatched', return: 'accepted' },
  in_progress: { resolve: 'resolved', transfer: 'dispatched', return: 'accepted' },
  resolved: { rate: 'closed', close: 'closed' },
  rejected: {},
  closed: {},
  merged: {},
};
const OPEN: CaseStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress'];

/** What the graph says for (status, action, ctx): the target, or null when forbidden. */
function expected(status: CaseStatus, action: CaseAction, ctx: WorkflowContext): CaseStatus | null {
  const open = OPEN.includes(status);
  switch (action) {
    case 'comment':
    case 'supervise':
      return open ? status : null;
    case 'escalate':
      return open && (ctx.escalationLevel ?? 0) < 2 ? status : null;
    case 'link_topic':
      return ['accepted', 'dispatched', 'in_progress'].includes(status) && ctx.deliberable ? status : null;
    case 'reopen':
      return null;
    default:
      return MOVES[status][action] ?? null;
  }
}

const CONTEXTS: [string, WorkflowContext | undefined][] = [
  ['no ctx', undefined],
  ['empty ctx', {}],
  ['deliberable', { deliberable: true }],
  ['not deliberable', { deliberable: false }],
  ['level 0', { escalationLevel: 0 }],
  ['level 1', { escalationLevel: 1 }],
  ['level 2', { escalationLevel: 2 }],
  ['deliberable at level 2', { deliberable: true, escalationLevel: 2 }],
];

describe('transition, every status × action × context', () => {
  for (const [label, ctx] of CONTEXTS) {
    for (const status of CASE_STATUSES) {
      const allowed = CASE_ACTIONS.filter((a) => expected(status, a, ctx ?? {}) !== null);
      it(`${status} (${label}) allows exactly [${allowed.join(', ')}]`, () => {
        expect(allowedActions(status, ctx)).toEqual(allowed);
      });
      for (const action of CASE_ACTIONS) {
        const to = expected(status, action, ctx ?? {});
        it(`${status} --${action}--> ${to ?? 'forbidden'} (${label})`, () => {
          expect(transition(status, action, ctx)).toEqual(to === null ? { ok: false, allowed } : { ok: true, to });
        });
      }
    }
  }
});

describe('the graph in words', () => {
  it('bulk dispatch accepts and dispatches a reported case in one step', () => {
    expect(transition('reported', 'dispatch')).toEqual({ ok: true, to: 'dispatched' });
  });

  it('a handler who returns a case hands it back to the dispatch desk', () => {
    expect(transition('in_progress', 'return')).toEqual({ ok: true, to: 'accepted' });
    expect(transition('dispatched', 'return')).toEqual({ ok: true, to: 'accepted' });
  });

  it('a transfer keeps the case dispatched, to another unit', () => {
    expect(transition('in_progress', 'transfer')).toEqual({ ok: true, to: 'dispatched' });
  });

  it('a rating of 3 to 5 closes a resolved case; 1 or 2 reopens it to the handler', () => {
    for (const rating of [3, 4, 5])
      expect(transition('resolved', 'rate', { rating })).toEqual({ ok: true, to: 'closed' });
    for (const rating of [1, 2]) {
      expect(transition('resolved', 'rate', { rating })).toEqual({ ok: true, to: 'in_progress' });
    }
  });

  it('a rating does not make rate possible outside resolved', () => {
    expect(transition('in_progress', 'rate', { rating: 5 }).ok).toBe(false);
    expect(transition('closed', 'rate', { rating: 1 }).ok).toBe(false);
  });

  it('an impossible rating is a programming error, not a transition', () => {
    expect(() => transition('resolved', 'rate', { rating: 0 })).toThrow(RangeError);
    expect(() => transition('resolved', 'rate', { rating: 6 })).toThrow(RangeError);
  });

  it('reopen is an event name, never an action one may ask for', () => {
    for (const s of CASE_STATUSES) expect(allowedActions(s)).not.toContain('reopen');
  });

  it('a district-level case cannot be escalated further but may still be supervised', () => {
    const r = transition('dispatched', 'escalate', { escalationLevel: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.allowed).toContain('supervise');
  });

  it('terminal statuses allow nothing at all', () => {
    for (const s of ['rejected', 'closed', 'merged'] as const) expect(allowedActions(s)).toEqual([]);
  });
});

describe('afterRating', () => {
  it.each([
    [1, 'in_progress'],
    [2, 'in_progress'],
    [3, 'closed'],
    [4, 'closed'],
    [5, 'closed'],
  ] as const)('rating %i leads to %s', (rating, to) => {
    expect(afterRating(rating)).toBe(to);
  });

  it.each([0, 6, 2.5, Number.NaN])('refuses rating %s', (rating) => {
    expect(() => afterRating(rating)).toThrow(RangeError);
  });
});

describe('isOpen', () => {
  it.each(CASE_STATUSES.map((s) => [s, OPEN.includes(s)] as const))('%s is open: %s', (s, open) => {
    expect(isOpen(s)).toBe(open);
  });
});

describe('escalation levels', () => {
  it('go community → street → district and stop there', () => {
    expect(ESCALATION_LEVELS).toEqual(['community', 'street', 'district']);
    expect(nextEscalationLevel(0)).toBe(1);
    expect(nextEscalationLevel(1)).toBe(2);
    expect(nextEscalationLevel(2)).toBeNull();
  });

  it('refuse a level that cannot exist', () => {
    expect(() => nextEscalationLevel(-1)).toThrow(RangeError);
    expect(() => nextEscalationLevel(0.5)).toThrow(RangeError);
  });
});

it('unrated resolved cases close after 7 days', () => {
  expect(UNRATED_CLOSE_DAYS).toBe(7);
});
