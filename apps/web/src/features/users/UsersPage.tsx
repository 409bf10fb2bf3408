/**
 * 账号与角色 (系统管理员): accounts in the sysadmin's subtrees, searchable and paged by the
 * server, with their roles as tags (closing a tag revokes that grant after a confirmation).
 */
import { PlusOutlined } from '@ant-design/icons';
import type { RoleGrant, UserSummary } from '@gongzhi/api';
import { Alert, App, Button, Input, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../i18n/format.ts';
import { CreateUserModal } from './CreateUserModal.tsx';
import { useRevokeRole, useUsers } from './hooks.ts';
import { RoleTags } from './RoleTags.tsx';
import { isLocked, UserRowActions } from './UserRowActions.tsx';

export default function UsersPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const [query, setQuery] = useState({ q: '', page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const users = useUsers(query);
  const revoke = useRevokeRole();

  const confirmRevoke = (user: UserSummary, grant: RoleGrant) =>
    modal.confirm({
      title: t('users.revoke.title'),
      content: t('users.revoke.body', { name: user.displayName, role: t(`roles.${grant.role}`), unit: grant.unitName }),
      okText: t('users.revoke.ok'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        revoke
          .mutateAsync({ id: user.id, grantId: grant.id })
          .then(() => message.success(t('users.revoke.done')))
          .catch((err: Error) => {
            message.error(err.message);
          }),
    });

  const columns: TableColumnsType<UserSummary> = [
    { title: t('users.field.username'), dataIndex: 'username', fixed: 'start' },
    { title: t('users.field.displayName'), dataIndex: 'displayName' },
    { title: t('users.field.unit'), dataIndex: 'unitName' },
    {
      title: t('users.field.roles'),
      key: 'roles',
      width: 240,
      render: (_, user) => <RoleTags grants={user.roles} onRevoke={(g) => confirmRevoke(user, g)} />,
    },
    {
      title: t('users.field.status'),
      dataIndex: 'status',
      render: (status: UserSummary['status']) => (
        <Tag color={status === 'active' ? 'green' : 'default'}>{t(`users.statusName.${status}`)}</Tag>
      ),
    },
    {
      title: t('users.field.totp'),
      dataIndex: 'totpEnabled',
      render: (on: boolean) => (on ? <Tag color="blue">{t('users.totp.on')}</Tag> : <span>{t('users.totp.off')}</span>),
    },
    {
      title: t('users.field.lockedUntil'),
      key: 'lockedUntil',
      render: (_, user) => (isLocked(user) ? <Tag color="red">{formatTime(user.lockedUntil)}</Tag> : t('common.none')),
    },
    { title: t('common.actions'), key: 'actions', width: 250, render: (_, user) => <UserRowActions user={user} /> },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('users.title')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <search>
          <Input.Search
            allowClear
            aria-label={t('users.search')}
            placeholder={t('users.search')}
            enterButton={t('common.search')}
            style={{ maxWidth: 360 }}
            onSearch={(q) => setQuery((prev) => ({ ...prev, q, page: 1 }))}
          />
        </search>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('users.create.button')}
        </Button>
      </Space>
      {users.isError && <Alert type="error" showIcon title={users.error.message} style={{ marginBottom: 16 }} />}
      <Table<UserSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: query.page,
          pageSize: query.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setQuery((prev) => ({ ...prev, page, pageSize })),
        }}
      />
      {creating && <CreateUserModal onClose={() => setCreating(false)} />}
    </>
  );
}
