/**
 * Lookups over the org tree the server sent: a unit's node and parent by id, and the
 * ancestors to expand so a freshly created or selected unit is visible.
 */
import type { OrgTreeNode } from '@gongzhi/api';

export interface TreeIndex {
  node(id: string): OrgTreeNode | undefined;
  parent(id: string): OrgTreeNode | undefined;
  ancestorIds(id: string): string[];
  /** Every unit, depth first, as the tree shows them. */
  all(): OrgTreeNode[];
}

export function indexTree(roots: readonly OrgTreeNode[]): TreeIndex {
  const nodes = new Map<string, OrgTreeNode>();
  const parents = new Map<string, OrgTreeNode>();
  const order: OrgTreeNode[] = [];
  const visit = (node: OrgTreeNode, parent: OrgTreeNode | undefined) => {
    nodes.set(node.id, node);
    order.push(node);
    if (parent) parents.set(node.id, parent);
    for (const child of node.children) visit(child, node);
  };
  for (const root of roots) visit(root, undefined);

  return {
    node: (id) => nodes.get(id),
    parent: (id) => parents.get(id),
    ancestorIds: (id) => {
      const ids: string[] = [];
      for (let p = parents.get(id); p; p = parents.get(p.id)) ids.unshift(p.id);
      return ids;
    },
    all: () => order,
  };
}

export interface UnitOption {
  value: string;
  title: string;
  disabled: boolean;
  children: UnitOption[];
}

/** TreeSelect data: every unit, with those the caller cannot use here disabled. */
export function unitOptions(
  roots: readonly OrgTreeNode[],
  usable: (node: OrgTreeNode) => boolean,
  label: (node: OrgTreeNode) => string,
): UnitOption[] {
  return roots.map((node) => ({
    value: node.id,
    title: label(node),
    disabled: !usable(node),
    children: unitOptions(node.children, usable, label),
  }));
}
