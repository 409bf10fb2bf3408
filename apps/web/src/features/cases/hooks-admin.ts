/**
 * What a district admin keeps for cases — the category tree with its time limits and default
 * handlers, reply templates, the working calendar, Open311 clients — and the two things every
 * case page reads from it: the categories (filters, pickers) and the units a case may be
 * dispatched to. Answers are the shared contract of packages/api/src/cases-admin.ts.
 */
import type {
  CalendarDayBody,
  CalendarDayReset,
  CalendarYear,
  CaseCategory,
  CaseCategoryBody,
  CaseCategoryGroup,
  CaseCategoryPatch,
  CaseCategoryTree,
  CaseTemplate,
  CaseTemplateBody,
  CaseTemplateList,
  CaseTemplatePatch,
  CaseTemplatePurpose,
  Open311Client,
  Open311ClientCreated,
  Open311ClientList,
} from '@gongzhi/api';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api } from '../../api/client.ts';
import { useOrgTree } from '../org/hooks.ts';
import { indexTree } from '../org/treeIndex.ts';
import { useCaseWrite } from './hooks.ts';

export type {
  CalendarYear,
  CaseCategory,
  CaseCategoryBody,
  CaseCategoryGroup,
  CaseCategoryPatch,
  CaseTemplate,
  CaseTemplateBody,
  CaseTemplatePurpose,
  Open311Client,
  Open311ClientCreated,
};
export type CalendarDay = CalendarYear['days'][number];

export const TEMPLATE_PURPOSES: readonly CaseTemplatePurpose[] = ['accept', 'reject', 'resolve', 'return', 'follow_up'];

export const adminKeys = {
  categories: ['cases', 'admin', 'categories'] as const,
  templates: ['cases', 'admin', 'templates'] as const,
  calendar: (year: number) => ['cases', 'admin', 'calendar', year] as const,
  open311: ['cases', 'admin', 'open311'] as const,
};

/** The district's category tree (大类 with their 小类); inactive ones only reach cases:admin. */
export function useCategories() {
  return useQuery({
    queryKey: adminKeys.categories,
    queryFn: () => api.get<CaseCategoryTree>('/api/cases/categories'),
    select: (data) => data.items,
    staleTime: 5 * 60_000,
  });
}

/** TreeSelect data of the categories: a 大类 is a choice too (a case may be filed on it). */
export function categoryOptions(groups: readonly CaseCategoryGroup[]) {
  return groups.map((g) => ({
    value: g.uid,
    title: g.name,
    children: g.children.map((c) => ({ value: c.uid, title: c.name })),
  }));
}

export interface DispatchTarget {
  uid: string;
  name: string;
  kind: 'department' | 'community';
}

/**
 * The departments a case may go to: every department a category names (community staff do not
 * see the district's departments in their org tree), and those of the org tree when the
 * caller sees them (a district admin).
 */
export function useDepartments(): { departments: DispatchTarget[]; loading: boolean } {
  const categories = useCategories();
  const tree = useOrgTree(false);
  const departments = useMemo(() => {
    const found = new Map<string, DispatchTarget>();
    for (const g of categories.data ?? []) {
      for (const c of [g, ...g.children]) {
        if (c.department)
          found.set(c.department.uid, { uid: c.department.uid, name: c.department.name, kind: 'department' });
      }
    }
    for (const n of indexTree(tree.data ?? []).all()) {
      if (n.kind === 'department' && n.status === 'active')
        found.set(n.id, { uid: n.id, name: n.name, kind: 'department' });
    }
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }, [categories.data, tree.data]);
  return { departments, loading: categories.isPending };
}

export function useCreateCategory() {
  return useCaseWrite((body: CaseCategoryBody, headers) =>
    api.post<CaseCategory>('/api/cases/categories', body, headers),
  );
}

export function useUpdateCategory() {
  return useCaseWrite(({ uid, patch }: { uid: string; patch: CaseCategoryPatch }, headers) =>
    api.patch<CaseCategory>(`/api/cases/categories/${encodeURIComponent(uid)}`, patch, headers),
  );
}

/** Every template of the district (the admin's list), active or not. */
export function useAllTemplates() {
  return useQuery({
    queryKey: adminKeys.templates,
    queryFn: () => api.get<CaseTemplateList>('/api/cases/templates'),
    select: (data) => data.items,
  });
}

export function useCreateTemplate() {
  return useCaseWrite((body: CaseTemplateBody, headers) =>
    api.post<CaseTemplate>('/api/cases/templates', body, headers),
  );
}

export function useUpdateTemplate() {
  return useCaseWrite(({ uid, patch }: { uid: string; patch: CaseTemplatePatch }, headers) =>
    api.patch<CaseTemplate>(`/api/cases/templates/${encodeURIComponent(uid)}`, patch, headers),
  );
}

/** The year's exceptions to Monday–Friday: the State Council's and the district's own. */
export function useCalendar(year: number) {
  return useQuery({
    queryKey: adminKeys.calendar(year),
    queryFn: () => api.get<CalendarYear>('/api/cases/calendar', { year }),
  });
}

export function useSetCalendarDay() {
  return useCaseWrite(({ day, body }: { day: string; body: CalendarDayBody }, headers) =>
    api.put<unknown>(`/api/cases/calendar/${day}`, body, headers),
  );
}

export function useResetCalendarDay() {
  return useCaseWrite((day: string) => api.delete<CalendarDayReset>(`/api/cases/calendar/${day}`));
}

export function useOpen311Clients() {
  return useQuery({
    queryKey: adminKeys.open311,
    queryFn: () => api.get<Open311ClientList>('/api/cases/open311-clients'),
    select: (data) => data.items,
  });
}

export function useCreateOpen311Client() {
  return useCaseWrite((name: string, headers) =>
    api.post<Open311ClientCreated>('/api/cases/open311-clients', { name }, headers),
  );
}

export function useRevokeOpen311Client() {
  return useCaseWrite((uid: string, headers) =>
    api.post<Open311Client>(`/api/cases/open311-clients/${encodeURIComponent(uid)}/revoke`, {}, headers),
  );
}
