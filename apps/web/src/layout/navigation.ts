/** The 工作台 pages and the permission each needs; menus and the home page read this list. */
import type { Permission } from '@gongzhi/domain';

export interface NavEntry {
  path: string;
  labelKey: 'nav.home' | 'nav.org' | 'nav.users' | 'nav.audit';
  descriptionKey: 'home.links.home' | 'home.links.org' | 'home.links.users' | 'home.links.audit';
  permission: Permission | null;
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { path: '/', labelKey: 'nav.home', descriptionKey: 'home.links.home', permission: null },
  { path: '/org', labelKey: 'nav.org', descriptionKey: 'home.links.org', permission: 'org:read' },
  { path: '/admin/users', labelKey: 'nav.users', descriptionKey: 'home.links.users', permission: 'users:manage' },
  { path: '/audit', labelKey: 'nav.audit', descriptionKey: 'home.links.audit', permission: 'audit:read' },
];

export function allowedEntries(permissions: readonly string[]): NavEntry[] {
  return NAV_ENTRIES.filter((e) => e.permission === null || permissions.includes(e.permission));
}
