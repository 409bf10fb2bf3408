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
    | 'nav.registryTags';
  descriptionKey:
    | 'home.links.home'
    | 'home.links.org'
    | 'home.links.users'
    | 'home.links.audit'
    | 'home.links.registrySearch'
    | 'home.links.registryBuildings'
    | 'home.links.registryMap'
    | 'home.links.registryImport'
    | 'home.links.registryTags';
  permission: Permission | null;
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
  { path: '/org', labelKey: 'nav.org', descriptionKey: 'home.links.org', permission: 'org:read' },
  { path: '/admin/users', labelKey: 'nav.users', descriptionKey: 'home.links.users', permission: 'users:manage' },
  { path: '/audit', labelKey: 'nav.audit', descriptionKey: 'home.links.audit', permission: 'audit:read' },
];

export function allowedEntries(permissions: readonly string[]): NavEntry[] {
  return NAV_ENTRIES.filter((e) => e.permission === null || permissions.includes(e.permission));
}
