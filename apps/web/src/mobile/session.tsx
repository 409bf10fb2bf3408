/**
 * Who is using the phone app. The last /api/auth/me answer is kept in IndexedDB (id, name,
 * roles; no token), so the app opens in a village without signal after a reload: the kept
 * answer is used at once and /me is asked again in the background. Only the server saying
 * 401 ends it (→ login); a failed network keeps the kept answer.
 */
import type { Me } from '@gongzhi/api';
import { useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, SpinLoading } from 'antd-mobile';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, rememberCsrfToken } from '../api/client.ts';
import { meKey } from '../features/auth/hooks.ts';
import { pendingStep } from '../features/auth/session.tsx';
import { loginState } from '../features/auth/sessionExit.ts';
import { onSyncSessionLost } from './outbox.ts';
import { type CachedMe, forgetUser, loadCachedMe, saveCachedMe } from './store.ts';

interface MobileSessionValue {
  me: CachedMe;
  /** the server no longer knows this session: forget the cached user, go to login */
  sessionLost(): void;
}

const MobileSessionContext = createContext<MobileSessionValue | null>(null);

export function useMobileSession(): MobileSessionValue {
  const value = useContext(MobileSessionContext);
  if (!value) throw new Error('useMobileSession() used outside <MobileSession>');
  return value;
}

function toCached(me: Me, at: Date): CachedMe {
  return {
    userId: me.user.id,
    username: me.user.username,
    displayName: me.user.displayName,
    roles: me.roles.map((r) => ({ role: r.role, unitName: r.unitName })),
    permissions: me.permissions,
    savedAt: at.toISOString(),
  };
}

function sameUser(a: CachedMe, b: CachedMe): boolean {
  return (
    a.userId === b.userId &&
    a.displayName === b.displayName &&
    a.permissions.join() === b.permissions.join() &&
    JSON.stringify(a.roles) === JSON.stringify(b.roles)
  );
}

export function MobileSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // Just signed in on this page: that answer is the user, never the one the phone kept.
  const [me, setMe] = useState<CachedMe | null>(() => {
    const known = queryClient.getQueryData<Me | null>(meKey);
    return known ? toCached(known, new Date()) : null;
  });
  const [failure, setFailure] = useState<ApiError | null>(null);

  const sessionLost = useCallback(() => {
    void loadCachedMe().then(async (cached) => {
      await forgetUser(cached?.userId ?? null);
      navigate('/login', { replace: true, state: loginState('/m') });
    });
  }, [navigate]);

  useEffect(() => onSyncSessionLost(sessionLost), [sessionLost]);

  useEffect(() => {
    let live = true;
    let fresh = false;
    void loadCachedMe().then((cached) => {
      if (live && cached && !fresh) setMe((known) => known ?? cached);
    });
    // Asked at start and again whenever the phone gets signal back.
    const ask = async () => {
      try {
        const answer = await api.get<Me>('/api/auth/me');
        fresh = true;
        rememberCsrfToken(answer.csrfToken);
        queryClient.setQueryData(meKey, answer);
        const step = pendingStep(answer);
        if (step) {
          navigate(step, { replace: true });
          return;
        }
        const cached = toCached(answer, new Date());
        await saveCachedMe(cached);
        if (live) setMe((known) => (known && sameUser(known, cached) ? known : cached));
      } catch (err) {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) {
          sessionLost();
          return;
        }
        // Offline or the server is down: the kept answer carries on; without one, say so.
        if (!(await loadCachedMe())) {
          setFailure(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err)));
        }
      }
    };
    void ask();
    const onOnline = () => void ask();
    window.addEventListener('online', onOnline);
    return () => {
      live = false;
      window.removeEventListener('online', onOnline);
    };
  }, [navigate, queryClient, sessionLost]);

  if (me) {
    return <MobileSessionContext.Provider value={{ me, sessionLost }}>{children}</MobileSessionContext.Provider>;
  }
  if (failure) {
    return (
      <main className="gzm-center">
        <ErrorBlock
          status="disconnected"
          title={<h1 className="gzm-h1">{t('mobile.session.offlineTitle')}</h1>}
          description={t('mobile.session.offlineBody')}
        >
          <Button color="primary" onClick={() => window.location.reload()}>
            {t('common.retry')}
          </Button>
        </ErrorBlock>
      </main>
    );
  }
  return (
    <main className="gzm-center" aria-busy="true">
      <SpinLoading aria-label={t('common.loading')} />
    </main>
  );
}
