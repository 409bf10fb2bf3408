/**
 * The residents' use-cases as TanStack Query hooks: my points, my claims, the store and my
 * orders, rankings and 公示, party duty posts. Every write carries the Idempotency-Key its page
 * chose (write-key.ts). Every answer is the shared contract of packages/api/src/points-*.ts.
 */
import type {
  Catalogue,
  ClaimBody,
  ClaimList,
  ClaimReplyBody,
  ClaimSummary,
  DutyPost,
  DutyPostList,
  MyStore,
  ObjectionBody,
  Order,
  OrderBody,
  OrderList,
  PointsMe,
  PointsMyEntryList,
  Publication,
  PublicationList,
  Ranking,
  RankingPeriodKind,
  RankingSubject,
} from '@gongzhi/api';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../api/client.ts';

export const PAGE_SIZE = 20;

export const residentKeys = {
  all: ['resident'] as const,
  me: ['resident', 'me'] as const,
  entries: (account: string | undefined) => ['resident', 'entries', account ?? 'all'] as const,
  catalogue: (community: string) => ['resident', 'catalogue', community] as const,
  claims: ['resident', 'claims'] as const,
  store: ['resident', 'store'] as const,
  orders: ['resident', 'orders'] as const,
  ranking: (q: RankingParams) => ['resident', 'ranking', q] as const,
  publications: ['resident', 'publications'] as const,
  publication: (id: string) => ['resident', 'publication', id] as const,
  party: ['resident', 'party'] as const,
};

/** A resident whose account is not linked to a registered person has no points yet. */
export function isNoPerson(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'POINTS_NO_PERSON';
}

const idem = (key: string) => ({ 'Idempotency-Key': key });

// ── my points ──
export function useMyPoints() {
  return useQuery({ queryKey: residentKeys.me, queryFn: () => api.get<PointsMe>('/api/points/me') });
}

export function useMyEntries(account: string | undefined, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: residentKeys.entries(account),
    queryFn: ({ pageParam }) =>
      api.get<PointsMyEntryList>('/api/points/me/entries', { account, page: pageParam, pageSize: PAGE_SIZE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    enabled,
  });
}

// ── claims ──
export function useCatalogue(community: string | undefined) {
  return useQuery({
    queryKey: residentKeys.catalogue(community ?? ''),
    queryFn: () => api.get<Catalogue>('/api/points/rules', { community }),
    enabled: Boolean(community),
  });
}

/** My claims; a claim may carry the reviewer's note (shown when asked for more or refused). */
export type MyClaim = ClaimSummary & { reviewNote?: string | null };

export function useMyClaims() {
  return useInfiniteQuery({
    queryKey: residentKeys.claims,
    queryFn: ({ pageParam }) =>
      api.get<ClaimList>('/api/points/me/claims', { page: pageParam, pageSize: PAGE_SIZE }) as Promise<
        Omit<ClaimList, 'items'> & { items: MyClaim[] }
      >,
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

export function useSubmitClaim() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: ClaimBody; key: string }) =>
      api.post<MyClaim>('/api/points/me/claims', body, idem(key)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: residentKeys.claims }),
  });
}

export function useReplyClaim() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, key }: { id: string; body: ClaimReplyBody; key: string }) =>
      api.post<MyClaim>(`/api/points/me/claims/${id}/reply`, body, idem(key)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: residentKeys.claims }),
  });
}

export function useWithdrawClaim() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, key }: { id: string; key: string }) =>
      api.post<MyClaim>(`/api/points/me/claims/${id}/withdraw`, {}, idem(key)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: residentKeys.claims }),
  });
}

// ── store ──
export function useMyStore() {
  return useQuery({ queryKey: residentKeys.store, queryFn: () => api.get<MyStore>('/api/points/me/store') });
}

export function useRedeem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: OrderBody; key: string }) =>
      api.post<Order>('/api/points/me/orders', body, idem(key)),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: residentKeys.store });
      void queryClient.invalidateQueries({ queryKey: residentKeys.orders });
      void queryClient.invalidateQueries({ queryKey: residentKeys.me });
      void queryClient.invalidateQueries({ queryKey: ['resident', 'entries'] });
    },
  });
}

export function useMyOrders() {
  return useInfiniteQuery({
    queryKey: residentKeys.orders,
    queryFn: ({ pageParam }) => api.get<OrderList>('/api/points/me/orders', { page: pageParam, pageSize: PAGE_SIZE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

export function useCancelOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, key }: { id: string; key: string }) =>
      api.post<Order>(`/api/points/me/orders/${id}/cancel`, {}, idem(key)),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: residentKeys.orders });
      void queryClient.invalidateQueries({ queryKey: residentKeys.store });
      void queryClient.invalidateQueries({ queryKey: residentKeys.me });
      void queryClient.invalidateQueries({ queryKey: ['resident', 'entries'] });
    },
  });
}

// ── rankings and 公示 ──
export interface RankingParams {
  subject: RankingSubject;
  period: RankingPeriodKind;
  page: number;
}

/** My own place, when the server says it (a resident cannot find themself among masked names). */
export type MyRanking = Ranking & { mine?: { rank: number; points: number } | null };

export function useRanking(q: RankingParams) {
  return useQuery({
    queryKey: residentKeys.ranking(q),
    queryFn: () =>
      api.get<MyRanking>('/api/points/rankings', {
        subject: q.subject,
        period: q.period,
        page: q.page,
        pageSize: PAGE_SIZE,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useOpenPublications() {
  return useQuery({
    queryKey: residentKeys.publications,
    queryFn: () => api.get<PublicationList>('/api/points/publications', { status: 'open' }),
  });
}

export function usePublication(id: string | undefined) {
  return useQuery({
    queryKey: residentKeys.publication(id ?? ''),
    queryFn: () => api.get<Publication>(`/api/points/publications/${id}`),
    enabled: Boolean(id),
  });
}

export function useRaiseObjection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, key }: { id: string; body: ObjectionBody; key: string }) =>
      api.post<unknown>(`/api/points/publications/${id}/objections`, body, idem(key)),
    onSuccess: (_r, v) => {
      void queryClient.invalidateQueries({ queryKey: residentKeys.publication(v.id) });
      void queryClient.invalidateQueries({ queryKey: residentKeys.publications });
    },
  });
}

// ── party members (党员责任岗) ──
export function useMyDutyPosts(enabled: boolean) {
  return useQuery({
    queryKey: residentKeys.party,
    queryFn: () => api.get<DutyPostList>('/api/points/me/party/posts'),
    enabled,
  });
}

export function useClaimDutyPost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, quarter, key }: { id: string; quarter: string; key: string }) =>
      api.post<DutyPost>(`/api/points/me/party/posts/${id}/claim`, { quarter }, idem(key)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: residentKeys.party }),
  });
}
