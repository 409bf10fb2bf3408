/**
 * 调整隶属: a unit moves under another parent and takes a code that fits there. Parents
 * that may not hold this kind, retired units and the unit's own subtree are disabled.
 */
import type { OrgTreeNode } from '@gongzhi/api';
import { CHILD_KINDS, isWithin } from '@gongzhi/domain';
import { App, Form, Input, TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { ReasonField } from './fields.tsx';
import { type UnitDetail, useMoveUnit } from './hooks.ts';
import { type TreeIndex, unitOptions } from './treeIndex.ts';
import { unitCodeHelp, unitCodeRule } from './unitCode.ts';

interface Values {
  parentId: string;
  code: string;
  reason: string;
}

interface Props {
  unit: UnitDetail;
  roots: readonly OrgTreeNode[];
  index: TreeIndex;
  onClose: () => void;
  onDone: (id: string) => void;
}

export function MoveUnitModal({ unit, roots, index, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const showError = useFormErrors(form);
  const move = useMoveUnit();
  const parentId = Form.useWatch('parentId', form);
  const parentOf = (id: string | undefined) => {
    const node = id ? index.node(id) : undefined;
    return node ? { kind: node.kind, code: node.code } : undefined;
  };

  const usable = (node: OrgTreeNode) =>
    node.status === 'active' &&
    node.id !== unit.parentId &&
    !isWithin(node.path, unit.path) &&
    CHILD_KINDS[node.kind].includes(unit.kind);

  const onFinish = ({ parentId, code, reason }: Values) =>
    move.mutate(
      { id: unit.id, parentId, code, reason: reason.trim() },
      {
        onSuccess: (moved) => {
          message.success(t('org.move.done', { name: moved.name }));
          onDone(moved.id);
        },
        onError: showError,
      },
    );

  return (
    <FormModal
      title={t('org.move.title', { name: unit.name })}
      onCancel={onClose}
      onSubmit={form.submit}
      submitting={move.isPending}
    >
      <Form form={form} layout="vertical" onFinish={onFinish}>
        <Form.Item
          label={t('org.move.newParent')}
          name="parentId"
          rules={[{ required: true, message: t('org.move.parentRequired') }]}
        >
          <TreeSelect
            showSearch={{ treeNodeFilterProp: 'title' }}
            treeDefaultExpandAll
            treeData={unitOptions(roots, usable, (n) => `${n.name} (${t(`org.kind.${n.kind}`)})`)}
            onChange={() => void form.validateFields(['code']).catch(() => {})}
          />
        </Form.Item>
        <Form.Item
          label={t('org.move.newCode')}
          name="code"
          required
          extra={unitCodeHelp(unit.kind, parentOf(parentId), t)}
          rules={[unitCodeRule(() => ({ kind: unit.kind, parent: parentOf(form.getFieldValue('parentId')) }), t)]}
        >
          <Input inputMode="numeric" maxLength={15} />
        </Form.Item>
        <ReasonField required />
      </Form>
    </FormModal>
  );
}
