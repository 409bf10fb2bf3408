/** Org-hierarchy use-cases (组织架构): read the tree and a unit, and reshape them. */
import type {
  MergeGridsBody,
  MoveUnitBody,
  OrgTreeNode,
  OrgUnit,
  OrgUnitDetail,
  PartyOrg,
  RenameUnitBody,
  SplitGridBody,
  SplitOrMergeResult,
} from '@gongzhi/api';
import type { PartyKind, UnitKind } from '@gongzhi/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type UnitDetail = typeof OrgUnitDetail.static;
type SplitResult = typeof SplitOrMergeResult.static;

export const orgKeys = {
  all: ['org'] as const,
  tree: (includeRetired: boolean) => ['org', 'tree', { includeRetired }] as const,
  unit: (id: string) => ['org', 'unit', id] as const,
  party: ['org', 'party'] as const,
};

export function useOrgTree(includeRetired = false) {
  return useQuery({
    queryKey: orgKeys.tree(includeRetired),
    queryFn: () => api.get<{ roots: OrgTreeNode[] }>('/api/org/tree', { includeRetired }),
    select: (data) => data.roots,
  });
}

export function useUnitDetail(id: string | null) {
  return useQuery({
    queryKey: orgKeys.unit(id ?? ''),
    queryFn: () => api.get<UnitDetail>(`/api/org/units/${encodeURIComponent(id ?? '')}`),
    enabled: id !== null,
  });
}

/** Any structural change can touch the tree, several units' details and the party list. */
function useOrgMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.all }),
  });
}

export function useCreateUnit() {
  return useOrgMutation((body: { parentId: string; kind: UnitKind; name: string; code: string }) =>
    api.post<OrgUnit>('/api/org/units', body),
  );
}

export function useRenameUnit() {
  return useOrgMutation(({ id, ...body }: { id: string } & typeof RenameUnitBody.static) =>
    api.patch<OrgUnit>(`/api/org/units/${id}`, body),
  );
}

export function useMoveUnit() {
  return useOrgMutation(({ id, ...body }: { id: string } & typeof MoveUnitBody.static) =>
    api.post<OrgUnit>(`/api/org/units/${id}/move`, body),
  );
}

export function useDeleteUnit() {
  return useOrgMutation((id: string) => api.delete<{ ok: true }>(`/api/org/units/${id}`));
}

/** 网格拆分: one grid becomes several; its history says which. */
export function useSplitGrid() {
  return useOrgMutation(({ id, ...body }: { id: string } & typeof SplitGridBody.static) =>
    api.post<SplitResult>(`/api/org/grids/${id}/split`, body),
  );
}

/** 网格合并: sibling grids of one community become one. */
export function useMergeGrids() {
  return useOrgMutation((body: typeof MergeGridsBody.static) => api.post<SplitResult>('/api/org/grids/merge', body));
}

/** 党组织: 街道党工委 → 社区党委 → 网格党支部 → 党小组, within my scope. */
export function usePartyOrgs() {
  return useQuery({
    queryKey: orgKeys.party,
    queryFn: () => api.get<{ items: PartyOrg[] }>('/api/party/orgs'),
    select: (data) => data.items,
  });
}

export function useCreatePartyOrg() {
  return useOrgMutation((body: { parentId?: string; kind: PartyKind; name: string; unitId: string }) =>
    api.post<PartyOrg>('/api/party/orgs', body),
  );
}
