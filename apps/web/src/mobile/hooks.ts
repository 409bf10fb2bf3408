/** React glue for the phone app: the outbox state, the month list, the network. */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../api/client.ts';
import { cachedList, fetchList, subscribeLists } from './list.ts';
import { outboxState, RETRY_INTERVAL_MS, refreshOutbox, subscribeOutbox, syncNow } from './outbox.ts';
import type { StoredList } from './store.ts';

export function useOutbox() {
  return useSyncExternalStore(subscribeOutbox, outboxState);
}

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribeOnline, () => navigator.onLine);
}

/**
 * Keeps the outbox moving while the app is open: on start, when the phone comes back
 * online, every minute, and whenever asked (立即同步, a record saved).
 */
export function useSyncDriver(userId: string): void {
  useEffect(() => {
    let stopped = false;
    void refreshOutbox(userId).then(() => {
      if (!stopped) void syncNow();
    });
    const onOnline = () => void syncNow();
    window.addEventListener('online', onOnline);
    const timer = window.setInterval(() => {
      const s = outboxState();
      if (navigator.onLine && s.pending.length > 0) void syncNow();
    }, RETRY_INTERVAL_MS);
    return () => {
      stopped = true;
      window.removeEventListener('online', onOnline);
      window.clearInterval(timer);
    };
  }, [userId]);
}

export interface MonthList {
  row: StoredList | undefined;
  /** the phone's copy has been read (it may not exist) */
  loaded: boolean;
  refreshing: boolean;
  error: ApiError | null;
  refresh(): Promise<void>;
}

/** The month's list from IndexedDB at once, then from the server when online. */
export function useMonthList(
  userId: string,
  month: string,
  onSessionLost: () => void,
  /** tag names come in the request's language: a change of language asks again */
  language: string,
): MonthList {
  const [row, setRow] = useState<StoredList | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the API client sends `language`; a change asks again.
  const refresh = useCallback(async () => {
    if (!navigator.onLine) return;
    setRefreshing(true);
    try {
      setRow(await fetchList(userId, month, new Date()));
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onSessionLost();
      setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', String(err)));
    } finally {
      setRefreshing(false);
    }
  }, [userId, month, onSessionLost, language]);

  useEffect(() => {
    let live = true;
    setLoaded(false);
    void cachedList(userId, month).then((stored) => {
      if (!live) return;
      setRow(stored);
      setLoaded(true);
    });
    void refresh();
    const off = subscribeLists((u, m) => {
      if (u !== userId || m !== month) return;
      void cachedList(userId, month).then((stored) => live && setRow(stored));
    });
    const onOnline = () => void refresh();
    window.addEventListener('online', onOnline);
    return () => {
      live = false;
      off();
      window.removeEventListener('online', onOnline);
    };
  }, [userId, month, refresh]);

  return { row, loaded, refreshing, error, refresh };
}
