/**
 * The points store (积分超市): a community's items (goods, services, coupons) priced in points,
 * residents' orders with their one-time pickup code, and the redemption desk where staff enter
 * or scan the code to hand the item over. Cancelling or expiring an order refunds its points.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Reason, Uid } from './common.ts';
import { DateOnly } from './registry.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const UnitName = Type.Object({ id: Uid, name: Type.String() });

/** 实物, 服务, 券 (洗车券, 早餐券 …). */
export const StoreItemKind = Type.Union([Type.Literal('goods'), Type.Literal('service'), Type.Literal('coupon')]);
export type StoreItemKind = Static<typeof StoreItemKind>;

export const StoreItemName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' });
export const StoreItemDescription = Type.String({ maxLength: 500 });
export const StorePrice = Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'points per unit' });
/** null: not counted (a service that does not run out) */
export const StoreStock = Type.Integer({ minimum: 0, maximum: 1_000_000 });
export const PerPersonLimit = Type.Integer({ minimum: 1, maximum: 10_000, description: 'units per person, ever' });

export const StoreItem = Type.Object({
  id: Uid,
  community: UnitName,
  name: Type.String(),
  description: Nullable(Type.String()),
  kind: StoreItemKind,
  photoId: Nullable(Uid),
  price: Type.Integer(),
  /** units left; null when not counted */
  stock: Nullable(Type.Integer()),
  perPersonLimit: Nullable(Type.Integer()),
  validFrom: DateOnly,
  validUntil: Nullable(DateOnly),
  active: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type StoreItem = Static<typeof StoreItem>;

/** Staff: a community's items, inactive and out-of-date ones included. */
export const StoreItemsQuery = Obj({ community: Uid });
export type StoreItemsQuery = Static<typeof StoreItemsQuery>;
export const StoreItemList = Type.Object({ community: UnitName, items: Type.Array(StoreItem) });
export type StoreItemList = Static<typeof StoreItemList>;

export const StoreItemBody = Obj({
  community: Uid,
  name: StoreItemName,
  description: Type.Optional(Nullable(StoreItemDescription)),
  kind: StoreItemKind,
  photoId: Type.Optional(Nullable(Uid)),
  price: StorePrice,
  stock: Type.Optional(Nullable(StoreStock)),
  perPersonLimit: Type.Optional(Nullable(PerPersonLimit)),
  /** default: today (China time) */
  validFrom: Type.Optional(DateOnly),
  validUntil: Type.Optional(Nullable(DateOnly)),
  active: Type.Optional(Type.Boolean()),
});
export type StoreItemBody = Static<typeof StoreItemBody>;

/** Only the fields sent change. Stock is set (not added to); orders already placed keep their price. */
export const StoreItemPatch = Obj({
  name: Type.Optional(StoreItemName),
  description: Type.Optional(Nullable(StoreItemDescription)),
  photoId: Type.Optional(Nullable(Uid)),
  price: Type.Optional(StorePrice),
  stock: Type.Optional(Nullable(StoreStock)),
  perPersonLimit: Type.Optional(Nullable(PerPersonLimit)),
  validFrom: Type.Optional(DateOnly),
  validUntil: Type.Optional(Nullable(DateOnly)),
  active: Type.Optional(Type.Boolean()),
});
export type StoreItemPatch = Static<typeof StoreItemPatch>;

/** A resident's view of an item: how many they have ordered (placed or handed over), for the limit. */
export const MyStoreItem = Type.Composite([StoreItem, Type.Object({ ordered: Type.Integer() })]);
export type MyStoreItem = Static<typeof MyStoreItem>;
/** GET /api/points/me/store: my community's active items valid today. */
export const MyStore = Type.Object({ community: UnitName, today: DateOnly, items: Type.Array(MyStoreItem) });
export type MyStore = Static<typeof MyStore>;

// ── Orders ────────────────────────────────────────────────────────────────────────────────
/** placed → fulfilled (handed over) | cancelled (refunded) | expired (not collected in time, refunded). */
export const OrderStatus = Type.Union([
  Type.Literal('placed'),
  Type.Literal('fulfilled'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);
export type OrderStatus = Static<typeof OrderStatus>;

/**
 * The account paid from: my own, my household's, or — for a party member — my party-member
 * points (党员积分 are exchanged for goods too).
 */
export const OrderAccountKind = Type.Union([
  Type.Literal('person'),
  Type.Literal('household'),
  Type.Literal('party_member'),
]);
export type OrderAccountKind = Static<typeof OrderAccountKind>;

/** The 8-digit one-time pickup code (shown as a QR on the resident's phone). */
export const OrderCode = Type.String({ pattern: '^[0-9]{8}$', description: '8 digits' });

export const Order = Type.Object({
  id: Uid,
  /**
   * The pickup code. The resident sees it on their own orders, and staff who entered it see it on
   * the order they looked up; staff lists carry null, so an item is handed over only to whoever
   * holds the code.
   */
  code: Nullable(OrderCode),
  item: Type.Object({ id: Uid, name: Type.String(), kind: StoreItemKind, photoId: Nullable(Uid) }),
  community: UnitName,
  quantity: Type.Integer(),
  /** points paid: quantity × the price when ordered */
  points: Type.Integer(),
  status: OrderStatus,
  account: Type.Object({ id: Uid, kind: OrderAccountKind }),
  /** who ordered (name masked on staff lists, 张*明) */
  person: Type.Object({ id: Uid, name: Type.String() }),
  createdAt: DateTime,
  /** placed orders not handed over by then expire and are refunded */
  expiresAt: Nullable(DateTime),
  fulfilledAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
  /** the ledger transfers: the payment, and the refund of a cancelled or expired order */
  transferId: Uid,
  refundTransferId: Nullable(Uid),
});
export type Order = Static<typeof Order>;

export const OrderBody = Obj({
  item: Uid,
  quantity: Type.Integer({ minimum: 1, maximum: 99 }),
  /** uid of my person account, my household's, or my party-member account; default my person account */
  account: Type.Optional(Uid),
});
export type OrderBody = Static<typeof OrderBody>;

export const OrderList = Page(Order);
export type OrderList = Static<typeof OrderList>;

export const MyOrdersQuery = Obj({ status: Type.Optional(OrderStatus), ...PageQuery });
export type MyOrdersQuery = Static<typeof MyOrdersQuery>;
export const StoreOrdersQuery = Obj({ unit: Type.Optional(Uid), status: Type.Optional(OrderStatus), ...PageQuery });
export type StoreOrdersQuery = Static<typeof StoreOrdersQuery>;
export const OrderByCodeQuery = Obj({ community: Uid });
export const OrderByCodeParams = Type.Object({ code: OrderCode });
/** Staff cancelling an order say why; the resident sees the reason. */
export const StaffCancelOrderBody = Obj({ reason: Reason });
