/**
 * The points rules a grid worker may propose from a visit (积分申报): the person rules of the
 * visited grid's community that earn points today. Read when online and kept on the phone, so
 * the choice is there on a lane with no signal; the claim itself travels with the visit record.
 */
import type { Catalogue, OrgTreeNode } from '@gongzhi/api';
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { kvGet, kvSet } from './store.ts';

export interface AwardRule {
  id: string;
  title: string;
  points: number;
  category: string;
}

/** The community a grid belongs to, from the worker's own tree (their grids are its roots). */
async function communityOfGrid(gridId: string): Promise<string | null> {
  const tree = await api.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
  const stack = [...tree.roots];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.id === gridId) return node.parentId;
    stack.push(...node.children);
  }
  return null;
}

function awardRulesOf(catalogue: Catalogue): AwardRule[] {
  return catalogue.categories.flatMap((c) =>
    c.rules
      .filter((r) => r.validToday && !r.retiredAt && r.current.appliesTo === 'person' && r.current.points > 0)
      .map((r) => ({ id: r.id, title: r.current.title, points: r.current.points, category: c.name })),
  );
}

async function fetchAwardRules(gridId: string): Promise<AwardRule[]> {
  const community = await communityOfGrid(gridId);
  if (!community) return [];
  return awardRulesOf(await api.get<Catalogue>('/api/points/rules', { community }));
}

/** null while nothing is known yet (offline with nothing kept, or loading). */
export function useAwardRules(userId: string, gridId: string | null, online: boolean): AwardRule[] | null {
  const [rules, setRules] = useState<AwardRule[] | null>(null);
  useEffect(() => {
    if (!gridId) return;
    let live = true;
    const key = `award-rules|${userId}|${gridId}`;
    void (async () => {
      const kept = await kvGet<AwardRule[]>(key);
      if (live && kept) setRules(kept);
      if (!online) return;
      try {
        const fresh = await fetchAwardRules(gridId);
        await kvSet(key, fresh);
        if (live) setRules(fresh);
      } catch {
        // Offline after all, or the catalogue is not ours to read: what the phone kept stands.
      }
    })();
    return () => {
      live = false;
    };
  }, [userId, gridId, online]);
  return rules;
}
