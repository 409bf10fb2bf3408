/**
 * A points claim (积分申报) and its review, as a state machine:
 *
 *   pending ──approve──▶ approved      pending ──reject──▶ rejected
 *   pending ──request_info──▶ needs_info ──reply──▶ pending
 *   pending | needs_info ──withdraw──▶ withdrawn (by the claimant)
 *
 * Approved, rejected and withdrawn are final. Pure: the server and the phone app share it.
 */
import type { RuleEvidenceCode } from './catalogue.ts';

export const CLAIM_STATUSES = ['pending', 'needs_info', 'approved', 'rejected', 'withdrawn'] as const;
export type ClaimStatusCode = (typeof CLAIM_STATUSES)[number];

export const CLAIM_COMMANDS = ['approve', 'reject', 'request_info', 'reply', 'withdraw'] as const;
export type ClaimCommand = (typeof CLAIM_COMMANDS)[number];

/** Who may give a command: reviewers decide, the claimant replies and withdraws. */
export const CLAIM_COMMAND_BY: Record<ClaimCommand, 'reviewer' | 'claimant'> = {
  approve: 'reviewer',
  reject: 'reviewer',
  request_info: 'reviewer',
  reply: 'claimant',
  withdraw: 'claimant',
};

/** The timeline entry each command writes (points_claim_event.action). */
export const CLAIM_EVENT_OF: Record<
  ClaimCommand,
  'approved' | 'rejected' | 'info_requested' | 'info_added' | 'withdrawn'
> = {
  approve: 'approved',
  reject: 'rejected',
  request_info: 'info_requested',
  reply: 'info_added',
  withdraw: 'withdrawn',
};

const TRANSITIONS: Record<ClaimStatusCode, Partial<Record<ClaimCommand, ClaimStatusCode>>> = {
  pending: { approve: 'approved', reject: 'rejected', request_info: 'needs_info', withdraw: 'withdrawn' },
  needs_info: { reply: 'pending', withdraw: 'withdrawn' },
  approved: {},
  rejected: {},
  withdrawn: {},
};

/** The status a command leads to, or null when the claim's status does not allow it. */
export function nextClaimStatus(status: ClaimStatusCode, command: ClaimCommand): ClaimStatusCode | null {
  return TRANSITIONS[status][command] ?? null;
}

/** The commands a claim in this status takes. */
export function claimCommands(status: ClaimStatusCode): ClaimCommand[] {
  return CLAIM_COMMANDS.filter((c) => TRANSITIONS[status][c] !== undefined);
}

export function isFinalClaimStatus(status: ClaimStatusCode): boolean {
  return claimCommands(status).length === 0;
}

/**
 * The evidence a rule asks for that a claim lacks: a photo (at least one), a witness (a name).
 * 'staff' (a staff member confirms in person) is given by the reviewer's approval itself, so a
 * claim never lacks it.
 */
export function missingEvidence(
  version: { evidence: readonly RuleEvidenceCode[] },
  claim: { photos: readonly unknown[]; witness?: string | null },
): Array<'photo' | 'witness'> {
  const missing: Array<'photo' | 'witness'> = [];
  if (version.evidence.includes('photo') && claim.photos.length === 0) missing.push('photo');
  if (version.evidence.includes('witness') && !claim.witness?.trim()) missing.push('witness');
  return missing;
}
