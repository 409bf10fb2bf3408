/**
 * The tile on the resident home: 议事协商 (topics, votes, meetings, 民生微实事) and my notices,
 * with the bell's unread count.
 */
import { BellOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import './deliberation.css';
import { useUnreadNotices } from './notice-hooks.ts';

export function NoticeBell() {
  const { t } = useTranslation();
  const unread = useUnreadNotices();
  const count = unread.data ?? 0;
  return (
    <Link
      to="/r/notices"
      className="gzd-bell"
      data-testid="r-notice-bell"
      aria-label={t('residentDeliberation.notices.bell', { n: count })}
    >
      <BellOutline aria-hidden="true" />
      {count > 0 && (
        <span className="gzd-count" aria-hidden="true" data-testid="r-notice-count">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  );
}

export function DeliberationTile() {
  const { t } = useTranslation();
  return (
    <section className="gzr-section" aria-labelledby="r-deliberation-tile" data-testid="r-deliberation-tile">
      <div className="gzr-section-head">
        <h2 id="r-deliberation-tile" className="gzr-h2">
          {t('residentDeliberation.tile.title')}
        </h2>
        <NoticeBell />
      </div>
      <div className="gzd-tiles">
        <Link to="/r/deliberation" className="gzd-tile" data-testid="r-to-deliberation">
          <span>{t('residentDeliberation.tile.topics')}</span>
          <span className="gzd-tile-sub">{t('residentDeliberation.tile.topicsSub')}</span>
        </Link>
        <Link to="/r/deliberation/budgets" className="gzd-tile" data-testid="r-to-micro">
          <span>{t('residentDeliberation.tile.micro')}</span>
          <span className="gzd-tile-sub">{t('residentDeliberation.tile.microSub')}</span>
        </Link>
      </div>
    </section>
  );
}
