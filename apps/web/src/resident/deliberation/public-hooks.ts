/**
 * The public deliberation pages' reads (no sign-in): a community's board of the two 公开, a
 * published topic, a 民生微实事 budget, a draw with everything needed to re-run it, and a closed
 * vote's bulletin board of ballots. Answers are packages/api/src/deliberation-board.ts and
 * deliberation-votes.ts.
 */
import type {
  DrawView,
  PublicBudgetDetail,
  PublicDeliberationBoard,
  PublicTopicDetail,
  PublicVoteBallots,
} from '@gongzhi/api';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const BOARD_PAGE_SIZE = 20;

export const publicKeys = {
  board: (community: string) => ['public', 'deliberation', 'board', community] as const,
  topic: (uid: string) => ['public', 'deliberation', 'topic', uid] as const,
  budget: (uid: string) => ['public', 'deliberation', 'budget', uid] as const,
  draw: (uid: string) => ['public', 'deliberation', 'draw', uid] as const,
  ballots: (uid: string) => ['public', 'deliberation', 'ballots', uid] as const,
};

export function usePublicDraw(uid: string | undefined) {
  return useQuery({
    queryKey: publicKeys.draw(uid ?? ''),
    queryFn: () => api.get<DrawView>(`/api/public/deliberation/draws/${uid}`),
    enabled: Boolean(uid),
    retry: false,
  });
}

export function usePublicBallots(uid: string | undefined) {
  return useQuery({
    queryKey: publicKeys.ballots(uid ?? ''),
    queryFn: () => api.get<PublicVoteBallots>(`/api/public/deliberation/votes/${uid}/ballots`),
    enabled: Boolean(uid),
    retry: false,
  });
}

export function usePublicBoard(community: string) {
  return useInfiniteQuery({
    queryKey: publicKeys.board(community),
    queryFn: ({ pageParam }) =>
      api.get<PublicDeliberationBoard>('/api/public/deliberation', {
        community,
        page: pageParam,
        pageSize: BOARD_PAGE_SIZE,
      }),
    initialPageParam: 1,
    getNextPageParam: (last) =>
      last.topics.page * last.topics.pageSize < last.topics.total ? last.topics.page + 1 : undefined,
    enabled: Boolean(community),
    retry: false,
  });
}

export function usePublicTopic(uid: string | undefined) {
  return useQuery({
    queryKey: publicKeys.topic(uid ?? ''),
    queryFn: () => api.get<PublicTopicDetail>(`/api/public/deliberation/topics/${uid}`),
    enabled: Boolean(uid),
    retry: false,
  });
}

export function usePublicBudget(uid: string | undefined) {
  return useQuery({
    queryKey: publicKeys.budget(uid ?? ''),
    queryFn: () => api.get<PublicBudgetDetail>(`/api/public/deliberation/budgets/${uid}`),
    enabled: Boolean(uid),
    retry: false,
  });
}
