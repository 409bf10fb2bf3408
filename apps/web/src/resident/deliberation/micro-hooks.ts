/**
 * 民生微实事 on the phone: my community's budgets, one budget with its projects, my own
 * proposals (with the review's explanation), and proposing a project. The vote over the
 * feasible projects is an ordinary vote (vote-hooks.ts). Answers are
 * packages/api/src/deliberation-micro.ts.
 */
import type { BudgetDetail, BudgetPage, ProjectCreateBody, ProjectPage, ProjectSummary } from '@gongzhi/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const microKeys = {
  all: ['deliberation', 'micro'] as const,
  budgets: ['deliberation', 'micro', 'budgets'] as const,
  budget: (uid: string) => ['deliberation', 'micro', 'budget', uid] as const,
  mine: ['deliberation', 'micro', 'mine'] as const,
};

export function useBudgets() {
  return useQuery({
    queryKey: microKeys.budgets,
    queryFn: () => api.get<BudgetPage>('/api/deliberation/budgets', { page: 1, pageSize: 20 }),
  });
}

export function useBudget(uid: string | undefined) {
  return useQuery({
    queryKey: microKeys.budget(uid ?? ''),
    queryFn: () => api.get<BudgetDetail>(`/api/deliberation/budgets/${uid}`),
    enabled: Boolean(uid),
  });
}

export function useMyProjects() {
  return useQuery({
    queryKey: microKeys.mine,
    queryFn: () => api.get<ProjectPage>('/api/deliberation/projects', { mine: true, page: 1, pageSize: 50 }),
  });
}

export function useProposeProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ budgetUid, body, key }: { budgetUid: string; body: ProjectCreateBody; key: string }) =>
      api.post<ProjectSummary>(`/api/deliberation/budgets/${budgetUid}/projects`, body, { 'Idempotency-Key': key }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: microKeys.all }),
  });
}
