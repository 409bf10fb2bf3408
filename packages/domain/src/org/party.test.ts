import { describe, expect, it } from 'vitest';
import { CHILD_KINDS, UNIT_KINDS, type UnitKind } from './codes.ts';
import { PARTY_CHILD_KINDS, PARTY_KINDS, PARTY_UNIT_KINDS, type PartyKind } from './party.ts';

describe('party organisation kinds', () => {
  it('attach 党工委 to streets, 党委 to communities and villages, 支部 and 党小组 to grids', () => {
    expect(PARTY_UNIT_KINDS).toEqual({
      working_committee: ['street'],
      committee: ['community', 'village'],
      branch: ['grid'],
      group: ['grid'],
    });
  });

  it('form one chain 党工委 → 党委 → 支部 → 党小组 in the order PARTY_KINDS lists them', () => {
    for (let i = 0; i < PARTY_KINDS.length; i++) {
      const next = PARTY_KINDS[i + 1];
      expect(PARTY_CHILD_KINDS[PARTY_KINDS[i] as PartyKind]).toEqual(next ? [next] : []);
    }
  });

  it('have a table entry for every kind and name only known kinds', () => {
    expect(Object.keys(PARTY_UNIT_KINDS).sort()).toEqual([...PARTY_KINDS].sort());
    expect(Object.keys(PARTY_CHILD_KINDS).sort()).toEqual([...PARTY_KINDS].sort());
    for (const kind of PARTY_KINDS) {
      for (const unit of PARTY_UNIT_KINDS[kind]) expect(UNIT_KINDS).toContain(unit);
      for (const child of PARTY_CHILD_KINDS[kind]) expect(PARTY_KINDS).toContain(child);
    }
  });

  it('never attach to a district or a department: party work is organised from the street down', () => {
    const attached = new Set(PARTY_KINDS.flatMap((k) => PARTY_UNIT_KINDS[k]));
    expect(attached.has('district')).toBe(false);
    expect(attached.has('department')).toBe(false);
  });

  it("place a child organisation on its parent's unit kind or on a child unit kind of it", () => {
    for (const parent of PARTY_KINDS) {
      for (const child of PARTY_CHILD_KINDS[parent]) {
        for (const childUnit of PARTY_UNIT_KINDS[child]) {
          const fits = PARTY_UNIT_KINDS[parent].some(
            (parentUnit: UnitKind) => parentUnit === childUnit || CHILD_KINDS[parentUnit].includes(childUnit),
          );
          expect(fits, `${child} on a ${childUnit} under a ${parent}`).toBe(true);
        }
      }
    }
  });

  it('has a party kind for every administrative level from street to grid', () => {
    const attached = new Set<UnitKind>(PARTY_KINDS.flatMap((k) => PARTY_UNIT_KINDS[k]));
    for (const unit of ['street', 'community', 'village', 'grid'] as const) expect(attached.has(unit), unit).toBe(true);
  });
});
