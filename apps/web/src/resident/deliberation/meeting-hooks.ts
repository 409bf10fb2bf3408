/**
 * Meetings a resident is called to (会议通知), as TanStack Query hooks: the list, one meeting
 * with its agenda and who is called (masked), signing myself in during the meeting window. The
 * calendar file is a plain link (/api/deliberation/meetings/{uid}/ics).
 */
import type { MeetingDetail, MeetingList } from '@gongzhi/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export const meetingKeys = {
  all: ['deliberation', 'meetings'] as const,
  list: (from: string | undefined) => ['deliberation', 'meetings', 'list', from ?? 'all'] as const,
  detail: (uid: string) => ['deliberation', 'meetings', 'detail', uid] as const,
};

export const icsUrl = (uid: string) => `/api/deliberation/meetings/${uid}/ics`;

/** My community's meetings from `from` on (all when not given), soonest first for upcoming ones. */
export function useMeetings(from?: string) {
  return useQuery({
    queryKey: meetingKeys.list(from),
    queryFn: () => api.get<MeetingList>('/api/deliberation/meetings', { from, page: 1, pageSize: 50 }),
  });
}

export function useMeeting(uid: string | undefined) {
  return useQuery({
    queryKey: meetingKeys.detail(uid ?? ''),
    queryFn: () => api.get<MeetingDetail>(`/api/deliberation/meetings/${uid}`),
    enabled: Boolean(uid),
    refetchOnWindowFocus: true,
  });
}

export function useSignInMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ uid, key }: { uid: string; key: string }) =>
      api.post<MeetingDetail>(`/api/deliberation/meetings/${uid}/sign-in/me`, {}, { 'Idempotency-Key': key }),
    onSuccess: (detail) => {
      queryClient.setQueryData(meetingKeys.detail(detail.uid), detail);
      void queryClient.invalidateQueries({ queryKey: ['deliberation', 'meetings', 'list'] });
    },
  });
}
