/**
 * Cases (事件) on the phone: the use-cases of the residents' pages (说事, my reports, 评事), of
 * the grid worker's report page and of the public board, as TanStack Query hooks. Every
 * write carries an Idempotency-Key and every new report a uid the phone made, so a retry after
 * a lost answer never makes two cases. Answers are the shared contract of
 * packages/api/src/cases-*.ts.
 */
import type {
  CaseDetail,
  CreateCaseBody,
  MyCaseList,
  NearbyCases,
  PublicCaseDetail,
  PublicCaseList,
  RateCaseBody,
  ReportCaseBody,
} from '@gongzhi/api';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { CategoryTree } from './types.ts';

export const CASES_PAGE_SIZE = 20;
/** How often an open page of my reports asks again: the status is live, not a snapshot. */
export const LIVE_MS = 30_000;

export const caseKeys = {
  categories: ['cases', 'categories'] as const,
  nearby: (category: string, lng: number, lat: number) => ['cases', 'nearby', category, lng, lat] as const,
  mine: ['cases', 'me'] as const,
  detail: (uid: string) => ['cases', 'detail', uid] as const,
  board: (community: string) => ['public', 'cases', community] as const,
  receipt: (receiptNo: string) => ['public', 'cases', 'receipt', receiptNo] as const,
};

const idem = (key: string) => ({ 'Idempotency-Key': key });

export function useCaseCategories() {
  return useQuery({
    queryKey: caseKeys.categories,
    queryFn: () => api.get<CategoryTree>('/api/cases/categories'),
    staleTime: 10 * 60_000,
  });
}

/** "是同一个问题吗?": open cases of the category within 50 m, reported in the last 3 days. */
export function fetchNearby(category: string, lng: number, lat: number): Promise<NearbyCases> {
  return api.get<NearbyCases>('/api/cases/nearby', { category, lng, lat });
}

// ── the resident ──
export function useMyCases() {
  return useInfiniteQuery({
    queryKey: caseKeys.mine,
    queryFn: ({ pageParam }) => api.get<MyCaseList>('/api/cases/me', { page: pageParam, pageSize: CASES_PAGE_SIZE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    refetchInterval: LIVE_MS,
    refetchOnWindowFocus: true,
  });
}

export function useCaseDetail(uid: string | undefined) {
  return useQuery({
    queryKey: caseKeys.detail(uid ?? ''),
    queryFn: () => api.get<CaseDetail>(`/api/cases/${uid}`),
    enabled: Boolean(uid),
    refetchInterval: LIVE_MS,
    refetchOnWindowFocus: true,
  });
}

export function useReportCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: ReportCaseBody; key: string }) =>
      api.post<CaseDetail>('/api/cases/me', body, idem(key)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: caseKeys.mine }),
  });
}

export function useRateCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ uid, body, key }: { uid: string; body: RateCaseBody; key: string }) =>
      api.post<CaseDetail>(`/api/cases/${uid}/rate`, body, idem(key)),
    onSuccess: (detail) => {
      queryClient.setQueryData(caseKeys.detail(detail.uid), detail);
      void queryClient.invalidateQueries({ queryKey: caseKeys.mine });
    },
  });
}

// ── the grid worker ──
export function useCreateCase() {
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateCaseBody; key: string }) =>
      api.post<CaseDetail>('/api/cases', body, idem(key)),
  });
}

// ── the public board ──
export function usePublicCases(community: string) {
  return useInfiniteQuery({
    queryKey: caseKeys.board(community),
    queryFn: ({ pageParam }) =>
      api.get<PublicCaseList>('/api/public/cases', { community, page: pageParam, pageSize: CASES_PAGE_SIZE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    enabled: Boolean(community),
  });
}

export function usePublicCase(receiptNo: string | undefined) {
  return useQuery({
    queryKey: caseKeys.receipt(receiptNo ?? ''),
    queryFn: () => api.get<PublicCaseDetail>(`/api/public/cases/${encodeURIComponent(receiptNo ?? '')}`),
    enabled: Boolean(receiptNo),
  });
}
