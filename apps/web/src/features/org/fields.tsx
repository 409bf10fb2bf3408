/**
 * Form fields every org dialog shares: a unit's (or party organisation's) name, and the
 * reason a structural change is recorded with in the unit's history.
 */
import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonRules } from './unitCode.ts';

/** Names are 1–64 characters, as the server's schema says. */
export function NameField({ label }: { label: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={label}
      name="name"
      rules={[{ required: true, whitespace: true, max: 64, message: t('org.field.nameRequired') }]}
    >
      <Input maxLength={64} />
    </Form.Item>
  );
}

export function ReasonField({ required, testId }: { required: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={t(required ? 'org.field.reason' : 'org.field.reasonOptional')}
      name="reason"
      rules={reasonRules(t, required)}
    >
      <Input.TextArea rows={3} maxLength={500} showCount data-testid={testId} />
    </Form.Item>
  );
}
