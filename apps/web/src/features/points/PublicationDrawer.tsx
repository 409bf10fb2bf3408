/**
 * One 公示 in a drawer: what was published and when, the frozen rows exactly as the public
 * board shows them, the link to that board, and the objections raised — each answered here by
 * staff with points:manage. An open notice may be withdrawn with a reason.
 */
import { ExportOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  List,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { EmptyText, Points, ScrollRegion } from './display.tsx';
import {
  type Objection,
  type Publication,
  type PublicationStatus,
  type PublishedRow,
  publicNoticePath,
  useAnswerObjection,
  usePublication,
  useWithdrawPublication,
} from './hooks-rankings.ts';

const STATUS_COLOURS: Record<PublicationStatus, string> = {
  open: 'blue',
  closed: 'default',
  withdrawn: 'orange',
};

export function PublicationStatusTag({ status, testId }: { status: PublicationStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={testId} data-status={status}>
      {t(`points.rankings.status.${status}`)}
    </Tag>
  );
}

export function PublicationDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const publication = usePublication(id);
  const [withdrawing, setWithdrawing] = useState(false);
  const p = publication.data;
  const manage = can(me, 'points:manage');

  return (
    <Drawer
      open
      size="large"
      title={p?.title ?? t('points.rankings.drawerTitle')}
      onClose={onClose}
      closable={{ 'aria-label': t('points.rankings.close') }}
      data-testid="publication-drawer"
      footer={
        manage &&
        p?.status === 'open' && (
          <Button danger onClick={() => setWithdrawing(true)} data-testid="publication-withdraw">
            {t('points.rankings.withdraw')}
          </Button>
        )
      }
    >
      {publication.isPending && <Skeleton active />}
      {publication.isError && <Alert type="error" showIcon title={publication.error.message} />}
      {p && <PublicationBody publication={p} manage={manage} />}
      {p && withdrawing && <WithdrawModal publication={p} onClose={() => setWithdrawing(false)} />}
    </Drawer>
  );
}

