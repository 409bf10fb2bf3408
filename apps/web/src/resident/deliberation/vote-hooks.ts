/**
 * Votes on the phone: my community's votes, one vote with my place on its roll, casting a
 * ballot (a secret one answers its receipt once — never kept on the phone or in the cache), and
 * checking a receipt was counted. Answers are packages/api/src/deliberation-votes.ts.
 */
import type { BallotCastBody, BallotCastResult, BallotVerifyResult, VoteDetail, VotePage } from '@gongzhi/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const voteKeys = {
  all: ['deliberation', 'votes'] as const,
  list: (status: string) => ['deliberation', 'votes', 'list', status] as const,
  detail: (uid: string) => ['deliberation', 'votes', 'detail', uid] as const,
};

export function useVotes(status: 'open' | 'closed') {
  return useQuery({
    queryKey: voteKeys.list(status),
    queryFn: () => api.get<VotePage>('/api/deliberation/votes', { status, page: 1, pageSize: 50 }),
  });
}

export function useVote(uid: string | undefined) {
  return useQuery({
    queryKey: voteKeys.detail(uid ?? ''),
    queryFn: () => api.get<VoteDetail>(`/api/deliberation/votes/${uid}`),
    enabled: Boolean(uid),
    refetchOnWindowFocus: true,
  });
}

export function useCastBallot() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ uid, body, key }: { uid: string; body: BallotCastBody; key: string }) =>
      api.post<BallotCastResult>(`/api/deliberation/votes/${uid}/ballots`, body, { 'Idempotency-Key': key }),
    onSettled: (_r, _e, v) => {
      void queryClient.invalidateQueries({ queryKey: voteKeys.detail(v.uid) });
      void queryClient.invalidateQueries({ queryKey: ['deliberation', 'votes', 'list'] });
    },
  });
}

/** Asked on demand (a button), not cached: the receipt is the voter's secret. */
export function verifyReceipt(uid: string, receipt: string): Promise<BallotVerifyResult> {
  return api.get<BallotVerifyResult>(`/api/deliberation/votes/${uid}/verify`, { receipt });
}

/** The votes on one topic (its deciding steps), for the topic's page. */
export function useTopicVotes(topicUid: string | undefined) {
  return useQuery({
    queryKey: ['deliberation', 'votes', 'list', 'topic', topicUid ?? ''] as const,
    queryFn: () => api.get<VotePage>('/api/deliberation/votes', { topic: topicUid, page: 1, pageSize: 20 }),
    enabled: Boolean(topicUid),
  });
}
