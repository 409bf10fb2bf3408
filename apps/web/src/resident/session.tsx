/**
 * Who is using the residents' pages. Online only (unlike the grid workers' app, nothing is
 * kept on the phone): the session is the 工作台's /api/auth/me query; no session → /login,
 * which sends the resident back here.
 */
import type { Me } from '@gongzhi/api';
import { Button, ErrorBlock, SpinLoading } from 'antd-mobile';
import { createContext, type ReactNode, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { useMe } from '../features/auth/hooks.ts';
import { pendingStep } from '../features/auth/session.tsx';
import { loginState } from '../features/auth/sessionExit.ts';

const ResidentSessionContext = createContext<Me | null>(null);

export function useResident(): Me {
  const me = useContext(ResidentSessionContext);
  if (!me) throw new Error('useResident() used outside <ResidentSession>');
  return me;
}

export function ResidentSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();

  if (me.isPending) {
    return (
      <main className="gzr-center" aria-busy="true">
        <div role="status" aria-label={t('common.loading')}>
          <SpinLoading aria-hidden="true" />
        </div>
      </main>
    );
  }
  if (me.isError) {
    return (
      <main className="gzr-center">
        <ErrorBlock
          status="disconnected"
          title={<h1 className="gzr-h1">{t('errors.sessionCheckFailed')}</h1>}
          description={me.error.message}
        >
          <Button color="primary" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        </ErrorBlock>
      </main>
    );
  }
  if (!me.data) {
    return <Navigate to="/login" replace state={loginState(location.pathname + location.search)} />;
  }
  const step = pendingStep(me.data);
  if (step) return <Navigate to={step} replace />;
  return <ResidentSessionContext.Provider value={me.data}>{children}</ResidentSessionContext.Provider>;
}
