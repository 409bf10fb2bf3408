/** The 工作台 pages and the permission each needs; menus and the home page read this list. */
import type { Permission } from '@gongzhi/domain';

export interface NavEntry {
  path: string;
  labelKey:
    | 'nav.home'
    | 'nav.org'
    | 'nav.users'
    | 'nav.audit'
    | 'nav.registrySearch'
    | 'nav.registryBuildings'
    | 'nav.registryMap'
    | 'nav.registryImport'
    | 'nav.registryTags'
    | 'visits.nav.coverage'
    | 'visits.nav.overdue'
    | 'visits.nav.diary'
    | 'visits.nav.rules';
  descriptionKey:
    | 'home.links.home'
    | 'home.links.org'
    | 'home.links.users'
    | 'home.links.audit'
    | 'home.links.registrySearch'
    | 'home.links.registryBuildings'
    | 'home.links.registryMap'
    | 'home.links.registryImport'
    | 'home.links.registryTags'
    | 'visits.links.coverage'
    | 'visits.links.overdue'
    | 'visits.links.diary'
    | 'visits.links.rules';
  permission: Permission | null;
  /** Entries of a group show as one submenu, named by the group's label key. */
  group?: 'visits.nav.group';
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { path: '/', labelKey: 'nav.home', descriptionKey: 'home.links.home', permission: null },
  // 实有人口 first: for grid workers and community staff it is the page of every day.
  {
    path: '/registry',
    labelKey: 'nav.registrySearch',
    descriptionKey: 'home.links.registrySearch',
    permission: 'registry:read',
  },
  {
    path: '/registry/buildings',
    labelKey: 'nav.registryBuildings',
    descriptionKey: 'home.links.registryBuildings',
    permission: 'registry:read',
  },
  {
    path: '/registry/map',
    labelKey: 'nav.registryMap',
    descriptionKey: 'home.links.registryMap',
    permission: 'registry:read',
  },
  {
    path: '/registry/import',
    labelKey: 'nav.registryImport',
    descriptionKey: 'home.links.registryImport',
    permission: 'registry:write',
  },
  {
    path: '/registry/tags',
    labelKey: 'nav.registryTags',
    descriptionKey: 'home.links.registryTags',
    permission: 'registry:admin',
  },
  // 走访 (六必访, 民情日记): coverage first, the page supervisors open every morning.
  {
    path: '/visits/coverage',
    labelKey: 'visits.nav.coverage',
    descriptionKey: 'visits.links.coverage',
    permission: 'visits:read',
    group: 'visits.nav.group',
  },
  {
    path: '/visits/overdue',
    labelKey: 'visits.nav.overdue',
    descriptionKey: 'visits.links.overdue',
    permission: 'visits:read',
    group: 'visits.nav.group',
  },
  {
    path: '/visits/diary',
    labelKey: 'visits.nav.diary',
    descriptionKey: 'visits.links.diary',
    permission: 'visits:read',
    group: 'visits.nav.group',
  },
  {
    path: '/visits/rules',
    labelKey: 'visits.nav.rules',
    descriptionKey: 'visits.links.rules',
    permission: 'visits:read',
    group: 'visits.nav.group',
  },
  { path: '/org', labelKey: 'nav.org', descriptionKey: 'home.links.org', permission: 'org:read' },
  { path: '/admin/users', labelKey: 'nav.users', descriptionKey: 'home.links.users', permission: 'users:manage' },
  { path: '/audit', labelKey: 'nav.audit', descriptionKey: 'home.links.audit', permission: 'audit:read' },
];

export function allowedEntries(permissions: readonly string[]): NavEntry[] {
  return NAV_ENTRIES.filter((e) => e.permission === null || permissions.includes(e.permission));
}
