/**
 * My community's public topics by status: proposals gathering co-signatures (征集联名), under
 * deliberation, decided, done — one at a time, chosen with a row of toggle buttons.
 */
import type { TopicStatus, TopicSummary } from '@gongzhi/api';
import { RightOutline } from 'antd-mobile-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LoadFailed, Loading } from '../display.tsx';
import { TopicStatusBadge } from './display.tsx';
import { useTopics } from './topic-hooks.ts';

const SHOWN: TopicStatus[] = ['proposed', 'open', 'decided', 'done'];

function TopicRow({ item }: { item: TopicSummary }) {
  const { t } = useTranslation();
  return (
    <li className="gzd-row" data-testid="r-topic" data-uid={item.uid} data-status={item.status}>
      <Link to={`/r/deliberation/topics/${item.uid}`} className="gzd-row-link">
        <div className="gzr-row-body">
          <span className="gzr-row-title">{item.title}</span>
          {item.status === 'proposed' ? (
            <span className="gzr-row-meta">
              {t('residentDeliberation.topic.support', { n: item.supportCount, of: item.supportThreshold })}
            </span>
          ) : (
            item.procedure && (
              <span className="gzr-row-meta">
                {item.procedure.name}
                {item.currentStepName ? ` · ${item.currentStepName}` : ''}
              </span>
            )
          )}
        </div>
        <div className="gzr-row-side">
          <TopicStatusBadge status={item.status} />
          <RightOutline aria-hidden="true" className="gzc-arrow" />
        </div>
      </Link>
    </li>
  );
}

export function TopicsByStatus() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TopicStatus>('proposed');
  const topics = useTopics(status);
  const rows = topics.data?.items ?? [];
  return (
    <section className="gzr-section" aria-labelledby="r-home-topics" style={{ padding: '12px 0 0' }}>
      <h2 id="r-home-topics" className="gzr-h2 gzr-pad">
        {t('residentDeliberation.home.topics')}
      </h2>
      <div className="gzr-pad" style={{ margin: '8px 0' }}>
        <fieldset className="gzd-tabs">
          <legend className="gzr-sr-only">{t('residentDeliberation.home.byStatus')}</legend>
          {SHOWN.map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
              data-testid={`r-topics-${s}`}
            >
              {t(`residentDeliberation.topicStatus.${s}`)}
            </button>
          ))}
        </fieldset>
      </div>
      {topics.isPending ? (
        <Loading />
      ) : topics.isError ? (
        <LoadFailed error={topics.error} retry={() => void topics.refetch()} />
      ) : rows.length === 0 ? (
        <p className="gzr-empty">{t('residentDeliberation.home.noTopics')}</p>
      ) : (
        <ul className="gzr-list" data-testid="r-topics">
          {rows.map((x) => (
            <TopicRow key={x.uid} item={x} />
          ))}
        </ul>
      )}
    </section>
  );
}
