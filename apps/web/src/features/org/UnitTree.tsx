/**
 * The administrative tree (区 → 街道 → 社区/村 → 网格) of the user's scope. Retired units appear
 * only when asked for, greyed and marked, so the history of split and merged grids stays
 * reachable.
 */
import type { OrgTreeNode } from '@gongzhi/api';
import { Tag, Tree, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TreeIndex } from './treeIndex.ts';
import { UnitKindIcon } from './UnitKindTag.tsx';

interface Props {
  roots: readonly OrgTreeNode[];
  index: TreeIndex;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

interface TreeNodeData {
  key: string;
  title: ReactNode;
  children: TreeNodeData[];
}

function UnitTitle({ node }: { node: OrgTreeNode }) {
  const { t } = useTranslation();
  const retired = node.status === 'retired';
  return (
    <span data-unit-id={node.id} className={retired ? 'gz-unit-title gz-unit-retired' : 'gz-unit-title'}>
      <UnitKindIcon kind={node.kind} />
      <span>{node.name}</span>
      <Typography.Text type="secondary" className="gz-unit-code">
        {node.code}
      </Typography.Text>
      {retired && <Tag style={{ marginInlineEnd: 0 }}>{t('org.status.retired')}</Tag>}
    </span>
  );
}

function toTreeData(nodes: readonly OrgTreeNode[]): TreeNodeData[] {
  return nodes.map((node) => ({ key: node.id, title: <UnitTitle node={node} />, children: toTreeData(node.children) }));
}

/** Roots and their children open at first: a street official sees its communities at once. */
function firstLevels(roots: readonly OrgTreeNode[]): string[] {
  return roots.flatMap((r) => [r.id, ...r.children.filter((c) => c.children.length > 0).map((c) => c.id)]);
}

export function UnitTree({ roots, index, selectedId, onSelect }: Props) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState<string[]>(() => firstLevels(roots));
  const treeData = useMemo(() => toTreeData(roots), [roots]);

  // A unit chosen elsewhere (breadcrumb, a split's new grids) must become visible in the tree.
  useEffect(() => {
    if (!selectedId) return;
    const ancestors = index.ancestorIds(selectedId);
    setExpanded((prev) => (ancestors.every((id) => prev.includes(id)) ? prev : [...new Set([...prev, ...ancestors])]));
    const frame = requestAnimationFrame(() =>
      document.querySelector(`[data-unit-id="${selectedId}"]`)?.scrollIntoView({ block: 'nearest' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [selectedId, index]);

  return (
    <div data-testid="org-tree">
      <Tree
        aria-label={t('org.tree.label')}
        blockNode
        treeData={treeData}
        expandedKeys={expanded}
        onExpand={(keys) => setExpanded(keys.map(String))}
        selectedKeys={selectedId ? [selectedId] : []}
        onSelect={(keys) => {
          const [key] = keys;
          if (key !== undefined) onSelect(String(key));
        }}
      />
    </div>
  );
}
