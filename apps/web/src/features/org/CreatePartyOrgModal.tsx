/**
 * 新建党组织. The kind decides which units it may attach to (党工委 → 街道, 党委 → 社区/村,
 * 支部 and 党小组 → 网格) and which organisation may be its parent; the unit must lie inside
 * the parent's unit.
 */
import type { OrgTreeNode, PartyOrg } from '@gongzhi/api';
import { isWithin, PARTY_CHILD_KINDS, PARTY_KINDS, PARTY_UNIT_KINDS, type PartyKind } from '@gongzhi/domain';
import { App, Form, Select, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { NameField } from './fields.tsx';
import { useCreatePartyOrg } from './hooks.ts';
import { type TreeIndex, unitOptions } from './treeIndex.ts';

interface Values {
  kind: PartyKind;
  name: string;
  parentId?: string;
  unitId: string;
}

interface Props {
  orgs: readonly PartyOrg[];
  roots: readonly OrgTreeNode[];
  index: TreeIndex;
  defaultParentId: string | null;
  onClose: () => void;
  onCreated: (id: string) => void;
}

export function CreatePartyOrgModal({ orgs, roots, index, defaultParentId, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const create = useCreatePartyOrg();

  const defaultParent = orgs.find((o) => o.id === defaultParentId);
  const defaultKind = (defaultParent && PARTY_CHILD_KINDS[defaultParent.kind][0]) || 'working_committee';
  const kind: PartyKind = Form.useWatch('kind', form) ?? defaultKind;
  const parentId: string | undefined = Form.useWatch('parentId', form);
  const parent = orgs.find((o) => o.id === parentId);
  const parentUnitPath = parent ? index.node(parent.unitId)?.path : undefined;
  const needsParent = kind !== 'working_committee';
  const parents = orgs.filter((o) => PARTY_CHILD_KINDS[o.kind].includes(kind));

  const unitUsable = (node: OrgTreeNode) =>
    node.status === 'active' &&
    PARTY_UNIT_KINDS[kind].includes(node.kind) &&
    (!parentUnitPath || isWithin(node.path, parentUnitPath));

  const onFinish = (values: Values) =>
    create.mutate(
      {
        kind: values.kind,
        name: values.name.trim(),
        unitId: values.unitId,
        ...(values.parentId ? { parentId: values.parentId } : {}),
      },
      {
        onSuccess: (org) => {
          message.success(t('party.create.done', { name: org.name }));
          onCreated(org.id);
        },
        onError: showError,
      },
    );

  return (
    <FormModal title={t('party.create.title')} onCancel={onClose} onSubmit={form.submit} submitting={create.isPending}>
      <Form
        form={form}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          kind: defaultKind,
          parentId: defaultParent && PARTY_CHILD_KINDS[defaultParent.kind].length ? defaultParent.id : undefined,
        }}
      >
        <Form.Item label={t('party.field.kind')} name="kind" rules={[{ required: true }]}>
          <Select
            options={PARTY_KINDS.map((k) => ({ value: k, label: t(`party.kind.${k}`) }))}
            onChange={() => form.setFieldsValue({ parentId: undefined, unitId: undefined })}
          />
        </Form.Item>
        {needsParent && (
          <Form.Item
            label={t('party.field.parent')}
            name="parentId"
            rules={[{ required: true, message: t('party.create.parentRequired') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={parents.map((o) => ({ value: o.id, label: `${o.name} (${o.unitName})` }))}
              onChange={() => form.setFieldValue('unitId', undefined)}
            />
          </Form.Item>
        )}
        <Form.Item
          label={t('party.field.unit')}
          name="unitId"
          rules={[{ required: true, message: t('party.create.unitRequired') }]}
        >
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            treeData={unitOptions(roots, unitUsable, (n) => `${n.name} (${t(`org.kind.${n.kind}`)})`)}
          />
        </Form.Item>
        <NameField label={t('party.field.name')} />
      </Form>
    </FormModal>
  );
}
