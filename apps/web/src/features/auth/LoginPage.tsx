/**
 * 登录. Username and password first; when the account needs a second factor the server
 * answers 401 MFA_REQUIRED and the same form asks for the 6-digit code and sends all three.
 */
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import type { LoginBody } from '@gongzhi/api';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { formatTime } from '../../i18n/format.ts';
import { PublicShell } from '../../layout/PublicShell.tsx';
import { useLogin, useMe } from './hooks.ts';
import { homeFor, pendingStep } from './session.tsx';
import { clearSessionExit } from './sessionExit.ts';

interface LoginState {
  from?: string;
  notice?: string | null;
}

function useLoginErrorText() {
  const { t } = useTranslation();
  return (err: ApiError): string => {
    if (err.code === 'ACCOUNT_LOCKED') {
      const until = (err.details as { until?: string } | undefined)?.until;
      return until ? t('login.lockedUntil', { message: err.message, time: formatTime(until) }) : err.message;
    }
    return err.message;
  };
}

export default function LoginPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginBody>();
  const navigate = useNavigate();
  const location = useLocation();
  const state = (location.state ?? {}) as LoginState;
  const me = useMe();
  const login = useLogin();
  const [needsTotp, setNeedsTotp] = useState(false);
  const errorText = useLoginErrorText();

  // The guard's `from` of the bare home page is no wish of the user's: each role has its own start.
  const from = state.from && state.from !== '/' ? state.from : null;
  if (me.data && !login.isPending) {
    return <Navigate to={pendingStep(me.data) ?? from ?? homeFor(me.data)} replace />;
  }

  const onFinish = (values: LoginBody) => {
    const body: LoginBody = { username: values.username.trim(), password: values.password };
    if (needsTotp && values.totp) body.totp = values.totp;
    login.mutate(body, {
      onSuccess: (signedIn) => {
        clearSessionExit();
        navigate(pendingStep(signedIn) ?? from ?? homeFor(signedIn), { replace: true });
      },
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'MFA_REQUIRED') setNeedsTotp(true);
        if (err instanceof ApiError && err.code === 'MFA_INVALID') form.setFieldValue('totp', '');
      },
    });
  };

  const err = login.error instanceof ApiError ? login.error : null;
  // MFA_REQUIRED is the next step of the form, not a failure; the field's help says what to do.
  const shownError = err && err.code !== 'MFA_REQUIRED' ? errorText(err) : null;

  return (
    <PublicShell>
      <Card style={{ width: '100%', maxWidth: 400, marginTop: '8vh' }}>
        <Typography.Title level={1} className="gz-page-title" style={{ textAlign: 'center' }}>
          {t('login.title')}
        </Typography.Title>
        {state.notice && !login.isError && (
          <Alert type="info" showIcon title={state.notice} style={{ marginBottom: 16 }} />
        )}
        {shownError && <Alert type="error" showIcon title={shownError} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {needsTotp && (
            <Form.Item
              label={t('login.totp')}
              name="totp"
              extra={t('login.totpHelp')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpFormat') }]}
            >
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
                data-testid="login-totp"
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </PublicShell>
  );
}
