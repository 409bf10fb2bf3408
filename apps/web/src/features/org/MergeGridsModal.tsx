/**
 * 网格合并: two or more active grids of one community or village become one new grid. The
 * merged grids are retired and the new one's history names them.
 */
import { App, Checkbox, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { NameField, ReasonField } from './fields.tsx';
import { type UnitDetail, useMergeGrids } from './hooks.ts';
import type { TreeIndex } from './treeIndex.ts';
import { unitCodeHelp, unitCodeRule } from './unitCode.ts';

interface Values {
  gridIds: string[];
  name: string;
  code: string;
  reason: string;
}

export function mergeableGrids(community: UnitDetail, index: TreeIndex) {
  return (index.node(community.id)?.children ?? []).filter((c) => c.kind === 'grid' && c.status === 'active');
}

export function MergeGridsModal({
  community,
  index,
  onClose,
  onDone,
}: {
  community: UnitDetail;
  index: TreeIndex;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const merge = useMergeGrids();
  const grids = mergeableGrids(community, index);
  const parent = { kind: community.kind, code: community.code };

  const onFinish = (values: Values) =>
    merge.mutate(
      { gridIds: values.gridIds, name: values.name.trim(), code: values.code, reason: values.reason.trim() },
      {
        onSuccess: ({ created }) => {
          message.success(t('org.merge.done', { name: created[0]?.name ?? '' }));
          if (created[0]) onDone(created[0].id);
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('org.merge.title', { name: community.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={merge.isPending}
      submitText={t('org.merge.submit')}
      submitTestId="merge-submit"
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ gridIds: [] }}>
        <Form.Item
          label={t('org.merge.grids')}
          name="gridIds"
          rules={[
            {
              validator: async (_rule, value: string[] | undefined) => {
                if (!value || value.length < 2) throw new Error(t('org.merge.minGrids'));
                if (value.length > 10) throw new Error(t('org.merge.maxGrids'));
              },
            },
          ]}
        >
          <Checkbox.Group
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            options={grids.map((g) => ({ value: g.id, label: `${g.name} (${g.code})` }))}
          />
        </Form.Item>
        <NameField label={t('org.merge.newName')} />
        <Form.Item
          label={t('org.merge.newCode')}
          name="code"
          required
          extra={unitCodeHelp('grid', parent, t)}
          rules={[unitCodeRule(() => ({ kind: 'grid', parent }), t)]}
        >
          <Input inputMode="numeric" maxLength={15} />
        </Form.Item>
        <ReasonField required />
      </Form>
    </FormModal>
  );
}
