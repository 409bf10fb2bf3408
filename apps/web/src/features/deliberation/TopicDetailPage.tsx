/**
 * One topic (议题): its procedure as steps — each done step with the records that completed it
 * (the meeting and its attendance, the vote and its verdict, the public notice and its period,
 * the written result), the current one with what it still needs and the way to complete it —
 * the description, the two 公开 (resolution, outcome), the case it came from, co-signatures and
 * the timeline. Steps are completed one at a time in order; the server refuses a skip or a step
 * whose records are missing and says which.
 */
import type { TopicEventView, TopicStepView } from '@gongzhi/api';
import { ruleText } from '@gongzhi/domain';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Steps, Tag, Timeline } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { currentLanguage } from '../../i18n/index.ts';
import { CompleteStepModal } from './CompleteStepModal.tsx';
import { CreateMeetingModal } from './CreateMeetingModal.tsx';
import { StartTopicModal } from './CreateTopicModal.tsx';
import { CreateVoteModal } from './CreateVoteModal.tsx';
import { CardTitle, formatTime, inLang, MeetingStatusTag, PageHead, TopicStatusTag } from './display.tsx';
import { type TopicDetail, useTopic } from './hooks.ts';
import { ReasonModal } from './ReasonModal.tsx';

type Acting =
  | { kind: 'start' }
  | { kind: 'reject' }
  | { kind: 'complete'; step: TopicStepView }
  | { kind: 'vote'; step: TopicStepView }
  | { kind: 'meeting'; step: TopicStepView };

