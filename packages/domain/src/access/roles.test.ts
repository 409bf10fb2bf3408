import { describe, expect, it } from 'vitest';
import {
  ADMIN_ROLES,
  conflictingRole,
  EXCLUSIVE_ROLES,
  PERMISSIONS,
  type Permission,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
  roleHas,
  STAFF_ROLES,
} from './roles.ts';

// The permission matrix, written out by hand: a change to ROLE_PERMISSIONS must change it too.
// Columns: org:read, org:write, users:manage, audit:read, then registry read, write, reveal,
// sensitive, export, admin, then visits read, record, manage, then points read, review, manage, self,
// then cases read, intake, dispatch, handle, supervise, admin, self,
// then deliberation read, manage, self.
const COLUMNS = PERMISSIONS;
const ROWS: Record<Role, string> = {
  resident: '0000 000000 000 0001 0000001 001',
  grid_worker: '1000 110000 110 1000 1101000 100',
  community_staff: '1000 111110 111 1110 1111000 110',
  street_official: '1100 101110 100 1010 1010100 100',
  dept_handler: '1000 000000 000 0000 1001000 000',
  district_admin: '1100 111111 101 1010 1010110 110',
  auditor: '0001 000000 000 0000 0000000 000',
  sysadmin: '1010 000000 000 0000 0000000 000',
};
const MATRIX = Object.fromEntries(
  ROLES.map((r) => {
    const bits = ROWS[r].replace(/ /g, '');
    return [r, Object.fromEntries(COLUMNS.map((p, i) => [p, bits[i] === '1']))];
  }),
) as Record<Role, Record<Permission, boolean>>;

describe('roleHas', () => {
  it.each(ROLES.flatMap((r) => PERMISSIONS.map((p) => [r, p, MATRIX[r][p]] as const)))(
    '%s × %s is %s',
    (role, permission, allowed) => {
      expect(roleHas(role, permission)).toBe(allowed);
    },
  );
});

describe('ROLE_PERMISSIONS invariants (三员分立)', () => {
  it('has an entry for every role, naming only known permissions, each once', () => {
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) {
      const perms = ROLE_PERMISSIONS[role];
      expect(new Set(perms).size, role).toBe(perms.length);
      for (const p of perms) expect(PERMISSIONS).toContain(p);
    }
  });

  it('gives the auditor audit:read and nothing else', () => {
    expect(ROLE_PERMISSIONS.auditor).toEqual(['audit:read']);
  });

  it('gives audit:read to the auditor alone: never the sysadmin or a district admin', () => {
    expect(ROLES.filter((r) => roleHas(r, 'audit:read'))).toEqual(['auditor']);
  });

  it('gives users:manage to the sysadmin alone, and the sysadmin no business write', () => {
    expect(ROLES.filter((r) => roleHas(r, 'users:manage'))).toEqual(['sysadmin']);
    expect(roleHas('sysadmin', 'org:write')).toBe(false);
  });

  it('keeps the sysadmin and the auditor out of the register of persons', () => {
    for (const p of PERMISSIONS.filter((x) => x.startsWith('registry:'))) {
      expect(roleHas('sysadmin', p), p).toBe(false);
      expect(roleHas('auditor', p), p).toBe(false);
    }
  });

  it('gives a resident only permissions over their own records', () => {
    expect(ROLE_PERMISSIONS.resident.every((p) => p.endsWith(':self'))).toBe(true);
  });

  it('makes every permission held by some role', () => {
    for (const p of PERMISSIONS)
      expect(
        ROLES.some((r) => roleHas(r, p)),
        p,
      ).toBe(true);
  });

  it('requires TOTP of both exclusive admin roles, and counts every role but resident as staff', () => {
    for (const r of EXCLUSIVE_ROLES) expect(ADMIN_ROLES).toContain(r);
    expect([...STAFF_ROLES].sort()).toEqual(ROLES.filter((r) => r !== 'resident').sort());
  });
});

describe('conflictingRole', () => {
  it('lets a user with no roles take any role', () => {
    for (const r of ROLES) expect(conflictingRole([], r)).toBeUndefined();
  });

  it('refuses any second role next to sysadmin or auditor, naming the one in the way', () => {
    expect(conflictingRole(['sysadmin'], 'auditor')).toBe('sysadmin');
    expect(conflictingRole(['auditor'], 'sysadmin')).toBe('auditor');
    expect(conflictingRole(['auditor'], 'resident')).toBe('auditor');
    expect(conflictingRole(['grid_worker'], 'sysadmin')).toBe('grid_worker');
    expect(conflictingRole(['resident', 'community_staff'], 'auditor')).toBe('resident');
    expect(conflictingRole(['community_staff', 'sysadmin'], 'grid_worker')).toBe('sysadmin');
  });

  it('lets an exclusive role be granted again on another unit', () => {
    expect(conflictingRole(['sysadmin'], 'sysadmin')).toBeUndefined();
    expect(conflictingRole(['auditor', 'auditor'], 'auditor')).toBeUndefined();
  });

  it('lets business roles combine freely', () => {
    const business = ROLES.filter((r) => !EXCLUSIVE_ROLES.includes(r));
    for (const held of business) for (const adding of business) expect(conflictingRole([held], adding)).toBeUndefined();
  });

  it('keeps an exclusive role alone after every sequence of three grants it allows', () => {
    let sequences = 0;
    for (const a of ROLES) {
      for (const b of ROLES) {
        for (const c of ROLES) {
          const held: Role[] = [];
          for (const adding of [a, b, c]) if (conflictingRole(held, adding) === undefined) held.push(adding);
          const distinct = new Set(held);
          if (held.some((r) => EXCLUSIVE_ROLES.includes(r))) expect(distinct.size, [a, b, c].join(' → ')).toBe(1);
          sequences++;
        }
      }
    }
    expect(sequences).toBe(ROLES.length ** 3);
  });
});
