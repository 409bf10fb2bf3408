import { describe, expect, it } from 'vitest';
import {
  HEAD_MIN_AGE,
  HEAD_RELATION,
  type HouseholdMember,
  householdProblems,
  isRelationCode,
  parseRelation,
  REGISTRATION_SEPARATION_NAMES,
  RELATIONS,
  type RelationGroup,
  relationGroup,
  relationName,
  separatedFromRegistration,
} from './household.ts';

const TODAY = '2024-06-15';
const member = (relation: string, birthDate?: string | null): HouseholdMember => ({ relation, birthDate });
const codes = (members: HouseholdMember[]) => householdProblems(members, TODAY).map((p) => p.code);

describe('the GB/T 4761-2008 relation table', () => {
  it('has the 84 two-digit codes of the standard: 01–02, 10–12, 20–97 and 99', () => {
    const expected = ['01', '02', '10', '11', '12']
      .concat(Array.from({ length: 78 }, (_, i) => String(20 + i)))
      .concat(['99']);
    expect(RELATIONS.map((r) => r.code)).toEqual(expected);
    expect(expected).toHaveLength(84);
  });

  it('has only two-digit codes, each with a Chinese name', () => {
    for (const { code, zh } of RELATIONS) {
      expect(code).toMatch(/^\d{2}$/);
      expect(zh.length).toBeGreaterThan(0);
    }
    expect(new Set(RELATIONS.map((r) => r.zh)).size).toBe(RELATIONS.length);
  });

  it.each([
    ['02', '户主'],
    ['10', '配偶'],
    ['11', '夫'],
    ['12', '妻'],
    ['20', '子'],
    ['28', '女婿'],
    ['30', '女'],
    ['38', '儿媳'],
    ['40', '孙子、孙女或外孙子、外孙女'],
    ['51', '父亲'],
    ['52', '母亲'],
    ['60', '祖父母或外祖父母'],
    ['70', '兄弟姐妹'],
    ['97', '其他亲属'],
    ['99', '非亲属'],
  ])('names %s %s as the standard does', (code, name) => {
    expect(relationName(code)).toBe(name);
  });

  it('writes the head as 02 户主', () => {
    expect(HEAD_RELATION).toBe('02');
    expect(relationName(HEAD_RELATION)).toBe('户主');
  });

  it.each(['00', '03', '13', '98', '2', '002', 'A1', '', 'toString', '__proto__'])('does not know %j', (code) => {
    expect(isRelationCode(code)).toBe(false);
    expect(relationName(code)).toBeUndefined();
  });

  it('groups every code by its first digit, 99 apart', () => {
    const expected: Record<string, RelationGroup> = {
      '0': 'head',
      '1': 'spouse',
      '2': 'child',
      '3': 'child',
      '4': 'grandchild',
      '5': 'parent',
      '6': 'grandparent',
      '7': 'sibling',
      '8': 'other_relative',
      '9': 'other_relative',
    };
    for (const { code } of RELATIONS) {
      expect(relationGroup(code), code).toBe(code === '99' ? 'non_relative' : expected[code[0] as string]);
    }
  });
});

describe('parseRelation', () => {
  it.each([
    ['02', '02', 'a code'],
    ['2', '02', 'a code that lost its leading zero in a spreadsheet'],
    [' 12 ', '12', 'a code with spaces'],
    ['户主', '02', 'the head by name'],
    ['妻', '12', 'a wife by name'],
    ['长女', '32', 'an eldest daughter by name'],
    ['非亲属', '99', 'a lodger by name'],
    ['本人', '01', 'the self code of some registers'],
  ])('reads %j as %s (%s)', (raw, code) => {
    expect(parseRelation(raw)).toBe(code);
  });

  it.each(['老婆', '13', '123', '', '户 主'])('does not guess at %j', (raw) => {
    expect(parseRelation(raw)).toBeUndefined();
  });
});

