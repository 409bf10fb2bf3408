/**
 * The signed-in user for every page under the guard. Pages read it with useSession() and
 * never see a missing user: the guard sends anonymous visitors to /login first and sessions
 * that still owe a second factor or a new password to the page that settles it.
 */
import type { Me } from '@gongzhi/api';
import type { Permission } from '@gongzhi/domain';
import { Button, Result, Spin } from 'antd';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useMe } from './hooks.ts';
import { loginState } from './sessionExit.ts';

const SessionContext = createContext<Me | null>(null);

export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession() used outside <RequireSession>');
  return me;
}

export function can(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

/** Where a session that may not yet work has to go, if anywhere. */
export function pendingStep(me: Me): string | null {
  if (me.mfaEnrolmentRequired) return '/security/totp';
  if (me.passwordChangeRequired) return '/security/password';
  return null;
}

/**
 * Where a signed-in user starts: a user who is only a grid worker works on the phone app
 * (共治·网格通, /m), a user who is only a resident on the residents' pages (共治·居民, /r);
 * everyone else on the 工作台.
 */
export function homeFor(me: Me): string {
  if (me.roles.length > 0 && me.roles.every((r) => r.role === 'grid_worker')) return '/m';
  if (me.roles.length > 0 && me.roles.every((r) => r.role === 'resident')) return '/r';
  return '/';
}

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

export function RequireSession() {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();

  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <main>
        <Result
          status="error"
          title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{t('errors.sessionCheckFailed')}</h1>}
          subTitle={me.error.message}
          extra={
            <Button type="primary" onClick={() => void me.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </main>
    );
  }
  if (!me.data) {
    return <Navigate to="/login" replace state={loginState(location.pathname + location.search)} />;
  }
  const step = pendingStep(me.data);
  if (step && location.pathname !== step) return <Navigate to={step} replace />;
  return (
    <SessionContext.Provider value={me.data}>
      <Outlet />
    </SessionContext.Provider>
  );
}

/** Shows the page only to holders of the permission; the server checks again on every call. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useSession();
  if (can(me, permission)) return children;
  return (
    <Result
      status="403"
      title={<h1 style={{ fontSize: 'inherit', margin: 0 }}>{t('errors.forbiddenTitle')}</h1>}
      subTitle={t('errors.forbiddenBody')}
    />
  );
}
