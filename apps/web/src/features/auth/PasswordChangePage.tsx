/**
 * 修改密码. Reached from the user menu, or forced when the password has expired under 等保.
 * The list under the new password is an instant hint from the shared policy; the server's
 * PASSWORD_POLICY answer is the verdict.
 */
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { useChangePassword } from './hooks.ts';
import { PasswordHint } from './PasswordHint.tsx';
import { ownHintContext } from './passwordProblems.ts';
import { pendingStep, useSession } from './session.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export default function PasswordChangePage() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form, { passwordField: 'newPassword' });
  const change = useChangePassword();
  const newPassword = Form.useWatch('newPassword', form) ?? '';

  const onFinish = ({ currentPassword, newPassword }: Values) =>
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          message.success(t('security.password.done'));
          form.resetFields();
          navigate(pendingStep({ ...me, passwordChangeRequired: false }) ?? '/', { replace: true });
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'PASSWORD_WRONG') {
            form.setFields([{ name: 'currentPassword', errors: [err.message] }]);
            return;
          }
          showError(err);
        },
      },
    );

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('security.password.title')}
      </Typography.Title>
      {me.passwordChangeRequired && (
        <Alert type="warning" showIcon title={t('security.password.required')} style={{ marginBottom: 16 }} />
      )}
      <Card style={{ maxWidth: 520 }}>
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          {/* Lets password managers tie the new password to this account. */}
          <input type="text" name="username" autoComplete="username" value={me.user.username} readOnly hidden />
          <Form.Item
            label={t('security.password.current')}
            name="currentPassword"
            rules={[{ required: true, message: t('security.password.currentRequired') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label={t('security.password.new')}
            name="newPassword"
            rules={[{ required: true, message: t('security.password.newRequired') }]}
            extra={<PasswordHint password={newPassword} context={ownHintContext(me)} />}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label={t('security.password.confirm')}
            name="confirmPassword"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('security.password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('security.password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            {t('security.password.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
