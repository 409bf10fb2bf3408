/**
 * Form pieces the case pages share: the category tree, the unit a case goes to (a department
 * or the case's community), and the reply-template picker that fills a text the staff then
 * edits before sending.
 */
import { Select, Space, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { type TemplatePurpose, useReplyTemplates } from './hooks.ts';
import { categoryOptions, useCategories, useDepartments } from './hooks-admin.ts';

export function CategoryPicker({
  id,
  value,
  onChange,
  allowClear = true,
  testId,
  ...aria
}: {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  allowClear?: boolean;
  testId?: string;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const categories = useCategories();
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      allowClear={allowClear}
      loading={categories.isPending}
      placeholder={categories.isError ? categories.error.message : t('cases.filter.category')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeData={categoryOptions(categories.data ?? [])}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      data-testid={testId}
      {...aria}
    />
  );
}

/** '' stands for "the category's default handler" where a target may be left out. */
export const DEFAULT_TARGET = '';

/**
 * Where a case goes: a department of the district, or the case's own community. With
 * `allowDefault`, the first choice is the category's default handler (the server decides,
 * and falls back to the community — 兜底 — when it has none).
 */
export function TargetPicker({
  id,
  value,
  onChange,
  communities,
  allowDefault,
  testId,
  ...aria
}: {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  communities: readonly { uid: string; name: string }[];
  allowDefault: boolean;
  testId?: string;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const { departments, loading } = useDepartments();
  const options = [
    ...(allowDefault ? [{ value: DEFAULT_TARGET, label: t('cases.dispatch.defaultTarget') }] : []),
    {
      label: t('cases.dispatch.communities'),
      options: communities.map((c) => ({ value: c.uid, label: c.name })),
    },
    {
      label: t('cases.dispatch.departments'),
      options: departments.map((d) => ({ value: d.uid, label: d.name })),
    },
  ];
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={loading}
      showSearch={{ optionFilterProp: 'label' }}
      options={options}
      style={{ width: '100%' }}
      data-testid={testId}
      {...aria}
    />
  );
}

/**
 * 回复模板: picking one puts its text into the field (`onPick`); the staff edits it before
 * sending. The chosen template's uid goes with the request and is kept on the timeline.
 */
export function TemplatePicker({
  category,
  purpose,
  value,
  onPick,
}: {
  category: string | undefined;
  purpose: TemplatePurpose;
  value: string | undefined;
  onPick: (template: { uid: string; body: string } | undefined) => void;
}) {
  const { t } = useTranslation();
  const templates = useReplyTemplates(category, purpose);
  const items = templates.data ?? [];
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      <Select
        value={value}
        allowClear
        loading={templates.isPending}
        placeholder={
          templates.isError
            ? templates.error.message
            : items.length === 0 && !templates.isPending
              ? t('cases.template.none')
              : t('cases.template.pick')
        }
        disabled={items.length === 0 && !templates.isPending}
        onChange={(uid?: string) => {
          const picked = items.find((i) => i.uid === uid);
          onPick(picked ? { uid: picked.uid, body: picked.body } : undefined);
        }}
        options={items.map((i) => ({ value: i.uid, label: i.title }))}
        style={{ width: '100%' }}
        aria-label={t('cases.template.label')}
        data-testid="template-picker"
      />
    </Space>
  );
}
