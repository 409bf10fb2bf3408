/** Per-account actions in the table: grant a role, disable or enable, unlock, reset password. */
import type { UserSummary } from '@gongzhi/api';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GrantRoleModal } from './GrantRoleModal.tsx';
import { useSetUserStatus, useUnlockUser } from './hooks.ts';
import { ResetPasswordModal } from './ResetPasswordModal.tsx';

export function isLocked(user: UserSummary, now = Date.now()): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
}

export function UserRowActions({ user }: { user: UserSummary }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [dialog, setDialog] = useState<'grant' | 'reset' | null>(null);
  const setStatus = useSetUserStatus();
  const unlock = useUnlockUser();
  const disabling = user.status === 'active';

  const confirmStatus = () =>
    modal.confirm({
      title: t(disabling ? 'users.status.disableTitle' : 'users.status.enableTitle', { name: user.displayName }),
      content: disabling ? t('users.status.disableBody') : undefined,
      okButtonProps: { danger: disabling },
      okText: t(disabling ? 'users.actions.disable' : 'users.actions.enable'),
      cancelText: t('common.cancel'),
      onOk: () =>
        setStatus
          .mutateAsync({ id: user.id, status: disabling ? 'disabled' : 'active' })
          .then(() =>
            message.success(
              t(disabling ? 'users.status.disabled' : 'users.status.enabled', { name: user.displayName }),
            ),
          )
          .catch((err: Error) => {
            message.error(err.message);
          }),
    });

  const onUnlock = () =>
    unlock.mutate(user.id, {
      onSuccess: () => message.success(t('users.unlock.done', { name: user.displayName })),
      onError: (err) => message.error(err.message),
    });

  const label = (
    key:
      | 'users.actions.grant'
      | 'users.actions.reset'
      | 'users.actions.unlock'
      | 'users.actions.disable'
      | 'users.actions.enable',
  ) => t('users.actions.forUser', { action: t(key), name: user.displayName });

  return (
    <>
      <Space size={0} wrap>
        <Button type="link" size="small" onClick={() => setDialog('grant')} aria-label={label('users.actions.grant')}>
          {t('users.actions.grant')}
        </Button>
        <Button type="link" size="small" onClick={() => setDialog('reset')} aria-label={label('users.actions.reset')}>
          {t('users.actions.reset')}
        </Button>
        {isLocked(user) && (
          <Button
            type="link"
            size="small"
            loading={unlock.isPending}
            onClick={onUnlock}
            aria-label={label('users.actions.unlock')}
          >
            {t('users.actions.unlock')}
          </Button>
        )}
        <Button
          type="link"
          size="small"
          danger={disabling}
          onClick={confirmStatus}
          aria-label={label(disabling ? 'users.actions.disable' : 'users.actions.enable')}
        >
          {t(disabling ? 'users.actions.disable' : 'users.actions.enable')}
        </Button>
      </Space>
      {dialog === 'grant' && <GrantRoleModal user={user} onClose={() => setDialog(null)} />}
      {dialog === 'reset' && <ResetPasswordModal user={user} onClose={() => setDialog(null)} />}
    </>
  );
}
