/**
 * One topic of my community: what it is about, where it stands on its procedure (each step
 * done, current or waiting), its votes (an open one I may cast leads to the ballot), the
 * resolution and the result once published, and its timeline. A proposal shows how many
 * neighbours co-signed against the threshold and the 我要联名 button; my own proposal may be
 * withdrawn while it gathers support.
 */
import type { TopicDetail, TopicStepRecords } from '@gongzhi/api';
import { Button, Dialog, Toast } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { errorText, LoadFailed, Loading } from '../display.tsx';
import { day } from '../format.ts';
import { ResidentPage } from '../layout.tsx';
import { newKey } from '../write-key.ts';
import { TopicStatusBadge, VoteStatusBadge } from './display.tsx';
import { useTopic, useTopicAction } from './topic-hooks.ts';
import { useTopicVotes } from './vote-hooks.ts';

function Support({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const support = useTopicAction('support');
  const may = topic.allowedActions.includes('support');
  const pct = topic.supportThreshold > 0 ? Math.min(100, (topic.supportCount / topic.supportThreshold) * 100) : 100;
  const cosign = async () => {
    try {
      await support.mutateAsync({ uid: topic.uid, key: newKey('topic-support') });
      Toast.show({ icon: 'success', content: t('residentDeliberation.topic.supported') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };
  return (
    <section className="gzr-section" aria-labelledby="topic-support" data-testid="r-topic-support">
      <h2 id="topic-support" className="gzr-h2">
        {t('residentDeliberation.topic.supportTitle')}
      </h2>
      <p data-testid="r-topic-support-count">
        {t('residentDeliberation.topic.support', { n: topic.supportCount, of: topic.supportThreshold })}
      </p>
      <div
        className="gzd-progress"
        role="progressbar"
        aria-label={t('residentDeliberation.topic.supportTitle')}
        aria-valuemin={0}
        aria-valuemax={topic.supportThreshold}
        aria-valuenow={Math.min(topic.supportCount, topic.supportThreshold)}
      >
        <span className="gzd-fill" style={{ width: `${pct}%` }} />
      </div>
      <p className="gzr-muted">{t('residentDeliberation.topic.supportHow')}</p>
      {may ? (
        <Button
          block
          color="primary"
          size="large"
          loading={support.isPending}
          onClick={() => void cosign()}
          data-testid="r-topic-cosign"
        >
          {t('residentDeliberation.topic.cosign')}
        </Button>
      ) : (
        topic.supportedByMe && (
          <p className="gzd-ok" data-testid="r-topic-cosigned">
            {t('residentDeliberation.topic.cosigned')}
          </p>
        )
      )}
    </section>
  );
}

/** What completed a step: the meeting (应到/实到, its decision), the vote and its verdict, the notice. */
function StepRecords({ records }: { records: TopicStepRecords }) {
  const { t } = useTranslation();
  return (
    <>
      {records.meetings.map((m) => (
        <span key={m.uid} className="gzr-row-meta">
          <Link to={`/r/deliberation/meetings/${m.uid}`} className="gzr-link">
            {m.title}
          </Link>
          {m.attendance
            ? ` · ${t('residentDeliberation.topic.attendance', { called: m.attendance.called, present: m.attendance.present })}`
            : ''}
          {m.decision && (
            <span className="gzr-note" style={{ display: 'block' }}>
              {t('residentDeliberation.meeting.decision', { decision: m.decision })}
            </span>
          )}
        </span>
      ))}
      {records.votes.map((v) => (
        <span key={v.uid} className="gzr-row-meta">
          <Link to={`/r/deliberation/votes/${v.uid}`} className="gzr-link">
            {v.title}
          </Link>
          {v.passed !== null && (
            <strong className={v.passed ? 'gzd-ok' : 'gzd-bad'}>
              {' · '}
              {v.quorumMet === false
                ? t('residentDeliberation.result.noQuorum')
                : v.passed
                  ? t('residentDeliberation.result.passed')
                  : t('residentDeliberation.result.failed')}
            </strong>
          )}
        </span>
      ))}
      {records.notice && (
        <span className="gzr-row-meta">
          {t('publicDeliberation.topic.notice', { from: day(records.notice.from), until: day(records.notice.until) })}
        </span>
      )}
      {records.result && <span className="gzr-note">{records.result}</span>}
    </>
  );
}

function Votes({ topicUid }: { topicUid: string }) {
  const { t } = useTranslation();
  const votes = useTopicVotes(topicUid);
  const rows = (votes.data?.items ?? []).filter((v) => v.status === 'open' || v.status === 'closed');
  if (rows.length === 0) return null;
  return (
    <section className="gzr-section" aria-labelledby="topic-votes" style={{ padding: '12px 0 0' }}>
      <h2 id="topic-votes" className="gzr-h2 gzr-pad">
        {t('residentDeliberation.topic.votes')}
      </h2>
      <ul className="gzr-list" data-testid="r-topic-votes">
        {rows.map((v) => (
          <li key={v.uid} className="gzd-row" data-testid="r-topic-vote" data-uid={v.uid}>
            <Link to={`/r/deliberation/votes/${v.uid}`} className="gzd-row-link">
              <div className="gzr-row-body">
                <span className="gzr-row-title">{v.title}</span>
                {v.status === 'open' && v.me?.eligible && (
                  <span className="gzr-row-meta">
                    {v.me.voted ? t('residentDeliberation.home.voted') : t('residentDeliberation.topic.youMayVote')}
                  </span>
                )}
              </div>
              <div className="gzr-row-side">
                <VoteStatusBadge status={v.status} />
                <RightOutline aria-hidden="true" className="gzc-arrow" />
              </div>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function TopicPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const topic = useTopic(uid);
  const withdraw = useTopicAction('withdraw');
  const title = t('residentDeliberation.topic.title');
  const en = currentLanguage() === 'en';

  if (topic.isPending || topic.isError) {
    return (
      <ResidentPage title={title} back="/r/deliberation" testId="r-topic-detail">
        {topic.isPending ? <Loading /> : <LoadFailed error={topic.error} retry={() => void topic.refetch()} />}
      </ResidentPage>
    );
  }
  const d = topic.data;

  const pull = async () => {
    const ok = await Dialog.confirm({
      title: t('residentDeliberation.topic.withdraw'),
      'aria-label': t('residentDeliberation.topic.withdraw'),
      content: t('residentDeliberation.topic.withdrawConfirm'),
      confirmText: t('residentDeliberation.topic.withdraw'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    try {
      await withdraw.mutateAsync({ uid: d.uid, key: newKey('topic-withdraw') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };

  return (
    <ResidentPage title={title} back="/r/deliberation" testId="r-topic-detail">
      <section className="gzr-section" aria-labelledby="topic-title" data-status={d.status}>
        <div className="gzr-section-head">
          <h2 id="topic-title" className="gzr-h2 gzc-case-title">
            {d.title}
          </h2>
          <TopicStatusBadge status={d.status} testId="r-topic-status" />
        </div>
        {d.procedure && <p className="gzr-muted">{en && d.procedure.nameEn ? d.procedure.nameEn : d.procedure.name}</p>}
        <p className="gzd-text">{d.description}</p>
      </section>

      {d.status === 'proposed' && <Support topic={d} />}

      {d.resolution && (
        <section className="gzr-section" aria-labelledby="topic-resolution" data-testid="r-topic-resolution">
          <h2 id="topic-resolution" className="gzr-h2">
            {t('publicDeliberation.topic.resolution')}
          </h2>
          <p className="gzd-notice">{d.resolution}</p>
        </section>
      )}
      {d.outcome && (
        <section className="gzr-section" aria-labelledby="topic-outcome">
          <h2 id="topic-outcome" className="gzr-h2">
            {t('publicDeliberation.topic.outcome')}
          </h2>
          <p className="gzd-notice">{d.outcome}</p>
        </section>
      )}

      <Votes topicUid={d.uid} />

      {d.steps.length > 0 && (
        <section className="gzr-section" aria-labelledby="topic-steps">
          <h2 id="topic-steps" className="gzr-h2">
            {t('publicDeliberation.topic.steps')}
          </h2>
          <ol className="gzd-steps" data-testid="r-topic-steps">
            {d.steps.map((s) => (
              <li
                key={s.index}
                className="gzd-step"
                data-state={s.state}
                aria-current={s.state === 'current' ? 'step' : undefined}
              >
                <span className="gzd-step-mark" aria-hidden="true">
                  {s.state === 'done' ? '✓' : s.index + 1}
                </span>
                <span className="gzd-step-body">
                  <span className="gzd-step-name">{en ? s.nameEn : s.name}</span>
                  <span className="gzr-row-meta">{t(`residentDeliberation.stepState.${s.state}`)}</span>
                  <StepRecords records={s.records} />
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}

      {d.timeline.length > 0 && (
        <section className="gzr-section" aria-labelledby="topic-timeline">
          <h2 id="topic-timeline" className="gzr-h2">
            {t('residentDeliberation.topic.timeline')}
          </h2>
          <ol className="gzc-timeline" data-testid="r-topic-timeline">
            {d.timeline.map((e) => (
              <li key={e.seq} className="gzc-step" data-action={e.action}>
                <span className="gzc-step-dot" aria-hidden="true" />
                <div className="gzc-step-body">
                  <span className="gzc-step-what">
                    <EventText action={e.action} />
                  </span>
                  <span className="gzr-row-meta">
                    <time dateTime={e.at}>{formatTime(e.at)}</time>
                    {e.actorName ? ` · ${e.actorName}` : ''}
                  </span>
                  {e.note && <span className="gzr-note">{e.note}</span>}
                </div>
              </li>
            ))}
          </ol>
        </section>
      )}

      {d.allowedActions.includes('withdraw') && (
        <div className="gzr-actions">
          <Button
            block
            fill="outline"
            color="danger"
            loading={withdraw.isPending}
            onClick={() => void pull()}
            data-testid="r-topic-withdraw"
          >
            {t('residentDeliberation.topic.withdraw')}
          </Button>
        </div>
      )}
    </ResidentPage>
  );
}

const EVENTS = new Set([
  'created',
  'proposed',
  'edited',
  'support_reached',
  'started',
  'step_completed',
  'vote_failed',
  'decided',
  'done',
  'rejected',
  'withdrawn',
  'meeting_scheduled',
  'meeting_cancelled',
  'meeting_held',
  'meeting_minutes_corrected',
]);

/** The timeline's action in plain words; an action these pages do not know yet is shown as is. */
function EventText({ action }: { action: string }) {
  const { t } = useTranslation();
  return <>{EVENTS.has(action) ? t(`residentDeliberation.event.${action as 'proposed'}`) : action}</>;
}
