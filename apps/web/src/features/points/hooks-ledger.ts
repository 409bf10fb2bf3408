/**
 * The points ledger as the 工作台 reads it — holders' accounts with balances, one account with
 * its entries, the reversal of an entry — and the one way every points page writes: with an
 * Idempotency-Key (see `usePointsWrite`). Answers are the shared contract of
 * packages/api/src/points-ledger.ts.
 */
import type {
  PersonProfile,
  PointsAccountDetail,
  PointsAccountItem,
  PointsAccountList,
  PointsEntry,
  PointsEntryList,
  PointsHolderKind,
  PointsTransfer,
  PointsTransferKind,
} from '@gongzhi/api';
import { keepPreviousData, type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { registryKeys } from '../registry/hooks.ts';

export type { PointsAccountDetail, PointsAccountItem, PointsEntry, PointsHolderKind, PointsTransferKind };

export const HOLDER_KINDS: readonly PointsHolderKind[] = ['person', 'household', 'party_member'];

export interface AccountsQuery {
  unit?: string;
  kind?: PointsHolderKind;
  q?: string;
  person?: string;
  sort?: 'balance' | 'name';
  page: number;
  pageSize: number;
}

export const ledgerKeys = {
  all: ['points', 'ledger'] as const,
  accounts: (q: AccountsQuery) => ['points', 'ledger', 'accounts', q] as const,
  account: (id: string) => ['points', 'ledger', 'account', id] as const,
  entries: (id: string, page: number, pageSize: number) => ['points', 'ledger', 'entries', id, page, pageSize] as const,
};

/** Holders' accounts in a unit with their balances (highest first unless sorted by name). */
export function usePointsAccounts(query: AccountsQuery, enabled = true) {
  return useQuery({
    queryKey: ledgerKeys.accounts(query),
    queryFn: () => api.get<PointsAccountList>('/api/points/accounts', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePointsAccount(id: string) {
  return useQuery({
    queryKey: ledgerKeys.account(id),
    queryFn: () => api.get<PointsAccountDetail>(`/api/points/accounts/${encodeURIComponent(id)}`),
  });
}

/** An account's entries, newest first. */
export function usePointsEntries(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ledgerKeys.entries(id, page, pageSize),
    queryFn: () =>
      api.get<PointsEntryList>(`/api/points/accounts/${encodeURIComponent(id)}/entries`, { page, pageSize }),
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
 * A points write: the request goes out with an Idempotency-Key made of one random part per
 * mounted form (a dialog, a drawer) and a fingerprint of what is sent. A double click or a
 * retry after a lost answer sends the same key, and the server answers it once (one entry,
 * not two); an edited form is a new request with a new key. Every answer may move balances,
 * so the points queries named in `invalidates` (all of them by default) are read again.
 */
export function usePointsWrite<TVars, TResult>(
  send: (vars: TVars, headers: { 'Idempotency-Key': string }) => Promise<TResult>,
  invalidates: QueryKey = ['points'],
) {
  const queryClient = useQueryClient();
  const [nonce] = useState(() => crypto.randomUUID());
  return useMutation({
    mutationFn: (vars: TVars) => send(vars, { 'Idempotency-Key': `points.${nonce}.${fingerprint(vars)}` }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invalidates }),
  });
}

/**
 * A person of the register, asked only once one is named (the registry's own hook always
 * asks); shares the registry's cache entry. Used for where a household award goes.
 */
export function useRegisteredPerson(id: string | undefined) {
  return useQuery({
    queryKey: registryKeys.person(id ?? ''),
    queryFn: () => api.get<PersonProfile>(`/api/registry/persons/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

/** 冲正: a transfer is undone by the opposite transfer, once; the entries themselves stay. */
export function useReverseTransfer() {
  return usePointsWrite(({ transfer, reason }: { transfer: string; reason: string }, headers) =>
    api.post<PointsTransfer>(`/api/points/transfers/${encodeURIComponent(transfer)}/reverse`, { reason }, headers),
  );
}
