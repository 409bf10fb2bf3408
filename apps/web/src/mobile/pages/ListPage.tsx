/**
 * 必访清单: today's work (what is still to visit, overdue first, and what was visited today)
 * and the whole month, from the phone's copy at once; a search by name or address.
 */
import type { DueItem } from '@gongzhi/api';
import { Button, ErrorBlock, SearchBar, SpinLoading, Tabs } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type ItemState, useMobileData } from '../data.tsx';
import { itemTitle, joinNames, StateTag, shortDate, shortTime, subjectsOf } from '../display.tsx';
import { MobilePage } from '../layout.tsx';
import { chinaDate } from '../list.ts';

const ORDER: Record<ItemState, number> = { overdue: 0, rejected: 1, open: 2, waiting: 3, done: 4, cancelled: 5 };

function ItemRow({ item, state }: { item: DueItem; state: ItemState }) {
  const { t } = useTranslation();
  const people = subjectsOf(item);
  const reasons = joinNames(item.reasons.map((r) => r.name));
  return (
    <li className="gzm-item" data-testid="due-item" data-status={state}>
      <Link to={`/m/items/${item.id}`} className="gzm-item-link">
        <span className="gzm-item-body">
          <span className="gzm-item-title">{itemTitle(item)}</span>
          <span className="gzm-item-people">
            {joinNames(people.map((p) => p.name))}
            {reasons && <span className="gzm-item-reasons"> · {reasons}</span>}
          </span>
          <span className="gzm-item-meta">
            {state === 'done' && item.card.lastVisit
              ? t('mobile.list.visitedAt', { time: shortTime(item.card.lastVisit.visitedAt) })
              : t('mobile.list.dueBy', { date: shortDate(item.periodEnd) })}
          </span>
        </span>
        <StateTag state={state} />
        <RightOutline className="gzm-item-arrow" aria-hidden="true" />
      </Link>
    </li>
  );
}

export default function ListPage() {
  const { t } = useTranslation();
  const { list, items, stateOf, today, month, online } = useMobileData();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'month' ? 'month' : 'today';
  const [text, setText] = useState('');
  const query = useDeferredValue(text.trim());

  const rows = useMemo(() => {
    const withState = items.map((item) => ({ item, state: stateOf(item) }));
    const visitedToday = (item: DueItem) =>
      item.card.lastVisit !== null && chinaDate(new Date(item.card.lastVisit.visitedAt)) === today;
    // Today: what is still to do (the most urgent first) and what was done today.
    const shown = withState.filter(({ item, state }) => {
      if (view === 'month') return true;
      if (state === 'done') return visitedToday(item);
      return state !== 'cancelled';
    });
    const matching = query
      ? shown.filter(
          ({ item }) =>
            (item.card.address ?? '').includes(query) || item.card.members.some((m) => m.name.includes(query)),
        )
      : shown;
    return matching.sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.item.periodEnd.localeCompare(b.item.periodEnd));
  }, [items, stateOf, today, view, query]);

  const counts = useMemo(() => {
    const c = { open: 0, done: 0, overdue: 0, waiting: 0 };
    for (const item of items) {
      const s = stateOf(item);
      if (s === 'done') c.done += 1;
      else if (s === 'overdue' || s === 'rejected') c.overdue += 1;
      else if (s === 'waiting') c.waiting += 1;
      else if (s === 'open') c.open += 1;
    }
    return c;
  }, [items, stateOf]);

  const [year, mon] = month.split('-');
  const fetchedAt = list.row?.fetchedAt;

  return (
    <MobilePage title={t('mobile.list.title')} testId="m-list-page">
      <section className="gzm-summary" aria-label={t('mobile.list.summaryLabel', { year, month: Number(mon) })}>
        <p className="gzm-summary-month">{t('mobile.list.month', { year, month: Number(mon) })}</p>
        <dl className="gzm-counts">
          <div>
            <dt>{t('mobile.state.open')}</dt>
            <dd data-testid="m-count-open">{counts.open}</dd>
          </div>
          <div>
            <dt>{t('mobile.state.waiting')}</dt>
            <dd data-testid="m-count-waiting">{counts.waiting}</dd>
          </div>
          <div>
            <dt>{t('mobile.state.done')}</dt>
            <dd data-testid="m-count-done">{counts.done}</dd>
          </div>
          <div>
            <dt>{t('mobile.state.overdue')}</dt>
            <dd>{counts.overdue}</dd>
          </div>
        </dl>
        <p className="gzm-fresh" role="status">
          {list.refreshing ? (
            <>
              <SpinLoading style={{ '--size': '14px' }} aria-hidden="true" /> {t('mobile.list.refreshing')}
            </>
          ) : fetchedAt ? (
            t('mobile.list.fetchedAt', { time: shortTime(fetchedAt) })
          ) : null}
          {!list.refreshing && online && (
            <Button size="mini" fill="none" color="primary" onClick={() => void list.refresh()}>
              {t('mobile.list.refresh')}
            </Button>
          )}
        </p>
      </section>

      <Tabs
        activeKey={view}
        onChange={(key) => setParams(key === 'month' ? { view: 'month' } : {}, { replace: true })}
        className="gzm-tabs"
      >
        <Tabs.Tab title={t('mobile.list.today')} key="today" />
        <Tabs.Tab title={t('mobile.list.all')} key="month" />
      </Tabs>
      <SearchBar
        placeholder={t('mobile.list.search')}
        value={text}
        onChange={setText}
        className="gzm-search"
        aria-label={t('mobile.list.search')}
      />

      {!list.loaded || (!list.row && list.refreshing) ? (
        <div className="gzm-center" aria-busy="true">
          <SpinLoading aria-label={t('common.loading')} />
        </div>
      ) : !list.row ? (
        <ErrorBlock
          status="disconnected"
          title={<span className="gzm-h2">{t('mobile.list.noCopyTitle')}</span>}
          description={list.error?.message ?? t('mobile.list.noCopyBody')}
        />
      ) : rows.length === 0 ? (
        <p className="gzm-empty" data-testid="m-list-empty">
          {query ? t('mobile.list.noMatch') : view === 'today' ? t('mobile.list.todayEmpty') : t('mobile.list.empty')}
        </p>
      ) : (
        <ul className="gzm-items" data-testid="m-list" data-count={rows.length} aria-label={t('mobile.list.title')}>
          {rows.map(({ item, state }) => (
            <ItemRow key={item.id} item={item} state={state} />
          ))}
        </ul>
      )}
    </MobilePage>
  );
}
