/**
 * What every page of the phone app shares: the user, this month's list (read once, kept
 * fresh), the outbox driver and the network state.
 */
import type { DueItem } from '@gongzhi/api';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type MonthList, useMonthList, useOnline, useOutbox, useSyncDriver } from './hooks.ts';
import { chinaDate, chinaMonth, covers } from './list.ts';
import { useMobileSession } from './session.tsx';
import type { OutboxEntry } from './store.ts';

/** How an item stands on this phone: the server's status, or a record waiting for it. */
export type ItemState = 'open' | 'overdue' | 'done' | 'cancelled' | 'waiting' | 'rejected';

interface MobileDataValue {
  month: string;
  today: string;
  list: MonthList;
  online: boolean;
  items: DueItem[];
  stateOf(item: DueItem): ItemState;
  /** records on the phone (waiting or refused) for the item */
  entriesOf(item: DueItem): OutboxEntry[];
}

const MobileDataContext = createContext<MobileDataValue | null>(null);

export function useMobileData(): MobileDataValue {
  const value = useContext(MobileDataContext);
  if (!value) throw new Error('useMobileData() used outside <MobileData>');
  return value;
}

export function MobileData({ children }: { children: ReactNode }) {
  const { me, sessionLost } = useMobileSession();
  const month = useMemo(() => chinaMonth(new Date()), []);
  const { i18n } = useTranslation();
  const list = useMonthList(me.userId, month, sessionLost, i18n.language);
  const online = useOnline();
  const outbox = useOutbox();
  useSyncDriver(me.userId);

  const value = useMemo<MobileDataValue>(() => {
    const entries = outbox.userId === me.userId ? [...outbox.pending, ...outbox.rejected] : [];
    const entriesOf = (item: DueItem) => entries.filter((e) => e.dueId === item.id || covers(item, e.input));
    const stateOf = (item: DueItem): ItemState => {
      if (item.status === 'open') {
        const mine = entriesOf(item);
        if (mine.some((e) => e.status === 'pending')) return 'waiting';
        if (mine.length > 0) return 'rejected';
      }
      if (item.status === 'done') return 'done';
      if (item.status === 'cancelled') return 'cancelled';
      return item.overdue ? 'overdue' : 'open';
    };
    return {
      month,
      today: chinaDate(new Date()),
      list,
      online,
      items: list.row?.list.items ?? [],
      stateOf,
      entriesOf,
    };
  }, [me.userId, month, list, online, outbox]);

  return <MobileDataContext.Provider value={value}>{children}</MobileDataContext.Provider>;
}
