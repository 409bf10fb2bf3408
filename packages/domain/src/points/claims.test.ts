import { describe, expect, it } from 'vitest';
import {
  CLAIM_COMMAND_BY,
  CLAIM_COMMANDS,
  CLAIM_EVENT_OF,
  CLAIM_STATUSES,
  type ClaimCommand,
  type ClaimStatusCode,
  claimCommands,
  isFinalClaimStatus,
  missingEvidence,
  nextClaimStatus,
} from './claims.ts';

describe('the claim state machine', () => {
  // Every (status, command) pair, written out: a change to the machine must change this table.
  const expected: Record<ClaimStatusCode, Record<ClaimCommand, ClaimStatusCode | null>> = {
    pending: {
      approve: 'approved',
      reject: 'rejected',
      request_info: 'needs_info',
      reply: null,
      withdraw: 'withdrawn',
    },
    needs_info: { approve: null, reject: null, request_info: null, reply: 'pending', withdraw: 'withdrawn' },
    approved: { approve: null, reject: null, request_info: null, reply: null, withdraw: null },
    rejected: { approve: null, reject: null, request_info: null, reply: null, withdraw: null },
    withdrawn: { approve: null, reject: null, request_info: null, reply: null, withdraw: null },
  };

  for (const status of CLAIM_STATUSES)
    for (const command of CLAIM_COMMANDS)
      it(`${status} + ${command} → ${expected[status][command] ?? 'refused'}`, () => {
        expect(nextClaimStatus(status, command)).toBe(expected[status][command]);
      });

  it('lists the commands each status takes', () => {
    expect(claimCommands('pending')).toEqual(['approve', 'reject', 'request_info', 'withdraw']);
    expect(claimCommands('needs_info')).toEqual(['reply', 'withdraw']);
    expect(claimCommands('approved')).toEqual([]);
  });

  it('knows approved, rejected and withdrawn as final', () => {
    expect(CLAIM_STATUSES.filter(isFinalClaimStatus)).toEqual(['approved', 'rejected', 'withdrawn']);
  });

  it('lets reviewers decide and claimants reply and withdraw', () => {
    expect(CLAIM_COMMANDS.filter((c) => CLAIM_COMMAND_BY[c] === 'claimant')).toEqual(['reply', 'withdraw']);
  });

  it('writes a timeline entry for each command', () => {
    expect(CLAIM_COMMANDS.map((c) => CLAIM_EVENT_OF[c])).toEqual([
      'approved',
      'rejected',
      'info_requested',
      'info_added',
      'withdrawn',
    ]);
  });
});

describe('missing evidence', () => {
  it('is nothing when the rule asks for nothing', () => {
    expect(missingEvidence({ evidence: [] }, { photos: [], witness: null })).toEqual([]);
  });

  it('is a photo when the rule asks for one and none came', () => {
    expect(missingEvidence({ evidence: ['photo'] }, { photos: [] })).toEqual(['photo']);
    expect(missingEvidence({ evidence: ['photo'] }, { photos: ['a'] })).toEqual([]);
  });

  it('is a witness when the rule asks for one and the name is absent or blank', () => {
    expect(missingEvidence({ evidence: ['witness'] }, { photos: [], witness: '  ' })).toEqual(['witness']);
    expect(missingEvidence({ evidence: ['witness'] }, { photos: [] })).toEqual(['witness']);
    expect(missingEvidence({ evidence: ['witness'] }, { photos: [], witness: '李伯' })).toEqual([]);
  });

  it('never is the staff confirmation: the reviewer’s approval gives it', () => {
    expect(missingEvidence({ evidence: ['staff'] }, { photos: [] })).toEqual([]);
  });

  it('names everything missing at once', () => {
    expect(missingEvidence({ evidence: ['photo', 'witness', 'staff'] }, { photos: [] })).toEqual(['photo', 'witness']);
  });
});
