/** The phone app's frame: a page header with the network state, the page, a bottom navigation. */
import { Badge } from 'antd-mobile';
import { ChatAddOutline, LeftOutline, UnorderedListOutline, UploadOutline, UserOutline } from 'antd-mobile-icons';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useMobileData } from './data.tsx';
import { useOutbox } from './hooks.ts';

export function MobileShell() {
  const { t } = useTranslation();
  const outbox = useOutbox();
  const waiting = outbox.pending.length + outbox.rejected.length;
  const tab = ({ isActive }: { isActive: boolean }) => `gzm-tab${isActive ? ' gzm-tab-active' : ''}`;
  return (
    <div className="gzm-shell">
      <Outlet />
      <nav className="gzm-tabbar" aria-label={t('mobile.nav.label')}>
        <NavLink to="/m" end className={tab} data-testid="m-tab-list">
          <UnorderedListOutline aria-hidden="true" />
          <span>{t('mobile.nav.list')}</span>
        </NavLink>
        <NavLink to="/m/cases/new" className={tab} data-testid="m-tab-case">
          <ChatAddOutline aria-hidden="true" />
          <span>{t('mobileCases.nav')}</span>
        </NavLink>
        <NavLink to="/m/sync" className={tab} data-testid="m-tab-sync">
          <Badge content={waiting > 0 ? waiting : null} aria-hidden="true">
            <UploadOutline />
          </Badge>
          <span>
            {t('mobile.nav.sync')}
            {waiting > 0 && <span className="gzm-sr-only">{t('mobile.nav.syncWaiting', { count: waiting })}</span>}
          </span>
        </NavLink>
        <NavLink to="/m/me" className={tab} data-testid="m-tab-me">
          <UserOutline aria-hidden="true" />
          <span>{t('mobile.nav.me')}</span>
        </NavLink>
      </nav>
    </div>
  );
}

/** A page: its header (title, back, offline badge) and its content as the document's main. */
export function MobilePage({
  title,
  back,
  extra,
  children,
  testId,
}: {
  title: string;
  back?: boolean;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { online } = useMobileData();
  useEffect(() => {
    document.title = `${title} · ${t('mobile.appName')}`;
  }, [title, t]);
  return (
    <div className="gzm-page" data-testid={testId}>
      <header className="gzm-header">
        {back && (
          <button
            type="button"
            className="gzm-back"
            aria-label={t('mobile.back')}
            onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/m'))}
          >
            <LeftOutline aria-hidden="true" />
          </button>
        )}
        <h1 className="gzm-title">{title}</h1>
        {!online && (
          <span className="gzm-offline" role="status" data-testid="m-offline">
            {t('mobile.offline')}
          </span>
        )}
        {extra}
      </header>
      <main id="main" className="gzm-main">
        {children}
      </main>
    </div>
  );
}
