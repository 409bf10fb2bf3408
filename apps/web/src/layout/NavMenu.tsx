import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  ImportOutlined,
  SearchOutlined,
  TagsOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Menu } from 'antd';
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

  return (
    <nav aria-label={t('nav.label')}>
      <Menu
        mode="inline"
        selectedKeys={[selectedPath(location.pathname)]}
        onClick={onNavigate}
        style={{ borderInlineEnd: 'none' }}
        items={entries.map((e) => ({
          key: e.path,
          icon: ICONS[e.path],
          label: <Link to={e.path}>{t(e.labelKey)}</Link>,
        }))}
      />
    </nav>
  );
}
