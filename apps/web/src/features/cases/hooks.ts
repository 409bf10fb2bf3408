/**
 * Cases (事件) as the 工作台 calls them: the dispatch console's list and map, one case with its
 * timeline, the department's inbox, follow-up tasks, reply templates, "same problem?" and
 * satisfaction — and the one way every case page writes (`useCaseWrite`, with an
 * Idempotency-Key). Answers are the shared contract of packages/api/src/cases-*.ts.
 */
import type {
  BulkDispatchBody,
  BulkDispatchResult,
  CaseChannel,
  CaseDetail,
  CaseInbox,
  CaseInboxItem,
  CaseList,
  CaseMap,
  CaseStatus,
  CaseStatusFilter,
  CaseSummary,
  CaseTask,
  CaseTaskList,
  CaseTemplateList,
  CaseTemplatePurpose,
  CaseTimelineEvent,
  CaseWorkflowAction,
  MergeCaseBody,
  MergeCaseResult,
  NearbyCases,
  Satisfaction,
  SatisfactionBy,
  SlaState,
} from '@gongzhi/api';
import { keepPreviousData, type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';

export type {
  BulkDispatchResult,
  CaseChannel,
  CaseDetail,
  CaseInboxItem,
  CaseMap,
  CaseStatus,
  CaseStatusFilter,
  CaseSummary,
  CaseTask,
  CaseTimelineEvent,
  CaseWorkflowAction,
  Satisfaction,
  SatisfactionBy,
  SlaState,
};

export const CASE_STATUSES: readonly CaseStatus[] = [
  'reported',
  'accepted',
  'rejected',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'merged',
];
export const OPEN_STATUSES: readonly CaseStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress'];
export const CHANNELS: readonly CaseChannel[] = ['resident', 'grid', 'window', 'hotline', 'open311'];

/**
 * The actions staff take on the detail page, in the order the action bar shows them. `rate`
 * is the resident's and `reopen` the rating's consequence: never buttons here.
 */
export const STAFF_ACTIONS = [
  'accept',
  'dispatch',
  'start',
  'resolve',
  'transfer',
  'return',
  'close',
  'supervise',
  'escalate',
  'merge',
  'link_topic',
  'comment',
  'reject',
] as const satisfies readonly CaseWorkflowAction[];
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export interface CaseQuery {
  unit?: string;
  grid?: string;
  status?: CaseStatusFilter;
  category?: string;
  overdue?: boolean;
  channel?: CaseChannel;
  q?: string;
  page: number;
  pageSize: number;
}

export const caseKeys = {
  all: ['cases'] as const,
  list: (q: CaseQuery) => ['cases', 'list', q] as const,
  map: (unit: string | undefined) => ['cases', 'map', unit ?? ''] as const,
  detail: (uid: string) => ['cases', 'detail', uid] as const,
  inbox: (status: string | undefined, page: number, pageSize: number) =>
    ['cases', 'inbox', { status, page, pageSize }] as const,
  tasks: (status: string | undefined, page: number) => ['cases', 'tasks', { status, page }] as const,
  templates: (category: string | undefined, purpose: string) =>
    ['cases', 'templates', category ?? '', purpose] as const,
  nearby: (category: string, lng: number, lat: number) => ['cases', 'nearby', category, lng, lat] as const,
  satisfaction: (q: SatisfactionQuery) => ['cases', 'satisfaction', q] as const,
};

/** The console's list: newest first, open cases unless a status is picked. */
export function useCases(query: CaseQuery, enabled = true) {
  return useQuery({
    queryKey: caseKeys.list(query),
    queryFn: () => api.get<CaseList>('/api/cases', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** Open cases with coordinates as GeoJSON (≤ 2,000 points). */
export function useCaseMap(unit: string | undefined, enabled = true) {
  return useQuery({
    queryKey: caseKeys.map(unit),
    queryFn: () => api.get<CaseMap>('/api/cases/map', { unit }),
    enabled,
  });
}

export function useCase(uid: string) {
  return useQuery({
    queryKey: caseKeys.detail(uid),
    queryFn: () => api.get<CaseDetail>(`/api/cases/${encodeURIComponent(uid)}`),
  });
}

/** 部门待办: cases dispatched to my units, due soonest first. */
export function useInbox(status: 'dispatched' | 'in_progress' | undefined, page: number, pageSize: number) {
  return useQuery({
    queryKey: caseKeys.inbox(status, page, pageSize),
    queryFn: () => api.get<CaseInbox>('/api/cases/inbox', { status, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

/** 回访 tasks of my area. */
export function useCaseTasks(status: 'open' | 'done' | undefined, page: number, enabled = true) {
  return useQuery({
    queryKey: caseKeys.tasks(status, page),
    queryFn: () => api.get<CaseTaskList>('/api/cases/tasks', { status, page, pageSize: 20 }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export type TemplatePurpose = CaseTemplatePurpose;

/** Reply templates for a step: the case's category's own first, then those for every category. */
export function useReplyTemplates(category: string | undefined, purpose: TemplatePurpose, enabled = true) {
  return useQuery({
    queryKey: caseKeys.templates(category, purpose),
    queryFn: () => api.get<CaseTemplateList>('/api/cases/templates', { category, purpose }),
    select: (data) => data.items.filter((i) => i.active),
    enabled,
  });
}

/** "Same problem?": open cases of the category within 50 m of the point, reported in the last 3 days. */
export function useNearby(category: string, lng: number | null, lat: number | null, enabled = true) {
  return useQuery({
    queryKey: caseKeys.nearby(category, lng ?? 0, lat ?? 0),
    queryFn: () => api.get<NearbyCases>('/api/cases/nearby', { category, lng, lat }),
    enabled: enabled && lng !== null && lat !== null,
    retry: false,
  });
}

export interface SatisfactionQuery {
  unit?: string;
  from?: string;
  to?: string;
  by: SatisfactionBy;
}

export function useSatisfaction(query: SatisfactionQuery) {
  return useQuery({
    queryKey: caseKeys.satisfaction(query),
    queryFn: () => api.get<Satisfaction>('/api/cases/satisfaction', { ...query }),
    placeholderData: keepPreviousData,
  });
}

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
 * A case write: the request goes out with an Idempotency-Key made of one random part per
 * mounted form and a fingerprint of what is sent, so a double click or a retry after a lost
 * answer is answered once by the server; an edited form is a new request. Every answer may
 * move a case between lists, so the cases queries are read again.
 */
export function useCaseWrite<TVars, TResult>(
  send: (vars: TVars, headers: { 'Idempotency-Key': string }) => Promise<TResult>,
  invalidates: QueryKey = caseKeys.all,
) {
  const queryClient = useQueryClient();
  const [nonce] = useState(() => crypto.randomUUID());
  return useMutation({
    mutationFn: (vars: TVars) => send(vars, { 'Idempotency-Key': `cases.${nonce}.${fingerprint(vars)}` }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invalidates }),
  });
}

/** The URL segment of an action: link_topic is /link-topic. */
export const actionPath = (action: StaffAction) => (action === 'link_topic' ? 'link-topic' : action);

/** One workflow step on one case: POST /api/cases/{uid}/{action} with the body the action needs. */
export function useCaseAction() {
  return useCaseWrite(
    ({ uid, action, body }: { uid: string; action: Exclude<StaffAction, 'merge'>; body: object }, headers) =>
      api.post<unknown>(`/api/cases/${encodeURIComponent(uid)}/${actionPath(action)}`, body, headers),
  );
}

/**
 * A step taken with one click from a list (accept in the console, start in the inbox): no fields
 * to fill, a message either way, and the row that is busy.
 */
export function useOneClickStep(action: 'accept' | 'start') {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const step = useCaseAction();
  return {
    run: (c: { uid: string; receiptNo: string }) =>
      step.mutate(
        { uid: c.uid, action, body: {} },
        {
          onSuccess: () => message.success(t(`cases.action.${action}.doneCase`, { receiptNo: c.receiptNo })),
          onError: (err) => message.error(err.message),
        },
      ),
    busyOn: (uid: string) => step.isPending && step.variables?.uid === uid,
  };
}

/** 合并: this case is the same problem as `into`. */
export function useMergeCase() {
  return useCaseWrite(({ uid, body }: { uid: string; body: MergeCaseBody }, headers) =>
    api.post<MergeCaseResult>(`/api/cases/${encodeURIComponent(uid)}/merge`, body, headers),
  );
}

/** 批量分拨: up to 100 cases, the outcome per case. */
export function useBulkDispatch() {
  return useCaseWrite((body: BulkDispatchBody, headers) =>
    api.post<BulkDispatchResult>('/api/cases/dispatch', body, headers),
  );
}

export function useTaskDone() {
  return useCaseWrite(({ uid, note }: { uid: string; note: string }, headers) =>
    api.post<unknown>(`/api/cases/tasks/${encodeURIComponent(uid)}/done`, { note }, headers),
  );
}

/** A result photo goes up first, under a uid the browser makes; the resolve names it. */
export async function uploadCasePhoto(file: Blob): Promise<string> {
  const uid = crypto.randomUUID();
  await api.put<unknown>(`/api/cases/photos/${uid}`, file);
  return uid;
}

/** A case's photo as the browser loads it: the session cookie goes along, the server checks scope. */
export const casePhotoUrl = (uid: string) => `/api/cases/photos/${encodeURIComponent(uid)}`;
