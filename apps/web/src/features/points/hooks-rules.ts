/**
 * 积分规则 as the 工作台 calls them: a community's catalogue (its own rules and those of the
 * street and district above it, grouped by category), one rule with its versions, and the
 * writes — a new rule, a new version of a rule (past entries keep theirs), retiring a rule.
 * Every answer is the shared contract of packages/api/src/points-catalogue.ts.
 */
import type {
  Catalogue,
  Rule,
  RuleAppliesTo,
  RuleBody,
  RuleCategory,
  RuleEvidence,
  RuleVersionBody,
} from '@gongzhi/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePointsWrite } from './hooks-ledger.ts';

export type { Catalogue, Rule, RuleAppliesTo, RuleBody, RuleCategory, RuleEvidence, RuleVersionBody };
export type RuleVersion = Rule['current'];

export const RULE_CATEGORIES: readonly RuleCategory[] = [
  'morality',
  'environment',
  'harmony',
  'customs',
  'volunteering',
  'deliberation',
  'party_duty',
  'other',
];
export const APPLIES_TO: readonly RuleAppliesTo[] = ['person', 'household', 'party_member'];
export const EVIDENCE: readonly RuleEvidence[] = ['photo', 'witness', 'staff'];

export const ruleKeys = {
  all: ['points', 'rules'] as const,
  catalogue: (community: string, retired: boolean) => ['points', 'rules', 'catalogue', community, retired] as const,
  rule: (id: string) => ['points', 'rules', 'rule', id] as const,
};

/** The catalogue of a community; `retired` adds the rules no longer in use (staff only). */
export function useCatalogue(community: string | undefined, retired = false) {
  return useQuery({
    queryKey: ruleKeys.catalogue(community ?? '', retired),
    queryFn: () => api.get<Catalogue>('/api/points/rules', { community, retired: retired || undefined }),
    enabled: Boolean(community),
    placeholderData: keepPreviousData,
  });
}

/** One rule with every version, oldest first. */
export function useRule(id: string | null) {
  return useQuery({
    queryKey: ruleKeys.rule(id ?? ''),
    queryFn: () => api.get<Rule>(`/api/points/rules/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useCreateRule() {
  return usePointsWrite((body: RuleBody, headers) => api.post<Rule>('/api/points/rules', body, headers), ruleKeys.all);
}

/** 修改 makes a new version; entries already awarded keep the version they were awarded under. */
export function useReviseRule() {
  return usePointsWrite(
    ({ id, body }: { id: string; body: RuleVersionBody }, headers) =>
      api.put<Rule>(`/api/points/rules/${encodeURIComponent(id)}`, body, headers),
    ruleKeys.all,
  );
}

export function useRetireRule() {
  return usePointsWrite(
    ({ id, reason }: { id: string; reason?: string }, headers) =>
      api.post<Rule>(`/api/points/rules/${encodeURIComponent(id)}/retire`, { reason }, headers),
    ruleKeys.all,
  );
}
