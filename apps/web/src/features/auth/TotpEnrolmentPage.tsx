/**
 * 绑定动态验证码. Administrators must have a second factor before their session may do
 * anything; others may add one. The server hands out a secret, the user scans it into an
 * authenticator app and proves it with one code.
 */
import { Alert, App, Button, Card, Form, Input, QRCode, Result, Space, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { useConfirmTotp, useStartTotp } from './hooks.ts';
import { pendingStep, useSession } from './session.tsx';

export default function TotpEnrolmentPage() {
  const { t } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const showError = useFormErrors(form);
  const start = useStartTotp();
  const confirm = useConfirmTotp();
  const setup = start.data;

  const title = (
    <Typography.Title level={1} className="gz-page-title">
      {t('security.totp.title')}
    </Typography.Title>
  );

  if (me.totpEnabled) {
    return (
      <>
        {title}
        <Result
          status="success"
          title={t('security.totp.enabled')}
          extra={
            <Button type="primary" onClick={() => navigate('/')}>
              {t('common.backHome')}
            </Button>
          }
        />
      </>
    );
  }

  const onConfirm = ({ code }: { code: string }) =>
    confirm.mutate(code, {
      onSuccess: (next) => {
        message.success(t('security.totp.done'));
        navigate(pendingStep(next) ?? '/', { replace: true });
      },
      onError: (err) => {
        // A wrong code belongs under the code field; anything else (setup expired …) is a message.
        if (err instanceof ApiError && err.code === 'MFA_INVALID') {
          form.setFields([{ name: 'code', value: '', errors: [err.message] }]);
          return;
        }
        showError(err);
      },
    });

  return (
    <>
      {title}
      {me.mfaEnrolmentRequired && (
        <Alert type="warning" showIcon title={t('security.totp.required')} style={{ marginBottom: 16 }} />
      )}
      <Card style={{ maxWidth: 640 }}>
        <Steps
          orientation="vertical"
          current={setup ? 1 : 0}
          items={[
            { title: t('security.totp.step1'), content: t('security.totp.step1Help') },
            { title: t('security.totp.step2'), content: t('security.totp.step2Help') },
          ]}
          style={{ marginBottom: 16 }}
        />
        {!setup && (
          <Button
            type="primary"
            loading={start.isPending}
            onClick={() => start.mutate(undefined, { onError: showError })}
          >
            {t('security.totp.start')}
          </Button>
        )}
        {setup && (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <QRCode value={setup.otpauthUri} size={192} bordered aria-label={t('security.totp.qrLabel')} />
            <div>
              <Typography.Text id="totp-secret-label">{t('security.totp.secret')}</Typography.Text>
              <br />
              <Typography.Text code copyable aria-labelledby="totp-secret-label" style={{ wordBreak: 'break-all' }}>
                {setup.secret}
              </Typography.Text>
            </div>
            <Form form={form} layout="vertical" onFinish={onConfirm} requiredMark={false}>
              <Form.Item
                label={t('security.totp.code')}
                name="code"
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpFormat') }]}
              >
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ maxWidth: 200 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={confirm.isPending}>
                {t('security.totp.confirm')}
              </Button>
            </Form>
          </Space>
        )}
      </Card>
    </>
  );
}
