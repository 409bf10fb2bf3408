/**
 * Administrative codes (GB/T 2260 + the statistical division code): 12 digits,
 * 省2 市2 县2 乡3 村3. A district's code ends in 000000, a street's in 000, and a
 * child's code starts with its parent's significant digits.
 * Grids have no national code: a grid's code is its community's 12 digits plus a
 * 3-digit serial (15 digits), as grid-management systems number them; a department's is a
 * 3-digit serial within its district.
 */
export const UNIT_KINDS = ['district', 'street', 'community', 'village', 'grid', 'department'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Which kinds may sit directly under which. */
export const CHILD_KINDS: Record<UnitKind, readonly UnitKind[]> = {
  district: ['street', 'department'],
  street: ['community', 'village'],
  community: ['grid'],
  village: ['grid'],
  grid: [],
  department: [],
};

export type CodeProblem =
  | 'CODE_FORMAT' // wrong length or not digits
  | 'CODE_LEVEL' // digits do not match the unit's level (e.g. a street code not ending in 000)
  | 'CODE_PARENT'; // does not start with the parent's significant digits

/** Significant prefix of a unit's code: what its children's codes must start with. */
export function significantPrefix(kind: UnitKind, code: string): string {
  switch (kind) {
    case 'district':
      return code.slice(0, 6);
    case 'street':
      return code.slice(0, 9);
    case 'community':
    case 'village':
      return code.slice(0, 12);
    case 'grid':
      return code;
    case 'department':
      return '';
  }
}

export function checkUnitCode(
  kind: UnitKind,
  code: string,
  parent?: { kind: UnitKind; code: string | null },
): CodeProblem | null {
  // Departments (城管, 民政 …) have no administrative code: a 3-digit serial in the district.
  if (kind === 'department') return /^\d{3}$/.test(code) ? null : 'CODE_FORMAT';
  const length = kind === 'grid' ? 15 : 12;
  if (!new RegExp(`^\\d{${length}}$`).test(code)) return 'CODE_FORMAT';
  const levelOk =
    kind === 'district'
      ? /^\d{4}(?!00)\d{2}0{6}$/.test(code)
      : kind === 'street'
        ? /^\d{6}(?!000)\d{3}000$/.test(code)
        : kind === 'grid'
          ? !code.endsWith('000')
          : !code.endsWith('000');
  if (!levelOk) return 'CODE_LEVEL';
  if (parent?.code != null && parent.kind !== 'department') {
    if (!code.startsWith(significantPrefix(parent.kind, parent.code))) return 'CODE_PARENT';
  }
  return null;
}

/** The path segment a unit adds to its parent's org_path. */
export function pathSegment(kind: UnitKind, code: string): string {
  if (kind === 'grid') return `g${code.slice(12)}`;
  if (kind === 'department') return `d${code}`;
  return significantPrefix(kind, code);
}

export function childPath(parentPath: string | null, segment: string): string {
  return parentPath ? `${parentPath}.${segment}` : segment;
}

/** True when `path` is `ancestor` itself or lies under it. */
export function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`);
}