function PublicationBody({ publication: p, manage }: { publication: Publication; manage: boolean }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label={t('points.rankings.statusLabel')}>
          <PublicationStatusTag status={p.status} testId="publication-drawer-status" />
        </Descriptions.Item>
        <Descriptions.Item label={t('points.rankings.unit')}>{p.unit.name}</Descriptions.Item>
        <Descriptions.Item label={t('points.rankings.periodLabel')}>
          {`${p.period.label}(${p.period.start} — ${p.period.end})· ${t(`points.rankings.subject.${p.subject}`)}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('points.rankings.publishedAt')}>
          {t('points.rankings.publishedBy', { at: formatTime(p.publishedAt), by: p.publishedBy })}
        </Descriptions.Item>
        <Descriptions.Item label={t('points.rankings.objectionUntil')}>
          {formatTime(p.objectionUntil)}
        </Descriptions.Item>
        <Descriptions.Item label={t('points.rankings.endsAt')}>{formatTime(p.endsAt)}</Descriptions.Item>
        {p.withdrawnReason && (
          <Descriptions.Item label={t('points.rankings.withdrawnReason')}>
            <span className="gz-points-text">{p.withdrawnReason}</span>
          </Descriptions.Item>
        )}
      </Descriptions>
      {p.status === 'open' && (
        <Typography.Paragraph style={{ margin: 0 }}>
          <a href={publicNoticePath(p.id)} target="_blank" rel="noreferrer" data-testid="publication-public-link">
            {t('points.rankings.publicLink')} <ExportOutlined aria-hidden />
          </a>
          <span className="gz-muted"> {t('points.rankings.publicLinkNote')}</span>
        </Typography.Paragraph>
      )}
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
        {t('points.rankings.frozenRows', { count: p.rowCount })}
      </Typography.Title>
      <ScrollRegion label={t('points.rankings.frozenRowsLabel')}>
        <Table<PublishedRow>
          rowKey={(r) => `${r.rank}:${r.name}:${r.grid ?? ''}:${r.points}`}
          size="small"
          columns={[
            { title: t('points.rankings.rank'), dataIndex: 'rank', width: 70 },
            { title: t(`points.rankings.nameOf.${p.subject}`), dataIndex: 'name' },
            { title: t('points.rankings.grid'), key: 'grid', render: (_, r) => r.grid ?? t('common.none') },
            {
              title: t('points.rankings.points'),
              dataIndex: 'points',
              width: 90,
              align: 'end',
              render: (v: number) => <Points value={v} signed={false} />,
            },
          ]}
          dataSource={p.rows}
          pagination={p.rows.length > 20 ? { pageSize: 20, hideOnSinglePage: true } : false}
          data-testid="publication-rows"
        />
      </ScrollRegion>
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
        {t('points.rankings.objectionsTitle', { count: p.objections.length })}
      </Typography.Title>
      {p.acceptsObjections && <span className="gz-muted">{t('points.rankings.acceptsObjections')}</span>}
      <List<Objection>
        dataSource={p.objections}
        locale={{ emptyText: <EmptyText>{t('points.rankings.noObjections')}</EmptyText> }}
        data-testid="publication-objections"
        renderItem={(o) => (
          <List.Item key={o.id} data-testid="objection">
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <Space wrap size={8}>
                <Tag color={o.status === 'open' ? 'red' : 'green'}>
                  {t(`points.rankings.objectionStatus.${o.status}`)}
                </Tag>
                <span className="gz-muted">
                  {t('points.rankings.raisedBy', { by: o.raisedBy, at: formatTime(o.createdAt) })}
                </span>
              </Space>
              <div className="gz-points-text">{o.text}</div>
              {o.answer && (
                <Space orientation="vertical" size={2}>
                  <strong>{t('points.rankings.answer')}</strong>
                  <span className="gz-points-text">{o.answer}</span>
                  <span className="gz-muted">
                    {t('points.rankings.answeredBy', { by: o.answeredBy ?? '', at: formatTime(o.answeredAt) })}
                  </span>
                </Space>
              )}
              {o.status === 'open' && manage && <AnswerForm objection={o} />}
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}

function AnswerForm({ objection }: { objection: Objection }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ answer: string }>();
  const onError = useFormErrors(form);
  const answer = useAnswerObjection();
  const inputId = `answer-${objection.id}`;
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(v) =>
        answer.mutate(
          { id: objection.id, answer: v.answer.trim() },
          { onSuccess: () => void message.success(t('points.rankings.answered')), onError },
        )
      }
    >
      <Form.Item
        name="answer"
        label={t('points.rankings.answerLabel')}
        htmlFor={inputId}
        rules={[{ required: true, whitespace: true, message: t('points.rankings.answerRequired') }]}
        style={{ marginBottom: 8 }}
      >
        <Input.TextArea id={inputId} rows={2} maxLength={500} showCount data-testid="objection-answer" />
      </Form.Item>
      <Button
        htmlType="submit"
        type="primary"
        size="small"
        loading={answer.isPending}
        data-testid="objection-answer-submit"
      >
        {t('points.rankings.answerSubmit')}
      </Button>
    </Form>
  );
}

function WithdrawModal({ publication, onClose }: { publication: Publication; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const onError = useFormErrors(form);
  const withdraw = useWithdrawPublication();
  const submit = () =>
    form.validateFields().then(({ reason }) =>
      withdraw.mutate(
        { id: publication.id, reason: reason.trim() },
        {
          onSuccess: () => {
            message.success(t('points.rankings.withdrawn'));
            onClose();
          },
          onError,
        },
      ),
    );
  return (
    <FormModal
      title={t('points.rankings.withdrawTitle', { title: publication.title })}
      onCancel={onClose}
      onSubmit={submit}
      submitting={withdraw.isPending}
      submitText={t('points.rankings.withdraw')}
      submitTestId="withdraw-submit"
      danger
    >
      <Typography.Paragraph>{t('points.rankings.withdrawBody')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('points.rankings.withdrawReason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('points.rankings.withdrawReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={200} showCount data-testid="withdraw-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
