/**
 * A published topic (/public/deliberation/topics/:uid), no sign-in: what was decided and, once
 * carried out, the result — each with when it was published and until when objections are
 * taken — and every step of its procedure with its records: the meeting (应到 / 实到, what it
 * decided), the vote (the count and the rule that made it; its ballot board), the notice.
 */
import type { PublicStepRecords, PublicTopicStep } from '@gongzhi/api';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { formatTime } from '../../i18n/format.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { day } from '../format.ts';
import { TopicStatusBadge } from './display.tsx';
import { procedureName } from './PublicBoardPage.tsx';
import { PublicFrame, PublicState } from './PublicFrame.tsx';
import { usePublicTopic } from './public-hooks.ts';

export function StepRecords({ records }: { records: PublicStepRecords }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <>
      {records.meetings.map((m) => (
        <span key={`${m.title}-${m.startsAt}`} className="gzr-row-meta">
          {t('publicDeliberation.topic.meeting', {
            title: m.title,
            when: day(m.startsAt),
            called: m.called,
            present: m.present,
          })}
          {m.decision && (
            <span className="gzr-note">{t('residentDeliberation.meeting.decision', { decision: m.decision })}</span>
          )}
        </span>
      ))}
      {records.votes.map((v) => (
        <span key={v.uid} className="gzr-row-meta" data-testid="public-step-vote">
          {t('publicDeliberation.topic.vote', { title: v.title })}{' '}
          <strong className={v.passed ? 'gzd-ok' : 'gzd-bad'}>
            {!v.quorumMet
              ? t('residentDeliberation.result.noQuorum')
              : v.passed
                ? t('residentDeliberation.result.passed')
                : t('residentDeliberation.result.failed')}
          </strong>
          <span className="gzr-rule-info" style={{ display: 'block' }}>
            {en ? v.ruleTextEn : v.ruleText}
          </span>
          <Link to={`/public/deliberation/votes/${v.uid}`} className="gzr-link">
            {t('residentDeliberation.result.board')}
          </Link>
        </span>
      ))}
      {records.notice && (
        <span className="gzr-row-meta">
          {t('publicDeliberation.topic.notice', {
            from: day(records.notice.from),
            until: day(records.notice.until),
          })}
        </span>
      )}
    </>
  );
}

export function PublicSteps({ steps }: { steps: PublicTopicStep[] }) {
  const { t } = useTranslation();
  const en = currentLanguage() === 'en';
  return (
    <ol className="gzd-steps" data-testid="public-topic-steps">
      {steps.map((s) => (
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
            <span className="gzd-step-name">
              {en ? s.nameEn : s.name}
              <span className="gzr-sr-only"> · {t(`residentDeliberation.stepState.${s.state}`)}</span>
            </span>
            <StepRecords records={s.records} />
          </span>
        </li>
      ))}
    </ol>
  );
}

export default function PublicTopicPage() {
  const { t } = useTranslation();
  const { uid } = useParams();
  const topic = usePublicTopic(uid);
  const d = topic.data;

  return (
    <PublicFrame
      title={d?.title ?? t('publicDeliberation.topic.title')}
      sub={d ? [d.community.name, procedureName(d.procedure)].filter(Boolean).join(' · ') : undefined}
      testId="public-topic"
    >
      {!d ? (
        <PublicState pending={topic.isPending} error={topic.error} notFound={t('publicDeliberation.topic.notFound')} />
      ) : (
        <>
          <section className="gzr-section" aria-labelledby="topic-about">
            <div className="gzr-section-head">
              <h2 id="topic-about" className="gzr-h2">
                {t('publicDeliberation.topic.about')}
              </h2>
              <TopicStatusBadge status={d.status} />
            </div>
            <p className="gzd-text">{d.description}</p>
          </section>
          {d.resolution && (
            <section className="gzr-section" aria-labelledby="topic-resolution" data-testid="public-topic-resolution">
              <h2 id="topic-resolution" className="gzr-h2">
                {t('publicDeliberation.topic.resolution')}
              </h2>
              <p className="gzd-notice">{d.resolution}</p>
              <p className="gzr-muted">
                {t('publicDeliberation.topic.publishedAt', { time: formatTime(d.resolutionPublishedAt) })}
                {d.noticeUntil && !d.outcome
                  ? ` · ${t('publicDeliberation.topic.noticeUntil', { date: day(d.noticeUntil) })}`
                  : ''}
              </p>
            </section>
          )}
          {d.outcome && (
            <section className="gzr-section" aria-labelledby="topic-outcome" data-testid="public-topic-outcome">
              <h2 id="topic-outcome" className="gzr-h2">
                {t('publicDeliberation.topic.outcome')}
              </h2>
              <p className="gzd-notice">{d.outcome}</p>
              <p className="gzr-muted">
                {t('publicDeliberation.topic.publishedAt', { time: formatTime(d.outcomePublishedAt) })}
                {d.noticeUntil ? ` · ${t('publicDeliberation.topic.noticeUntil', { date: day(d.noticeUntil) })}` : ''}
              </p>
            </section>
          )}
          <section className="gzr-section" aria-labelledby="topic-steps">
            <h2 id="topic-steps" className="gzr-h2">
              {t('publicDeliberation.topic.steps')}
            </h2>
            <PublicSteps steps={d.steps} />
          </section>
          <p className="gzr-pad">
            <Link to={`/public/deliberation?community=${d.community.code}`} className="gzr-link">
              {t('publicDeliberation.topic.back')}
            </Link>
          </p>
        </>
      )}
    </PublicFrame>
  );
}
