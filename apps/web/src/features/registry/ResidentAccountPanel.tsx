/**
 * 居民账号 on a person's page: whether the resident has their own account for the phone pages
 * (积分, 申报, 兑换), and opening one for them at the window. The account is linked to this
 * person and holds the resident role on their grid; the initial password is handed over in person.
 */
import type { ResidentAccountBody, ResidentAccountState } from '@gongzhi/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';

const accountKey = (person: string) => ['residents', 'account', person] as const;

export function ResidentAccountPanel({ person, active }: { person: string; active: boolean }) {
  const me = useSession();
  if (!can(me, 'registry:read')) return null;
  return <Panel person={person} active={active} mayOpen={can(me, 'registry:write')} />;
}

function Panel({ person, active, mayOpen }: { person: string; active: boolean; mayOpen: boolean }) {
  const { t } = useTranslation();
  const [opening, setOpening] = useState(false);
  const state = useQuery({
    queryKey: accountKey(person),
    queryFn: () => api.get<ResidentAccountState>('/api/residents/account', { person }),
  });
  const account = state.data?.account;
  return (
    <Card size="small" title={<h2 className="gz-card-title">{t('registry.residentAccount.title')}</h2>}>
      {account ? (
        <Descriptions size="small" column={1} data-testid="resident-account">
          <Descriptions.Item label={t('registry.residentAccount.username')}>{account.username}</Descriptions.Item>
          <Descriptions.Item label={t('registry.residentAccount.status')}>
            <Tag color={account.status === 'active' ? 'green' : 'default'}>
              {t(`registry.residentAccount.${account.status}`)}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('registry.residentAccount.since')}>
            {formatTime(account.createdAt)}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <p className="gz-muted">{state.isPending ? t('common.loading') : t('registry.residentAccount.none')}</p>
      )}
      {!account && !state.isPending && mayOpen && active && (
        <Button onClick={() => setOpening(true)} data-testid="open-resident-account">
          {t('registry.residentAccount.open')}
        </Button>
      )}
      {opening && <OpenAccountModal person={person} onClose={() => setOpening(false)} />}
    </Card>
  );
}

function OpenAccountModal({ person, onClose }: { person: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; password: string }>();
  const showError = useFormErrors(form);
  const queryClient = useQueryClient();
  const open = useMutation({
    mutationFn: (body: typeof ResidentAccountBody.static) =>
      api.post<ResidentAccountState>('/api/residents/account', body, { 'Idempotency-Key': crypto.randomUUID() }),
    onSuccess: (state) => queryClient.setQueryData(accountKey(person), state),
  });
  return (
    <FormModal
      title={t('registry.residentAccount.open')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={open.isPending}
      submitTestId="resident-account-submit"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => open.mutate({ person, ...v }, { onSuccess: onClose, onError: showError })}
      >
        <Form.Item
          label={t('registry.residentAccount.username')}
          name="username"
          extra={t('registry.residentAccount.usernameHelp')}
          rules={[
            {
              required: true,
              pattern: /^[a-z][a-z0-9._-]{2,31}$/,
              message: t('registry.residentAccount.usernameHelp'),
            },
          ]}
        >
          <Input autoComplete="off" data-testid="resident-username" />
        </Form.Item>
        <Form.Item
          label={t('registry.residentAccount.password')}
          name="password"
          extra={t('registry.residentAccount.passwordHelp')}
          rules={[{ required: true }]}
        >
          <Input.Password autoComplete="new-password" data-testid="resident-password" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
