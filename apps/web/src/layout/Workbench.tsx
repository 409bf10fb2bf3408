/**
 * 工作台 layout: a side menu on wide screens, a drawer behind a menu button on phones
 * (grid workers open the PC pages on a 360 px screen too), a header with the user, the
 * language switch and logout, and the page in <main>.
 */
import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Space, theme } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router-dom';
import { FullPageSpin } from '../features/auth/session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NavMenu } from './NavMenu.tsx';
import { UserMenu } from './UserMenu.tsx';
import './workbench.css';

function Brand() {
  const { t } = useTranslation();
  return (
    <Link to="/" className="gz-brand" title={t('app.homeLink')}>
      <span className="gz-brand-mark" aria-hidden="true">
        {t('app.mark')}
      </span>
      <span className="gz-brand-name">{t('app.name')}</span>
    </Link>
  );
}

export function Workbench() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const { token } = theme.useToken();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Until the first measurement useBreakpoint is empty; treat that as a wide screen.
  const narrow = screens.md === false;

  return (
    <Layout className="gz-workbench">
      <a className="gz-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {!narrow && (
        <Layout.Sider
          width={208}
          theme="light"
          className="gz-sider"
          style={{ borderInlineEnd: `1px solid ${token.colorSplit}` }}
        >
          <div className="gz-sider-brand">
            <Brand />
          </div>
          <NavMenu />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header
          className="gz-header"
          style={{ background: token.colorBgContainer, borderBottom: `1px solid ${token.colorSplit}` }}
        >
          <Space size="small">
            {narrow && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('nav.open')}
                aria-expanded={drawerOpen}
                onClick={() => setDrawerOpen(true)}
              />
            )}
            {narrow && <Brand />}
          </Space>
          <Space size="small">
            <LanguageSwitch />
            <UserMenu />
          </Space>
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} className="gz-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {narrow && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={<Brand />}
          styles={{ body: { padding: 0 } }}
        >
          <NavMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
    </Layout>
  );
}
