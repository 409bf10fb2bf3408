/**
 * The points store's rules (积分超市): what becomes of an order, whether an item may be
 * redeemed on a day, when an uncollected order lapses, and the one-time pickup code. Pure:
 * randomness is passed in, so the server draws from node:crypto and tests from a fixed source.
 */

export const ORDER_STATUSES = ['placed', 'fulfilled', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** fulfil: handed over at the desk; cancel: by the resident or staff; expire: not collected in time. */
export const ORDER_ACTIONS = ['fulfil', 'cancel', 'expire'] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderAction, OrderStatus>>> = {
  placed: { fulfil: 'fulfilled', cancel: 'cancelled', expire: 'expired' },
  fulfilled: {},
  cancelled: {},
  expired: {},
};

/** The status an action leads to, or null when the order's status does not allow it (every final status). */
export function nextOrderStatus(status: OrderStatus, action: OrderAction): OrderStatus | null {
  return TRANSITIONS[status][action] ?? null;
}

export function isFinalOrderStatus(status: OrderStatus): boolean {
  return ORDER_ACTIONS.every((a) => nextOrderStatus(status, a) === null);
}

/** An order that ends without the item handed over gives its points back. */
export function refundsPoints(action: OrderAction): boolean {
  return action === 'cancel' || action === 'expire';
}

/** Days a resident has to collect an order, when the item's validity does not end sooner. */
export const ORDER_PICKUP_DAYS = 30;
export const ORDER_MAX_QUANTITY = 99;

export interface RedeemableItem {
  active: boolean;
  /** YYYY-MM-DD, China time, inclusive */
  validFrom: string;
  /** YYYY-MM-DD, China time, inclusive; null: no end */
  validUntil: string | null;
  /** units one person may ever hold in placed or handed-over orders; null: no limit */
  perPersonLimit: number | null;
}

export type RedeemProblem = 'ITEM_INACTIVE' | 'ITEM_NOT_YET_VALID' | 'ITEM_EXPIRED' | 'LIMIT_REACHED';

/**
 * Why `quantity` units of the item may not be redeemed on `on` (a China date) by a person who
 * already holds `alreadyOrdered` units in placed or handed-over orders, or null when they may.
 * Stock and balance are not checked here: they are checked under the rows' locks.
 */
export function redeemable(
  item: RedeemableItem,
  on: string,
  quantity: number,
  alreadyOrdered: number,
): RedeemProblem | null {
  if (!item.active) return 'ITEM_INACTIVE';
  if (on < item.validFrom) return 'ITEM_NOT_YET_VALID';
  if (item.validUntil !== null && on > item.validUntil) return 'ITEM_EXPIRED';
  if (item.perPersonLimit !== null && alreadyOrdered + quantity > item.perPersonLimit) return 'LIMIT_REACHED';
  return null;
}

/** Units a person may still order under the limit (null: no limit). */
export function limitRemaining(perPersonLimit: number | null, alreadyOrdered: number): number | null {
  return perPersonLimit === null ? null : Math.max(0, perPersonLimit - alreadyOrdered);
}

const DAY_MS = 86_400_000;

/** The instant a China date ends: midnight (UTC+8, no daylight saving) at the start of the next day. */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + DAY_MS);
}

/**
 * When a placed order lapses if not handed over: at the end of the item's last valid day (China
 * time) or ORDER_PICKUP_DAYS after it was placed, whichever comes first.
 */
export function orderExpiry(item: { validUntil: string | null }, now: Date): Date {
  const pickup = new Date(now.getTime() + ORDER_PICKUP_DAYS * DAY_MS);
  if (item.validUntil === null) return pickup;
  const end = endOfChinaDay(item.validUntil);
  return end < pickup ? end : pickup;
}

/** The points an order costs. */
export function orderPoints(price: number, quantity: number): number {
  return price * quantity;
}

/** Fills `bytes` with cryptographically random bytes (node:crypto's randomFillSync, or crypto.getRandomValues). */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

const CODE_SPACE = 100_000_000;
/** The largest multiple of CODE_SPACE below 2^32: draws at or above it are redrawn, so every code is equally likely. */
const CODE_DRAW_LIMIT = Math.floor(2 ** 32 / CODE_SPACE) * CODE_SPACE;

/**
 * A one-time pickup code: 8 digits, uniformly random (rejection sampling, no modulo bias), with
 * leading zeros kept. Unique among a community's open orders by the database's index; the
 * caller draws again on a collision.
 */
export function orderCode(fill: RandomFill): string {
  const bytes = new Uint8Array(4);
  for (;;) {
    fill(bytes);
    const n = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
    if (n < CODE_DRAW_LIMIT) return String(n % CODE_SPACE).padStart(8, '0');
  }
}

export function isOrderCode(value: string): boolean {
  return /^[0-9]{8}$/.test(value);
}
