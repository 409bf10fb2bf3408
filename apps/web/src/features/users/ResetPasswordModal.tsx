/** 重置密码: the sysadmin sets a temporary password; the failed-login lock is lifted with it. */
import type { UserSummary } from '@gongzhi/api';
import { App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { PasswordHint } from '../auth/PasswordHint.tsx';
import { useResetPassword } from './hooks.ts';

export function ResetPasswordModal({ user, onClose }: { user: UserSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const showError = useFormErrors(form, { passwordField: 'password' });
  const reset = useResetPassword();
  const password = Form.useWatch('password', form) ?? '';
  const isStaff = user.roles.some((g) => g.role !== 'resident');

  const onFinish = ({ password }: { password: string }) =>
    reset.mutate(
      { id: user.id, password },
      {
        onSuccess: () => {
          message.success(t('users.reset.done', { name: user.displayName }));
          onClose();
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('users.reset.title', { name: user.displayName })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={reset.isPending}
    >
      <Form form={form} layout="vertical" onFinish={onFinish} autoComplete="off">
        <Form.Item
          label={t('users.reset.password')}
          name="password"
          rules={[{ required: true, message: t('users.create.passwordRequired') }]}
          extra={<PasswordHint password={password} context={{ username: user.username, isStaff, dengbao: false }} />}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
