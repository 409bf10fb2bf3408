/**
 * 标签管理 (区级管理员): the district's person tags beside the built-in ones. A tag is
 * 敏感 (shown only to roles that need it) and/or 六必访 (puts its holders on the grid
 * worker's monthly visit list). Tags are retired, never deleted: people keep their history.
 */
import { Alert, App, Button, Checkbox, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { type Tag as TagDef, useCreateTag, useTags, useUpdateTag } from './hooks.ts';

export default function TagsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const tags = useTags();
  const update = useUpdateTag();
  const [editing, setEditing] = useState<TagDef | 'new' | null>(null);

  const setStatus = (tag: TagDef, status: 'active' | 'retired') =>
    modal.confirm({
      title: t(status === 'retired' ? 'registry.tags.retireTitle' : 'registry.tags.restoreTitle', { name: tag.zh }),
      content: status === 'retired' ? t('registry.tags.retireBody') : undefined,
      okText: t(status === 'retired' ? 'registry.tags.retire' : 'registry.tags.restore'),
      okButtonProps: { danger: status === 'retired' },
      cancelText: t('common.cancel'),
      onOk: () =>
        update
          .mutateAsync({ code: tag.code, status })
          .then(() => message.success(t('registry.tags.saved')))
          .catch((err: Error) => {
            message.error(err.message);
          }),
    });

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('registry.tags.title')}
      </Typography.Title>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="create-tag-button">
          {t('registry.tags.create')}
        </Button>
      </Space>
      {tags.isError && <Alert type="error" showIcon title={tags.error.message} style={{ marginBottom: 16 }} />}
      <Table<TagDef>
        rowKey="code"
        size="middle"
        loading={tags.isFetching}
        dataSource={tags.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={false}
        columns={[
          { title: t('registry.tags.code'), dataIndex: 'code' },
          { title: t('registry.tags.zh'), dataIndex: 'zh' },
          { title: t('registry.tags.en'), dataIndex: 'en' },
          {
            title: t('registry.tags.flags'),
            key: 'flags',
            render: (_, tag) => (
              <Space size={4} wrap>
                {tag.builtin && <Tag>{t('registry.tags.builtin')}</Tag>}
                {tag.sensitive && <Tag color="red">{t('registry.tag.sensitive')}</Tag>}
                {tag.mustVisit && <Tag color="blue">{t('registry.tags.mustVisit')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('registry.tags.status'),
            dataIndex: 'status',
            render: (s: TagDef['status']) => (
              <Tag color={s === 'active' ? 'green' : 'default'}>{t(`registry.tags.statuses.${s}`)}</Tag>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, tag) =>
              tag.builtin ? null : (
                <Space size={4}>
                  <Button
                    size="small"
                    onClick={() => setEditing(tag)}
                    aria-label={t('registry.tags.editFor', { name: tag.zh })}
                  >
                    {t('registry.tags.edit')}
                  </Button>
                  <Button
                    size="small"
                    danger={tag.status === 'active'}
                    onClick={() => setStatus(tag, tag.status === 'active' ? 'retired' : 'active')}
                  >
                    {t(tag.status === 'active' ? 'registry.tags.retire' : 'registry.tags.restore')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {editing && <TagModal tag={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

interface Values {
  code: string;
  zh: string;
  en: string;
  sensitive: boolean;
  mustVisit: boolean;
}

function TagModal({ tag, onClose }: { tag: TagDef | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const create = useCreateTag();
  const update = useUpdateTag();

  const onFinish = (v: Values) => {
    const done = {
      onSuccess: () => {
        message.success(t('registry.tags.saved'));
        onClose();
      },
      onError: showError,
    };
    const common = { zh: v.zh.trim(), en: v.en.trim(), sensitive: v.sensitive, mustVisit: v.mustVisit };
    if (tag) update.mutate({ code: tag.code, ...common }, done);
    else create.mutate({ code: v.code.trim(), ...common }, done);
  };

  return (
    <FormModal
      title={tag ? t('registry.tags.editTitle', { name: tag.zh }) : t('registry.tags.create')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending || update.isPending}
      submitTestId="tag-submit"
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={tag ?? { code: '', zh: '', en: '', sensitive: false, mustVisit: false }}
      >
        <Form.Item
          label={t('registry.tags.code')}
          name="code"
          extra={t('registry.tags.codeHelp')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('registry.tags.codeFormat') }]}
        >
          <Input maxLength={40} disabled={tag !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item
          label={t('registry.tags.zh')}
          name="zh"
          rules={[{ required: true, whitespace: true, max: 32, message: t('registry.field.nameRequired') }]}
        >
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item
          label={t('registry.tags.en')}
          name="en"
          rules={[{ required: true, whitespace: true, max: 64, message: t('registry.field.nameRequired') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="sensitive" valuePropName="checked" extra={t('registry.tags.sensitiveHelp')}>
          <Checkbox>{t('registry.tag.sensitive')}</Checkbox>
        </Form.Item>
        <Form.Item name="mustVisit" valuePropName="checked" extra={t('registry.tags.mustVisitHelp')}>
          <Checkbox>{t('registry.tags.mustVisit')}</Checkbox>
        </Form.Item>
      </Form>
    </FormModal>
  );
}
