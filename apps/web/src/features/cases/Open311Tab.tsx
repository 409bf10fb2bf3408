/**
 * Open311 clients: apps that post reports through the GeoReport v2 API with an api_key. A new
 * client's key is shown once, right after it is made (only its hash is kept); a client is
 * revoked, never deleted, so its past reports still name it.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { ScrollRegion } from './display.tsx';
import {
  type Open311Client,
  type Open311ClientCreated,
  useCreateOpen311Client,
  useOpen311Clients,
  useRevokeOpen311Client,
} from './hooks-admin.ts';

export function Open311Tab() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const clients = useOpen311Clients();
  const revoke = useRevokeOpen311Client();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Open311ClientCreated | null>(null);

  const onRevoke = (c: Open311Client) =>
    modal.confirm({
      title: t('cases.admin.open311.revokeTitle', { name: c.name }),
      content: t('cases.admin.open311.revokeBody'),
      okText: t('cases.admin.open311.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        revoke.mutateAsync(c.uid).then(
          () => message.success(t('cases.admin.open311.revoked', { name: c.name })),
          (err: Error) => message.error(err.message),
        ),
    });

  const columns: TableColumnsType<Open311Client> = [
    { title: t('cases.admin.open311.name'), dataIndex: 'name' },
    {
      title: t('cases.admin.open311.key'),
      key: 'key',
      width: 140,
      render: (_, c) => <code>…{c.keyHint}</code>,
    },
    { title: t('cases.admin.open311.username'), dataIndex: 'username', width: 180 },
    {
      title: t('cases.admin.open311.created'),
      key: 'created',
      width: 190,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span className="gz-case-small">{formatTime(c.createdAt)}</span>
          {c.createdBy && <span className="gz-muted gz-case-small">{c.createdBy}</span>}
        </Space>
      ),
    },
    {
      title: t('cases.admin.open311.state'),
      key: 'active',
      width: 90,
      render: (_, c) =>
        c.active ? (
          <Tag color="green">{t('cases.admin.open311.active')}</Tag>
        ) : (
          <Tag>{t('cases.admin.open311.revokedTag')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, c) =>
        c.active ? (
          <Button size="small" danger onClick={() => onRevoke(c)} data-testid="open311-revoke">
            {t('cases.admin.open311.revoke')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="open311-create">
          {t('cases.admin.open311.create')}
        </Button>
        <Typography.Text className="gz-muted">{t('cases.admin.open311.hint')}</Typography.Text>
      </Space>
      {clients.isError && <Alert type="error" showIcon title={clients.error.message} />}
      <ScrollRegion label={t('cases.admin.tab.open311')}>
        <Table<Open311Client>
          rowKey="uid"
          size="small"
          columns={columns}
          dataSource={clients.data ?? []}
          loading={clients.isFetching}
          pagination={false}
          style={{ minWidth: 820 }}
          data-testid="open311-table"
        />
      </ScrollRegion>
      {creating && (
        <CreateClientModal
          onClose={(c) => {
            setCreating(false);
            if (c) setCreated(c);
          }}
        />
      )}
      {created && (
        <Modal
          open
          title={t('cases.admin.open311.createdTitle', { name: created.name })}
          onCancel={() => setCreated(null)}
          mask={{ closable: false }}
          footer={
            <Button type="primary" onClick={() => setCreated(null)}>
              {t('cases.admin.open311.stored')}
            </Button>
          }
        >
          <Alert type="warning" showIcon title={t('cases.admin.open311.onlyOnce')} style={{ marginBottom: 12 }} />
          <Typography.Paragraph copyable={{ text: created.apiKey }} data-testid="open311-key">
            <code>{created.apiKey}</code>
          </Typography.Paragraph>
        </Modal>
      )}
    </>
  );
}

function CreateClientModal({ onClose }: { onClose: (created?: Open311ClientCreated) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const showError = useFormErrors(form);
  const create = useCreateOpen311Client();
  return (
    <FormModal
      title={t('cases.admin.open311.create')}
      onCancel={() => onClose()}
      onSubmit={form.submit}
      submitting={create.isPending}
      submitTestId="open311-submit"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={({ name }) => create.mutate(name.trim(), { onSuccess: (c) => onClose(c), onError: showError })}
      >
        <Form.Item
          label={t('cases.admin.open311.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('cases.admin.open311.nameRequired') }, { max: 60 }]}
        >
          <Input maxLength={60} data-testid="open311-name" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
