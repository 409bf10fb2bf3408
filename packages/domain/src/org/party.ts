/**
 * The party-organisation tree mirrors the administrative one:
 * 街道党工委 → 社区党委 → 网格党支部 → 党小组.
 */
export const PARTY_KINDS = ['working_committee', 'committee', 'branch', 'group'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

import type { UnitKind } from './codes.ts';

/** The administrative unit kinds a party organisation of each kind is attached to. */
export const PARTY_UNIT_KINDS: Record<PartyKind, readonly UnitKind[]> = {
  working_committee: ['street'], // 党工委
  committee: ['community', 'village'], // 党委 / 党总支
  branch: ['grid'], // 网格党支部
  group: ['grid'], // 党小组
};

export const PARTY_CHILD_KINDS: Record<PartyKind, readonly PartyKind[]> = {
  working_committee: ['committee'],
  committee: ['branch'],
  branch: ['group'],
  group: [],
};
