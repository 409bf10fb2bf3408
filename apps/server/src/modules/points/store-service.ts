/**
 * The points store's use-cases (积分超市): staff keep a community's items; a resident redeems
 * points for one and gets a one-time code; staff hand the item over when the code is shown;
 * the resident or staff cancel an order not yet handed over, and an order not collected in
 * time expires — both refund the points and put the units back in stock.
 *
 * Points move only through the ledger (ledger.ts): a redemption is a 'redeem' transfer from
 * the holder's account to the community's store account, a refund the 'refund' transfer back.
 * Locks, in the order every path takes them (so none waits on another in a circle): the
 * person's order lock (when a limit applies), the two accounts (postTransfer, in id order),
 * then the item row (its stock).
 */
import { randomFillSync, randomUUID } from 'node:crypto';
import type {
  MyOrdersQuery,
  MyStore,
  Order,
  OrderBody,
  OrderList,
  StoreItem,
  StoreItemBody,
  StoreItemList,
  StoreItemPatch,
  StoreItemsQuery,
  StoreOrdersQuery,
} from '@gongzhi/api';
import {
  chinaDate,
  isWithin,
  maskName,
  nextOrderStatus,
  type OrderAction,
  type OrderStatus,
  orderCode,
  orderExpiry,
  orderPoints,
  type RedeemableItem,
  redeemable,
} from '@gongzhi/domain';
import { type Actor, recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, inSubtrees, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { AppError, type Locale } from '../../platform/errors.ts';
import { unitForScope } from '../org/service.ts';
import { accountById, communityAccount, holderAccount, postTransfer } from './ledger.ts';
import * as repo from './store-repo.ts';

type Deps = Pick<AppDeps, 'clock'>;
type Text = { 'zh-CN': string; en: string };

const COMMUNITY_KINDS: readonly string[] = ['community', 'village'];
/** How many fresh codes to draw before giving up: with 10^8 codes a second collision is all but impossible. */
const CODE_ATTEMPTS = 8;
/** The expiry job's batch: each order is its own transaction, so a failure stays with one order. */
const EXPIRY_BATCH = 200;

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system', roles: [], ip: null, requestId: null };

/** A 400 naming the field, in the request's language. */
function refused(field: string, rule: string, text: Text, locale: Locale): AppError {
  return new AppError('VALIDATION_FAILED', 400, [{ field, rule, message: text[locale].replaceAll('{f}', field) }]);
}
const NOT_A_COMMUNITY: Text = { 'zh-CN': '{f}:应为社区或村', en: '{f}: must be a community or village' };
const ENDS_BEFORE_START: Text = {
  'zh-CN': '{f}:截止日期不能早于开始日期',
  en: '{f}: the last valid day cannot come before the first',
};

function toItem(r: repo.ItemRow): StoreItem {
  return {
    id: r.uid,
    community: { id: r.community_uid, name: r.community_name },
    name: r.name,
    description: r.description,
    kind: r.kind as StoreItem['kind'],
    photoId: r.photo_id,
    price: r.price,
    stock: r.stock,
    perPersonLimit: r.per_person_limit,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    active: r.active,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * An order as its reader sees it: the resident sees their code and name; staff see names
 * masked and the code only on the order they looked up by it.
 */
function toOrder(r: repo.OrderRow, view: { code: boolean; masked: boolean }): Order {
  return {
    id: r.uid,
    code: view.code ? r.code : null,
    item: { id: r.item_uid, name: r.item_name, kind: r.item_kind as Order['item']['kind'], photoId: r.item_photo_id },
    community: { id: r.community_uid, name: r.community_name },
    quantity: r.quantity,
    points: r.points,
    status: r.status as OrderStatus,
    account: { id: r.account_uid, kind: r.account_kind as Order['account']['kind'] },
    person: { id: r.person_uid, name: view.masked ? maskName(r.person_name) : r.person_name },
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    fulfilledAt: r.fulfilled_at?.toISOString() ?? null,
    cancelledAt: r.cancelled_at?.toISOString() ?? null,
    cancelReason: r.cancel_reason,
    transferId: r.transfer_uid,
    refundTransferId: r.refund_transfer_uid,
  };
}

function redeemRules(r: repo.ItemRow): RedeemableItem {
  return { active: r.active, validFrom: r.valid_from, validUntil: r.valid_until, perPersonLimit: r.per_person_limit };
}

/** What an audit record keeps of an order: no code (it is a secret until handed over). */
function auditOf(o: Order) {
  const { code: _code, ...rest } = o;
  return rest;
}

export function createStoreService(deps: Deps) {
  const { clock } = deps;

  // ── Items ──
  /** A community (or village) the scope may read points in: its own, or one its grids lie in. */
  async function communityForRead(db: Db, scope: Scope, uid: string) {
    const unit = await repo.unitByUid(db, uid);
    // A grid worker reads points on their grids: the community above them is theirs to read too.
    const readable =
      unit?.status === 'active' &&
      (canAt(scope, 'points:read', unit.path) || pathsWith(scope, 'points:read').some((p) => isWithin(p, unit.path)));
    if (!unit || !readable) throw new AppError('UNIT_NOT_FOUND', 404);
    if (!COMMUNITY_KINDS.includes(unit.kind)) throw refused('community', 'kind', NOT_A_COMMUNITY, scope.locale);
    return unit;
  }

  async function listItems(db: Db, scope: Scope, q: StoreItemsQuery): Promise<StoreItemList> {
    const unit = await communityForRead(db, scope, q.community);
    const items = await repo.itemsOfCommunity(db, unit.id);
    return { community: { id: unit.uid, name: unit.name }, items: items.map(toItem) };
  }

  async function createItem(trx: Db, scope: Scope, body: StoreItemBody): Promise<StoreItem> {
    const unit = await unitForScope(trx, scope, { uid: body.community }, 'points:manage', 'UNIT_NOT_FOUND');
    if (!COMMUNITY_KINDS.includes(unit.kind)) throw refused('community', 'kind', NOT_A_COMMUNITY, scope.locale);
    const now = clock();
    const validFrom = body.validFrom ?? chinaDate(now);
    const validUntil = body.validUntil ?? null;
    if (validUntil !== null && validUntil < validFrom) {
      throw refused('validUntil', 'afterValidFrom', ENDS_BEFORE_START, scope.locale);
    }
    const uid = await repo.insertItem(trx, {
      districtId: unit.districtId,
      communityId: unit.id,
      orgPath: unit.path,
      name: body.name.trim(),
      description: body.description?.trim() || null,
      kind: body.kind,
      photoId: body.photoId ?? null,
      price: body.price,
      stock: body.stock ?? null,
      perPersonLimit: body.perPersonLimit ?? null,
      validFrom,
      validUntil,
      active: body.active ?? true,
      createdBy: scope.user.id,
      now,
    });
    const item = toItem((await repo.itemByUid(trx, uid)) as repo.ItemRow);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.store.item.create',
        orgPath: unit.path,
        targetType: 'points_store_item',
        targetId: uid,
        after: item,
      },
      now,
    );
    return item;
  }

  async function updateItem(trx: Db, scope: Scope, uid: string, patch: StoreItemPatch): Promise<StoreItem> {
    const row = await repo.itemByUid(trx, uid, { lock: true });
    if (!row || !canAt(scope, 'points:manage', row.org_path)) throw new AppError('POINTS_STORE_ITEM_NOT_FOUND', 404);
    const validFrom = patch.validFrom ?? row.valid_from;
    const validUntil = patch.validUntil === undefined ? row.valid_until : patch.validUntil;
    if (validUntil !== null && validUntil < validFrom) {
      throw refused(
        patch.validUntil === undefined ? 'validFrom' : 'validUntil',
        'afterValidFrom',
        ENDS_BEFORE_START,
        scope.locale,
      );
    }
    const changes: repo.ItemChanges = {
      name: patch.name?.trim(),
      description: patch.description === undefined ? undefined : patch.description?.trim() || null,
      photo_id: patch.photoId,
      price: patch.price,
      stock: patch.stock,
      per_person_limit: patch.perPersonLimit,
      valid_from: patch.validFrom,
      valid_until: patch.validUntil,
      active: patch.active,
    };
    const now = clock();
    await repo.updateItem(trx, row.id, changes, now);
    const before = toItem(row);
    const after = toItem((await repo.itemByUid(trx, uid)) as repo.ItemRow);
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.store.item.update',
        orgPath: row.org_path,
        targetType: 'points_store_item',
        targetId: uid,
        before,
        after,
      },
      now,
    );
    return after;
  }

  // ── The resident's side ──
  async function resident(db: Db, scope: Scope) {
    const r = await repo.residentOf(db, scope.user.id);
    if (!r) throw new AppError('POINTS_NO_PERSON', 404);
    return r;
  }

  async function myStore(db: Db, scope: Scope): Promise<MyStore> {
    const me = await resident(db, scope);
    const today = chinaDate(clock());
    const items = await repo.itemsOfCommunity(db, me.community_id, today);
    const ordered = await repo.unitsOrderedByItem(
      db,
      me.person_id,
      items.map((i) => i.id),
    );
    return {
      community: { id: me.community_uid, name: me.community_name },
      today,
      items: items.map((i) => ({ ...toItem(i), ordered: ordered.get(i.id) ?? 0 })),
    };
  }

  /** The account the resident pays from: their own (person or party member), or their current household's. */
  async function payingAccount(trx: Db, personId: number, accountUid: string | undefined, now: Date) {
    if (accountUid === undefined) return holderAccount(trx, { kind: 'person', personId }, now);
    const account = await repo.accountByUid(trx, accountUid);
    if ((account?.kind === 'person' || account?.kind === 'party_member') && account.person_id === personId) {
      return holderAccount(trx, { kind: account.kind, personId }, now);
    }
    if (account?.kind === 'household' && account.household_id !== null) {
      const household = await repo.currentHouseholdOf(trx, personId);
      if (household === account.household_id)
        return holderAccount(trx, { kind: 'household', householdId: household }, now);
    }
    throw new AppError('POINTS_ACCOUNT_NOT_FOUND', 404, { field: 'account' });
  }

  /**
   * 兑换: pays the item's price from the holder's account into the community's store, takes the
   * units from stock and issues the pickup code, all in the caller's transaction. Whatever is
   * refused (balance, stock, limit, validity) throws before the transaction commits, so nothing
   * of a refused order is written.
   */
  async function placeOrder(trx: Db, scope: Scope, body: OrderBody): Promise<Order> {
    const now = clock();
    const today = chinaDate(now);
    const me = await resident(trx, scope);
    const item = await repo.itemByUid(trx, body.item);
    if (!item || item.community_id !== me.community_id) throw new AppError('POINTS_STORE_ITEM_NOT_FOUND', 404);
    // Validity first, without locks: an order that cannot succeed should not queue for them.
    const rules = redeemRules(item);
    const early = redeemable(rules, today, body.quantity, 0);
    if (early) throw new AppError(`POINTS_${early}`, 409, { field: 'item' });

    if (item.per_person_limit !== null) await repo.lockPersonOrders(trx, me.person_id);
    const holder = await payingAccount(trx, me.person_id, body.account, now);
    if (holder.communityId !== item.community_id) throw new AppError('POINTS_STORE_ITEM_NOT_FOUND', 404);
    const store = await communityAccount(trx, 'store', holder, now);
    const uid = randomUUID();
    const points = orderPoints(item.price, body.quantity);
    const transfer = await postTransfer(
      trx,
      {
        kind: 'redeem',
        from: holder,
        to: store,
        amount: points,
        occurredOn: today,
        reason: `${item.name} × ${body.quantity}`,
        source: 'store_order',
        sourceRef: uid,
        actorId: scope.user.id,
        // Under the holder's lock (and the person's, for a limit): no two orders pass the limit together.
        check: async (lockedTrx) => {
          if (item.per_person_limit === null) return;
          const ordered = await repo.unitsOrdered(lockedTrx, me.person_id, item.id);
          const problem = redeemable(rules, today, body.quantity, ordered);
          if (problem) {
            throw new AppError(`POINTS_${problem}`, 409, {
              field: 'quantity',
              limit: item.per_person_limit,
              ordered,
            });
          }
        },
      },
      now,
    );
    if (!(await repo.takeStock(trx, item.id, body.quantity))) {
      throw new AppError('POINTS_OUT_OF_STOCK', 409, { field: 'quantity' });
    }
    const order = {
      uid,
      districtId: item.district_id,
      communityId: item.community_id,
      orgPath: holder.orgPath,
      itemId: item.id,
      accountId: holder.id,
      personId: me.person_id,
      orderedBy: scope.user.id,
      quantity: body.quantity,
      points,
      transferId: transfer.id,
      expiresAt: orderExpiry({ validUntil: item.valid_until }, now),
      now,
    };
    let placed = false;
    for (let attempt = 0; attempt < CODE_ATTEMPTS && !placed; attempt++) {
      placed = await repo.insertOrder(trx, { ...order, code: orderCode(randomFillSync) });
    }
    if (!placed) throw new Error('could not draw a free order code');
    const view = toOrder((await repo.orderByUid(trx, uid)) as repo.OrderRow, { code: true, masked: false });
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: 'points.store.order.place',
        orgPath: holder.orgPath,
        targetType: 'points_order',
        targetId: uid,
        after: auditOf(view),
      },
      now,
    );
    return view;
  }

  async function myOrders(db: Db, scope: Scope, q: MyOrdersQuery): Promise<OrderList> {
    const me = await resident(db, scope);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.listOrders(db, { personId: me.person_id }, q.status, page, pageSize);
    return { items: rows.map((r) => toOrder(r, { code: true, masked: false })), total, page, pageSize };
  }

  /**
   * Ends an open order: hands it over, or cancels or expires it with its points refunded
   * (store → holder, the accounts the payment used) and its units back in stock.
   */
  async function endOrder(
    trx: Db,
    row: repo.OrderRow,
    action: OrderAction,
    who: { actor: Actor; reason?: string | null },
    now: Date,
  ): Promise<repo.OrderRow> {
    const next = nextOrderStatus(row.status as OrderStatus, action);
    if (next === null || next === 'placed') throw new AppError('POINTS_ORDER_NOT_OPEN', 409, { status: row.status });
    let refundTransferId: number | undefined;
    if (next !== 'fulfilled') {
      const paid = await repo.paymentAccounts(trx, row.transfer_id);
      const holder = await accountById(trx, paid.from);
      const store = await accountById(trx, paid.to);
      if (!holder || !store) throw new AppError('POINTS_ACCOUNT_NOT_FOUND', 404);
      const refund = await postTransfer(
        trx,
        {
          kind: 'refund',
          from: store,
          to: holder,
          amount: row.points,
          occurredOn: chinaDate(now),
          reason: who.reason ?? (next === 'expired' ? '订单过期未领取' : '订单已取消'),
          source: 'store_refund',
          sourceRef: row.uid,
          actorId: who.actor.id,
        },
        now,
      );
      refundTransferId = refund.id;
      await repo.returnStock(trx, row.item_id, row.quantity);
    }
    await repo.endOrder(trx, row.id, {
      status: next,
      actorId: who.actor.id,
      refundTransferId,
      reason: who.reason ?? null,
      now,
    });
    const after = (await repo.orderById(trx, row.id)) as repo.OrderRow;
    await recordAudit(
      trx,
      who.actor,
      {
        action: `points.store.order.${action}`,
        orgPath: row.org_path,
        targetType: 'points_order',
        targetId: row.uid,
        before: auditOf(toOrder(row, { code: false, masked: false })),
        after: auditOf(toOrder(after, { code: false, masked: false })),
      },
      now,
    );
    return after;
  }

  async function cancelMine(trx: Db, scope: Scope, uid: string): Promise<Order> {
    const me = await resident(trx, scope);
    const row = await repo.orderByUid(trx, uid, { lock: true });
    if (!row || row.person_id !== me.person_id) throw new AppError('POINTS_ORDER_NOT_FOUND', 404);
    const after = await endOrder(trx, row, 'cancel', { actor: actorOf(scope) }, clock());
    return toOrder(after, { code: true, masked: false });
  }

  // ── The redemption desk (staff) ──
  async function staffOrders(db: Db, scope: Scope, q: StoreOrdersQuery): Promise<OrderList> {
    const paths = q.unit
      ? [(await unitForScope(db, scope, { uid: q.unit }, 'points:review', 'UNIT_NOT_FOUND')).path]
      : pathsWith(scope, 'points:review');
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const { rows, total } = await repo.listOrders(
      db,
      { paths: inSubtrees('o.org_path', paths) },
      q.status,
      page,
      pageSize,
    );
    return { items: rows.map((r) => toOrder(r, { code: false, masked: true })), total, page, pageSize };
  }

  async function orderByCode(db: Db, scope: Scope, code: string, community: string): Promise<Order> {
    const unit = await unitForScope(db, scope, { uid: community }, 'points:review', 'UNIT_NOT_FOUND');
    const row = await repo.openOrderByCode(db, unit.id, code);
    if (!row || !canAt(scope, 'points:review', row.org_path)) throw new AppError('POINTS_ORDER_NOT_FOUND', 404);
    return toOrder(row, { code: true, masked: true });
  }

  async function staffOrder(trx: Db, scope: Scope, uid: string) {
    const row = await repo.orderByUid(trx, uid, { lock: true });
    if (!row || !canAt(scope, 'points:review', row.org_path)) throw new AppError('POINTS_ORDER_NOT_FOUND', 404);
    return row;
  }

  /** 核销: the item is handed over; once only. */
  async function fulfil(trx: Db, scope: Scope, uid: string): Promise<Order> {
    const row = await staffOrder(trx, scope, uid);
    const after = await endOrder(trx, row, 'fulfil', { actor: actorOf(scope) }, clock());
    return toOrder(after, { code: false, masked: true });
  }

  async function staffCancel(trx: Db, scope: Scope, uid: string, reason: string): Promise<Order> {
    const row = await staffOrder(trx, scope, uid);
    const after = await endOrder(trx, row, 'cancel', { actor: actorOf(scope), reason: reason.trim() }, clock());
    return toOrder(after, { code: false, masked: true });
  }

  /**
   * Expires and refunds every placed order past its pickup time, one transaction each, so a
   * long backlog never holds locks for long. Returns how many it expired.
   */
  async function expireDue(db: Db): Promise<number> {
    let expired = 0;
    for (;;) {
      const now = clock();
      const due = await repo.ordersDueToExpire(db, now, EXPIRY_BATCH);
      for (const uid of due) {
        const done = await db.transaction().execute(async (trx) => {
          const row = await repo.orderByUid(trx, uid, { lock: true });
          // Handed over or cancelled meanwhile: nothing to do.
          if (row?.status !== 'placed' || row.expires_at === null || row.expires_at > now) return false;
          await endOrder(trx, row, 'expire', { actor: SYSTEM_ACTOR }, now);
          return true;
        });
        if (done) expired++;
      }
      if (due.length < EXPIRY_BATCH) return expired;
    }
  }

  return {
    listItems,
    createItem,
    updateItem,
    myStore,
    placeOrder,
    myOrders,
    cancelMine,
    staffOrders,
    orderByCode,
    fulfil,
    staffCancel,
    expireDue,
  };
}

export type StoreService = ReturnType<typeof createStoreService>;
