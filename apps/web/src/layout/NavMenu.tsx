import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  CommentOutlined,
  EnvironmentOutlined,
  FlagOutlined,
  FundOutlined,
  GiftOutlined,
  HomeOutlined,
  ImportOutlined,
  InboxOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  NumberOutlined,
  OrderedListOutlined,
  PartitionOutlined,
  ProfileOutlined,
  ReadOutlined,
  ScanOutlined,
  ScheduleOutlined,
  SearchOutlined,
  SettingOutlined,
  SmileOutlined,
  SolutionOutlined,
  StarOutlined,
  TagsOutlined,
  TeamOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import { Menu, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { useSession } from '../features/auth/session.tsx';
import { allowedEntries, NAV_ENTRIES } from './navigation.ts';

const ICONS: Record<string, ReactNode> = {
  '/': <HomeOutlined />,
  '/org': <ApartmentOutlined />,
  '/admin/users': <TeamOutlined />,
  '/audit': <AuditOutlined />,
  '/registry': <SearchOutlined />,
  '/registry/buildings': <BankOutlined />,
  '/registry/map': <EnvironmentOutlined />,
  '/registry/import': <ImportOutlined />,
  '/registry/tags': <TagsOutlined />,
  '/visits/coverage': <BarChartOutlined />,
  '/visits/overdue': <ClockCircleOutlined />,
  '/visits/diary': <ReadOutlined />,
  '/visits/rules': <ScheduleOutlined />,
  'visits.nav.group': <CarryOutOutlined />,
  '/points/accounts': <WalletOutlined />,
  '/points/rules': <ProfileOutlined />,
  '/points/review': <CheckSquareOutlined />,
  '/points/store': <GiftOutlined />,
  '/points/desk': <ScanOutlined />,
  '/points/rankings': <OrderedListOutlined />,
  '/points/party': <FlagOutlined />,
  'points.nav.group': <StarOutlined />,
  '/cases': <PartitionOutlined />,
  '/cases/inbox': <InboxOutlined />,
  '/cases/satisfaction': <SmileOutlined />,
  '/cases/admin': <SettingOutlined />,
  'cases.nav.group': <NotificationOutlined />,
  '/deliberation': <CommentOutlined />,
  '/deliberation/councils': <TeamOutlined />,
  '/deliberation/meetings': <CalendarOutlined />,
  '/deliberation/votes': <CheckSquareOutlined />,
  '/deliberation/draws': <NumberOutlined />,
  '/deliberation/budgets': <FundOutlined />,
  '/deliberation/procedures': <NodeIndexOutlined />,
  'deliberation.nav.group': <SolutionOutlined />,
};

/** The entry whose path is the longest prefix of the page's: /registry/persons/… belongs to /registry. */
function selectedPath(pathname: string): string {
  const match = NAV_ENTRIES.map((e) => e.path)
    .filter((p) => p !== '/' && (pathname === p || pathname.startsWith(`${p}/`)))
    .sort((a, b) => b.length - a.length)[0];
  return match ?? '/';
}

/** Only the entries the user's permissions allow; a session that still owes a step gets none. */
export function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const location = useLocation();
  const entries = me.mfaEnrolmentRequired || me.passwordChangeRequired ? [] : allowedEntries(me.permissions);
  const selected = selectedPath(location.pathname);

  // Grouped entries (走访 …) become one submenu where the group's first entry stands.
  type Item = NonNullable<MenuProps['items']>[number] & { children?: unknown[] };
  const items: Item[] = [];
  const groups = new Map<string, { children: Item[] }>();
  for (const e of entries) {
    const item = { key: e.path, icon: ICONS[e.path], label: <Link to={e.path}>{t(e.labelKey)}</Link> };
    if (!e.group) {
      items.push(item);
      continue;
    }
    let group = groups.get(e.group);
    if (!group) {
      group = { children: [] };
      groups.set(e.group, group);
      items.push({ key: e.group, icon: ICONS[e.group], label: t(e.group), children: group.children });
    }
    group.children.push(item);
  }
  const openGroup = entries.find((e) => e.path === selected)?.group;

  return (
    <nav aria-label={t('nav.label')}>
      <Menu
        mode="inline"
        selectedKeys={[selected]}
        defaultOpenKeys={openGroup ? [openGroup] : []}
        onClick={onNavigate}
        style={{ borderInlineEnd: 'none' }}
        items={items}
      />
    </nav>
  );
}
