/** 户情卡: what the worker needs at the door — who lives there, why they are on the list, the last visit. */
import type { DueItem } from '@gongzhi/api';
import { Button, ErrorBlock, List, Tag } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useMobileData } from '../data.tsx';
import { itemTitle, StateTag, shortDate, shortTime } from '../display.tsx';
import { useOutbox } from '../hooks.ts';
import { MobilePage } from '../layout.tsx';
import { covers } from '../list.ts';
import { recordsOf } from '../outbox.ts';
import { useMobileSession } from '../session.tsx';
import type { SyncedRecord } from '../store.ts';

/** Visits for the item that this phone synced: they can be edited again from here. */
function useSyncedRecords(item: DueItem | undefined): SyncedRecord[] {
  const { me } = useMobileSession();
  const outbox = useOutbox();
  const [records, setRecords] = useState<SyncedRecord[]>([]);
  useEffect(() => {
    let live = true;
    if (!item) return;
    void recordsOf(me.userId).then((all) => {
      const waiting = new Set([...outbox.pending, ...outbox.rejected].map((e) => e.id));
      const mine = all.filter((r) => !waiting.has(r.id) && (r.dueId === item.id || covers(item, r.input)));
      mine.sort((a, b) => b.input.visitedAt.localeCompare(a.input.visitedAt));
      if (live) setRecords(mine);
    });
    return () => {
      live = false;
    };
  }, [item, me.userId, outbox]);
  return records;
}

export default function CardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { dueId } = useParams();
  const { items, stateOf, entriesOf, list } = useMobileData();
  const item = items.find((i) => i.id === dueId);
  const synced = useSyncedRecords(item);

  if (!item) {
    return (
      <MobilePage title={t('mobile.card.title')} back>
        {list.loaded && (
          <ErrorBlock
            status="empty"
            title={<span className="gzm-h2">{t('mobile.card.missingTitle')}</span>}
            description={t('mobile.card.missingBody')}
          />
        )}
      </MobilePage>
    );
  }

  const state = stateOf(item);
  const waiting = entriesOf(item);
  const last = item.card.lastVisit;

  return (
    <MobilePage title={t('mobile.card.title')} back testId="m-card-page">
      <section className="gzm-card-head" aria-labelledby="gzm-card-address">
        <h2 id="gzm-card-address" className="gzm-h2" data-testid="m-card-title">
          {itemTitle(item)}
        </h2>
        <p className="gzm-card-tags">
          <StateTag state={state} />
          {item.reasons.map((r) => (
            <Tag key={r.code} color="primary" fill="outline">
              {r.name}
            </Tag>
          ))}
        </p>
        <p className="gzm-muted">
          {t('mobile.card.period', {
            start: shortDate(item.periodStart),
            end: shortDate(item.periodEnd),
            frequency: t(`mobile.frequency.${item.frequency}`),
          })}
        </p>
      </section>

      <List header={<h2 className="gzm-list-header">{t('mobile.card.members')}</h2>} data-testid="m-card-members">
        {item.card.members.map((m) => (
          <List.Item
            key={m.id}
            description={
              <>
                {[
                  m.gender ? t(`mobile.gender.${m.gender}`) : null,
                  m.age !== null ? t('mobile.card.age', { age: m.age }) : null,
                  m.relationName,
                  m.phone,
                ]
                  .filter(Boolean)
                  .join(' · ')}
                {m.tags.length > 0 && (
                  <span className="gzm-member-tags">
                    {m.tags.map((tag) => (
                      <Tag key={tag.code} color="warning" fill="outline">
                        {tag.name}
                      </Tag>
                    ))}
                  </span>
                )}
              </>
            }
          >
            {m.name}
          </List.Item>
        ))}
      </List>

      <List header={<h2 className="gzm-list-header">{t('mobile.card.lastVisit')}</h2>}>
        {last ? (
          <List.Item
            description={
              <>
                {shortTime(last.visitedAt)} · {t(`mobile.method.${last.method}`)}
                {last.worker ? ` · ${last.worker}` : ''}
              </>
            }
          >
            <span className="gzm-summary-text">{last.summary}</span>
          </List.Item>
        ) : (
          <List.Item>{t('mobile.card.neverVisited')}</List.Item>
        )}
      </List>

      {(waiting.length > 0 || synced.length > 0) && (
        <List header={<h2 className="gzm-list-header">{t('mobile.card.onPhone')}</h2>} data-testid="m-card-records">
          {waiting.map((e) => (
            <List.Item
              key={e.id}
              description={e.status === 'rejected' ? e.problem?.message : t('mobile.state.waiting')}
              extra={<Link to={`/m/records/${e.id}`}>{t('mobile.card.edit')}</Link>}
            >
              {shortTime(e.input.visitedAt)} · {e.input.summary.slice(0, 40)}
            </List.Item>
          ))}
          {synced.map((r) => (
            <List.Item
              key={r.id}
              description={t('mobile.card.synced', { time: shortTime(r.syncedAt) })}
              extra={
                <Link to={`/m/records/${r.id}`} data-testid="m-edit-synced">
                  {t('mobile.card.edit')}
                </Link>
              }
            >
              {shortTime(r.input.visitedAt)} · {r.input.summary.slice(0, 40)}
            </List.Item>
          ))}
        </List>
      )}

      {item.status !== 'cancelled' && (
        <div className="gzm-actions">
          <Button
            block
            color="primary"
            size="large"
            data-testid="m-record-button"
            onClick={() => navigate(`/m/items/${item.id}/record`)}
          >
            {state === 'done' ? t('mobile.card.recordAgain') : t('mobile.card.record')}
          </Button>
        </div>
      )}
    </MobilePage>
  );
}
