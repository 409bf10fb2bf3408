/**
 * 民情日记: the rules a visit record obeys when it reaches the server from a phone that may have
 * been offline for days. Pure, shared with the web app so the phone can tell the worker before
 * syncing what the server will say.
 *
 * Two clocks meet here: the device's (when the worker visited, when they saved the record) and
 * the server's (when it arrived). The device's clock decides between two edits of one record;
 * the server's clock only bounds what a device may claim (no visits from the future).
 */

/** How far ahead of the server's clock a device's time may be: phones drift a little. */
export const VISIT_CLOCK_SKEW_MS = 5 * 60_000;
/** A record older than this is refused: a diary is written while the visit is fresh. */
export const VISIT_MAX_AGE_DAYS = 90;

export type VisitTimeProblem = 'TIME_INVALID' | 'TIME_IN_FUTURE' | 'TIME_TOO_OLD';

/**
 * What is wrong with a time a device reports (a visit's time, or when the record was saved), or
 * null when it is acceptable: at most VISIT_CLOCK_SKEW_MS ahead of the server's clock and not
 * older than VISIT_MAX_AGE_DAYS.
 */
export function checkVisitTime(at: string | Date, serverNow: Date): VisitTimeProblem | null {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(t)) return 'TIME_INVALID';
  const now = serverNow.getTime();
  if (t > now + VISIT_CLOCK_SKEW_MS) return 'TIME_IN_FUTURE';
  if (t < now - VISIT_MAX_AGE_DAYS * 86_400_000) return 'TIME_TOO_OLD';
  return null;
}

/**
 * What becomes of an edit:
 * - `create`: the record is new to the server;
 * - `apply`: an edit of the current revision, which it replaces;
 * - `unchanged`: the server already has exactly this (a batch sent twice): nothing is written;
 * - `conflict_apply`: another device changed the record since this edit's base revision, and
 *   this edit was saved later on its device: it becomes current, the other stays in the history;
 * - `conflict_keep`: the same, but this edit was saved earlier: it is kept in the history, unapplied.
 */
export type EditResolution = 'create' | 'apply' | 'unchanged' | 'conflict_apply' | 'conflict_keep';

export interface CurrentRevision {
  /** The revision the server holds as current (1 after the first sync). */
  revision: number;
  /** When the current revision was saved on its device. */
  recordedAt: string | Date;
}

export interface IncomingEdit {
  /** The revision the device started from: 0 for a new record. */
  baseRevision: number;
  /** When the device saved it (device clock). */
  recordedAt: string | Date;
  /** Its body equals the current revision's: nothing to change. */
  sameBodyAsApplied: boolean;
  /** This very edit (same base, same device time, same body) is already in the history. */
  alreadyReceived?: boolean;
}

const instant = (t: string | Date) => (typeof t === 'string' ? Date.parse(t) : t.getTime());

/** 同一条记录在两台设备上被修改时,两份都保留,以设备上较晚保存的为准. */
export function resolveEdit(current: CurrentRevision | null, incoming: IncomingEdit): EditResolution {
  if (current === null) return 'create';
  if (incoming.sameBodyAsApplied || incoming.alreadyReceived) return 'unchanged';
  if (incoming.baseRevision === current.revision) return 'apply';
  // Edited from a revision that is no longer current (or one the server never had): two
  // versions of one record. Neither is dropped; the later save on its device wins, and on a
  // tie the one the server already holds stays, so a resend cannot flip the outcome.
  return instant(incoming.recordedAt) > instant(current.recordedAt) ? 'conflict_apply' : 'conflict_keep';
}

/** The rule shown to workers wherever a conflict is reported (phone app and workbench). */
export const VISIT_CONFLICT_RULE = {
  'zh-CN': '同一条记录在两台设备上被修改时,两份都保留,以设备上较晚保存的为准;另一份可在记录的修改历史中查看。',
  en: 'When one record is changed on two devices, both versions are kept and the one saved later on its device is current; the other can be seen in the record’s history.',
} as const;

/** What a visit record says: everything an edit can change (not its id, base revision or save time). */
export interface VisitBody {
  householdId?: string | null;
  personIds: readonly string[];
  visitedAt: string;
  method: string;
  summary: string;
  findings: ReadonlyArray<{ kind: string; text: string }>;
  location?: { lng: number; lat: number } | null;
  photoIds: readonly string[];
}

const sortedIds = (ids: readonly string[]) => [...new Set(ids.map((i) => i.toLowerCase()))].sort();

/**
 * Whether two bodies say the same thing. Times compare as instants (`…Z` and `…+08:00`
 * spellings of one moment are equal), ids case-insensitively, the persons as a set; findings
 * and photos keep their order, since the worker arranged them.
 */
export function sameVisitBody(a: VisitBody, b: VisitBody): boolean {
  if ((a.householdId ?? null)?.toLowerCase() !== (b.householdId ?? null)?.toLowerCase()) return false;
  const pa = sortedIds(a.personIds);
  const pb = sortedIds(b.personIds);
  if (pa.length !== pb.length || pa.some((p, i) => p !== pb[i])) return false;
  if (Date.parse(a.visitedAt) !== Date.parse(b.visitedAt)) return false;
  if (a.method !== b.method || a.summary !== b.summary) return false;
  if (a.findings.length !== b.findings.length) return false;
  if (a.findings.some((f, i) => f.kind !== b.findings[i]?.kind || f.text !== b.findings[i]?.text)) return false;
  const la = a.location ?? null;
  const lb = b.location ?? null;
  if ((la === null) !== (lb === null)) return false;
  if (la && lb && (la.lng !== lb.lng || la.lat !== lb.lat)) return false;
  if (a.photoIds.length !== b.photoIds.length) return false;
  return a.photoIds.every((p, i) => p.toLowerCase() === b.photoIds[i]?.toLowerCase());
}

/** Finding kind → how many of them: what a record adds to the monthly tallies. */
export function findingCounts(findings: ReadonlyArray<{ kind: string; text?: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}
