/**
 * The life of a case (事件): the statuses it passes through and the actions that move it, after
 * the 说事→议事→理事→办事→评事 cycle and the 接诉即办 practice of one dispatch desk (分拨) sending
 * each report to the unit that handles it. Pure: the server loads the case, asks `transition`,
 * and answers 409 CASE_TRANSITION_FORBIDDEN with `allowed` when the answer is no.
 *
 *   reported    → accept → accepted | reject → rejected | dispatch → dispatched | merge → merged
 *   accepted    → dispatch → dispatched | merge → merged
 *   dispatched  → start → in_progress | resolve → resolved | transfer → dispatched | return → accepted
 *   in_progress → resolve → resolved | transfer → dispatched | return → accepted
 *   resolved    → rate → closed (rating ≥ 3) or in_progress (≤ 2, reopened) | close → closed
 *   rejected, closed, merged: terminal.
 * In every open status: escalate (below the top level), supervise (督办) and comment, no status
 * change; link_topic (to a deliberation, 议事) in accepted / dispatched / in_progress when the
 * category is deliberable.
 *
 * 'reopen' is never asked for: it names the timeline event the server writes when a low rating
 * sends a case back (see `afterRating`), so `transition(_, 'reopen')` is always refused.
 */

export const CASE_STATUSES = [
  'reported',
  'accepted',
  'rejected',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'merged',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = [
  'accept',
  'reject',
  'dispatch',
  'transfer',
  'return',
  'start',
  'resolve',
  'rate',
  'reopen',
  'close',
  'escalate',
  'supervise',
  'merge',
  'link_topic',
  'comment',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** What the graph needs to know beyond the status; absent fields take the cautious reading. */
export interface WorkflowContext {
  /** the case's category may go to a deliberation (议事); absent → false */
  deliberable?: boolean;
  /** the case's escalation level (0 community, 1 street, 2 district); absent → 0 */
  escalationLevel?: number;
  /** the rating given with 'rate' (1–5); decides where 'rate' leads, absent → closed */
  rating?: number;
}

export type TransitionResult = { ok: true; to: CaseStatus } | { ok: false; allowed: CaseAction[] };

// ── Escalation (升级) ────────────────────────────────────────────────────────────────────────
/** Who holds an escalated case, by level: the community, then the street, then the district. */
export const ESCALATION_LEVELS = ['community', 'street', 'district'] as const;
export type EscalationLevel = 0 | 1 | 2;
export const MAX_ESCALATION_LEVEL: EscalationLevel = 2;

/** The level after `level`, or null at the top (the district has no one above it to escalate to). */
export function nextEscalationLevel(level: number): EscalationLevel | null {
  if (!Number.isInteger(level) || level < 0) throw new RangeError(`bad escalation level ${level}`);
  return level < MAX_ESCALATION_LEVEL ? ((level + 1) as EscalationLevel) : null;
}

// ── Rating (评事) ────────────────────────────────────────────────────────────────────────────
export const RATING_MIN = 1;
export const RATING_MAX = 5;

/** A case resolved and left unrated this many days is closed by the job (未评价自动办结). */
export const UNRATED_CLOSE_DAYS = 7;

/**
 * Where a rating sends a resolved case: 3 and above closes it; 1 or 2 reopens it to the same
 * handler (reopen_count + 1, and a follow-up task for the community) — a resident who says the
 * problem is not solved is taken at their word.
 */
export function afterRating(rating: number): 'closed' | 'in_progress' {
  if (!Number.isInteger(rating) || rating < RATING_MIN || rating > RATING_MAX) {
    throw new RangeError(`rating must be an integer ${RATING_MIN}–${RATING_MAX}, got ${rating}`);
  }
  return rating >= 3 ? 'closed' : 'in_progress';
}

// ── The graph ───────────────────────────────────────────────────────────────────────────────
const OPEN: readonly CaseStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress'];

/** Still someone's work: not rejected, resolved, closed or merged. */
export function isOpen(status: CaseStatus): boolean {
  return OPEN.includes(status);
}

/** Actions that must carry a reason (驳回、转派、退回 are explained to whoever receives them). */
export const REASON_REQUIRED: readonly CaseAction[] = ['reject', 'transfer', 'return'];

/** Moves that change the status; 'rate' is listed with its good outcome and resolved in `transition`. */
const MOVES: Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>> = {
  reported: { accept: 'accepted', reject: 'rejected', dispatch: 'dispatched', merge: 'merged' },
  accepted: { dispatch: 'dispatched', merge: 'merged' },
  dispatched: { transfer: 'dispatched', return: 'accepted', start: 'in_progress', resolve: 'resolved' },
  in_progress: { transfer: 'dispatched', return: 'accepted', resolve: 'resolved' },
  resolved: { rate: 'closed', close: 'closed' },
  rejected: {},
  closed: {},
  merged: {},
};

const LINKABLE: readonly CaseStatus[] = ['accepted', 'dispatched', 'in_progress'];

/** Where `action` leads from `status`, or null when the graph forbids it. */
function target(status: CaseStatus, action: CaseAction, ctx: WorkflowContext): CaseStatus | null {
  switch (action) {
    case 'supervise':
    case 'comment':
      return isOpen(status) ? status : null;
    case 'escalate':
      return isOpen(status) && (ctx.escalationLevel ?? 0) < MAX_ESCALATION_LEVEL ? status : null;
    case 'link_topic':
      return LINKABLE.includes(status) && ctx.deliberable === true ? status : null;
    case 'rate': {
      const to = MOVES[status].rate;
      if (!to) return null;
      return ctx.rating === undefined ? to : afterRating(ctx.rating);
    }
    default:
      return MOVES[status][action] ?? null;
  }
}

/** Every action the graph allows from `status`, in CASE_ACTIONS order (the caller's permissions not applied). */
export function allowedActions(status: CaseStatus, ctx: WorkflowContext = {}): CaseAction[] {
  const probe = { ...ctx, rating: undefined };
  return CASE_ACTIONS.filter((a) => target(status, a, probe) !== null);
}

/** May `action` be taken on a case in `status`, and which status follows. */
export function transition(status: CaseStatus, action: CaseAction, ctx: WorkflowContext = {}): TransitionResult {
  const to = target(status, action, ctx);
  return to === null ? { ok: false, allowed: allowedActions(status, ctx) } : { ok: true, to };
}
