/**
 * 议事 home (/r/deliberation): what waits for me — open votes I may cast, meetings I am called
 * to — then my community's topics by status (proposals gathering co-signatures, under
 * deliberation, decided, done), 民生微实事, and the public board of the two 公开.
 */
import type { VoteSummary } from '@gongzhi/api';
import { RightOutline } from 'antd-mobile-icons';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { VoteStatusBadge } from './display.tsx';
import { NoticeBell } from './HomeTile.tsx';
import { MeetingRow, splitMeetings } from './MeetingsPage.tsx';
import { useMeetings } from './meeting-hooks.ts';
import { useBudgets } from './micro-hooks.ts';
import { TopicsByStatus } from './TopicsByStatus.tsx';
import { useVotes } from './vote-hooks.ts';

function VoteRow({ item }: { item: VoteSummary }) {
  const { t } = useTranslation();
  return (
    <li className="gzd-row" data-testid="r-open-vote" data-uid={item.uid}>
      <Link to={`/r/deliberation/votes/${item.uid}`} className="gzd-row-link">
        <div className="gzr-row-body">
          <span className="gzr-row-title">{item.title}</span>
          <span className="gzr-row-meta">
            {t(`residentDeliberation.electorate.${item.electorate}`)} ·{' '}
            {item.secret ? t('residentDeliberation.vote.secret') : t('residentDeliberation.vote.open')}
          </span>
          {item.me?.voted && <span className="gzr-row-meta">{t('residentDeliberation.home.voted')}</span>}
        </div>
        <div className="gzr-row-side">
          <VoteStatusBadge status={item.status} />
          <RightOutline aria-hidden="true" className="gzc-arrow" />
        </div>
      </Link>
    </li>
  );
}

function OpenVotes() {
  const { t } = useTranslation();
  const votes = useVotes('open');
  const mine = useMemo(
    () =>
      (votes.data?.items ?? []).filter((v) => v.me?.eligible).sort((a, b) => Number(a.me?.voted) - Number(b.me?.voted)),
    [votes.data],
  );
  return (
    <section className="gzr-section" aria-labelledby="r-home-votes" style={{ padding: '12px 0 0' }}>
      <h2 id="r-home-votes" className="gzr-h2 gzr-pad">
        {t('residentDeliberation.home.votes')}
      </h2>
      {votes.isPending ? (
        <Loading />
      ) : votes.isError ? (
        <LoadFailed error={votes.error} retry={() => void votes.refetch()} />
      ) : mine.length === 0 ? (
        <p className="gzr-empty">{t('residentDeliberation.home.noVotes')}</p>
      ) : (
        <ul className="gzr-list" data-testid="r-open-votes">
          {mine.map((v) => (
            <VoteRow key={v.uid} item={v} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MyMeetings() {
  const { t } = useTranslation();
  const meetings = useMeetings();
  const upcoming = useMemo(
    () => splitMeetings((meetings.data?.items ?? []).filter((m) => m.called)).upcoming.slice(0, 3),
    [meetings.data],
  );
  return (
    <section className="gzr-section" aria-labelledby="r-home-meetings" style={{ padding: '12px 0 0' }}>
      <div className="gzr-section-head gzr-pad">
        <h2 id="r-home-meetings" className="gzr-h2">
          {t('residentDeliberation.home.meetings')}
        </h2>
        <Link to="/r/deliberation/meetings" className="gzr-link" data-testid="r-to-meetings">
          {t('residentDeliberation.home.allMeetings')}
        </Link>
      </div>
      {meetings.isPending ? (
        <Loading />
      ) : meetings.isError ? (
        <LoadFailed error={meetings.error} retry={() => void meetings.refetch()} />
      ) : upcoming.length === 0 ? (
        <p className="gzr-empty">{t('residentDeliberation.meetings.noUpcoming')}</p>
      ) : (
        <ul className="gzr-list">
          {upcoming.map((m) => (
            <MeetingRow key={m.uid} item={m} />
          ))}
        </ul>
      )}
    </section>
  );
}

export default function DeliberationHomePage() {
  const { t } = useTranslation();
  const budgets = useBudgets();
  const community = budgets.data?.items[0]?.community;

  return (
    <ResidentPage title={t('residentDeliberation.home.title')} back="/r" extra={<NoticeBell />} testId="r-deliberation">
      <div className="gzr-actions">
        <Link to="/r/deliberation/topics/new" className="gzr-cta" data-testid="r-topic-new">
          {t('residentDeliberation.propose.topicTitle')}
        </Link>
        <p className="gzr-muted" style={{ margin: 0 }}>
          {t('residentDeliberation.home.intro')}
        </p>
      </div>
      <OpenVotes />
      <MyMeetings />
      <TopicsByStatus />
      <section className="gzr-section" aria-labelledby="r-home-more">
        <h2 id="r-home-more" className="gzr-h2">
          {t('residentDeliberation.home.more')}
        </h2>
        <div className="gzd-tiles" style={{ marginTop: 8 }}>
          <Link to="/r/deliberation/budgets" className="gzd-tile" data-testid="r-home-micro">
            <span>{t('residentDeliberation.tile.micro')}</span>
            <span className="gzd-tile-sub">{t('residentDeliberation.tile.microSub')}</span>
          </Link>
          <Link
            to={community ? `/public/deliberation?community=${community.code}` : '/public/deliberation'}
            className="gzd-tile"
            data-testid="r-home-board"
          >
            <span>{t('publicDeliberation.board.title')}</span>
            <span className="gzd-tile-sub">{t('residentDeliberation.home.boardSub')}</span>
          </Link>
        </div>
      </section>
    </ResidentPage>
  );
}
