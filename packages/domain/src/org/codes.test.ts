import { describe, expect, it } from 'vitest';
import {
  CHILD_KINDS,
  type CodeProblem,
  checkUnitCode,
  childPath,
  isWithin,
  pathSegment,
  significantPrefix,
  UNIT_KINDS,
  type UnitKind,
} from './codes.ts';

// 江门市蓬江区 (440703), 江海区 (440704): the demo district's real GB/T 2260 neighbourhood.
const DISTRICT = '440704000000';
const STREET = '440704002000';
const COMMUNITY = '440704002001';
const GRID = '440704002001009';

describe('checkUnitCode without a parent', () => {
  const cases: Array<[UnitKind, string, CodeProblem | null, string]> = [
    ['district', DISTRICT, null, 'a county-level code ending in 000000'],
    ['district', '440700000000', 'CODE_LEVEL', 'a city code (county digits 00)'],
    ['district', '440704001000', 'CODE_LEVEL', 'a street code'],
    ['district', '440704000001', 'CODE_LEVEL', 'a code with village digits'],
    ['district', '44070400000', 'CODE_FORMAT', 'eleven digits'],
    ['district', '4407040000000', 'CODE_FORMAT', 'thirteen digits'],
    ['street', STREET, null, 'a township code ending in 000'],
    ['street', DISTRICT, 'CODE_LEVEL', 'a district code (township digits 000)'],
    ['street', COMMUNITY, 'CODE_LEVEL', 'a community code'],
    ['street', '44070400200', 'CODE_FORMAT', 'eleven digits'],
    ['community', COMMUNITY, null, 'a village-level code'],
    ['community', STREET, 'CODE_LEVEL', 'a street code (village digits 000)'],
    ['community', DISTRICT, 'CODE_LEVEL', 'a district code'],
    ['village', '440704003201', null, 'a village code'],
    ['village', '440704003000', 'CODE_LEVEL', 'a street code'],
    ['grid', GRID, null, 'a community code plus a 3-digit serial'],
    ['grid', '440704002001000', 'CODE_LEVEL', 'serial 000'],
    ['grid', COMMUNITY, 'CODE_FORMAT', 'twelve digits: a bare community code'],
    ['grid', '4407040020010091', 'CODE_FORMAT', 'sixteen digits'],
    ['department', '001', null, 'a 3-digit serial'],
    ['department', '01', 'CODE_FORMAT', 'two digits'],
    ['department', '0001', 'CODE_FORMAT', 'four digits'],
    ['department', 'abc', 'CODE_FORMAT', 'letters'],
    ['department', DISTRICT, 'CODE_FORMAT', 'an administrative code'],
  ];
  it.each(cases)('a %s with code %s gives %s (%s)', (kind, code, problem) => {
    expect(checkUnitCode(kind, code)).toBe(problem);
  });

  const notDigits: Array<[UnitKind, string]> = [
    ['district', '44070400000a'],
    ['district', ' 440704000000'],
    ['district', '440704000000\n'],
    ['street', '４４０７０４００２０００'], // full-width digits typed on a Chinese IME
    ['community', '٤٤٠٧٠٤٠٠٢٠٠١'], // Arabic-Indic digits
    ['community', '440704-02001'],
    ['grid', '440704002001 09'],
    ['department', '00１'],
    ['department', ''],
  ];
  it.each(notDigits)('a %s code %j that is not all ASCII digits is a format problem', (kind, code) => {
    expect(checkUnitCode(kind, code)).toBe('CODE_FORMAT');
  });

  it('reports the format before the level: a short street code that also ends oddly is CODE_FORMAT', () => {
    expect(checkUnitCode('street', '4407040021')).toBe('CODE_FORMAT');
  });
});

describe('checkUnitCode under a parent', () => {
  const cases: Array<[UnitKind, string, UnitKind, string | null, CodeProblem | null]> = [
    ['street', STREET, 'district', DISTRICT, null],
    ['street', '440703002000', 'district', DISTRICT, 'CODE_PARENT'],
    ['department', '007', 'district', DISTRICT, null],
    ['community', COMMUNITY, 'street', STREET, null],
    ['community', '440704003001', 'street', STREET, 'CODE_PARENT'],
    ['village', '440704002201', 'street', STREET, null],
    ['village', '440705002201', 'street', STREET, 'CODE_PARENT'],
    ['grid', GRID, 'community', COMMUNITY, null],
    ['grid', '440704002002009', 'community', COMMUNITY, 'CODE_PARENT'],
    ['grid', '440704002201003', 'village', '440704002201', null],
    ['grid', '440704002202003', 'village', '440704002201', 'CODE_PARENT'],
    // A parent without a code (an imported root) and a department parent impose no prefix.
    ['street', '440799002000', 'district', null, null],
    ['grid', '440799002001009', 'department', '001', null],
  ];
  it.each(cases)('a %s %s under the %s %s gives %s', (kind, code, parentKind, parentCode, problem) => {
    expect(checkUnitCode(kind, code, { kind: parentKind, code: parentCode })).toBe(problem);
  });

  it('reports the level before the parent when both are wrong', () => {
    expect(checkUnitCode('community', '440705002000', { kind: 'street', code: STREET })).toBe('CODE_LEVEL');
  });

  it('a department code is never checked against its parent prefix', () => {
    expect(checkUnitCode('department', '999', { kind: 'district', code: DISTRICT })).toBeNull();
  });
});

