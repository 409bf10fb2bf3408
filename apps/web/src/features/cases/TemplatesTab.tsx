/**
 * 回复模板: the texts staff pick when accepting, rejecting, resolving, returning a case and
 * on the follow-up call — for one category or for every category. Staff edit the text before
 * sending; a template no longer used is switched off rather than deleted.
 */
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { formatTime } from '../../i18n/format.ts';
import { ScrollRegion } from './display.tsx';
import {
  type CaseTemplate,
  type CaseTemplatePurpose,
  TEMPLATE_PURPOSES,
  useAllTemplates,
  useCreateTemplate,
  useUpdateTemplate,
} from './hooks-admin.ts';
import { CategoryPicker } from './pickers.tsx';

export function TemplatesTab() {
  const { t } = useTranslation();
  const templates = useAllTemplates();
  const [purpose, setPurpose] = useState<CaseTemplatePurpose | undefined>();
  const [editing, setEditing] = useState<{ template?: CaseTemplate } | null>(null);
  const items = (templates.data ?? []).filter((i) => !purpose || i.purpose === purpose);

  const columns: TableColumnsType<CaseTemplate> = [
    {
      title: t('cases.admin.template.purpose'),
      key: 'purpose',
      width: 110,
      render: (_, x) => <Tag>{t(`cases.admin.template.purposes.${x.purpose}`)}</Tag>,
    },
    {
      title: t('cases.admin.template.category'),
      key: 'category',
      width: 140,
      render: (_, x) => x.category?.name ?? t('cases.admin.template.allCategories'),
    },
    { title: t('cases.admin.template.title'), dataIndex: 'title', width: 160 },
    {
      title: t('cases.admin.template.body'),
      key: 'body',
      render: (_, x) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: x.body }} style={{ margin: 0 }}>
          {x.body}
        </Typography.Paragraph>
      ),
    },
    {
      title: t('cases.admin.category.active'),
      key: 'active',
      width: 80,
      render: (_, x) =>
        x.active ? (
          <Tag color="green">{t('cases.admin.category.inUse')}</Tag>
        ) : (
          <Tag>{t('cases.admin.category.inactive')}</Tag>
        ),
    },
    {
      title: t('cases.admin.template.updated'),
      key: 'updated',
      width: 170,
      render: (_, x) => (
        <Space orientation="vertical" size={0}>
          <span className="gz-case-small">{formatTime(x.updatedAt)}</span>
          {x.updatedBy && <span className="gz-muted gz-case-small">{x.updatedBy}</span>}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      render: (_, x) => (
        <Button size="small" onClick={() => setEditing({ template: x })} data-testid="template-edit">
          {t('cases.admin.edit')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="template-create">
          {t('cases.admin.template.create')}
        </Button>
        <Select<CaseTemplatePurpose>
          value={purpose}
          allowClear
          placeholder={t('cases.admin.template.allPurposes')}
          onChange={setPurpose}
          options={TEMPLATE_PURPOSES.map((p) => ({ value: p, label: t(`cases.admin.template.purposes.${p}`) }))}
          style={{ width: 180 }}
          aria-label={t('cases.admin.template.purpose')}
        />
      </Space>
      {templates.isError && <Alert type="error" showIcon title={templates.error.message} />}
      <ScrollRegion label={t('cases.admin.tab.templates')}>
        <Table<CaseTemplate>
          rowKey="uid"
          size="small"
          columns={columns}
          dataSource={items}
          loading={templates.isFetching}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          style={{ minWidth: 900 }}
          data-testid="templates-table"
        />
      </ScrollRegion>
      {editing && <TemplateModal template={editing.template} onClose={() => setEditing(null)} />}
    </>
  );
}

interface Values {
  purpose: CaseTemplatePurpose;
  category?: string;
  title: string;
  body: string;
  active: boolean;
}

function TemplateModal({ template: x, onClose }: { template?: CaseTemplate; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const create = useCreateTemplate();
  const update = useUpdateTemplate();

  const onFinish = (v: Values) => {
    const body = {
      purpose: v.purpose,
      category: v.category ?? null,
      title: v.title.trim(),
      body: v.body.trim(),
      active: v.active,
    };
    const done = {
      onSuccess: () => {
        message.success(t('cases.admin.template.saved'));
        onClose();
      },
      onError: showError,
    };
    if (x) update.mutate({ uid: x.uid, patch: body }, done);
    else create.mutate(body, done);
  };

  return (
    <FormModal
      title={x ? t('cases.admin.template.editTitle', { title: x.title }) : t('cases.admin.template.createTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending || update.isPending}
      submitTestId="template-submit"
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={
          x
            ? { purpose: x.purpose, category: x.category?.uid, title: x.title, body: x.body, active: x.active }
            : { purpose: 'accept', active: true, title: '', body: '' }
        }
      >
        <Form.Item label={t('cases.admin.template.purpose')} name="purpose" rules={[{ required: true }]}>
          <Select
            options={TEMPLATE_PURPOSES.map((p) => ({ value: p, label: t(`cases.admin.template.purposes.${p}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('cases.admin.template.category')}
          name="category"
          extra={t('cases.admin.template.categoryHint')}
        >
          <CategoryPicker />
        </Form.Item>
        <Form.Item
          label={t('cases.admin.template.title')}
          name="title"
          rules={[{ required: true, whitespace: true, message: t('cases.admin.template.titleRequired') }, { max: 40 }]}
        >
          <Input maxLength={40} data-testid="template-title" />
        </Form.Item>
        <Form.Item
          label={t('cases.admin.template.body')}
          name="body"
          rules={[{ required: true, whitespace: true, message: t('cases.admin.template.bodyRequired') }, { max: 1000 }]}
        >
          <Input.TextArea rows={5} maxLength={1000} showCount data-testid="template-body" />
        </Form.Item>
        <Form.Item label={t('cases.admin.category.active')} name="active" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
