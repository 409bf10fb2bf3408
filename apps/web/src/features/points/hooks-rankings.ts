/**
 * Points rankings (积分排行) read live from the monthly totals, and their publication as a
 * public notice (公示): publish a frozen ranking, list the notices, read one with its
 * objections, answer an objection, withdraw a notice. Answers are the shared contract of
 * packages/api/src/points-rankings.ts; writes carry an Idempotency-Key (`usePointsWrite`).
 */
import type {
  Objection,
  Publication,
  PublicationBody,
  PublicationList,
  PublicationStatus,
  PublicationSummary,
  PublishedRow,
  Ranking,
  RankingPeriodKind,
  RankingRow,
  RankingSubject,
} from '@gongzhi/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePointsWrite } from './hooks-ledger.ts';

export type {
  Objection,
  Publication,
  PublicationBody,
  PublicationStatus,
  PublicationSummary,
  PublishedRow,
  Ranking,
  RankingPeriodKind,
  RankingRow,
  RankingSubject,
};

export const RANKING_SUBJECTS: readonly RankingSubject[] = ['person', 'household', 'party_member'];
export const PERIOD_KINDS: readonly RankingPeriodKind[] = ['month', 'quarter'];

export interface RankingQuery {
  unit?: string;
  subject: RankingSubject;
  period: RankingPeriodKind;
  /** 'YYYY-MM' or 'YYYY-Qn' */
  at?: string;
  page: number;
  pageSize: number;
}

export interface PublicationsQuery {
  unit?: string;
  status?: PublicationStatus;
  page: number;
  pageSize: number;
}

export const rankingKeys = {
  all: ['points', 'rankings'] as const,
  ranking: (q: RankingQuery) => ['points', 'rankings', 'live', q] as const,
  publications: (q: PublicationsQuery) => ['points', 'rankings', 'publications', q] as const,
  publication: (id: string) => ['points', 'rankings', 'publication', id] as const,
};

/** A unit's ranking for a month or quarter: dense ranks, best first, holders with points only. */
export function useRanking(query: RankingQuery, enabled = true) {
  return useQuery({
    queryKey: rankingKeys.ranking(query),
    queryFn: () => api.get<Ranking>('/api/points/rankings', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** 公示 of a unit (all of my area when none is named), newest first. */
export function usePublications(query: PublicationsQuery) {
  return useQuery({
    queryKey: rankingKeys.publications(query),
    queryFn: () => api.get<PublicationList>('/api/points/publications', { ...query }),
    placeholderData: keepPreviousData,
  });
}

/** One notice with its frozen rows and every objection raised against it. */
export function usePublication(id: string | undefined) {
  return useQuery({
    queryKey: rankingKeys.publication(id ?? ''),
    queryFn: () => api.get<Publication>(`/api/points/publications/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

/** 发布公示: freezes the ranking as it stands now (top N, names masked) for the notice period. */
export function usePublishRanking() {
  return usePointsWrite(
    (body: PublicationBody, headers) => api.post<Publication>('/api/points/publications', body, headers),
    rankingKeys.all,
  );
}

/** 撤回: the notice leaves the public board at once; the reason is kept with it. */
export function useWithdrawPublication() {
  return usePointsWrite(
    ({ id, reason }: { id: string; reason: string }, headers) =>
      api.post<Publication>(`/api/points/publications/${encodeURIComponent(id)}/withdraw`, { reason }, headers),
    rankingKeys.all,
  );
}

/** 答复异议: the answer the person who objected reads. */
export function useAnswerObjection() {
  return usePointsWrite(
    ({ id, answer }: { id: string; answer: string }, headers) =>
      api.post<Objection>(`/api/points/objections/${encodeURIComponent(id)}/answer`, { answer }, headers),
    rankingKeys.all,
  );
}

/** The public board's address of a notice, as anyone (no sign-in) opens it. */
export const publicNoticePath = (id: string) => `/public/points/${encodeURIComponent(id)}`;
