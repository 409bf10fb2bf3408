/**
 * 申报审核 and 奖扣 as the 工作台 calls them: the review queue, one claim with its evidence and
 * timeline, the three decisions (approve, reject with a reason, ask for more), and a direct
 * award or deduction. Answers are the shared contract of packages/api/src/points-claims.ts.
 */
import type { AwardBody, AwardResult, Claim, ClaimList, ClaimStatus, ClaimSummary } from '@gongzhi/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePointsWrite } from './hooks-ledger.ts';

export type { AwardBody, AwardResult, Claim, ClaimStatus, ClaimSummary };
export type ClaimEvent = Claim['timeline'][number];

/** The statuses a reviewer filters by; withdrawn claims need nobody's attention. */
export const REVIEW_STATUSES: readonly ClaimStatus[] = ['pending', 'needs_info', 'approved', 'rejected'];

export interface ClaimQuery {
  unit?: string;
  status?: ClaimStatus;
  page: number;
  pageSize: number;
}

export const claimKeys = {
  all: ['points', 'claims'] as const,
  list: (q: ClaimQuery) => ['points', 'claims', 'list', q] as const,
  claim: (id: string) => ['points', 'claims', 'claim', id] as const,
};

/** The review queue of my area (or one unit of it), oldest first. */
export function useClaims(query: ClaimQuery) {
  return useQuery({
    queryKey: claimKeys.list(query),
    queryFn: () => api.get<ClaimList>('/api/points/claims', { ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useClaim(id: string | null) {
  return useQuery({
    queryKey: claimKeys.claim(id ?? ''),
    queryFn: () => api.get<Claim>(`/api/points/claims/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export type ClaimDecision =
  | { action: 'approve'; note?: string }
  | { action: 'reject'; reason: string }
  | { action: 'request-info'; note: string };

/** 通过 / 驳回 / 要求补充: an approval posts the transfer, so balances change too. */
export function useDecideClaim() {
  return usePointsWrite(({ id, decision }: { id: string; decision: ClaimDecision }, headers) => {
    const { action, ...body } = decision;
    return api.post<Claim>(`/api/points/claims/${encodeURIComponent(id)}/${action}`, body, headers);
  });
}

/** 奖扣: a rule awarded (or deducted) by staff without a claim. */
export function useAward() {
  return usePointsWrite((body: AwardBody, headers) => api.post<AwardResult>('/api/points/awards', body, headers));
}

/** A claim's photo as the browser loads it: the session cookie goes along, the server checks scope. */
export const photoUrl = (id: string) => `/api/points/photos/${encodeURIComponent(id)}`;
