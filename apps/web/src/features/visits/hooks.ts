/**
 * Home visits (六必访, 民情日记) as the 工作台 calls them: coverage of a unit for a month, the
 * must-visit items (督访: the overdue ones), the diaries and one diary with its revisions, a
 * community's visit rules and the rebuild of its lists. Every answer is the shared contract
 * of packages/api/src/visits.ts.
 */
import type {
  Coverage,
  DueItem,
  DueList,
  RebuildPlansBody,
  RebuildPlansResult,
  VisitDetail,
  VisitList,
  VisitRules,
  VisitRulesBody,
  VisitSummary,
} from '@gongzhi/api';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type { Coverage, DueItem, VisitDetail, VisitRules, VisitSummary };
export type CoverageRow = Coverage['rows'][number];
export type DueStatusFilter = 'open' | 'done' | 'cancelled' | 'overdue';
export type FindingKind = VisitSummary['findings'][number]['kind'];
export type VisitMethod = VisitSummary['method'];
export type VisitFrequency = VisitRules['rules'][number]['frequency'];

export const FINDING_KINDS: readonly FindingKind[] = ['need', 'risk', 'conflict', 'living', 'other'];
export const VISIT_METHODS: readonly VisitMethod[] = ['home', 'phone', 'video', 'outside'];
export const FREQUENCIES: readonly VisitFrequency[] = ['weekly', 'monthly', 'quarterly', 'none'];

export interface DueQuery {
  unit?: string;
  month?: string;
  status: DueStatusFilter;
  page: number;
  pageSize: number;
}

export interface VisitQuery {
  unit?: string;
  household?: string;
  person?: string;
  worker?: string;
  from?: string;
  to?: string;
  finding?: FindingKind;
  page: number;
  pageSize: number;
}

export const visitKeys = {
  all: ['visits'] as const,
  coverage: (unit: string | undefined, month: string | undefined) => ['visits', 'coverage', { unit, month }] as const,
  due: (q: DueQuery) => ['visits', 'due', q] as const,
  list: (q: VisitQuery) => ['visits', 'list', q] as const,
  visit: (id: string) => ['visits', 'visit', id] as const,
  rules: (community: string) => ['visits', 'rules', community] as const,
};

/** 走访覆盖: a unit's month read from the server's tallies (its own default unit and month when left out). */
export function useCoverage(unit: string | undefined, month: string | undefined) {
  return useQuery({
    queryKey: visitKeys.coverage(unit, month),
    queryFn: () => api.get<Coverage>('/api/visits/coverage', { unit, month }),
    placeholderData: keepPreviousData,
  });
}

/** 必访清单 of a unit: by status, `overdue` being the open items whose period has ended (督访). */
export function useDueList(query: DueQuery) {
  return useQuery({
    queryKey: visitKeys.due(query),
    queryFn: () => api.get<typeof DueList.static>('/api/visits/due', { ...query }),
    placeholderData: keepPreviousData,
  });
}

/** 民情日记, newest first; `enabled` lets a panel wait for the id it filters by. */
export function useVisits(query: VisitQuery, enabled = true) {
  return useQuery({
    queryKey: visitKeys.list(query),
    queryFn: () => api.get<typeof VisitList.static>('/api/visits', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One diary with its revisions; the server records the view as an access to personal data. */
export function useVisit(id: string) {
  return useQuery({
    queryKey: visitKeys.visit(id),
    queryFn: () => api.get<VisitDetail>(`/api/visits/${encodeURIComponent(id)}`),
  });
}

export function useVisitRules(community: string | undefined) {
  return useQuery({
    queryKey: visitKeys.rules(community ?? ''),
    queryFn: () => api.get<VisitRules>('/api/visits/rules', { community }),
    enabled: Boolean(community),
  });
}

/** Saving rules rebuilds the community's current lists on the server, so every visits answer may change. */
function useVisitsMutation<TVars, TResult>(mutationFn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: visitKeys.all }),
  });
}

export function useSaveVisitRules() {
  return useVisitsMutation((body: typeof VisitRulesBody.static) => api.put<VisitRules>('/api/visits/rules', body));
}

/** 重建清单: idempotent on the server; the answer counts what changed. */
export function useRebuildPlans() {
  return useVisitsMutation((body: typeof RebuildPlansBody.static) =>
    api.post<typeof RebuildPlansResult.static>('/api/visits/plans/rebuild', body),
  );
}

/** 确认: the worker (or a manager) has read both edits of a record changed on two devices. */
export function useAckConflict() {
  return useVisitsMutation((id: string) => api.post<unknown>(`/api/visits/${encodeURIComponent(id)}/conflict/ack`));
}