describe('householdProblems', () => {
  it('finds nothing wrong with a head, a spouse, children and a parent', () => {
    const family = [
      member('02', '1975-03-02'),
      member('12', '1977-08-19'),
      member('20', '2003-01-05'),
      member('31', '2010-09-30'),
      member('52', '1948-02-11'),
    ];
    expect(householdProblems(family, TODAY)).toEqual([]);
  });

  it('finds nothing wrong with a person living alone', () => {
    expect(householdProblems([member('02', '1940-01-01')], TODAY)).toEqual([]);
  });

  it('accepts 01 本人 as the head, as some imported registers write it', () => {
    expect(codes([member('01'), member('10')])).toEqual([]);
  });

  it('reports a household without a head as an error', () => {
    expect(householdProblems([member('10'), member('20')], TODAY)).toEqual([
      { code: 'NO_HEAD', severity: 'error', members: [] },
    ]);
  });

  it('reports an empty household as having no head', () => {
    expect(codes([])).toEqual(['NO_HEAD']);
  });

  it('reports two heads, naming both rows', () => {
    expect(householdProblems([member('02'), member('10'), member('02')], TODAY)).toEqual([
      { code: 'MULTIPLE_HEADS', severity: 'error', members: [0, 2] },
    ]);
  });

  it('counts 01 and 02 together when looking for a second head', () => {
    expect(codes([member('01'), member('02')])).toEqual(['MULTIPLE_HEADS']);
  });

  it('reports two spouses of the head, whichever spouse codes they use', () => {
    for (const [a, b] of [
      ['10', '10'],
      ['11', '12'],
      ['10', '12'],
    ] as const) {
      expect(householdProblems([member('02'), member(a), member('20'), member(b)], TODAY), `${a}+${b}`).toEqual([
        { code: 'MULTIPLE_SPOUSES', severity: 'error', members: [1, 3] },
      ]);
    }
  });

  it('does not count the spouses of children (女婿, 儿媳) or of grandchildren as spouses of the head', () => {
    expect(
      codes([member('02'), member('12'), member('20'), member('38'), member('30'), member('28'), member('45')]),
    ).toEqual([]);
  });

  it('reports an unknown relation code as an error, naming the rows', () => {
    expect(householdProblems([member('02'), member('13'), member('老婆')], TODAY)).toEqual([
      { code: 'UNKNOWN_RELATION', severity: 'error', members: [1, 2] },
    ]);
  });

  describe('a head under 16', () => {
    it(`is a warning, not an error (HEAD_MIN_AGE = ${HEAD_MIN_AGE})`, () => {
      expect(householdProblems([member('02', '2010-01-01'), member('73', '2013-05-05')], TODAY)).toEqual([
        { code: 'HEAD_MINOR', severity: 'warning', members: [0] },
      ]);
    });

    it('stops being one on the 16th birthday', () => {
      expect(codes([member('02', '2008-06-16')])).toEqual(['HEAD_MINOR']);
      expect(codes([member('02', '2008-06-15')])).toEqual([]);
    });

    it('is not reported when the head’s birth date is unknown', () => {
      expect(codes([member('02', null)])).toEqual([]);
      expect(codes([member('02')])).toEqual([]);
    });

    it('is judged on the day passed in', () => {
      expect(householdProblems([member('02', '2010-01-01')], '2026-01-01')).toEqual([]);
    });

    it('ignores members other than the head, however young', () => {
      expect(codes([member('02', '1990-01-01'), member('20', '2024-06-15')])).toEqual([]);
    });
  });

  it('reports every problem at once, errors before the warning', () => {
    const messy = [member('02', '2012-01-01'), member('10'), member('01', '2011-01-01'), member('12'), member('XX')];
    expect(householdProblems(messy, TODAY)).toEqual([
      { code: 'UNKNOWN_RELATION', severity: 'error', members: [4] },
      { code: 'MULTIPLE_HEADS', severity: 'error', members: [0, 2] },
      { code: 'MULTIPLE_SPOUSES', severity: 'error', members: [1, 3] },
      { code: 'HEAD_MINOR', severity: 'warning', members: [0, 2] },
    ]);
  });
});

describe('separatedFromRegistration (人户分离)', () => {
  it.each([
    [true, true, 'consistent', '人户一致'],
    [true, false, 'registered_not_resident', '户在人不在'],
    [false, true, 'resident_not_registered', '人在户不在'],
  ] as const)('registered here %s, lives here %s: %s (%s)', (registeredHere, livesHere, outcome, name) => {
    const result = separatedFromRegistration({ registeredHere, livesHere });
    expect(result).toBe(outcome);
    expect(REGISTRATION_SEPARATION_NAMES[outcome]).toBe(name);
  });

  it('answers null for a person neither registered nor living here: no longer this community’s', () => {
    expect(separatedFromRegistration({ registeredHere: false, livesHere: false })).toBeNull();
  });
});
