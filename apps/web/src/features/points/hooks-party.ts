/**
 * Party members' points (党员积分制) as the 工作台 keeps them: duty posts (党员责任岗) with their
 * holders per quarter, assigning a member to a post, the quarterly scores with grades, and the
 * 评优评先 report as a spreadsheet. Answers are the shared contract of
 * packages/api/src/points-party.ts; writes carry an Idempotency-Key (`usePointsWrite`).
 */
import type {
  AssignBody,
  DutyHolder,
  DutyPost,
  DutyPostBody,
  DutyPostList,
  DutyPostPatch,
  PartyGrade,
  PartyMemberScore,
  PartyScores,
} from '@gongzhi/api';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { download } from '../registry/transfer.ts';
import { usePointsWrite } from './hooks-ledger.ts';

export type { DutyHolder, DutyPost, DutyPostBody, DutyPostPatch, PartyGrade, PartyMemberScore, PartyScores };

export const PARTY_GRADES: readonly PartyGrade[] = ['excellent', 'qualified', 'basic', 'unqualified'];

export const partyKeys = {
  all: ['points', 'party'] as const,
  posts: (unit: string, quarter: string | undefined) => ['points', 'party', 'posts', unit, quarter] as const,
  scores: (unit: string, quarter: string | undefined) => ['points', 'party', 'scores', unit, quarter] as const,
};

/** The duty posts of a community with their holders for the quarter (this one when none is named). */
export function useDutyPosts(unit: string | undefined, quarter: string | undefined) {
  return useQuery({
    queryKey: partyKeys.posts(unit ?? '', quarter),
    queryFn: () => api.get<DutyPostList>('/api/points/party/posts', { unit, quarter }),
    enabled: Boolean(unit),
  });
}

/** Each member's score for the quarter, their posts, rank and grade (graded within the community). */
export function usePartyScores(unit: string | undefined, quarter: string | undefined) {
  return useQuery({
    queryKey: partyKeys.scores(unit ?? '', quarter),
    queryFn: () => api.get<PartyScores>('/api/points/party/scores', { unit, quarter }),
    enabled: Boolean(unit),
  });
}

export function useCreateDutyPost() {
  return usePointsWrite(
    (body: DutyPostBody, headers) => api.post<DutyPost>('/api/points/party/posts', body, headers),
    partyKeys.all,
  );
}

export function useUpdateDutyPost() {
  return usePointsWrite(
    ({ id, patch }: { id: string; patch: DutyPostPatch }, headers) =>
      api.patch<DutyPost>(`/api/points/party/posts/${encodeURIComponent(id)}`, patch, headers),
    partyKeys.all,
  );
}

/** 指派: staff put a party member of the post's community on it for a quarter, within its capacity. */
export function useAssignDutyPost() {
  return usePointsWrite(
    ({ id, ...body }: AssignBody & { id: string }, headers) =>
      api.post<DutyPost>(`/api/points/party/posts/${encodeURIComponent(id)}/assign`, body, headers),
    partyKeys.all,
  );
}

/** 评优评先 report of a unit's quarter as .xlsx, saved by the browser. */
export function downloadPartyReport(unit: string, quarter: string): Promise<void> {
  const q = new URLSearchParams({ unit, quarter });
  return download(`/api/points/party/report.xlsx?${q}`, `party-points-${quarter}.xlsx`);
}
