/** The residents' frame: a page header, the page as the document's main, a bottom navigation. */
import {
  ChatAddOutline,
  EditSOutline,
  GiftOutline,
  HistogramOutline,
  LeftOutline,
  PayCircleOutline,
  UserOutline,
} from 'antd-mobile-icons';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';

export function ResidentShell() {
  const { t } = useTranslation();
  const tab = ({ isActive }: { isActive: boolean }) => `gzr-tab${isActive ? ' gzr-tab-active' : ''}`;
  return (
    <div className="gzr-shell">
      <Outlet />
      <nav className="gzr-tabbar" aria-label={t('resident.nav.label')}>
        <NavLink to="/r" end className={tab} data-testid="r-tab-home">
          <PayCircleOutline aria-hidden="true" />
          <span>{t('resident.nav.home')}</span>
        </NavLink>
        <NavLink to="/r/claims" className={tab} data-testid="r-tab-claims">
          <EditSOutline aria-hidden="true" />
          <span>{t('resident.nav.claims')}</span>
        </NavLink>
        <NavLink to="/r/cases" className={tab} data-testid="r-tab-cases">
          <ChatAddOutline aria-hidden="true" />
          <span>{t('residentCases.nav')}</span>
        </NavLink>
        <NavLink to="/r/store" className={tab} data-testid="r-tab-store">
          <GiftOutline aria-hidden="true" />
          <span>{t('resident.nav.store')}</span>
        </NavLink>
        <NavLink to="/r/rankings" className={tab} data-testid="r-tab-rankings">
          <HistogramOutline aria-hidden="true" />
          <span>{t('resident.nav.rankings')}</span>
        </NavLink>
        <NavLink to="/r/me" className={tab} data-testid="r-tab-me">
          <UserOutline aria-hidden="true" />
          <span>{t('resident.nav.me')}</span>
        </NavLink>
      </nav>
    </div>
  );
}

/** A page: its header (title, back) and its content as the document's main. */
export function ResidentPage({
  title,
  back,
  extra,
  children,
  testId,
}: {
  title: string;
  /** where 返回 goes when there is no history to go back to */
  back?: string;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useEffect(() => {
    document.title = `${title} · ${t('resident.appName')}`;
  }, [title, t]);
  return (
    <div className="gzr-page" data-testid={testId}>
      <header className="gzr-header">
        {back && (
          <button
            type="button"
            className="gzr-back"
            aria-label={t('resident.back')}
            onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(back))}
          >
            <LeftOutline aria-hidden="true" />
          </button>
        )}
        <h1 className="gzr-title">{title}</h1>
        {extra}
      </header>
      <main id="main" className="gzr-main">
        {children}
      </main>
    </div>
  );
}
