/**
 * 查看完整号码: the full 身份证号 or phone of one person, asked for with a reason. The server
 * writes the reason to the audit log and refuses accounts without an authenticator
 * (MFA_REQUIRED_FOR_REVEAL); the value is shown in this dialog only and never cached.
 */
import { Alert, Button, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { reasonRules } from '../org/unitCode.ts';
import { useRevealPerson } from './hooks.ts';

type Field = 'idNumber' | 'phone';

export function RevealModal({
  personId,
  name,
  initialField,
  onClose,
}: {
  personId: string;
  name: string;
  initialField: Field;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ field: Field; reason: string }>();
  const showError = useFormErrors(form);
  const reveal = useRevealPerson();
  const [shown, setShown] = useState<{ field: string; value: string | null } | null>(null);
  const [needsMfa, setNeedsMfa] = useState(false);

  const onFinish = (v: { field: Field; reason: string }) =>
    reveal.mutate(
      { id: personId, field: v.field, reason: v.reason.trim() },
      {
        onSuccess: (r) => setShown(r),
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'MFA_REQUIRED_FOR_REVEAL') setNeedsMfa(true);
          else showError(err);
        },
      },
    );

  if (shown) {
    return (
      <Modal
        open
        title={t('registry.reveal.title', { name })}
        onCancel={onClose}
        footer={<Button onClick={onClose}>{t('registry.reveal.close')}</Button>}
      >
        <p>{t(`registry.person.${shown.field === 'phone' ? 'phone' : 'idNumber'}`)}</p>
        {shown.value ? (
          <Typography.Text copyable strong style={{ fontSize: 18 }} data-testid="revealed-value">
            {shown.value}
          </Typography.Text>
        ) : (
          <span>{t('common.none')}</span>
        )}
        <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('registry.reveal.audited')} />
      </Modal>
    );
  }

  return (
    <FormModal
      title={t('registry.reveal.title', { name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={reveal.isPending}
      submitText={t('registry.reveal.submit')}
      submitTestId="reveal-submit"
    >
      {needsMfa && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="reveal-mfa-required"
          title={t('registry.reveal.mfaRequired')}
          description={<Link to="/security/totp">{t('registry.reveal.mfaLink')}</Link>}
        />
      )}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ field: initialField }}>
        <Form.Item label={t('registry.reveal.field')} name="field">
          <Radio.Group
            options={[
              { value: 'idNumber', label: t('registry.person.idNumber') },
              { value: 'phone', label: t('registry.person.phone') },
            ]}
          />
        </Form.Item>
        <Form.Item
          label={t('registry.reveal.reason')}
          name="reason"
          rules={reasonRules(t, true)}
          extra={t('registry.reveal.reasonHelp')}
        >
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="reveal-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
