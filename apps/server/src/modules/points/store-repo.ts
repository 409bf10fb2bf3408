/**
 * SQL of the points store (积分超市): items, orders, and the few registry rows a resident's
 * order needs (their person, their current household), read here with our own read-only
 * queries. Points never move here: the ledger (ledger.ts) does that.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface UnitRow {
  id: number;
  uid: string;
  kind: string;
  name: string;
  path: string;
  status: string;
}

export async function unitByUid(db: Db, uid: string): Promise<UnitRow | undefined> {
  return db
    .selectFrom('org_unit')
    .select(['id', 'uid', 'kind', 'name', 'path', 'status'])
    .where('uid', '=', uid)
    .executeTakeFirst();
}

// ── Items ─────────────────────────────────────────────────────────────────────────────────
export interface ItemRow {
  id: number;
  uid: string;
  district_id: number;
  community_id: number;
  community_uid: string;
  community_name: string;
  org_path: string;
  name: string;
  description: string | null;
  kind: string;
  photo_id: string | null;
  price: number;
  stock: number | null;
  per_person_limit: number | null;
  valid_from: string;
  valid_until: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

const itemColumns = sql`i.id, i.uid, i.district_id, i.community_id, c.uid as community_uid, c.name as community_name,
  i.org_path, i.name, i.description, i.kind, i.photo_id, i.price, i.stock, i.per_person_limit, i.valid_from,
  i.valid_until, i.active, i.created_at, i.updated_at`;

export async function itemByUid(db: Db, uid: string, opts: { lock?: boolean } = {}): Promise<ItemRow | undefined> {
  const { rows } = await sql<ItemRow>`
    select ${itemColumns} from points_store_item i join org_unit c on c.id = i.community_id
     where i.uid = ${uid} ${opts.lock ? sql`for update of i` : sql``}`.execute(db);
  return rows[0];
}

/** A community's items, newest first; `on` keeps the active ones valid that day (the residents' view). */
export async function itemsOfCommunity(db: Db, communityId: number, on?: string): Promise<ItemRow[]> {
  const current =
    on === undefined
      ? sql``
      : sql`and i.active and i.valid_from <= ${on} and (i.valid_until is null or i.valid_until >= ${on})`;
  const { rows } = await sql<ItemRow>`
    select ${itemColumns} from points_store_item i join org_unit c on c.id = i.community_id
     where i.community_id = ${communityId} ${current}
     order by i.active desc, i.created_at desc, i.id desc`.execute(db);
  return rows;
}

export interface NewItem {
  districtId: number;
  communityId: number;
  orgPath: string;
  name: string;
  description: string | null;
  kind: string;
  photoId: string | null;
  price: number;
  stock: number | null;
  perPersonLimit: number | null;
  validFrom: string;
  validUntil: string | null;
  active: boolean;
  createdBy: number;
  now: Date;
}

export async function insertItem(trx: Db, i: NewItem): Promise<string> {
  const { rows } = await sql<{ uid: string }>`
    insert into points_store_item (district_id, community_id, org_path, name, description, kind, photo_id, price, stock,
      per_person_limit, valid_from, valid_until, active, created_by, created_at, updated_at)
    values (${i.districtId}, ${i.communityId}, ${i.orgPath}, ${i.name}, ${i.description}, ${i.kind}, ${i.photoId},
      ${i.price}, ${i.stock}, ${i.perPersonLimit}, ${i.validFrom}, ${i.validUntil}, ${i.active}, ${i.createdBy},
      ${i.now}, ${i.now})
    returning uid`.execute(trx);
  const row = rows[0];
  if (!row) throw new Error('insert returned no row');
  return row.uid;
}

export interface ItemChanges {
  name?: string;
  description?: string | null;
  photo_id?: string | null;
  price?: number;
  stock?: number | null;
  per_person_limit?: number | null;
  valid_from?: string;
  valid_until?: string | null;
  active?: boolean;
}

