/**
 * One meeting I am called to: when and where, the agenda (each topic opens its page), who is
 * called (names masked) and who signed in, the minutes and decisions once held. During the
 * meeting window a called resident signs themself in (签到); 加入日历 downloads the .ics, which
 * calendars update when the time or place changes (same UID, higher SEQUENCE).
 */
import { Button, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { ResidentPage } from '../layout.tsx';
import { newKey } from '../write-key.ts';
import './deliberation.css';
import { MeetingStatusBadge, TopicStatusBadge } from './display.tsx';
import { meetingTime } from './format.ts';
import { icsUrl, useMeeting, useSignInMe } from './meeting-hooks.ts';

export default function MeetingPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const meeting = useMeeting(uid);
  const signIn = useSignInMe();
  const title = t('residentDeliberation.meeting.title');

  if (meeting.isPending || meeting.isError) {
    return (
      <ResidentPage title={title} back="/r/deliberation/meetings" testId="r-meeting-detail">
        {meeting.isPending ? <Loading /> : <LoadFailed error={meeting.error} retry={() => void meeting.refetch()} />}
      </ResidentPage>
    );
  }
  const m = meeting.data;
  const mayCheckIn = m.allowedActions.includes('sign_in_me');
  const signedIn = m.attendees.filter((a) => a.signedInAt).length;

  const checkIn = async () => {
    try {
      await signIn.mutateAsync({ uid: m.uid, key: newKey('meeting-sign-in') });
      Toast.show({ icon: 'success', content: t('residentDeliberation.meeting.signedInToast') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };

  return (
    <ResidentPage title={title} back="/r/deliberation/meetings" testId="r-meeting-detail">
      <section className="gzr-section" aria-labelledby="meeting-title" data-status={m.status}>
        <div className="gzr-section-head">
          <h2 id="meeting-title" className="gzr-h2">
            {m.title}
          </h2>
          <MeetingStatusBadge status={m.status} testId="r-meeting-status" />
        </div>
        <dl className="gzc-facts">
          <div>
            <dt>{t('residentDeliberation.meeting.kind')}</dt>
            <dd>{t(`residentDeliberation.meetingKind.${m.kind}`)}</dd>
          </div>
          <div>
            <dt>{t('residentDeliberation.meeting.when')}</dt>
            <dd data-testid="r-meeting-when">{meetingTime(m.startsAt, m.endsAt)}</dd>
          </div>
          <div>
            <dt>{t('residentDeliberation.meeting.where')}</dt>
            <dd>{m.place}</dd>
          </div>
          {m.council && (
            <div>
              <dt>{t('residentDeliberation.meeting.council')}</dt>
              <dd>{m.council.name}</dd>
            </div>
          )}
        </dl>
        {m.status === 'cancelled' && m.cancelReason && (
          <p className="gzr-reason">{t('residentDeliberation.meeting.cancelled', { reason: m.cancelReason })}</p>
        )}
        {m.called && m.signedIn && (
          <p className="gzd-ok" data-testid="r-meeting-signed-in">
            {t('residentDeliberation.meeting.youSignedIn')}
          </p>
        )}
        <div className="gzr-actions" style={{ padding: '8px 0 0' }}>
          {mayCheckIn && (
            <Button
              block
              color="primary"
              size="large"
              loading={signIn.isPending}
              onClick={() => void checkIn()}
              data-testid="r-meeting-sign-in"
            >
              {t('residentDeliberation.meeting.signIn')}
            </Button>
          )}
          {m.status !== 'cancelled' && (
            <a
              className="gzc-button gzc-button-outline gzd-ics"
              href={icsUrl(m.uid)}
              download
              data-testid="r-meeting-ics"
            >
              {t('residentDeliberation.meeting.addToCalendar')}
            </a>
          )}
        </div>
        {m.status === 'scheduled' && !mayCheckIn && m.called && !m.signedIn && (
          <p className="gzr-muted">{t('residentDeliberation.meeting.signInWhen')}</p>
        )}
      </section>

      <section className="gzr-section" aria-labelledby="meeting-agenda">
        <h2 id="meeting-agenda" className="gzr-h2">
          {t('residentDeliberation.meeting.agenda')}
        </h2>
        {m.agenda.length === 0 ? (
          <p className="gzr-muted">{t('residentDeliberation.meeting.noAgenda')}</p>
        ) : (
          <ol className="gzd-order" data-testid="r-meeting-agenda">
            {m.agenda.map((a) => (
              <li key={a.topic.uid}>
                <Link to={`/r/deliberation/topics/${a.topic.uid}`} className="gzr-link">
                  {a.topic.title}
                </Link>{' '}
                <TopicStatusBadge status={a.topic.status} />
                {a.decision && (
                  <span className="gzr-note" style={{ display: 'block' }}>
                    {t('residentDeliberation.meeting.decision', { decision: a.decision })}
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      {m.minutes && (
        <section className="gzr-section" aria-labelledby="meeting-minutes">
          <h2 id="meeting-minutes" className="gzr-h2">
            {t('residentDeliberation.meeting.minutes')}
          </h2>
          <p className="gzd-text">{m.minutes}</p>
        </section>
      )}

      <section className="gzr-section" aria-labelledby="meeting-attendees">
        <h2 id="meeting-attendees" className="gzr-h2">
          {t('residentDeliberation.meeting.attendees', { called: m.attendees.length, present: signedIn })}
        </h2>
        <ul className="gzr-list" style={{ marginTop: 4 }}>
          {m.attendees.map((a, i) => (
            <li key={a.personUid ?? `${a.name}-${i}`} className="gzr-row" style={{ padding: '6px 0' }}>
              <span className="gzr-row-body">
                <span>
                  {a.self ? t('residentDeliberation.meeting.me') : a.name}
                  <span className="gzr-row-meta"> · {t(`residentDeliberation.attendeeRole.${a.role}`)}</span>
                </span>
              </span>
              <span className="gzr-row-side">
                {a.signedInAt ? (
                  <span className="gzr-row-meta">
                    {t('residentDeliberation.meeting.signedInAt', { time: formatTime(a.signedInAt) })}
                  </span>
                ) : (
                  <span className="gzr-row-meta">{t('residentDeliberation.meeting.notSignedIn')}</span>
                )}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </ResidentPage>
  );
}
