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
    | 'visits.nav.rules'
    | 'points.nav.accounts'
    | 'points.nav.rules'
    | 'points.nav.review'
    | 'points.nav.store'
    | 'points.nav.desk'
    | 'points.nav.rankings'
    | 'points.nav.party'
    | 'cases.nav.console'
    | 'cases.nav.inbox'
    | 'cases.nav.satisfaction'
    | 'cases.nav.admin'
    | 'deliberation.nav.overview'
    | 'deliberation.nav.councils'
    | 'deliberation.nav.meetings'
    | 'deliberation.nav.votes'
    | 'deliberation.nav.draws'
    | 'deliberation.nav.budgets'
    | 'deliberation.nav.procedures';
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
    | 'visits.links.rules'
    | 'points.links.accounts'
    | 'points.links.rules'
    | 'points.links.review'
    | 'points.links.store'
    | 'points.links.desk'
    | 'points.links.rankings'
    | 'points.links.party'
    | 'cases.links.console'
    | 'cases.links.inbox'
    | 'cases.links.satisfaction'
    | 'cases.links.admin'
    | 'deliberation.links.overview'
    | 'deliberation.links.councils'
    | 'deliberation.links.meetings'
    | 'deliberation.links.votes'
    | 'deliberation.links.draws'
    | 'deliberation.links.budgets'
    | 'deliberation.links.procedures';
  permission: Permission | null;
  /** Entries of a group show as one submenu, named by the group's label key. */
  group?: 'visits.nav.group' | 'points.nav.group' | 'cases.nav.group' | 'deliberation.nav.group';
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
  // 积分: accounts and the review queue are daily work; the catalogue, store and rankings follow.
  {
    path: '/points/accounts',
    labelKey: 'points.nav.accounts',
    descriptionKey: 'points.links.accounts',
    permission: 'points:read',
    group: 'points.nav.group',
  },
  {
    path: '/points/rules',
    labelKey: 'points.nav.rules',
    descriptionKey: 'points.links.rules',
    permission: 'points:read',
    group: 'points.nav.group',
  },
  {
    path: '/points/review',
    labelKey: 'points.nav.review',
    descriptionKey: 'points.links.review',
    permission: 'points:review',
    group: 'points.nav.group',
  },
  {
    path: '/points/store',
    labelKey: 'points.nav.store',
    descriptionKey: 'points.links.store',
    permission: 'points:read',
    group: 'points.nav.group',
  },
  {
    path: '/points/desk',
    labelKey: 'points.nav.desk',
    descriptionKey: 'points.links.desk',
    permission: 'points:review',
    group: 'points.nav.group',
  },
  {
    path: '/points/rankings',
    labelKey: 'points.nav.rankings',
    descriptionKey: 'points.links.rankings',
    permission: 'points:read',
    group: 'points.nav.group',
  },
  {
    path: '/points/party',
    labelKey: 'points.nav.party',
    descriptionKey: 'points.links.party',
    permission: 'points:read',
    group: 'points.nav.group',
  },
  // 事件 (接诉即办): the console and the inbox are daily work; satisfaction and settings follow.
  {
    path: '/cases',
    labelKey: 'cases.nav.console',
    descriptionKey: 'cases.links.console',
    // A department's handlers work from their inbox: the console lists cases by where they happened.
    permission: 'cases:dispatch',
    group: 'cases.nav.group',
  },
  {
    path: '/cases/inbox',
    labelKey: 'cases.nav.inbox',
    descriptionKey: 'cases.links.inbox',
    permission: 'cases:handle',
    group: 'cases.nav.group',
  },
  {
    path: '/cases/satisfaction',
    labelKey: 'cases.nav.satisfaction',
    descriptionKey: 'cases.links.satisfaction',
    permission: 'cases:read',
    group: 'cases.nav.group',
  },
  {
    path: '/cases/admin',
    labelKey: 'cases.nav.admin',
    descriptionKey: 'cases.links.admin',
    permission: 'cases:admin',
    group: 'cases.nav.group',
  },
  // 议事协商: topics and where they stand first; councils, meetings, votes, draws, 民生微实事, procedures follow.
  {
    path: '/deliberation',
    labelKey: 'deliberation.nav.overview',
    descriptionKey: 'deliberation.links.overview',
    permission: 'deliberation:read',
    group: 'deliberation.nav.group',
  },
  {
    path: '/deliberation/councils',
    labelKey: 'deliberation.nav.councils',
    descriptionKey: 'deliberation.links.councils',
    permission: 'deliberation:read',
    group: 'deliberation.nav.group',
  },
  {
    path: '/deliberation/meetings',
    labelKey: 'deliberation.nav.meetings',
    descriptionKey: 'deliberation.links.meetings',
    permission: 'deliberation:read',
    group: 'deliberation.nav.group',
  },
  {
    path: '/deliberation/votes',
    labelKey: 'deliberation.nav.votes',
    descriptionKey: 'deliberation.links.votes',
    permission: 'deliberation:read',
    group: 'deliberation.nav.group',
  },
  {
    path: '/deliberation/draws',
    labelKey: 'deliberation.nav.draws',
    descriptionKey: 'deliberation.links.draws',
    permission: 'deliberation:read',
    group: 'deliberation.nav.group',
  },
  {
    path: '/deliberation/budgets',
    labelKey: 'deliberation.nav.budgets',
    descriptionKey: 'deliberation.links.budgets',
    permission: 'deliberation:read',
    group: 'deliberation.nav.group',
  },
  {
    path: '/deliberation/procedures',
    labelKey: 'deliberation.nav.procedures',
    descriptionKey: 'deliberation.links.procedures',
    permission: 'deliberation:read',
    group: 'deliberation.nav.group',
  },
  { path: '/org', labelKey: 'nav.org', descriptionKey: 'home.links.org', permission: 'org:read' },
  { path: '/admin/users', labelKey: 'nav.users', descriptionKey: 'home.links.users', permission: 'users:manage' },
  { path: '/audit', labelKey: 'nav.audit', descriptionKey: 'home.links.audit', permission: 'audit:read' },
];

export function allowedEntries(permissions: readonly string[]): NavEntry[] {
  return NAV_ENTRIES.filter((e) => e.permission === null || permissions.includes(e.permission));
}
