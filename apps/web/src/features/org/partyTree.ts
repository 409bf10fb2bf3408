/**
 * The party organisations arrive as a flat list; their tree comes from parentId. An
 * organisation whose parent lies outside the user's scope becomes a root of its own.
 */
import type { PartyOrg } from '@gongzhi/api';

export interface PartyNode {
  org: PartyOrg;
  children: PartyNode[];
}

export function buildPartyTree(orgs: readonly PartyOrg[]): PartyNode[] {
  const nodes = new Map<string, PartyNode>(orgs.map((org) => [org.id, { org, children: [] }]));
  const roots: PartyNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId ? nodes.get(node.org.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
