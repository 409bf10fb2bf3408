/**
 * A write that needs only a written reason: rejecting a topic, cancelling a meeting or a vote.
 * The reason is sent as `reason` to `path`; the parties concerned see it.
 */
import { App, Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { usePost } from './hooks.ts';

export function ReasonModal({
  title,
  path,
  label,
  done,
  min = 2,
  testId,
  onClose,
}: {
  title: ReactNode;
  path: string;
  label: string;
  done: string;
  min?: number;
  testId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const showError = useFormErrors(form);
  const post = usePost();
  return (
    <FormModal
      title={title}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={post.isPending}
      submitTestId={`${testId}-submit`}
      danger
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={({ reason }) =>
          post.mutate(
            { path, body: { reason: reason.trim() } },
            {
              onSuccess: () => {
                message.success(done);
                onClose();
              },
              onError: showError,
            },
          )
        }
      >
        <Form.Item
          label={label}
          name="reason"
          rules={[
            { required: true, whitespace: true, message: t('deliberation.common.reasonRequired') },
            { min, message: t('deliberation.common.reasonMin', { min }) },
            { max: 500 },
          ]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid={`${testId}-reason`} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
