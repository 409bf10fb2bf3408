/**
 * Topics (议题) on the phone: my community's public topics by status, one topic with its
 * procedure's steps and timeline, proposing a topic, co-signing (联名) and withdrawing my own.
 * Answers are packages/api/src/deliberation-topics.ts.
 */
import type { ProposeTopicBody, TopicDetail, TopicList } from '@gongzhi/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const topicKeys = {
  all: ['deliberation', 'topics'] as const,
  list: (status: string) => ['deliberation', 'topics', 'list', status] as const,
  detail: (uid: string) => ['deliberation', 'topics', 'detail', uid] as const,
};

export function useTopics(status: string) {
  return useQuery({
    queryKey: topicKeys.list(status),
    queryFn: () => api.get<TopicList>('/api/deliberation/topics', { status, page: 1, pageSize: 50 }),
  });
}

export function useTopic(uid: string | undefined) {
  return useQuery({
    queryKey: topicKeys.detail(uid ?? ''),
    queryFn: () => api.get<TopicDetail>(`/api/deliberation/topics/${uid}`),
    enabled: Boolean(uid),
    refetchOnWindowFocus: true,
  });
}

const idem = (key: string) => ({ 'Idempotency-Key': key });

export function useProposeTopic() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: ProposeTopicBody; key: string }) =>
      api.post<TopicDetail>('/api/deliberation/topics/me', body, idem(key)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: topicKeys.all }),
  });
}

/** 联名 and 撤回: both answer the topic as it now is. */
export function useTopicAction(action: 'support' | 'withdraw') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ uid, key }: { uid: string; key: string }) =>
      api.post<TopicDetail>(`/api/deliberation/topics/${uid}/${action}`, {}, idem(key)),
    onSettled: (_r, _e, v) => {
      void queryClient.invalidateQueries({ queryKey: topicKeys.detail(v.uid) });
      void queryClient.invalidateQueries({ queryKey: ['deliberation', 'topics', 'list'] });
    },
  });
}
