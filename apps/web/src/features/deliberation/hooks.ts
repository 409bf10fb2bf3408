/**
 * 议事协商 as the 工作台 calls it: topics and their steps, councils (7+X) and the district's
 * procedures — and the one way every deliberation page writes (`useDelibWrite`, with an
 * Idempotency-Key). Answers are the shared contract of packages/api/src/deliberation-*.ts.
 */
import type {
  CompleteStepBody,
  CouncilDetail,
  CouncilList,
  CouncilSeat,
  CreateTopicBody,
  ProcedureList,
  PutProcedureBody,
  StartTopicBody,
  TopicDetail,
  TopicList,
  TopicStatus,
} from '@gongzhi/api';
import { keepPreviousData, type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { useOrgTree } from '../org/hooks.ts';

export type { CouncilDetail, CouncilSeat, TopicDetail, TopicStatus };

export const TOPIC_STATUSES: readonly TopicStatus[] = ['proposed', 'open', 'decided', 'done', 'rejected', 'withdrawn'];
export const SEVEN_SEATS: readonly CouncilSeat[] = [
  'party_org',
  'residents_committee',
  'supervisory_committee',
  'representative',
  'women',
  'social_org',
  'notable',
];

export const delibKeys = {
  all: ['deliberation'] as const,
  topics: (q: object) => ['deliberation', 'topics', q] as const,
  topic: (uid: string) => ['deliberation', 'topic', uid] as const,
  councils: (q: object) => ['deliberation', 'councils', q] as const,
  council: (uid: string) => ['deliberation', 'council', uid] as const,
  procedures: ['deliberation', 'procedures'] as const,
};

const enc = encodeURIComponent;

/** FNV-1a over the request's JSON: short, stable, and enough to tell two bodies apart. */
function fingerprint(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * A deliberation write: an Idempotency-Key of one random part per mounted form and a fingerprint
 * of the body, so a double click is answered once and an edited form is a new request. A step
 * completed, a vote closed or a meeting held moves things on other pages too: every deliberation
 * query is read again.
 */
export function useDelibWrite<TVars, TResult>(
  send: (vars: TVars, headers: { 'Idempotency-Key': string }) => Promise<TResult>,
  invalidates: QueryKey = delibKeys.all,
) {
  const queryClient = useQueryClient();
  const [nonce] = useState(() => crypto.randomUUID());
  return useMutation({
    mutationFn: (vars: TVars) => send(vars, { 'Idempotency-Key': `delib.${nonce}.${fingerprint(vars)}` }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invalidates }),
  });
}

/** POST to a path with a body, the path and body given per call. */
export function usePost<TResult = unknown>() {
  return useDelibWrite(({ path, body }: { path: string; body: object }, headers) =>
    api.post<TResult>(path, body, headers),
  );
}

// ── Communities ─────────────────────────────────────────────────────────────────────────────
/** The communities and villages this user sees; the only one when there is one (community staff). */
export function useCommunities() {
  const tree = useOrgTree(false);
  return useMemo(() => {
    const out: { uid: string; name: string; code: string }[] = [];
    const visit = (nodes: NonNullable<typeof tree.data>) => {
      for (const n of nodes) {
        if (n.status === 'active' && (n.kind === 'community' || n.kind === 'village'))
          out.push({ uid: n.id, name: n.name, code: n.code });
        visit(n.children);
      }
    };
    visit(tree.data ?? []);
    return { items: out, only: out.length === 1 ? out[0]?.uid : undefined, loading: tree.isPending };
  }, [tree.data, tree.isPending]);
}

// ── Topics ──────────────────────────────────────────────────────────────────────────────────
export interface TopicQuery {
  unit?: string;
  status?: TopicStatus;
  q?: string;
  page: number;
  pageSize?: number;
}

export function useTopics(query: TopicQuery, enabled = true) {
  return useQuery({
    queryKey: delibKeys.topics(query),
    queryFn: () => api.get<TopicList>('/api/deliberation/topics', { pageSize: 20, ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTopic(uid: string) {
  return useQuery({
    queryKey: delibKeys.topic(uid),
    queryFn: () => api.get<TopicDetail>(`/api/deliberation/topics/${enc(uid)}`),
  });
}

export function useCreateTopic() {
  return useDelibWrite((body: CreateTopicBody, headers) =>
    api.post<TopicDetail>('/api/deliberation/topics', body, headers),
  );
}

export function useStartTopic() {
  return useDelibWrite(({ uid, body }: { uid: string; body: StartTopicBody }, headers) =>
    api.post<TopicDetail>(`/api/deliberation/topics/${enc(uid)}/start`, body, headers),
  );
}

export function useCompleteStep() {
  return useDelibWrite(({ uid, index, body }: { uid: string; index: number; body: CompleteStepBody }, headers) =>
    api.post<TopicDetail>(`/api/deliberation/topics/${enc(uid)}/steps/${index}/complete`, body, headers),
  );
}

// ── Councils ────────────────────────────────────────────────────────────────────────────────
export function useCouncils(query: { unit?: string; active?: boolean; page: number }) {
  return useQuery({
    queryKey: delibKeys.councils(query),
    queryFn: () => api.get<CouncilList>('/api/deliberation/councils', { pageSize: 50, ...query }),
    placeholderData: keepPreviousData,
  });
}

export function useCouncil(uid: string) {
  return useQuery({
    queryKey: delibKeys.council(uid),
    queryFn: () => api.get<CouncilDetail>(`/api/deliberation/councils/${enc(uid)}`),
  });
}

// ── Procedures ──────────────────────────────────────────────────────────────────────────────
export function useProcedures() {
  return useQuery({
    queryKey: delibKeys.procedures,
    queryFn: () => api.get<ProcedureList>('/api/deliberation/procedures'),
  });
}

export function usePutProcedure() {
  return useDelibWrite(({ code, body }: { code: string; body: PutProcedureBody }, headers) =>
    api.put<unknown>(`/api/deliberation/procedures/${enc(code)}`, body, headers),
  );
}
