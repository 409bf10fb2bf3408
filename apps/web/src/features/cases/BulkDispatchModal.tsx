/**
 * 批量分拨: the selected cases go to one target — a department, a community, or each to its
 * category's default handler — in one request. A bad request changes nothing; otherwise the
 * dialog turns into the outcome per case: dispatched to whom (兜底 marked), or why not.
 */
import { Alert, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { StatusTag } from './display.tsx';
import { type BulkDispatchResult, type CaseSummary, useBulkDispatch } from './hooks.ts';
import { DEFAULT_TARGET, TargetPicker } from './pickers.tsx';

type Outcome = BulkDispatchResult['results'][number];

export function BulkDispatchModal({
  cases: selected,
  onClose,
}: {
  cases: readonly CaseSummary[];
  /** the uids that were dispatched */
  onClose: (dispatched: string[]) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ target: string; note?: string }>();
  const showError = useFormErrors(form);
  const dispatch = useBulkDispatch();
  const [result, setResult] = useState<BulkDispatchResult | null>(null);
  // The cases as they were picked: once dispatched, the list reloads and no longer offers them.
  const [cases] = useState(selected);
  const communities = [...new Map(cases.map((c) => [c.community.uid, c.community])).values()];
  const byUid = new Map(cases.map((c) => [c.uid, c]));

  const onFinish = (v: { target: string; note?: string }) => {
    const note = v.note?.trim();
    dispatch.mutate(
      {
        cases: cases.map((c) => c.uid),
        ...(v.target !== DEFAULT_TARGET ? { target: v.target } : {}),
        ...(note ? { note } : {}),
      },
      { onSuccess: setResult, onError: showError },
    );
  };

  if (result) {
    const done = result.results.filter((r) => r.outcome === 'dispatched').map((r) => r.uid);
    return (
      <Modal
        open
        title={t('cases.bulk.resultTitle')}
        width={760}
        onCancel={() => onClose(done)}
        footer={
          <Button type="primary" onClick={() => onClose(done)} data-testid="bulk-close">
            {t('cases.common.close')}
          </Button>
        }
      >
        <Alert
          type={result.failed ? 'warning' : 'success'}
          showIcon
          title={t('cases.bulk.summary', { dispatched: result.dispatched, failed: result.failed })}
          style={{ marginBottom: 12 }}
          data-testid="bulk-summary"
        />
        <Table<Outcome>
          rowKey="uid"
          size="small"
          pagination={false}
          dataSource={result.results}
          data-testid="bulk-results"
          columns={[
            {
              title: t('cases.field.receiptNo'),
              key: 'receipt',
              render: (_, r) => (
                <Space orientation="vertical" size={0}>
                  <span className="gz-case-receipt">{byUid.get(r.uid)?.receiptNo ?? r.uid}</span>
                  <span className="gz-muted gz-case-small">{byUid.get(r.uid)?.title}</span>
                </Space>
              ),
            },
            {
              title: t('cases.bulk.outcome'),
              key: 'outcome',
              render: (_, r) =>
                r.outcome === 'dispatched' ? (
                  <Tag color="green">{t('cases.bulk.dispatched')}</Tag>
                ) : (
                  <Tag color="red">{t('cases.bulk.failed')}</Tag>
                ),
            },
            {
              title: t('cases.field.status'),
              key: 'status',
              render: (_, r) => (r.status ? <StatusTag status={r.status} /> : t('common.none')),
            },
            {
              title: t('cases.bulk.handlerOrError'),
              key: 'handler',
              render: (_, r) =>
                r.outcome === 'dispatched' ? (
                  <span>
                    {r.handler?.name}
                    {r.fallback && <Tag style={{ marginInlineStart: 6 }}>{t('cases.bulk.fallback')}</Tag>}
                  </span>
                ) : (
                  <Typography.Text type="danger">{r.error?.message}</Typography.Text>
                ),
            },
          ]}
        />
      </Modal>
    );
  }

  return (
    <FormModal
      title={t('cases.bulk.title', { count: cases.length })}
      onCancel={() => onClose([])}
      onSubmit={form.submit}
      submitting={dispatch.isPending}
      submitText={t('cases.bulk.submit', { count: cases.length })}
      submitTestId="bulk-submit"
    >
      <Typography.Paragraph className="gz-muted">{t('cases.bulk.body')}</Typography.Paragraph>
      <ul className="gz-case-small" style={{ maxHeight: 140, overflowY: 'auto', paddingInlineStart: 20 }}>
        {cases.map((c) => (
          <li key={c.uid}>
            <span className="gz-case-receipt">{c.receiptNo}</span> · {c.title}
          </li>
        ))}
      </ul>
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ target: DEFAULT_TARGET }}>
        <Form.Item label={t('cases.action.target')} name="target">
          <TargetPicker
            communities={communities}
            allowDefault
            aria-label={t('cases.action.target')}
            testId="bulk-target"
          />
        </Form.Item>
        <Form.Item label={t('cases.action.dispatch.label')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
      <Alert type="info" showIcon title={t('cases.dispatch.fallbackHint')} />
    </FormModal>
  );
}