export default function TopicDetailPage() {
  const { t } = useTranslation();
  const { uid = '' } = useParams();
  const detail = useTopic(uid);
  const [acting, setActing] = useState<Acting | null>(null);
  const topic = detail.data;

  return (
    <>
      {detail.isPending && <Skeleton active />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {topic && (
        <>
          <PageHead
            back="/deliberation"
            backText={t('deliberation.topic.back')}
            title={topic.title}
            testId="topic-heading"
            extra={
              <Space wrap>
                {topic.allowedActions.includes('start') && (
                  <Button type="primary" onClick={() => setActing({ kind: 'start' })} data-testid="topic-start">
                    {t('deliberation.topic.start')}
                  </Button>
                )}
                {topic.allowedActions.includes('reject') && (
                  <Button danger onClick={() => setActing({ kind: 'reject' })} data-testid="topic-reject">
                    {t('deliberation.topic.reject')}
                  </Button>
                )}
              </Space>
            }
          />
          <Space wrap size={[8, 8]} style={{ marginBottom: 16 }}>
            <TopicStatusTag status={topic.status} testId="topic-status" />
            <span>{topic.community.name}</span>
            {topic.council && <Link to={`/deliberation/councils/${topic.council.uid}`}>{topic.council.name}</Link>}
            {topic.procedure && <Tag>{inLang(topic.procedure.name, topic.procedure.nameEn)}</Tag>}
            {!topic.public && <Tag>{t('deliberation.topic.internal')}</Tag>}
          </Space>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <Card size="small" title={<CardTitle>{t('deliberation.topic.steps')}</CardTitle>}>
                  <TopicSteps
                    topic={topic}
                    onAct={(kind, step) => setActing({ kind, step })}
                    mayAct={topic.allowedActions.includes('complete_step')}
                  />
                </Card>
                <Facts topic={topic} />
              </Space>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={<CardTitle>{t('deliberation.topic.timeline')}</CardTitle>}>
                <TopicTimeline events={topic.timeline} />
              </Card>
            </Col>
          </Row>
          {acting?.kind === 'start' && (
            <StartTopicModal uid={topic.uid} unit={topic.community.uid} onClose={() => setActing(null)} />
          )}
          {acting?.kind === 'reject' && (
            <ReasonModal
              title={t('deliberation.topic.rejectTitle')}
              path={`/api/deliberation/topics/${topic.uid}/reject`}
              label={t('deliberation.topic.rejectReason')}
              done={t('deliberation.topic.rejected')}
              testId="reject"
              onClose={() => setActing(null)}
            />
          )}
          {acting?.kind === 'complete' && (
            <CompleteStepModal topic={topic} step={acting.step} onClose={() => setActing(null)} />
          )}
          {acting?.kind === 'vote' && (
            <CreateVoteModal
              fromStep={{ topic, step: acting.step }}
              unit={topic.community.uid}
              onClose={() => setActing(null)}
            />
          )}
          {acting?.kind === 'meeting' && (
            <CreateMeetingModal
              unit={topic.community.uid}
              preset={{
                council: topic.council?.uid,
                kind: acting.step.meetingKind ?? 'council',
                topics: [topic.uid],
                title: `${inLang(acting.step.name, acting.step.nameEn)}:${topic.title}`.slice(0, 80),
              }}
              onClose={() => setActing(null)}
            />
          )}
        </>
      )}
    </>
  );
}

const STEP_STATUS = { done: 'finish', current: 'process', waiting: 'wait' } as const;

function TopicSteps({
  topic,
  mayAct,
  onAct,
}: {
  topic: TopicDetail;
  mayAct: boolean;
  onAct: (kind: 'complete' | 'vote' | 'meeting', step: TopicStepView) => void;
}) {
  const { t } = useTranslation();
  if (topic.steps.length === 0) return <Empty description={t('deliberation.topic.noSteps')} />;
  const failed = topic.status === 'rejected';
  return (
    <Steps
      orientation="vertical"
      size="small"
      current={Math.min(topic.currentStep, topic.steps.length - 1)}
      data-testid="topic-steps"
      items={topic.steps.map((s) => ({
        key: s.key,
        status: failed && s.state === 'current' ? 'error' : STEP_STATUS[s.state],
        title: (
          <span data-testid="step-title" data-state={s.state}>
            {inLang(s.name, s.nameEn)}
          </span>
        ),
        content: <StepContent step={s} mayAct={mayAct && s.state === 'current'} onAct={(k) => onAct(k, s)} />,
      }))}
    />
  );
}

function StepContent({
  step: s,
  mayAct,
  onAct,
}: {
  step: TopicStepView;
  mayAct: boolean;
  onAct: (kind: 'complete' | 'vote' | 'meeting') => void;
}) {
  const { t } = useTranslation();
  const r = s.records;
  const lang = currentLanguage() === 'en' ? 'en' : 'zh';
  const hasVote = r.votes.some((v) => v.status !== 'cancelled');
  return (
    <Space
      orientation="vertical"
      size={4}
      style={{ width: '100%', paddingBottom: 8 }}
      data-testid={`step-${s.index}`}
      data-state={s.state}
    >
      <span className="gz-delib-small gz-muted">
        {t(`deliberation.actor.${s.actor}`)}
        {s.needs.length > 0 &&
          ` · ${t('deliberation.step.needs')}${s.needs.map((n) => t(`deliberation.record.${n}`)).join('、')}`}
        {s.noticeDays !== null && ` · ${t('deliberation.step.noticeDays', { days: s.noticeDays })}`}
      </span>
      {s.vote && (
        <span className="gz-delib-small">
          {t('deliberation.step.rule')}
          {ruleText(s.vote, lang)}
          {s.vote.secret ? ` · ${t('deliberation.vote.secret')}` : ''}
        </span>
      )}
      {r.meetings.map((m) => (
        <span key={m.uid} className="gz-delib-small">
          <Link to={`/deliberation/meetings/${m.uid}`}>{m.title}</Link> · {formatTime(m.startsAt)}{' '}
          <MeetingStatusTag status={m.status === 'held' || m.status === 'cancelled' ? m.status : 'scheduled'} />
          {m.attendance &&
            t('deliberation.step.attendance', { present: m.attendance.present, called: m.attendance.called })}
          {m.decision && <div className="gz-delib-text">{m.decision}</div>}
        </span>
      ))}
      {r.votes.map((v) => (
        <span key={v.uid} className="gz-delib-small" data-testid="step-vote">
          <Link to={`/deliberation/votes/${v.uid}`}>{v.title}</Link> ·{' '}
          {t(`deliberation.voteStatusText.${voteStatusKey(v.status)}`)}
          {v.passed !== null && (
            <Tag color={v.passed ? 'green' : 'red'} style={{ marginInlineStart: 6 }}>
              {v.passed ? t('deliberation.vote.passed') : t('deliberation.vote.failed')}
            </Tag>
          )}
        </span>
      ))}
      {r.notice && (
        <span className="gz-delib-small">
          <span className="gz-delib-text">{r.notice.text}</span>
          <div className="gz-muted">
            {t('deliberation.step.noticePeriod', {
              from: formatTime(r.notice.from),
              until: r.notice.until ? formatTime(r.notice.until) : '—',
            })}
          </div>
        </span>
      )}
      {r.result && <span className="gz-delib-text gz-delib-small">{r.result}</span>}
      {r.note && <span className="gz-delib-text gz-delib-small gz-muted">{r.note}</span>}
      {r.completedAt && (
        <span className="gz-delib-small gz-muted">
          {t('deliberation.step.completedAt', { time: formatTime(r.completedAt) })}
          {r.completedBy ? ` · ${r.completedBy}` : ''}
        </span>
      )}
      {mayAct && (
        <Space wrap style={{ marginTop: 4 }}>
          <Button type="primary" size="small" onClick={() => onAct('complete')} data-testid="step-complete">
            {t('deliberation.step.complete')}
          </Button>
          {s.needs.includes('vote') && !hasVote && (
            <Button size="small" onClick={() => onAct('vote')} data-testid="step-vote-create">
              {t('deliberation.step.createVote')}
            </Button>
          )}
          {s.meetingKind && (
            <Button size="small" onClick={() => onAct('meeting')} data-testid="step-meeting-create">
              {t('deliberation.step.createMeeting')}
            </Button>
          )}
        </Space>
      )}
    </Space>
  );
}

const VOTE_STATUS_KEYS = ['draft', 'open', 'closed', 'cancelled'] as const;
const voteStatusKey = (s: string) => VOTE_STATUS_KEYS.find((k) => k === s) ?? 'draft';

function Facts({ topic }: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const none = <span className="gz-muted">{t('common.none')}</span>;
  return (
    <Card size="small" title={<CardTitle>{t('deliberation.topic.facts')}</CardTitle>}>
      <Descriptions
        column={1}
        size="small"
        bordered
        styles={{ label: { whiteSpace: 'nowrap', width: 130 } }}
        items={[
          {
            key: 'description',
            label: t('deliberation.topic.description'),
            children: <span className="gz-delib-text">{topic.description}</span>,
          },
          {
            key: 'source',
            label: t('deliberation.topic.source'),
            children: (
              <span>
                {t(`deliberation.source.${topic.source}`)}
                {topic.proposer && ` · ${topic.proposer.name}`}
              </span>
            ),
          },
          {
            key: 'supports',
            label: t('deliberation.topic.supports'),
            children: (
              <span data-testid="topic-supports">
                {t('deliberation.topic.supportCount', { n: topic.supportCount, threshold: topic.supportThreshold })}
              </span>
            ),
          },
          {
            key: 'case',
            label: t('deliberation.topic.case'),
            children: topic.case?.uid ? (
              <Link to={`/cases/${topic.case.uid}`}>{topic.case.title ?? topic.case.uid}</Link>
            ) : (
              none
            ),
          },
          {
            key: 'resolution',
            label: t('deliberation.topic.resolution'),
            children: topic.resolution ? (
              <Space orientation="vertical" size={0}>
                <span className="gz-delib-text" data-testid="topic-resolution">
                  {topic.resolution}
                </span>
                {topic.resolutionPublishedAt && (
                  <span className="gz-muted gz-delib-small">
                    {t('deliberation.topic.publishedAt', { time: formatTime(topic.resolutionPublishedAt) })}
                  </span>
                )}
              </Space>
            ) : (
              none
            ),
          },
          {
            key: 'outcome',
            label: t('deliberation.topic.outcome'),
            children: topic.outcome ? (
              <Space orientation="vertical" size={0}>
                <span className="gz-delib-text">{topic.outcome}</span>
                {topic.outcomePublishedAt && (
                  <span className="gz-muted gz-delib-small">
                    {t('deliberation.topic.publishedAt', { time: formatTime(topic.outcomePublishedAt) })}
                  </span>
                )}
              </Space>
            ) : (
              none
            ),
          },
          ...(topic.noticeUntil
            ? [
                {
                  key: 'noticeUntil',
                  label: t('deliberation.topic.noticeUntil'),
                  children: formatTime(topic.noticeUntil),
                },
              ]
            : []),
          { key: 'createdAt', label: t('deliberation.topic.createdAt'), children: formatTime(topic.createdAt) },
        ]}
      />
    </Card>
  );
}

const EVENTS = [
  'created',
  'proposed',
  'started',
  'edited',
  'supported',
  'support_reached',
  'rejected',
  'withdrawn',
  'step_completed',
  'vote_failed',
  'decided',
  'done',
  'meeting_scheduled',
  'meeting_cancelled',
  'meeting_held',
  'meeting_minutes_corrected',
] as const;

function eventName(action: string, t: TFunction): string {
  const known = EVENTS.find((a) => a === action);
  return known ? t(`deliberation.event.${known}`) : action;
}

function TopicTimeline({ events }: { events: TopicEventView[] }) {
  const { t } = useTranslation();
  if (events.length === 0) return <Empty description={t('deliberation.topic.noEvents')} />;
  return (
    <Timeline
      data-testid="topic-timeline"
      items={events.map((e) => ({
        key: e.seq,
        color:
          e.action === 'rejected' || e.action === 'vote_failed' ? 'red' : e.action === 'decided' ? 'green' : 'blue',
        content: (
          <Space orientation="vertical" size={2} data-testid="timeline-event" data-action={e.action}>
            <span>
              <strong>{eventName(e.action, t)}</strong>
              {e.step !== null && ` · ${t('deliberation.topic.stepN', { n: e.step + 1 })}`}
              {' · '}
              {e.actorName ?? t('deliberation.common.system')}
            </span>
            <time dateTime={e.at} className="gz-muted gz-delib-small">
              {formatTime(e.at)}
            </time>
            {e.note && <span className="gz-delib-text">{e.note}</span>}
          </Space>
        ),
      }))}
    />
  );
}
