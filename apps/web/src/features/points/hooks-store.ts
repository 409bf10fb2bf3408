/**
 * The points store (积分超市) as the 工作台 keeps it: a community's items, the orders residents
 * placed, and the redemption desk (兑换核销) — an open order looked up by its 8-digit code, then
 * handed over or cancelled with its points refunded. Answers are the shared contract of
 * packages/api/src/points-store.ts; every write goes through `usePointsWrite` (Idempotency-Key).
 */
import type {
  Order,
  OrderList,
  OrderStatus,
  StoreItem,
  StoreItemBody,
  StoreItemKind,
  StoreItemList,
  StoreItemPatch,
} from '@gongzhi/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { usePointsWrite } from './hooks-ledger.ts';

export type { Order, OrderStatus, StoreItem, StoreItemBody, StoreItemKind, StoreItemPatch };

export const STORE_ITEM_KINDS: readonly StoreItemKind[] = ['goods', 'service', 'coupon'];
export const ORDER_STATUSES: readonly OrderStatus[] = ['placed', 'fulfilled', 'cancelled', 'expired'];

export interface StoreOrdersQuery {
  unit?: string;
  status?: OrderStatus;
  page: number;
  pageSize: number;
}

export const storeKeys = {
  all: ['points', 'store'] as const,
  items: (community: string) => ['points', 'store', 'items', community] as const,
  orders: (q: StoreOrdersQuery) => ['points', 'store', 'orders', q] as const,
  byCode: (community: string, code: string) => ['points', 'store', 'by-code', community, code] as const,
};

/** A community's items, inactive and out-of-date ones included. */
export function useStoreItems(community: string | undefined) {
  return useQuery({
    queryKey: storeKeys.items(community ?? ''),
    queryFn: () => api.get<StoreItemList>('/api/points/store/items', { community }),
    enabled: Boolean(community),
  });
}

/** Residents' orders in a unit, newest first; staff lists never carry the pickup code. */
export function useStoreOrders(query: StoreOrdersQuery, enabled = true) {
  return useQuery({
    queryKey: storeKeys.orders(query),
    queryFn: () => api.get<OrderList>('/api/points/store/orders', { ...query }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/**
 * The open order with this code in the community, asked only once a whole code is entered.
 * A wrong, used, cancelled or expired code answers 404 (POINTS_ORDER_NOT_FOUND); no retries,
 * so the desk says so at once.
 */
export function useOrderByCode(community: string | undefined, code: string | undefined) {
  return useQuery({
    queryKey: storeKeys.byCode(community ?? '', code ?? ''),
    queryFn: () => api.get<Order>(`/api/points/store/orders/by-code/${encodeURIComponent(code ?? '')}`, { community }),
    enabled: Boolean(community && code && /^\d{8}$/.test(code)),
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
}

export function useCreateStoreItem() {
  return usePointsWrite((body: StoreItemBody, headers) =>
    api.post<StoreItem>('/api/points/store/items', body, headers),
  );
}

export function useUpdateStoreItem() {
  return usePointsWrite(({ id, patch }: { id: string; patch: StoreItemPatch }, headers) =>
    api.patch<StoreItem>(`/api/points/store/items/${encodeURIComponent(id)}`, patch, headers),
  );
}

/** 确认兑换: the item is handed over; a second time answers 409 POINTS_ORDER_NOT_OPEN. */
export function useFulfilOrder() {
  return usePointsWrite((id: string, headers) =>
    api.post<Order>(`/api/points/store/orders/${encodeURIComponent(id)}/fulfil`, undefined, headers),
  );
}

/** 取消并退还: the order is cancelled and its points go back to the account it was paid from. */
export function useCancelOrder() {
  return usePointsWrite(({ id, reason }: { id: string; reason: string }, headers) =>
    api.post<Order>(`/api/points/store/orders/${encodeURIComponent(id)}/cancel`, { reason }, headers),
  );
}