export async function updateItem(trx: Db, id: number, changes: ItemChanges, now: Date): Promise<void> {
  await trx
    .updateTable('points_store_item')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/**
 * Takes units from stock, only if there are enough (or the item is not counted): the row's
 * lock makes concurrent redemptions queue here, and the check in the same statement means
 * stock can never go below zero. False when there were not enough.
 */
export async function takeStock(trx: Db, itemId: number, quantity: number): Promise<boolean> {
  const { rows } = await sql`
    update points_store_item set stock = stock - ${quantity}
     where id = ${itemId} and (stock is null or stock >= ${quantity})
    returning id`.execute(trx);
  return rows.length === 1;
}

/** Puts a cancelled or expired order's units back (an uncounted item stays uncounted). */
export async function returnStock(trx: Db, itemId: number, quantity: number): Promise<void> {
  await sql`update points_store_item set stock = stock + ${quantity} where id = ${itemId} and stock is not null`.execute(
    trx,
  );
}

/** Units of an item the person holds in placed or handed-over orders (for the per-person limit). */
export async function unitsOrdered(db: Db, personId: number, itemId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select coalesce(sum(quantity), 0)::int as n from points_order
     where person_id = ${personId} and item_id = ${itemId} and status in ('placed', 'fulfilled')`.execute(db);
  return rows[0]?.n ?? 0;
}

export async function unitsOrderedByItem(db: Db, personId: number, itemIds: number[]): Promise<Map<number, number>> {
  if (itemIds.length === 0) return new Map();
  const { rows } = await sql<{ item_id: number; n: number }>`
    select item_id, sum(quantity)::int as n from points_order
     where person_id = ${personId} and item_id in (${sql.join(itemIds)}) and status in ('placed', 'fulfilled')
     group by item_id`.execute(db);
  return new Map(rows.map((r) => [r.item_id, r.n]));
}

/**
 * Serialises one person's orders while they are checked against a per-person limit: they may
 * pay from their own or their household's account, two different rows, so the accounts' locks
 * alone would let two orders slip past the limit together. Taken before any row lock.
 */
export async function lockPersonOrders(trx: Db, personId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${ORDER_LOCK_SPACE}, ${personId}::int)`.execute(trx);
}
/** The advisory-lock key space of store orders (the first of pg_advisory_xact_lock's two int keys). */
const ORDER_LOCK_SPACE = 5_001;

// ── Orders ────────────────────────────────────────────────────────────────────────────────
export interface NewOrder {
  uid: string;
  districtId: number;
  communityId: number;
  orgPath: string;
  itemId: number;
  accountId: number;
  personId: number;
  orderedBy: number;
  quantity: number;
  points: number;
  code: string;
  transferId: number;
  expiresAt: Date;
  now: Date;
}

/**
 * Inserts the order unless its code is already taken by another open order in the community
 * (the partial unique index); false then, and the caller draws another code. `on conflict do
 * nothing` keeps the transaction usable, where a unique violation would abort it.
 */
export async function insertOrder(trx: Db, o: NewOrder): Promise<boolean> {
  const { rows } = await sql`
    insert into points_order (uid, district_id, community_id, org_path, item_id, account_id, person_id, ordered_by,
      quantity, points, code, status, transfer_id, expires_at, created_at)
    values (${o.uid}, ${o.districtId}, ${o.communityId}, ${o.orgPath}, ${o.itemId}, ${o.accountId}, ${o.personId},
      ${o.orderedBy}, ${o.quantity}, ${o.points}, ${o.code}, 'placed', ${o.transferId}, ${o.expiresAt}, ${o.now})
    on conflict (community_id, code) where status = 'placed' do nothing
    returning id`.execute(trx);
  return rows.length === 1;
}

export interface OrderRow {
  id: number;
  uid: string;
  community_id: number;
  community_uid: string;
  community_name: string;
  org_path: string;
  item_id: number;
  item_uid: string;
  item_name: string;
  item_kind: string;
  item_photo_id: string | null;
  account_id: number;
  account_uid: string;
  account_kind: string;
  person_id: number;
  person_uid: string;
  person_name: string;
  quantity: number;
  points: number;
  code: string;
  status: string;
  transfer_id: number;
  transfer_uid: string;
  refund_transfer_uid: string | null;
  expires_at: Date | null;
  fulfilled_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  created_at: Date;
}

const orderSelect = sql`
  select o.id, o.uid, o.community_id, c.uid as community_uid, c.name as community_name, o.org_path,
         o.item_id, i.uid as item_uid, i.name as item_name, i.kind as item_kind, i.photo_id as item_photo_id,
         o.account_id, a.uid as account_uid, a.kind as account_kind,
         o.person_id, p.uid as person_uid, p.name as person_name,
         o.quantity, o.points, o.code, o.status, o.transfer_id, t.uid as transfer_uid, r.uid as refund_transfer_uid,
         o.expires_at, o.fulfilled_at, o.cancelled_at, o.cancel_reason, o.created_at
    from points_order o
    join org_unit c on c.id = o.community_id
    join points_store_item i on i.id = o.item_id
    join points_account a on a.id = o.account_id
    join person p on p.id = o.person_id
    join points_transfer t on t.id = o.transfer_id
    left join points_transfer r on r.id = o.refund_transfer_id`;

/** An order by uid; with `lock`, its row is locked (fulfil, cancel and expiry queue on it). */
export async function orderByUid(db: Db, uid: string, opts: { lock?: boolean } = {}): Promise<OrderRow | undefined> {
  const { rows } =
    await sql<OrderRow>`${orderSelect} where o.uid = ${uid} ${opts.lock ? sql`for update of o` : sql``}`.execute(db);
  return rows[0];
}

export async function orderById(db: Db, id: number): Promise<OrderRow | undefined> {
  const { rows } = await sql<OrderRow>`${orderSelect} where o.id = ${id}`.execute(db);
  return rows[0];
}

/** The community's open order with this code (at most one: the partial unique index). */
export async function openOrderByCode(db: Db, communityId: number, code: string): Promise<OrderRow | undefined> {
  const { rows } = await sql<OrderRow>`
    ${orderSelect} where o.community_id = ${communityId} and o.code = ${code} and o.status = 'placed'`.execute(db);
  return rows[0];
}

export async function listOrders(
  db: Db,
  where: { personId: number } | { paths: RawBuilder<SqlBool> },
  status: string | undefined,
  page: number,
  pageSize: number,
): Promise<{ rows: OrderRow[]; total: number }> {
  const cond = sql.join(
    [
      'personId' in where ? sql`o.person_id = ${where.personId}` : where.paths,
      status === undefined ? sql`true` : sql`o.status = ${status}`,
    ],
    sql` and `,
  );
  const { rows } = await sql<OrderRow>`
    ${orderSelect} where ${cond} order by o.created_at desc, o.id desc
    limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db);
  const { rows: count } = await sql<{ n: number }>`
    select count(*)::int as n from points_order o where ${cond}`.execute(db);
  return { rows, total: count[0]?.n ?? 0 };
}

export interface OrderEnd {
  status: 'fulfilled' | 'cancelled' | 'expired';
  actorId: number | null;
  refundTransferId?: number;
  reason?: string | null;
  now: Date;
}

export async function endOrder(trx: Db, id: number, end: OrderEnd): Promise<void> {
  const handedOver = end.status === 'fulfilled';
  await trx
    .updateTable('points_order')
    .set({
      status: end.status,
      ...(handedOver
        ? { fulfilled_by: end.actorId, fulfilled_at: end.now }
        : {
            cancelled_by: end.actorId,
            cancelled_at: end.now,
            cancel_reason: end.reason ?? null,
            refund_transfer_id: end.refundTransferId ?? null,
          }),
    })
    .where('id', '=', id)
    .execute();
}

/** The accounts the order's payment moved between, for the refund to go back the same way. */
export async function paymentAccounts(db: Db, transferId: number): Promise<{ from: number; to: number }> {
  const { rows } = await sql<{ from_account_id: number; to_account_id: number }>`
    select from_account_id, to_account_id from points_transfer where id = ${transferId}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`transfer ${transferId} not found`);
  return { from: row.from_account_id, to: row.to_account_id };
}

