/**
 * One case: what was reported (facts, photos, the reporter masked as this user may see them),
 * where it stands (status, SLA clock, escalation and 督办), the timeline of every step — who,
 * when, what, from which status to which, and what they wrote — and the actions this user may
 * take now, each in a dialog with the fields it needs (the server's `allowedActions`; rating
 * is the resident's and never offered here). Follow-up tasks, the linked deliberation topic and
 * merged cases are shown beside it.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  List,
  Rate,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { ActionModal } from './ActionModal.tsx';
import { CaseMarks, eventDetail, eventName, SlaTag, StatusTag, statusName } from './display.tsx';
import {
  type CaseDetail,
  casePhotoUrl,
  OPEN_STATUSES,
  STAFF_ACTIONS,
  type StaffAction,
  useCase,
  useTaskDone,
} from './hooks.ts';
import { MergeModal } from './MergeModal.tsx';

const PRIMARY: ReadonlySet<StaffAction> = new Set(['accept', 'dispatch', 'start', 'resolve']);
const DANGER: ReadonlySet<StaffAction> = new Set(['reject', 'return']);

export default function CaseDetailPage() {
  const { t } = useTranslation();
  const { uid = '' } = useParams();
  const detail = useCase(uid);
  const [acting, setActing] = useState<StaffAction | null>(null);
  const me = useSession();
  const c = detail.data;
  // A department handler comes from the inbox; dispatch staff from the console.
  const inbox = !can(me, 'cases:dispatch') && can(me, 'cases:handle');

  return (
    <>
      <div style={{ marginBottom: 12 }}>
        <Link to={inbox ? '/cases/inbox' : '/cases'}>
          <ArrowLeftOutlined aria-hidden="true" /> {t(inbox ? 'cases.detail.backInbox' : 'cases.detail.back')}
        </Link>
      </div>
      {detail.isPending && <Skeleton active />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {c && (
        <>
          <Typography.Title level={1} className="gz-page-title" data-testid="case-heading">
            {c.title}
          </Typography.Title>
          <Space wrap size={[8, 8]} align="start">
            <span className="gz-case-receipt" data-testid="case-receipt">
              {t('cases.field.receiptNo')} {c.receiptNo}
            </span>
            <StatusTag status={c.status} testId="case-status" />
            <SlaTag state={c.slaState} dueAt={c.resolveDueAt} open={OPEN_STATUSES.includes(c.status)} />
            <CaseMarks escalationLevel={c.escalationLevel} supervised={c.supervised} overdue={c.overdue} />
          </Space>
          <ActionBar detail={c} onAct={setActing} />
          {c.mergedInto && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={
                <span>
                  {t('cases.detail.mergedInto')}{' '}
                  <Link to={`/cases/${c.mergedInto.uid}`}>
                    {c.mergedInto.receiptNo} · {c.mergedInto.title}
                  </Link>
                </span>
              }
            />
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                <Facts detail={c} />
                <Card size="small" title={<h2 className="gz-card-title">{t('cases.detail.photos')}</h2>}>
                  <Photos detail={c} />
                </Card>
                <Related detail={c} />
              </Space>
            </Col>
            <Col xs={24} xl={10}>
              <Card size="small" title={<h2 className="gz-card-title">{t('cases.detail.timeline')}</h2>}>
                <CaseTimeline detail={c} />
              </Card>
            </Col>
          </Row>
          {acting === 'merge' && <MergeModal detail={c} onClose={() => setActing(null)} />}
          {acting && acting !== 'merge' && <ActionModal target={c} action={acting} onClose={() => setActing(null)} />}
        </>
      )}
    </>
  );
}

function ActionBar({ detail: c, onAct }: { detail: CaseDetail; onAct: (a: StaffAction) => void }) {
  const { t } = useTranslation();
  const allowed = STAFF_ACTIONS.filter((a) => c.allowedActions.includes(a));
  if (allowed.length === 0) return <div className="gz-case-actions" />;
  return (
    <nav aria-label={t('cases.detail.actions')} className="gz-case-actions">
      <Space wrap data-testid="case-actions">
        {allowed.map((a) => (
          <Button
            key={a}
            type={PRIMARY.has(a) ? 'primary' : 'default'}
            danger={DANGER.has(a)}
            onClick={() => onAct(a)}
            data-testid={`action-${a}`}
          >
            {t(`cases.action.${a}.short`)}
          </Button>
        ))}
      </Space>
    </nav>
  );
}

function Facts({ detail: c }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const reporter = c.reporter;
  return (
    <Card size="small" title={<h2 className="gz-card-title">{t('cases.detail.facts')}</h2>}>
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 120 } }}>
        <Descriptions.Item label={t('cases.field.category')}>{c.category.name}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.description')}>
          <span className="gz-case-text" data-testid="case-description">
            {c.description}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.place')}>
          <div>{[c.community.name, c.grid?.name].filter(Boolean).join(' · ')}</div>
          {c.address && <div>{c.address}</div>}
          {c.building && <div className="gz-muted">{c.building.name}</div>}
          {c.lng !== null && c.lat !== null && (
            <div className="gz-muted gz-case-small">
              {c.lng.toFixed(5)}, {c.lat.toFixed(5)}
            </div>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.channel')}>
          {t(`cases.channel.${c.channel}`)}
          {c.origin && <span className="gz-muted"> · {t(`cases.origin.${c.origin}`)}</span>}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.reporter')}>
          <span data-testid="case-reporter">
            {reporter === null
              ? c.anonymous
                ? t('cases.detail.anonymous')
                : none
              : [reporter.name, reporter.phone].filter(Boolean).join(' · ') || none}
            {reporter?.anonymous && <Tag style={{ marginInlineStart: 6 }}>{t('cases.detail.anonymousTag')}</Tag>}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.owner')}>{c.owner?.name ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.handler')}>
          <span data-testid="case-handler">{c.handler?.name ?? none}</span>
          {c.assignee && <span className="gz-muted"> · {c.assignee.name}</span>}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.field.reportedAt')}>{formatTime(c.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.responseDueAt')}>{formatTime(c.responseDueAt)}</Descriptions.Item>
        <Descriptions.Item label={t('cases.field.resolveDueAt')}>{formatTime(c.resolveDueAt)}</Descriptions.Item>
        {c.resolvedAt && (
          <Descriptions.Item label={t('cases.field.resolvedAt')}>{formatTime(c.resolvedAt)}</Descriptions.Item>
        )}
        {c.closedAt && (
          <Descriptions.Item label={t('cases.field.closedAt')}>{formatTime(c.closedAt)}</Descriptions.Item>
        )}
        {c.result && (
          <Descriptions.Item label={t('cases.field.result')}>
            <span className="gz-case-text" data-testid="case-result">
              {c.result}
            </span>
          </Descriptions.Item>
        )}
        {c.rating !== null && (
          <Descriptions.Item label={t('cases.field.rating')}>
            <Space orientation="vertical" size={0}>
              <span>
                <Rate disabled value={c.rating} aria-hidden="true" />{' '}
                <span>{t('cases.detail.ratingValue', { rating: c.rating })}</span>
              </span>
              {c.ratingComment && <span className="gz-case-text">{c.ratingComment}</span>}
            </Space>
          </Descriptions.Item>
        )}
        {c.reopenCount > 0 && (
          <Descriptions.Item label={t('cases.field.reopenCount')}>{c.reopenCount}</Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

function Photos({ detail: c }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (c.photos.length === 0) return <span className="gz-muted">{t('cases.detail.noPhotos')}</span>;
  return (
    <Image.PreviewGroup>
      {(['report', 'result'] as const).map((stage) => {
        const photos = c.photos.filter((p) => p.stage === stage);
        if (photos.length === 0) return null;
        return (
          <section key={stage} aria-label={t(`cases.detail.photoStage.${stage}`)} style={{ marginBottom: 8 }}>
            <h3 className="gz-case-small gz-muted">{t(`cases.detail.photoStage.${stage}`)}</h3>
            <div className="gz-case-photos" data-testid={`case-photos-${stage}`}>
              {photos.map((p, i) => (
                <Image
                  key={p.uid}
                  src={casePhotoUrl(p.uid)}
                  width={112}
                  height={112}
                  alt={t('cases.detail.photoAlt', {
                    stage: t(`cases.detail.photoStage.${stage}`),
                    n: i + 1,
                    total: photos.length,
                  })}
                />
              ))}
            </div>
          </section>
        );
      })}
    </Image.PreviewGroup>
  );
}

function CaseTimeline({ detail: c }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  if (c.timeline.length === 0) return <Empty description={t('cases.detail.noEvents')} />;
  return (
    <Timeline
      data-testid="case-timeline"
      items={c.timeline.map((e) => {
        const extra = eventDetail(e, t);
        const moved = e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus;
        return {
          key: e.seq,
          color: e.action === 'overdue' || e.action === 'escalate' ? 'red' : e.action === 'reject' ? 'gray' : 'blue',
          content: (
            <Space orientation="vertical" size={2} data-testid="timeline-event" data-action={e.action}>
              <span>
                <strong>{eventName(e.action, t)}</strong>
                {' · '}
                {e.actorName ?? t('cases.detail.system')}
              </span>
              <time dateTime={e.at} className="gz-muted gz-case-small">
                {formatTime(e.at)}
              </time>
              {moved && (
                <span className="gz-case-small">
                  {statusName(e.fromStatus, t)} → {statusName(e.toStatus, t)}
                </span>
              )}
              {extra.length > 0 && <span className="gz-case-small">{extra.join(' · ')}</span>}
              {e.note && <span className="gz-case-text">{e.note}</span>}
            </Space>
          ),
        };
      })}
    />
  );
}

function Related({ detail: c }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const me = useSession();
  const [doing, setDoing] = useState<string | null>(null);
  // 回访 is the dispatching community's call to make.
  const mayDo = can(me, 'cases:dispatch');
  return (
    <Card size="small" title={<h2 className="gz-card-title">{t('cases.detail.related')}</h2>}>
      <Descriptions column={1} size="small" styles={{ label: { whiteSpace: 'nowrap', width: 120 } }}>
        <Descriptions.Item label={t('cases.detail.topic')}>
          {c.topicUid ? (
            <span data-testid="case-topic">{t('cases.detail.topicLinked', { uid: c.topicUid })}</span>
          ) : (
            <span className="gz-muted">{t('cases.detail.noTopic')}</span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('cases.detail.duplicates')}>
          {c.duplicatesOf.length === 0 ? (
            <span className="gz-muted">{t('common.none')}</span>
          ) : (
            <Space orientation="vertical" size={0}>
              {c.duplicatesOf.map((d) => (
                <Link key={d.uid} to={`/cases/${d.uid}`}>
                  {d.receiptNo} · {d.title}
                </Link>
              ))}
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>
      <h3 className="gz-card-title" style={{ marginTop: 12 }}>
        {t('cases.detail.tasks')}
      </h3>
      {c.tasks.length === 0 ? (
        <span className="gz-muted">{t('cases.detail.noTasks')}</span>
      ) : (
        <List
          size="small"
          dataSource={c.tasks}
          data-testid="case-tasks"
          renderItem={(task) => (
            <List.Item
              actions={
                task.status === 'open' && mayDo
                  ? [
                      <Button key="done" size="small" onClick={() => setDoing(task.uid)} data-testid="task-done">
                        {t('cases.task.markDone')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Space orientation="vertical" size={0}>
                <span>
                  {t(`cases.task.kind.${task.kind}`)}{' '}
                  <Tag color={task.status === 'open' ? 'orange' : 'green'}>{t(`cases.task.status.${task.status}`)}</Tag>
                </span>
                <span className="gz-muted gz-case-small">
                  {task.status === 'open'
                    ? t('cases.task.dueAt', { time: formatTime(task.dueAt) })
                    : t('cases.task.doneAt', { time: formatTime(task.doneAt) })}
                </span>
                {task.note && <span className="gz-case-text">{task.note}</span>}
              </Space>
            </List.Item>
          )}
        />
      )}
      {doing && <TaskDoneModal uid={doing} category={c.category.uid} onClose={() => setDoing(null)} />}
    </Card>
  );
}

/** 回访完成: what the reporter said when called back. */
export function TaskDoneModal({ uid, onClose }: { uid: string; category?: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const showError = useFormErrors(form);
  const done = useTaskDone();
  return (
    <FormModal
      title={t('cases.task.doneTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={done.isPending}
      submitTestId="task-submit"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={({ note }) =>
          done.mutate(
            { uid, note: note.trim() },
            {
              onSuccess: () => {
                message.success(t('cases.task.doneMessage'));
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={t('cases.task.note')}
          name="note"
          rules={[{ required: true, whitespace: true, message: t('cases.task.noteRequired') }, { max: 1000 }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
