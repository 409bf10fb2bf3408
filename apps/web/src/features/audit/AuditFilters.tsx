/** Filters of the audit log: who, which action (prefix), which record, and when. */
import { Button, DatePicker, Form, Input, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditFilter } from './hooks.ts';

interface Values {
  actor?: string;
  action?: string;
  targetId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const clean = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

export function AuditFilters({ onChange }: { onChange: (filter: AuditFilter) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();

  const onFinish = ({ actor, action, targetId, range }: Values) =>
    onChange({
      actor: clean(actor),
      action: clean(action),
      targetId: clean(targetId),
      // The picker works in the browser's zone (Beijing time on the machines this serves);
      // toISOString sends the instant, so the filter is right wherever the browser is.
      from: range?.[0]?.toISOString(),
      to: range?.[1]?.toISOString(),
    });

  return (
    <search aria-label={t('audit.filters')}>
      <Form form={form} layout="vertical" onFinish={onFinish} className="gz-audit-filters">
        <Form.Item label={t('audit.field.actor')} name="actor">
          <Input allowClear maxLength={64} placeholder={t('audit.placeholder.actor')} />
        </Form.Item>
        <Form.Item label={t('audit.field.action')} name="action">
          <Input allowClear maxLength={64} placeholder={t('audit.placeholder.action')} />
        </Form.Item>
        <Form.Item label={t('audit.field.targetId')} name="targetId">
          <Input allowClear maxLength={64} />
        </Form.Item>
        <Form.Item label={t('audit.field.range')} name="range">
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={<span aria-hidden="true">&nbsp;</span>}>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                onChange({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </search>
  );
}
