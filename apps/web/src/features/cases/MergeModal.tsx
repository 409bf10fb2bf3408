/**
 * 合并: "same problem?" — the open cases of the same category reported within 50 m in the last
 * three days are offered first; any other open case can be found by its receipt number or
 * title. The case becomes 'merged' and its reporter hears the other case's result.
 */
import { Alert, App, Empty, Form, Input, Radio, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { StatusTag } from './display.tsx';
import { type CaseDetail, useCases, useMergeCase, useNearby } from './hooks.ts';

interface Candidate {
  uid: string;
  receiptNo: string;
  title: string;
  status: CaseDetail['status'];
  address: string | null;
  createdAt: string;
  distanceMeters?: number;
}

export function MergeModal({ detail: c, onClose }: { detail: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ into?: string; note?: string }>();
  const showError = useFormErrors(form);
  const merge = useMergeCase();
  const nearby = useNearby(c.category.uid, c.lng, c.lat);
  const [q, setQ] = useState('');
  const found = useCases({ q: q || undefined, status: 'open', page: 1, pageSize: 10 }, Boolean(q));
  const nearbyItems: Candidate[] = (nearby.data?.items ?? []).filter((n) => n.uid !== c.uid);
  const foundItems: Candidate[] = q
    ? (found.data?.items ?? []).filter((n) => n.uid !== c.uid && !nearbyItems.some((m) => m.uid === n.uid))
    : [];

  const onFinish = (v: { into?: string; note?: string }) => {
    if (!v.into) return;
    const note = v.note?.trim();
    merge.mutate(
      { uid: c.uid, body: { into: v.into, ...(note ? { note } : {}) } },
      {
        onSuccess: (r) => {
          message.success(t('cases.merge.done', { receiptNo: r.mergedInto.receiptNo }));
          onClose();
        },
        onError: showError,
      },
    );
  };

  const option = (n: Candidate) => (
    <Radio key={n.uid} value={n.uid} data-testid="merge-candidate">
      <Space orientation="vertical" size={0}>
        <span>
          <span className="gz-case-receipt">{n.receiptNo}</span> · {n.title} <StatusTag status={n.status} />
        </span>
        <span className="gz-muted gz-case-small">
          {[
            n.address,
            formatTime(n.createdAt),
            n.distanceMeters !== undefined ? t('cases.merge.distance', { meters: n.distanceMeters }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </span>
      </Space>
    </Radio>
  );

  return (
    <FormModal
      title={t('cases.merge.title', { receiptNo: c.receiptNo })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={merge.isPending}
      submitText={t('cases.merge.submit')}
      submitTestId="merge-submit"
      width={680}
    >
      <Typography.Paragraph className="gz-muted">{t('cases.merge.body')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          label={t('cases.merge.into')}
          name="into"
          rules={[{ required: true, message: t('cases.merge.required') }]}
        >
          <Radio.Group style={{ width: '100%' }}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{t('cases.merge.nearby')}</Typography.Text>
              {c.lng === null || c.lat === null ? (
                <span className="gz-muted">{t('cases.merge.noLocation')}</span>
              ) : nearby.isPending ? (
                <Spin size="small" />
              ) : nearby.isError ? (
                <Alert type="warning" showIcon title={nearby.error.message} />
              ) : nearbyItems.length === 0 ? (
                <span className="gz-muted">{t('cases.merge.noneNearby')}</span>
              ) : (
                nearbyItems.map(option)
              )}
              <Input.Search
                allowClear
                maxLength={60}
                placeholder={t('cases.merge.search')}
                aria-label={t('cases.merge.search')}
                onSearch={(v) => setQ(v.trim())}
                data-testid="merge-search"
              />
              {q &&
                (found.isFetching ? (
                  <Spin size="small" />
                ) : foundItems.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cases.merge.noneFound')} />
                ) : (
                  foundItems.map(option)
                ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('cases.merge.note')} name="note" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
