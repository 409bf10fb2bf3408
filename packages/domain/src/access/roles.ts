/**
 * Roles and what each may do. One table answers "may this role do that";
 * where it may do it is the subtree the role was granted on (see Scope on the server).
 */
export const ROLES = [
  'resident', // 居民 / 村民
  'grid_worker', // 网格员
  'community_staff', // 社区工作者
  'street_official', // 街道 / 乡镇
  'dept_handler', // 职能部门
  'district_admin', // 区级管理员
  'auditor', // 审计员
  'sysadmin', // 系统管理员
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org:read', // browse the org and party trees
  'org:write', // create, rename, move, split, merge, delete units
  'users:manage', // create accounts, grant and revoke roles (系统管理员)
  'audit:read', // read the audit log (审计员)
  'registry:read', // browse addresses, households, persons, organisations, facilities (masked)
  'registry:write', // keep the register: record persons, households, life events, tags, places
  'registry:reveal', // see a full 身份证号 or phone, with a reason, audited; needs TOTP
  'registry:sensitive', // see sensitive tags (社区矫正, 严重精神障碍 …) beyond the 六必访 ones
  'registry:export', // export a register to .xlsx (masked)
  'registry:admin', // define the district's own tags
  'visits:read', // read visit diaries, must-visit lists and coverage (民情日记, 六必访)
  'visits:record', // record visits on one's own must-visit list, from the phone app
  'visits:manage', // set a community's visit rules, rebuild its lists
  'points:read', // read accounts, ledgers, claims, orders and rankings (积分制)
  'points:review', // review claims, award and deduct directly, hand over store orders, reverse entries
  'points:manage', // keep the rule catalogue, the store, duty posts; publish rankings (公示)
  'points:self', // a resident's own points: balance, claims, redemptions, objections
  'cases:read', // read cases (事件) of the subtree, or those dispatched to one's department
  'cases:intake', // take a report in: on a resident's behalf, found on patrol, at the window or hotline
  'cases:dispatch', // accept or reject reports, dispatch, transfer, take returns (统一分拨)
  'cases:handle', // work a case dispatched to one's community or department: start, resolve, return
  'cases:supervise', // supervise (督办) and escalate overdue cases
  'cases:admin', // keep categories, SLAs, the working calendar, reply templates, Open311 keys
  'cases:self', // a resident's own reports: report, follow, rate
  'deliberation:read', // read councils, topics, meetings, votes, draws and micro-projects (议事协商) of the subtree
  'deliberation:manage', // keep councils, run topics through their procedure, meetings, votes, draws, budgets
  'deliberation:self', // a resident's part: propose and co-sign topics, vote, propose micro-projects
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * 三员分立: the sysadmin manages accounts but reads no business data; the auditor reads the
 * audit log and nothing else. Business modules add their permissions to the roles here.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: ['points:self', 'cases:self', 'deliberation:self'],
  grid_worker: [
    'org:read',
    'registry:read',
    'registry:write',
    'visits:read',
    'visits:record',
    'points:read',
    'cases:read',
    'cases:intake',
    'cases:handle',
    'deliberation:read',
  ],
  community_staff: [
    'org:read',
    'registry:read',
    'registry:write',
    'registry:reveal',
    'registry:sensitive',
    'registry:export',
    'visits:read',
    'visits:record',
    'visits:manage',
    'points:read',
    'points:review',
    'points:manage',
    'cases:read',
    'cases:intake',
    'cases:dispatch',
    'cases:handle',
    'deliberation:read',
    'deliberation:manage',
  ],
  street_official: [
    'org:read',
    'org:write',
    'registry:read',
    'registry:reveal',
    'registry:sensitive',
    'registry:export',
    'visits:read',
    'points:read',
    'points:manage',
    'cases:read',
    'cases:dispatch',
    'cases:supervise',
    'deliberation:read',
  ],
  dept_handler: ['org:read', 'cases:read', 'cases:handle'],
  district_admin: [
    'org:read',
    'org:write',
    'registry:read',
    'registry:write',
    'registry:reveal',
    'registry:sensitive',
    'registry:export',
    'registry:admin',
    'visits:read',
    'visits:manage',
    'points:read',
    'points:manage',
    'cases:read',
    'cases:dispatch',
    'cases:supervise',
    'cases:admin',
    'deliberation:read',
    'deliberation:manage',
  ],
  auditor: ['audit:read'],
  sysadmin: ['org:read', 'users:manage'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles whose sessions need a TOTP second factor and the shorter idle timeout. */
export const ADMIN_ROLES: readonly Role[] = ['district_admin', 'auditor', 'sysadmin'];
/** Roles counted as staff for the password policy (longer minimum). */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'resident');

/**
 * The three administrator roles are held by different people (三员分立): a user holding one
 * of them may hold no other role at all.
 */
export const EXCLUSIVE_ROLES: readonly Role[] = ['sysadmin', 'auditor'];

export function conflictingRole(held: readonly Role[], adding: Role): Role | undefined {
  if (EXCLUSIVE_ROLES.includes(adding)) return held.find((r) => r !== adding);
  return held.find((r) => EXCLUSIVE_ROLES.includes(r));
}
