/**
 * 我的会议: the meetings of my community I am called to — upcoming ones first (soonest at the
 * top), then past ones — each opening its page with the agenda, sign-in and the calendar file.
 */
import type { MeetingSummary } from '@gongzhi/api';
import { RightOutline } from 'antd-mobile-icons';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import './deliberation.css';
import { MeetingStatusBadge } from './display.tsx';
import { meetingTime } from './format.ts';
import { useMeetings } from './meeting-hooks.ts';

export function MeetingRow({ item }: { item: MeetingSummary }) {
  const { t } = useTranslation();
  return (
    <li className="gzd-row" data-testid="r-meeting" data-uid={item.uid} data-status={item.status}>
      <Link to={`/r/deliberation/meetings/${item.uid}`} className="gzd-row-link">
        <div className="gzr-row-body">
          <span className="gzr-row-title">{item.title}</span>
          <span className="gzr-row-meta">{meetingTime(item.startsAt, item.endsAt)}</span>
          <span className="gzr-row-meta">
            {t(`residentDeliberation.meetingKind.${item.kind}`)} · {item.place}
          </span>
        </div>
        <div className="gzr-row-side">
          <MeetingStatusBadge status={item.status} />
          <RightOutline aria-hidden="true" className="gzc-arrow" />
        </div>
      </Link>
    </li>
  );
}

/** Upcoming (not yet ended, not cancelled) soonest first, then the rest newest first. */
export function splitMeetings(items: MeetingSummary[], now = Date.now()) {
  const upcoming = items
    .filter((m) => m.status === 'scheduled' && Date.parse(m.endsAt) >= now)
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const past = items
    .filter((m) => !upcoming.includes(m))
    .sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));
  return { upcoming, past };
}

export default function MeetingsPage() {
  const { t } = useTranslation();
  const meetings = useMeetings();
  const mine = useMemo(() => (meetings.data?.items ?? []).filter((m) => m.called), [meetings.data]);
  const { upcoming, past } = useMemo(() => splitMeetings(mine), [mine]);

  return (
    <ResidentPage title={t('residentDeliberation.meetings.title')} back="/r/deliberation" testId="r-meetings">
      {meetings.isPending ? (
        <Loading />
      ) : meetings.isError ? (
        <LoadFailed error={meetings.error} retry={() => void meetings.refetch()} />
      ) : (
        <>
          <section className="gzr-section" aria-labelledby="r-meetings-upcoming" style={{ padding: '12px 0 0' }}>
            <h2 id="r-meetings-upcoming" className="gzr-h2 gzr-pad">
              {t('residentDeliberation.meetings.upcoming')}
            </h2>
            {upcoming.length === 0 ? (
              <p className="gzr-empty">{t('residentDeliberation.meetings.noUpcoming')}</p>
            ) : (
              <ul className="gzr-list" data-testid="r-meetings-upcoming">
                {upcoming.map((m) => (
                  <MeetingRow key={m.uid} item={m} />
                ))}
              </ul>
            )}
          </section>
          <section className="gzr-section" aria-labelledby="r-meetings-past" style={{ padding: '12px 0 0' }}>
            <h2 id="r-meetings-past" className="gzr-h2 gzr-pad">
              {t('residentDeliberation.meetings.past')}
            </h2>
            {past.length === 0 ? (
              <p className="gzr-empty">{t('residentDeliberation.meetings.noPast')}</p>
            ) : (
              <ul className="gzr-list">
                {past.map((m) => (
                  <MeetingRow key={m.uid} item={m} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </ResidentPage>
  );
}