describe('significantPrefix', () => {
  const cases: Array<[UnitKind, string, string]> = [
    ['district', DISTRICT, '440704'],
    ['street', STREET, '440704002'],
    ['community', COMMUNITY, COMMUNITY],
    ['village', '440704003201', '440704003201'],
    ['grid', GRID, GRID],
    ['department', '001', ''],
  ];
  it.each(cases)('of a %s %s is %j', (kind, code, prefix) => {
    expect(significantPrefix(kind, code)).toBe(prefix);
  });

  // One valid child for every edge of CHILD_KINDS (departments carry no administrative code).
  const edges: Array<[UnitKind, string, UnitKind, string]> = [
    ['district', DISTRICT, 'street', STREET],
    ['district', DISTRICT, 'department', '001'],
    ['street', STREET, 'community', COMMUNITY],
    ['street', STREET, 'village', '440704002201'],
    ['community', COMMUNITY, 'grid', GRID],
    ['village', '440704002201', 'grid', '440704002201003'],
  ];

  it('covers every parent → child edge of the hierarchy with a sample', () => {
    const sampled = edges.map(([p, , c]) => `${p}>${c}`).sort();
    const all = UNIT_KINDS.flatMap((p) => CHILD_KINDS[p].map((c) => `${p}>${c}`)).sort();
    expect(sampled).toEqual(all);
  });

  it.each(edges)('of a %s %s starts every valid %s code (%s) under it', (parentKind, parentCode, kind, code) => {
    if (kind !== 'department') expect(code.startsWith(significantPrefix(parentKind, parentCode))).toBe(true);
    expect(checkUnitCode(kind, code, { kind: parentKind, code: parentCode })).toBeNull();
  });
});

describe('pathSegment and childPath', () => {
  const cases: Array<[UnitKind, string, string]> = [
    ['district', DISTRICT, '440704'],
    ['street', STREET, '440704002'],
    ['community', COMMUNITY, '440704002001'],
    ['village', '440704003201', '440704003201'],
    ['grid', GRID, 'g009'],
    ['department', '001', 'd001'],
  ];
  it.each(cases)('a %s with code %s adds the segment %s', (kind, code, segment) => {
    expect(pathSegment(kind, code)).toBe(segment);
  });

  it('builds a grid path from the district root down', () => {
    let path = childPath(null, pathSegment('district', DISTRICT));
    path = childPath(path, pathSegment('street', STREET));
    path = childPath(path, pathSegment('community', COMMUNITY));
    path = childPath(path, pathSegment('grid', GRID));
    expect(path).toBe('440704.440704002.440704002001.g009');
  });

  it('treats an empty parent path as a root', () => {
    expect(childPath('', 'd001')).toBe('d001');
  });

  it('gives every child kind of a unit a segment free of the path separator', () => {
    for (const [kind, code] of cases) expect(pathSegment(kind, code)).not.toContain('.');
  });
});

describe('isWithin', () => {
  const street = '440704.440704002';
  const cases: Array<[string, string, boolean, string]> = [
    [street, street, true, 'the subtree root itself'],
    [`${street}.440704002001`, street, true, 'a child'],
    [`${street}.440704002001.g009`, street, true, 'a grandchild'],
    [`${street}.440704002001.g009`, '440704', true, 'a descendant of the district'],
    ['440704.4407040021', street, false, 'a sibling whose segment merely starts with the same digits'],
    ['440704.440704002x', street, false, 'a path that extends the last segment'],
    ['440704.440704003', street, false, 'a sibling street'],
    ['440704', street, false, 'the parent of the subtree'],
    ['440705.440704002', street, false, 'the same segment under another district'],
  ];
  it.each(cases)('%s within %s is %s (%s)', (path, ancestor, within) => {
    expect(isWithin(path, ancestor)).toBe(within);
  });

  it('is transitive along a real path', () => {
    const chain = ['440704', '440704.440704002', '440704.440704002.440704002001', '440704.440704002.440704002001.g009'];
    for (let i = 0; i < chain.length; i++) {
      for (let j = 0; j < chain.length; j++) {
        expect(isWithin(chain[i] as string, chain[j] as string), `${chain[i]} within ${chain[j]}`).toBe(i >= j);
      }
    }
  });
});

describe('the hierarchy of unit kinds', () => {
  it('has grids and departments as leaves', () => {
    expect(CHILD_KINDS.grid).toEqual([]);
    expect(CHILD_KINDS.department).toEqual([]);
  });

  it('reaches every kind from the district, each kind always at one depth', () => {
    const depth = new Map<UnitKind, number>([['district', 0]]);
    const queue: UnitKind[] = ['district'];
    while (queue.length) {
      const kind = queue.shift() as UnitKind;
      for (const child of CHILD_KINDS[kind]) {
        const d = (depth.get(kind) as number) + 1;
        // A grid sits under a community or a village: reached twice, but always at one depth.
        if (depth.has(child)) expect(depth.get(child), child).toBe(d);
        else {
          depth.set(child, d);
          queue.push(child);
        }
      }
    }
    expect([...depth.keys()].sort()).toEqual([...UNIT_KINDS].sort());
    expect(Object.fromEntries(depth)).toEqual({
      district: 0,
      street: 1,
      department: 1,
      community: 2,
      village: 2,
      grid: 3,
    });
  });
});
