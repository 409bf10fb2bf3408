/**
 * My notices (站内通知: 会议通知, a proposal's co-signatures reached, a micro-project's review …)
 * as TanStack Query hooks over /api/notices. The bell on the resident home reads only the unread
 * count; opening a notice marks it read.
 */
import type { Notice, NoticeList, NoticeReadAllResult } from '@gongzhi/api';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const NOTICES_PAGE_SIZE = 20;
/** The bell asks again every minute while the page is open. */
const BELL_MS = 60_000;

export const noticeKeys = {
  all: ['notices'] as const,
  list: ['notices', 'list'] as const,
  unread: ['notices', 'unread'] as const,
};

export function useUnreadNotices() {
  return useQuery({
    queryKey: noticeKeys.unread,
    queryFn: () => api.get<NoticeList>('/api/notices', { unread: true, page: 1, pageSize: 1 }),
    select: (list) => list.unread,
    refetchInterval: BELL_MS,
    refetchOnWindowFocus: true,
  });
}

export function useMyNotices() {
  return useInfiniteQuery({
    queryKey: noticeKeys.list,
    queryFn: ({ pageParam }) => api.get<NoticeList>('/api/notices', { page: pageParam, pageSize: NOTICES_PAGE_SIZE }),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

export function useReadNotice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ uid, key }: { uid: string; key: string }) =>
      api.post<Notice>(`/api/notices/${uid}/read`, {}, { 'Idempotency-Key': key }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}

export function useReadAllNotices() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key }: { key: string }) =>
      api.post<NoticeReadAllResult>('/api/notices/read-all', {}, { 'Idempotency-Key': key }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: noticeKeys.all }),
  });
}