/** Placed orders whose pickup time has passed, oldest first. */
export async function ordersDueToExpire(db: Db, now: Date, limit: number): Promise<string[]> {
  const { rows } = await sql<{ uid: string }>`
    select uid from points_order where status = 'placed' and expires_at <= ${now}
     order by expires_at, id limit ${limit}`.execute(db);
  return rows.map((r) => r.uid);
}

// ── The resident and their household (read-only registry rows) ───────────────────────────────
export interface ResidentRow {
  person_id: number;
  person_uid: string;
  name: string;
  community_id: number;
  community_uid: string;
  community_name: string;
}

/** The person an app user is registered as, with the community their grid lies in. */
export async function residentOf(db: Db, userId: number): Promise<ResidentRow | undefined> {
  const { rows } = await sql<ResidentRow>`
    select p.id as person_id, p.uid as person_uid, p.name, c.id as community_id, c.uid as community_uid,
           c.name as community_name
      from app_user u
      join person p on p.id = u.person_id
      join org_unit g on g.id = p.grid_id
      join org_unit c on c.id = g.parent_id and c.kind in ('community', 'village')
     where u.id = ${userId}`.execute(db);
  return rows[0];
}

/** The household the person currently belongs to (membership not ended, household not dissolved). */
export async function currentHouseholdOf(db: Db, personId: number): Promise<number | undefined> {
  const { rows } = await sql<{ household_id: number }>`
    select m.household_id from household_member m join household h on h.id = m.household_id
     where m.person_id = ${personId} and m.until is null and h.status = 'active'
     order by m.since desc limit 1`.execute(db);
  return rows[0]?.household_id;
}

export async function accountByUid(
  db: Db,
  uid: string,
): Promise<{ id: number; kind: string; person_id: number | null; household_id: number | null } | undefined> {
  return db
    .selectFrom('points_account')
    .select(['id', 'kind', 'person_id', 'household_id'])
    .where('uid', '=', uid)
    .executeTakeFirst();
}
