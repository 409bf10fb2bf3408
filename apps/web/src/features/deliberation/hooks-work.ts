/**
 * The work around a topic: meetings (calendar, agenda, sign-in desk, minutes), votes (rule,
 * open, close, result, show of hands), public draws (seed hash first, the seed to draw) and
 * 民生微实事 budgets with their projects and milestones.
 */
import type {
  BudgetDetail,
  BudgetPage,
  DrawPage,
  DrawView,
  MeetingDetail,
  MeetingList,
  MeetingStatus,
  MicroPhoto,
  ProjectDetail,
  VoteDetail,
  VotePage,
  VoteStatus,
} from '@gongzhi/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type { BudgetDetail, DrawView, MeetingDetail, ProjectDetail, VoteDetail };

const enc = encodeURIComponent;

export const workKeys = {
  meetings: (q: object) => ['deliberation', 'meetings', q] as const,
  meeting: (uid: string) => ['deliberation', 'meeting', uid] as const,
  votes: (q: object) => ['deliberation', 'votes', q] as const,
  vote: (uid: string) => ['deliberation', 'vote', uid] as const,
  draws: (q: object) => ['deliberation', 'draws', q] as const,
  budgets: (q: object) => ['deliberation', 'budgets', q] as const,
  budget: (uid: string) => ['deliberation', 'budget', uid] as const,
  project: (uid: string) => ['deliberation', 'project', uid] as const,
};

export interface MeetingQuery {
  unit?: string;
  council?: string;
  status?: MeetingStatus;
  from?: string;
  to?: string;
  page: number;
  pageSize?: number;
}

export function useMeetings(query: MeetingQuery) {
  return useQuery({
    queryKey: workKeys.meetings(query),
    queryFn: () => api.get<MeetingList>('/api/deliberation/meetings', { pageSize: 20, ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(uid: string) {
  return useQuery({
    queryKey: workKeys.meeting(uid),
    queryFn: () => api.get<MeetingDetail>(`/api/deliberation/meetings/${enc(uid)}`),
  });
}

/** The calendar file of a meeting (or of every meeting of a council), fetched with the session. */
export const meetingIcsUrl = (uid: string) => `/api/deliberation/meetings/${enc(uid)}/ics`;
export const councilIcsUrl = (uid: string) => `/api/deliberation/councils/${enc(uid)}/ics`;

export function useVotes(query: { unit?: string; topic?: string; status?: VoteStatus; page: number }, enabled = true) {
  return useQuery({
    queryKey: workKeys.votes(query),
    queryFn: () => api.get<VotePage>('/api/deliberation/votes', { pageSize: 20, ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useVote(uid: string) {
  return useQuery({
    queryKey: workKeys.vote(uid),
    queryFn: () => api.get<VoteDetail>(`/api/deliberation/votes/${enc(uid)}`),
  });
}

export function useDraws(query: { unit?: string; topic?: string; page: number }) {
  return useQuery({
    queryKey: workKeys.draws(query),
    queryFn: () => api.get<DrawPage>('/api/deliberation/draws', { pageSize: 20, ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useBudgets(query: { unit?: string; year?: number; page: number }) {
  return useQuery({
    queryKey: workKeys.budgets(query),
    queryFn: () => api.get<BudgetPage>('/api/deliberation/budgets', { pageSize: 20, ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useBudget(uid: string) {
  return useQuery({
    queryKey: workKeys.budget(uid),
    queryFn: () => api.get<BudgetDetail>(`/api/deliberation/budgets/${enc(uid)}`),
  });
}

export function useProject(uid: string | null) {
  return useQuery({
    queryKey: workKeys.project(uid ?? ''),
    queryFn: () => api.get<ProjectDetail>(`/api/deliberation/projects/${enc(uid ?? '')}`),
    enabled: uid !== null,
  });
}

/** A milestone photo goes up first under a uid the browser makes; the milestone names it. */
export async function uploadMicroPhoto(file: Blob): Promise<string> {
  const uid = crypto.randomUUID();
  await api.put<MicroPhoto>(`/api/deliberation/photos/${uid}`, file);
  return uid;
}

export const microPhotoUrl = (uid: string) => `/api/deliberation/photos/${enc(uid)}`;
