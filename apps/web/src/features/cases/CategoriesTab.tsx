/**
 * 事件分类: the district's tree (大类 and their 小类) with each category's default handler (the
 * community, or a department), its time limits to respond and to resolve (hours on the clock
 * or working days on the calendar), whether it may go to the council (可议事) and whether it
 * is in use. Categories are added and edited in a dialog; the code never changes once made
 * (Open311 clients hold it).
 */
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { ScrollRegion } from './display.tsx';
import {
  type CaseCategory,
  type CaseCategoryGroup,
  useCategories,
  useCreateCategory,
  useDepartments,
  useUpdateCategory,
} from './hooks-admin.ts';

type Sla = CaseCategory['response'];
type Node = CaseCategory & { children?: CaseCategory[] };

export const slaText = (s: Sla, t: TFunction) =>
  t(s.unit === 'hours' ? 'cases.admin.category.hours' : 'cases.admin.category.workingDays', { count: s.amount });

export function CategoriesTab() {
  const { t } = useTranslation();
  const categories = useCategories();
  const [editing, setEditing] = useState<{ category?: CaseCategory; parent?: string } | null>(null);
  const groups = categories.data ?? [];
  // Every group open until the admin folds one (the data arrives after the first render).
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const data: Node[] = groups.map((g) => ({ ...g, children: g.children.length ? g.children : undefined }));

  const columns: TableColumnsType<Node> = [
    {
      title: t('cases.admin.category.name'),
      key: 'name',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span>
            {c.name}
            {c.fallback && <Tag style={{ marginInlineStart: 6 }}>{t('cases.admin.category.fallback')}</Tag>}
          </span>
          <span className="gz-muted gz-case-small">
            {c.code}
            {c.nameEn ? ` · ${c.nameEn}` : ''}
          </span>
        </Space>
      ),
    },
    {
      title: t('cases.admin.category.handler'),
      key: 'handler',
      width: 190,
      render: (_, c) => (c.department ? c.department.name : t('cases.admin.category.community')),
    },
    {
      title: t('cases.admin.category.response'),
      key: 'response',
      width: 110,
      render: (_, c) => slaText(c.response, t),
    },
    { title: t('cases.admin.category.resolve'), key: 'resolve', width: 110, render: (_, c) => slaText(c.resolve, t) },
    {
      title: t('cases.admin.category.deliberable'),
      key: 'deliberable',
      width: 90,
      render: (_, c) => (c.deliberable ? <Tag color="blue">{t('cases.admin.category.yes')}</Tag> : t('common.none')),
    },
    {
      title: t('cases.admin.category.active'),
      key: 'active',
      width: 90,
      render: (_, c) =>
        c.active ? (
          <Tag color="green">{t('cases.admin.category.inUse')}</Tag>
        ) : (
          <Tag>{t('cases.admin.category.inactive')}</Tag>
        ),
    },
    { title: t('cases.admin.category.sort'), dataIndex: 'sort', width: 70, align: 'right' },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, c) => (
        <Space size={4} wrap>
          <Button size="small" onClick={() => setEditing({ category: c })} data-testid="category-edit">
            {t('cases.admin.edit')}
          </Button>
          {c.parentUid === null && (
            <Button size="small" onClick={() => setEditing({ parent: c.uid })} data-testid="category-add-child">
              {t('cases.admin.category.addChild')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="category-create">
          {t('cases.admin.category.create')}
        </Button>
        <Typography.Text className="gz-muted">{t('cases.admin.category.hint')}</Typography.Text>
      </Space>
      {categories.isError && <Alert type="error" showIcon title={categories.error.message} />}
      <ScrollRegion label={t('cases.admin.tab.categories')}>
        <Table<Node>
          rowKey="uid"
          size="small"
          columns={columns}
          dataSource={data}
          loading={categories.isFetching}
          pagination={false}
          expandable={{
            expandedRowKeys: expanded ?? groups.map((g) => g.uid),
            onExpandedRowsChange: (keys) => setExpanded(keys.map(String)),
          }}
          style={{ minWidth: 960 }}
          data-testid="categories-table"
        />
      </ScrollRegion>
      {editing && (
        <CategoryModal
          category={editing.category}
          parent={editing.parent}
          groups={groups}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

interface Values {
  code?: string;
  name: string;
  nameEn?: string;
  description?: string;
  parent?: string | null;
  handlerKind: 'community' | 'department';
  department?: string;
  response: Sla;
  resolve: Sla;
  deliberable: boolean;
  active: boolean;
  sort: number;
}

function SlaField({ name, label }: { name: 'response' | 'resolve'; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item label={label} required>
      <Space.Compact style={{ width: '100%' }}>
        <Form.Item
          name={[name, 'amount']}
          noStyle
          rules={[{ required: true, type: 'integer', min: 1, max: 720, message: t('cases.admin.category.slaInvalid') }]}
        >
          <InputNumber
            min={1}
            max={720}
            precision={0}
            style={{ width: '50%' }}
            aria-label={`${label} · ${t('cases.admin.category.amount')}`}
          />
        </Form.Item>
        <Form.Item name={[name, 'unit']} noStyle>
          <Select
            style={{ width: '50%' }}
            aria-label={`${label} · ${t('cases.admin.category.unit')}`}
            options={[
              { value: 'hours', label: t('cases.admin.category.unitHours') },
              { value: 'working_days', label: t('cases.admin.category.unitWorkingDays') },
            ]}
          />
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

function CategoryModal({
  category: c,
  parent,
  groups,
  onClose,
}: {
  category?: CaseCategory;
  parent?: string;
  groups: readonly CaseCategoryGroup[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const { departments } = useDepartments();
  const handlerKind = Form.useWatch('handlerKind', form);
  const isGroup = c ? groups.some((g) => g.uid === c.uid && g.children.length > 0) : false;

  const initial: Values = c
    ? {
        name: c.name,
        nameEn: c.nameEn ?? undefined,
        description: c.description ?? undefined,
        parent: c.parentUid,
        handlerKind: c.handlerKind,
        department: c.department?.uid,
        response: c.response,
        resolve: c.resolve,
        deliberable: c.deliberable,
        active: c.active,
        sort: c.sort,
      }
    : {
        parent: parent ?? null,
        handlerKind: 'community',
        response: { amount: 24, unit: 'hours' },
        resolve: { amount: 7, unit: 'working_days' },
        deliberable: false,
        active: true,
        sort: 0,
        name: '',
      };

  const onFinish = (v: Values) => {
    const fields = {
      name: v.name.trim(),
      nameEn: v.nameEn?.trim() || null,
      description: v.description?.trim() || null,
      parent: v.parent ?? null,
      department: v.handlerKind === 'department' ? (v.department ?? null) : null,
      response: v.response,
      resolve: v.resolve,
      deliberable: v.deliberable,
      active: v.active,
      sort: v.sort,
    };
    const done = {
      onSuccess: () => {
        message.success(t(c ? 'cases.admin.category.saved' : 'cases.admin.category.created'));
        onClose();
      },
      onError: showError,
    };
    if (c) update.mutate({ uid: c.uid, patch: fields }, done);
    else create.mutate({ code: (v.code ?? '').trim(), ...fields }, done);
  };

  return (
    <FormModal
      title={c ? t('cases.admin.category.editTitle', { name: c.name }) : t('cases.admin.category.createTitle')}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={create.isPending || update.isPending}
      submitTestId="category-submit"
      width={640}
    >
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={initial}>
        {!c && (
          <Form.Item
            label={t('cases.admin.category.code')}
            name="code"
            extra={t('cases.admin.category.codeHint')}
            rules={[
              { required: true, message: t('cases.admin.category.codeRequired') },
              { pattern: /^[a-z0-9][a-z0-9._-]{0,39}$/, message: t('cases.admin.category.codeInvalid') },
            ]}
          >
            <Input maxLength={40} data-testid="category-code" />
          </Form.Item>
        )}
        <Form.Item
          label={t('cases.admin.category.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('cases.admin.category.nameRequired') }, { max: 40 }]}
        >
          <Input maxLength={40} data-testid="category-name" />
        </Form.Item>
        <Form.Item label={t('cases.admin.category.nameEn')} name="nameEn" rules={[{ max: 80 }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item label={t('cases.admin.category.parent')} name="parent">
          <Select
            disabled={isGroup}
            options={[
              { value: null, label: t('cases.admin.category.topLevel') },
              ...groups.filter((g) => g.uid !== c?.uid).map((g) => ({ value: g.uid, label: g.name })),
            ]}
          />
        </Form.Item>
        <Form.Item label={t('cases.admin.category.handler')} name="handlerKind">
          <Radio.Group
            options={[
              { value: 'community', label: t('cases.admin.category.community') },
              { value: 'department', label: t('cases.admin.category.department') },
            ]}
          />
        </Form.Item>
        {handlerKind === 'department' && (
          <Form.Item
            label={t('cases.admin.category.department')}
            name="department"
            rules={[{ required: true, message: t('cases.admin.category.departmentRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={departments.map((d) => ({ value: d.uid, label: d.name }))}
              data-testid="category-department"
            />
          </Form.Item>
        )}
        <SlaField name="response" label={t('cases.admin.category.response')} />
        <SlaField name="resolve" label={t('cases.admin.category.resolve')} />
        <Space size="large" wrap>
          <Form.Item label={t('cases.admin.category.deliberable')} name="deliberable" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item label={t('cases.admin.category.active')} name="active" valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item label={t('cases.admin.category.sort')} name="sort">
            <InputNumber min={0} max={100000} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item label={t('cases.admin.category.description')} name="description" rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
