/**
 * Picks an active org unit from the user's tree. Used wherever an account or a role is tied
 * to a unit; Form.Item's id/value/onChange pass straight through so the label stays linked.
 */
import type { OrgTreeNode } from '@gongzhi/api';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrgTree } from './hooks.ts';
import { unitOptions } from './treeIndex.ts';

interface Props {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  /** Further limits which units can be picked (all active units by default). */
  usable?: (node: OrgTreeNode) => boolean;
  'aria-invalid'?: boolean | 'true' | 'false';
}

export function UnitTreeSelect({ id, value, onChange, usable, ...aria }: Props) {
  const { t } = useTranslation();
  const tree = useOrgTree(false);
  return (
    <TreeSelect
      id={id}
      value={value}
      onChange={onChange}
      loading={tree.isPending}
      status={tree.isError ? 'error' : undefined}
      placeholder={tree.isError ? tree.error.message : t('org.pickUnit')}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandedKeys={(tree.data ?? []).map((r) => r.id)}
      treeData={unitOptions(
        tree.data ?? [],
        (n) => n.status === 'active' && (usable?.(n) ?? true),
        (n) => n.name,
      )}
      popupMatchSelectWidth={false}
      style={{ width: '100%' }}
      {...aria}
    />
  );
}
