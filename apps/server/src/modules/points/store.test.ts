/**
 * The points store (积分超市) through the API: staff keep items, a resident redeems points for
 * one and gets a one-time code, the desk hands it over once, cancellation and expiry refund
 * exactly, and 200 redemptions at once neither oversell nor overdraw.
 */
import { randomUUID } from 'node:crypto';
import { type ChainEntry, verifyChain } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, createAccount } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import {
  accountOf,
  award,
  balanceOf,
  demoResident,
  ledgerProblems,
  linkResident,
  type PersonFixture,
  personsOfGrid,
} from '../../../test/points-fixtures.ts';
import { sha256Hex } from './ledger.ts';

const key = () => ({ 'idempotency-key': `store-${randomUUID()}` });
const EN = { 'accept-language': 'en' };

let t: TestPlatform;
let staff: Client;
let resident: Client;
let me: PersonFixture;
let jinxi: string;
let zhichong: string;

/** An item of 金溪社区 (or another community, by a district admin), active and valid from today unless said. */
async function newItem(body: Record<string, unknown> = {}, by: Client = staff): Promise<any> {
  const res = await by.post(
    '/api/points/store/items',
    { community: jinxi, name: '洗车券', kind: 'coupon', price: 10, ...body },
    key(),
  );
  if (res.status !== 201) throw new Error(`item: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function stockOf(itemUid: string): Promise<number | null> {
  const { rows } = await sql<{
    stock: number | null;
  }>`select stock from points_store_item where uid = ${itemUid}`.execute(t.deps.db);
  return rows[0]?.stock ?? null;
}

async function myBalance(): Promise<number> {
  return balanceOf(t, (await accountOf(t, { personId: me.id })).id);
}

const order = (item: string, quantity = 1, extra: Record<string, unknown> = {}, by: Client = resident) =>
  by.post('/api/points/me/orders', { item, quantity, ...extra }, key());

/** One account's chain, recomputed from its entries. */
async function chainOf(accountId: number) {
  const { rows } = await sql<{
    uid: string;
    seq: number;
    transfer_uid: string;
    amount: number;
    balance_after: number;
    prev_hash: string;
    hash: string;
    created_at: Date;
  }>`select a.uid::text as uid, e.seq, tr.uid::text as transfer_uid, e.amount, e.balance_after, e.prev_hash, e.hash,
            e.created_at
       from points_entry e join points_account a on a.id = e.account_id join points_transfer tr on tr.id = e.transfer_id
      where e.account_id = ${accountId} order by e.seq`.execute(t.deps.db);
  const entries: ChainEntry[] = rows.map((r) => ({
    accountUid: r.uid,
    seq: Number(r.seq),
    transferUid: r.transfer_uid,
    amount: Number(r.amount),
    balanceAfter: Number(r.balance_after),
    createdAt: new Date(r.created_at),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
  return verifyChain(entries, sha256Hex);
}

async function counts() {
  const { rows } = await sql<{ orders: number; transfers: number; entries: number }>`
    select (select count(*)::int from points_order) as orders, (select count(*)::int from points_transfer) as transfers,
           (select count(*)::int from points_entry) as entries`.execute(t.deps.db);
  return rows[0];
}

beforeAll(async () => {
  t = await startTestPlatform();
  staff = await t.as('staff.jinxi');
  me = await demoResident(t);
  resident = await t.as('resident.demo');
  jinxi = await t.unitId('440704001001');
  zhichong = await t.unitId('440704002001');
  await award(t, me.id, 1000);
});
afterAll(() => t?.close());

describe(`the points store (${dbLabel})`, () => {
  describe('items', () => {
    it('community staff add an item; it is listed, audited, and offered to the community’s residents', async () => {
      const item = await newItem({
        name: '早餐券',
        price: 30,
        stock: 20,
        perPersonLimit: 2,
        description: '社区早餐店',
      });
      expect(item).toMatchObject({
        name: '早餐券',
        kind: 'coupon',
        price: 30,
        stock: 20,
        perPersonLimit: 2,
        validFrom: '2026-11-23',
        validUntil: null,
        active: true,
        community: { id: jinxi },
      });
      const listed = await staff.get(`/api/points/store/items?community=${jinxi}`);
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(item.id);
      const grid = await (await t.as('grid.jinxi01')).get(`/api/points/store/items?community=${jinxi}`);
      expect(grid.status).toBe(200);
      const mine = await resident.get('/api/points/me/store');
      expect(mine.status).toBe(200);
      expect(mine.body.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({ ordered: 0 });
      const audit = await auditRecords(t, { action: 'points.store.item.create', targetId: item.id });
      expect(audit).toHaveLength(1);
    });

    it('changes price, stock, limit, validity and active; stock is set, never below zero', async () => {
      const item = await newItem({ stock: 5 });
      const changed = await staff.patch(
        `/api/points/store/items/${item.id}`,
        { price: 12, stock: 8, perPersonLimit: 1, validUntil: '2026-12-31', active: false },
        key(),
      );
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        price: 12,
        stock: 8,
        perPersonLimit: 1,
        validUntil: '2026-12-31',
        active: false,
      });
      const negative = await staff.patch(`/api/points/store/items/${item.id}`, { stock: -1 }, key());
      expect(negative.status).toBe(400);
      expect(negative.body.error.details[0].field).toBe('stock');
      const mine = await resident.get('/api/points/me/store');
      expect(mine.body.items.map((i: { id: string }) => i.id)).not.toContain(item.id);
      expect(await auditRecords(t, { action: 'points.store.item.update', targetId: item.id })).toHaveLength(1);
    });

    it.each([
      ['a zero price', { price: 0 }, 'price'],
      ['a fractional price', { price: 2.5 }, 'price'],
      ['a negative stock', { stock: -3 }, 'stock'],
      ['an unknown kind', { kind: 'cash' }, 'kind'],
      ['an empty name', { name: '' }, 'name'],
      ['a zero per-person limit', { perPersonLimit: 0 }, 'perPersonLimit'],
      ['an end before the start', { validFrom: '2026-12-01', validUntil: '2026-11-30' }, 'validUntil'],
    ])('refuses %s with a 400 naming the field, in Chinese and in English', async (_label, body, field) => {
      const payload = { community: jinxi, name: '洗车券', kind: 'coupon', price: 10, ...body };
      const zh = await staff.post('/api/points/store/items', payload, key());
      expect(zh.status).toBe(400);
      expect(zh.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(zh.body.error.message).toMatch(/^请求内容有误/);
      const en = await staff.post('/api/points/store/items', payload, { ...key(), ...EN });
      expect(en.status).toBe(400);
      expect(en.body.error.message).toMatch(/^The request is invalid/);
      const detail = en.body.error.details.find((d: { field: string }) => d.field === field);
      expect(detail.message).toMatch(/[A-Za-z]/);
      expect(detail.message).not.toMatch(/[\u4e00-\u9fff]{2}/);
    });

    it('a grid is not a community: 400 naming community', async () => {
      const res = await staff.post(
        '/api/points/store/items',
        { community: await t.unitId('440704001001001'), name: '洗车券', kind: 'coupon', price: 10 },
        { ...key(), ...EN },
      );
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({ field: 'community' });
    });

    it('another community’s items are out of reach: 404', async () => {
      const district = await t.as('district');
      const foreign = await newItem({ community: zhichong }, district);
      const patched = await staff.patch(`/api/points/store/items/${foreign.id}`, { price: 1 }, key());
      expect(patched.status).toBe(404);
      expect(patched.body.error.code).toBe('POINTS_STORE_ITEM_NOT_FOUND');
      const created = await staff.post(
        '/api/points/store/items',
        { community: zhichong, name: '洗车券', kind: 'coupon', price: 10 },
        key(),
      );
      expect(created.status).toBe(404);
      expect((await staff.get(`/api/points/store/items?community=${zhichong}`)).status).toBe(404);
      // …and a resident of 金溪 cannot order it.
      const ordered = await order(foreign.id);
      expect(ordered.status).toBe(404);
      expect(ordered.body.error.code).toBe('POINTS_STORE_ITEM_NOT_FOUND');
    });
  });

  describe('redeeming and handing over', () => {
    it('a resident redeems two coupons: points leave their account, stock drops, they get an 8-digit code', async () => {
      const item = await newItem({ price: 25, stock: 10 });
      const before = await myBalance();
      const now = t.clock();
      const res = await order(item.id, 2);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'placed',
        quantity: 2,
        points: 50,
        item: { id: item.id, name: '洗车券' },
        account: { kind: 'person' },
        person: { id: me.uid, name: me.name },
        refundTransferId: null,
      });
      expect(res.body.code).toMatch(/^\d{8}$/);
      expect(Date.parse(res.body.expiresAt) - now.getTime()).toBe(30 * 86_400_000);
      expect(await myBalance()).toBe(before - 50);
      expect(await stockOf(item.id)).toBe(8);
      const mine = await resident.get('/api/points/me/orders');
      expect(mine.body.items[0]).toMatchObject({ id: res.body.id, code: res.body.code });
      const store = await resident.get('/api/points/me/store');
      expect(store.body.items.find((i: { id: string }) => i.id === item.id)).toMatchObject({ ordered: 2, stock: 8 });
      const { rows } = await sql<{ kind: string; amount: number }>`
        select kind, amount from points_transfer where uid = ${res.body.transferId}`.execute(t.deps.db);
      expect(rows[0]).toMatchObject({ kind: 'redeem', amount: 50 });
      const audit = await auditRecords(t, { action: 'points.store.order.place', targetId: res.body.id });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0])).not.toContain(res.body.code);
    });

    it('the desk finds the order by its code and hands it over once; the code is then spent', async () => {
      const item = await newItem({ stock: 3 });
      const placed = (await order(item.id)).body;
      const found = await staff.get(`/api/points/store/orders/by-code/${placed.code}?community=${jinxi}`);
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({ id: placed.id, code: placed.code, status: 'placed' });
      expect(found.body.person.name).toContain('*');
      const listed = await staff.get('/api/points/store/orders?status=placed&pageSize=200');
      expect(listed.status, JSON.stringify(listed.body)).toBe(200);
      const row = listed.body.items.find((o: { id: string }) => o.id === placed.id);
      expect(row).toMatchObject({ code: null });

      const fulfilled = await staff.post(`/api/points/store/orders/${placed.id}/fulfil`, undefined, key());
      expect(fulfilled.status).toBe(200);
      expect(fulfilled.body).toMatchObject({ status: 'fulfilled' });
      expect(fulfilled.body.fulfilledAt).not.toBeNull();
      const again = await staff.post(`/api/points/store/orders/${placed.id}/fulfil`, undefined, key());
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('POINTS_ORDER_NOT_OPEN');
      const reused = await staff.get(`/api/points/store/orders/by-code/${placed.code}?community=${jinxi}`);
      expect(reused.status).toBe(404);
      // Handed over: the resident can no longer cancel it.
      const cancel = await resident.post(`/api/points/me/orders/${placed.id}/cancel`, undefined, key());
      expect(cancel.status).toBe(409);
      expect(await auditRecords(t, { action: 'points.store.order.fulfil', targetId: placed.id })).toHaveLength(1);
    });

    it('a replayed redemption (same Idempotency-Key) gives the same order and charges once', async () => {
      const item = await newItem({ stock: 5 });
      const before = await myBalance();
      const headers = key();
      const first = await resident.post('/api/points/me/orders', { item: item.id, quantity: 1 }, headers);
      const second = await resident.post('/api/points/me/orders', { item: item.id, quantity: 1 }, headers);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      expect(await myBalance()).toBe(before - 10);
      expect(await stockOf(item.id)).toBe(4);
    });
  });

  describe('cancelling', () => {
    it('the resident cancels: exactly the points come back, the units return to stock, the chain verifies', async () => {
      const item = await newItem({ price: 17, stock: 4 });
      const before = await myBalance();
      const placed = (await order(item.id, 3)).body;
      expect(await myBalance()).toBe(before - 51);
      const cancelled = await resident.post(`/api/points/me/orders/${placed.id}/cancel`, undefined, key());
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled' });
      expect(cancelled.body.refundTransferId).not.toBeNull();
      expect(await myBalance()).toBe(before);
      expect(await stockOf(item.id)).toBe(4);
      const { rows } = await sql<{ kind: string; amount: number }>`
        select kind, amount from points_transfer where uid = ${cancelled.body.refundTransferId}`.execute(t.deps.db);
      expect(rows[0]).toMatchObject({ kind: 'refund', amount: 51 });
      const chain = await chainOf((await accountOf(t, { personId: me.id })).id);
      expect(chain.problem).toBeNull();
      expect(chain.balance).toBe(before);
      expect(await ledgerProblems(t)).toEqual([]);
      const twice = await resident.post(`/api/points/me/orders/${placed.id}/cancel`, undefined, key());
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('POINTS_ORDER_NOT_OPEN');
      expect(await myBalance()).toBe(before);
    });

    it('staff cancel with a reason the resident sees; the points are refunded', async () => {
      const item = await newItem({ price: 8 });
      const before = await myBalance();
      const placed = (await order(item.id)).body;
      const noReason = await staff.post(`/api/points/store/orders/${placed.id}/cancel`, {}, key());
      expect(noReason.status).toBe(400);
      const cancelled = await staff.post(
        `/api/points/store/orders/${placed.id}/cancel`,
        { reason: '商品已售罄' },
        key(),
      );
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '商品已售罄' });
      expect(await myBalance()).toBe(before);
      const mine = await resident.get('/api/points/me/orders?status=cancelled&pageSize=200');
      expect(mine.body.items.find((o: { id: string }) => o.id === placed.id)).toMatchObject({
        cancelReason: '商品已售罄',
      });
    });
  });

  describe('what a redemption refuses', () => {
    it('more than the stock: 409 out of stock, nothing charged', async () => {
      const item = await newItem({ stock: 1 });
      const before = await myBalance();
      const c0 = await counts();
      const res = await order(item.id, 2);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('POINTS_OUT_OF_STOCK');
      expect(await myBalance()).toBe(before);
      expect(await stockOf(item.id)).toBe(1);
      expect(await counts()).toEqual(c0);
    });

    it('past the per-person limit: 409; a cancelled order no longer counts', async () => {
      const item = await newItem({ perPersonLimit: 2 });
      const first = await order(item.id);
      expect(first.status).toBe(201);
      expect((await order(item.id)).status).toBe(201);
      const third = await order(item.id);
      expect(third.status).toBe(409);
      expect(third.body.error).toMatchObject({ code: 'POINTS_LIMIT_REACHED', details: { limit: 2, ordered: 2 } });
      const tooMany = await order((await newItem({ perPersonLimit: 2 })).id, 3);
      expect(tooMany.status).toBe(409);
      expect(tooMany.body.error.code).toBe('POINTS_LIMIT_REACHED');
      await resident.post(`/api/points/me/orders/${first.body.id}/cancel`, undefined, key());
      expect((await order(item.id)).status).toBe(201);
    });

    it('more points than the balance: 409 with nothing written', async () => {
      const item = await newItem({ price: 100_000, stock: 3 });
      const before = await myBalance();
      const c0 = await counts();
      const res = await order(item.id, 1, {}, resident);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'POINTS_BALANCE_TOO_LOW', details: { field: 'points' } });
      expect(await myBalance()).toBe(before);
      expect(await stockOf(item.id)).toBe(3);
      expect(await counts()).toEqual(c0);
    });

    it.each([
      ['an item taken off the shelf', { active: false }, 'POINTS_ITEM_INACTIVE'],
      ['an item not on offer yet', { validFrom: '2026-11-24' }, 'POINTS_ITEM_NOT_YET_VALID'],
      ['an item whose offer ended', { validFrom: '2026-11-01', validUntil: '2026-11-22' }, 'POINTS_ITEM_EXPIRED'],
    ])('%s: 409', async (_label, body, code) => {
      const res = await order((await newItem(body)).id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe(code);
    });

    it('pays from the household’s account only for a current member of that household', async () => {
      if (me.householdId === null) throw new Error('the demo resident has no household');
      await award(t, { householdId: me.householdId }, 100);
      const household = await accountOf(t, { householdId: me.householdId });
      const start = await balanceOf(t, household.id);
      const item = await newItem({ price: 40 });
      const res = await order(item.id, 1, { account: household.uid });
      expect(res.status).toBe(201);
      expect(res.body.account).toEqual({ id: household.uid, kind: 'household' });
      expect(await balanceOf(t, household.id)).toBe(start - 40);
      const cancelled = await resident.post(`/api/points/me/orders/${res.body.id}/cancel`, undefined, key());
      expect(cancelled.status).toBe(200);
      expect(await balanceOf(t, household.id)).toBe(start);

      const { rows } = await sql<{ household_id: number }>`
        select m.household_id from household_member m join person p on p.id = m.person_id
         where m.until is null and m.household_id <> ${me.householdId} limit 1`.execute(t.deps.db);
      const other = await accountOf(t, { householdId: rows[0]?.household_id as number });
      const foreign = await order(item.id, 1, { account: other.uid });
      expect(foreign.status).toBe(404);
      expect(foreign.body.error.code).toBe('POINTS_ACCOUNT_NOT_FOUND');
      const stranger = await accountOf(t, {
        personId: (await personsOfGrid(t, '440704001001001', 3))[2]?.id as number,
      });
      expect((await order(item.id, 1, { account: stranger.uid })).status).toBe(404);
    });
  });

  describe('scope', () => {
    it('orders of another community and other people’s orders are not found', async () => {
      const item = await newItem();
      const placed = (await order(item.id)).body;
      const street = await t.as('street.jiangnan'); // points:read, no review: 403 before scope
      expect((await street.post(`/api/points/store/orders/${placed.id}/fulfil`, undefined, key())).status).toBe(403);

      // A staff member of 直冲社区 cannot see or hand over 金溪's order.
      const admin = await t.as('admin');
      const z = await createAccount(t, admin, {
        username: 'store.zhichong',
        unit: '440704002001',
        role: 'community_staff',
      });
      const other = await t.as(z.username, z.password);
      const fulfil = await other.post(`/api/points/store/orders/${placed.id}/fulfil`, undefined, key());
      expect(fulfil.status).toBe(404);
      expect(fulfil.body.error.code).toBe('POINTS_ORDER_NOT_FOUND');
      const byCode = await other.get(`/api/points/store/orders/by-code/${placed.code}?community=${jinxi}`);
      expect(byCode.status).toBe(404);
      const inOwn = await other.get(`/api/points/store/orders/by-code/${placed.code}?community=${zhichong}`);
      expect(inOwn.status).toBe(404);
      expect(inOwn.body.error.code).toBe('POINTS_ORDER_NOT_FOUND');
      const list = await other.get('/api/points/store/orders?pageSize=200');
      expect(list.body.items.map((o: { id: string }) => o.id)).not.toContain(placed.id);
      expect(
        (await other.post(`/api/points/store/orders/${placed.id}/cancel`, { reason: '越权取消' }, key())).status,
      ).toBe(404);

      // Another resident cannot cancel mine.
      const neighbour = (await personsOfGrid(t, '440704001001001', 1))[0] as PersonFixture;
      const n = await createAccount(t, admin, {
        username: 'store.neighbour',
        unit: '440704001001001',
        role: 'resident',
      });
      await linkResident(t, 'store.neighbour', neighbour.id);
      const them = await t.as(n.username, n.password);
      const cancel = await them.post(`/api/points/me/orders/${placed.id}/cancel`, undefined, key());
      expect(cancel.status).toBe(404);
      expect(cancel.body.error.code).toBe('POINTS_ORDER_NOT_FOUND');
    });

    it('a resident with no registry person gets 404 POINTS_NO_PERSON', async () => {
      const admin = await t.as('admin');
      const u = await createAccount(t, admin, {
        username: 'store.unlinked',
        unit: '440704001001001',
        role: 'resident',
      });
      const unlinked = await t.as(u.username, u.password);
      expect((await unlinked.get('/api/points/me/store')).body.error.code).toBe('POINTS_NO_PERSON');
      expect((await unlinked.get('/api/points/me/orders')).status).toBe(404);
    });
  });

  describe('many at once', () => {
    let racer: Client;
    let racerPerson: PersonFixture;

    beforeAll(async () => {
      const admin = await t.as('admin');
      racerPerson = (await personsOfGrid(t, '440704001001001', 1))[0] as PersonFixture;
      const r = await createAccount(t, admin, { username: 'store.racer', unit: '440704001001001', role: 'resident' });
      await linkResident(t, 'store.racer', racerPerson.id);
      racer = await t.as(r.username, r.password);
    });

    it('200 concurrent redemptions of an item with stock 50: exactly 50 orders, no oversell, no overdraft, chain intact', async () => {
      await award(t, racerPerson.id, 600); // enough for 60 units
      const account = await accountOf(t, { personId: racerPerson.id });
      const item = await newItem({ name: '纪念水杯', kind: 'goods', price: 10, stock: 50 });
      const keys = Array.from({ length: 200 }, () => key());
      const send = () =>
        Promise.all(keys.map((k) => racer.post('/api/points/me/orders', { item: item.id, quantity: 1 }, k)));

      const replies = await send();
      const statuses = replies.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(50);
      expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
      expect(new Set(replies.filter((r) => r.status === 409).map((r) => r.body.error.code))).toEqual(
        new Set(['POINTS_OUT_OF_STOCK']),
      );
      expect(await stockOf(item.id)).toBe(0);
      expect(await balanceOf(t, account.id)).toBe(600 - 500);
      const codes = replies.filter((r) => r.status === 201).map((r) => r.body.code);
      expect(new Set(codes).size).toBe(50);
      const { rows } = await sql<{ n: number; least: number }>`
        select (select count(*)::int from points_order o join points_store_item i on i.id = o.item_id
                 where i.uid = ${item.id}) as n,
               (select min(balance_after)::int from points_entry where account_id = ${account.id}) as least`.execute(
        t.deps.db,
      );
      expect(rows[0]?.n).toBe(50);
      expect(rows[0]?.least).toBeGreaterThanOrEqual(0);
      const chain = await chainOf(account.id);
      expect(chain.problem).toBeNull();
      expect(chain.balance).toBe(100);

      // The same batch again, the same keys: the 50 orders are replayed, nothing new is written.
      const again = await send();
      expect(again.filter((r) => r.status === 201)).toHaveLength(50);
      expect(again.filter((r) => r.status === 201).every((r) => r.headers['idempotent-replayed'] === 'true')).toBe(
        true,
      );
      const { rows: after } = await sql<{ n: number }>`
        select count(*)::int as n from points_order o join points_store_item i on i.id = o.item_id
         where i.uid = ${item.id}`.execute(t.deps.db);
      expect(after[0]?.n).toBe(50);
      expect(await balanceOf(t, account.id)).toBe(100);
      expect(await ledgerProblems(t)).toEqual([]);
    });

    it('when the balance runs out first: exactly balance ÷ price orders, balance 0, stock left', async () => {
      const account = await accountOf(t, { personId: racerPerson.id });
      await award(t, racerPerson.id, 200); // 300 now: 30 units
      const item = await newItem({ name: '环保袋', kind: 'goods', price: 10, stock: 50 });
      const replies = await Promise.all(
        Array.from({ length: 100 }, () => racer.post('/api/points/me/orders', { item: item.id, quantity: 1 }, key())),
      );
      expect(replies.filter((r) => r.status === 201)).toHaveLength(30);
      expect(new Set(replies.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.error.code}`))).toEqual(
        new Set(['409 POINTS_BALANCE_TOO_LOW']),
      );
      expect(await balanceOf(t, account.id)).toBe(0);
      expect(await stockOf(item.id)).toBe(20);
      expect((await chainOf(account.id)).problem).toBeNull();
    });

    it('one request sent ten times at once with one Idempotency-Key makes one order', async () => {
      await award(t, racerPerson.id, 50);
      const item = await newItem({ stock: 10 });
      const headers = key();
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => racer.post('/api/points/me/orders', { item: item.id, quantity: 1 }, headers)),
      );
      const ok = replies.filter((r) => r.status === 201);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
      expect(replies.every((r) => r.status === 201 || r.body.error.code === 'IDEMPOTENCY_IN_PROGRESS')).toBe(true);
      expect(await stockOf(item.id)).toBe(9);
    });
  });

  describe('expiry', () => {
    it('an order not collected by the end of the item’s last day expires and is refunded by the hourly job', async () => {
      const item = await newItem({ price: 15, stock: 2, validUntil: '2026-11-25' });
      const before = await myBalance();
      const placed = (await order(item.id)).body;
      expect(placed.expiresAt).toBe('2026-11-25T16:00:00.000Z');
      const kept = (await order((await newItem({ price: 5 })).id)).body; // 30 days: not yet
      await t.jobs.drain();
      t.clock.set(new Date('2026-11-25T17:30:00Z'));
      await t.jobs.drain();
      // Signed in again: two days on, the sessions of the morning have lapsed.
      resident = await t.as('resident.demo');
      staff = await t.as('staff.jinxi');
      const mine = await resident.get('/api/points/me/orders?pageSize=200');
      const byId = new Map(mine.body.items.map((o: { id: string }) => [o.id, o]));
      expect(byId.get(placed.id)).toMatchObject({ status: 'expired' });
      expect((byId.get(placed.id) as { refundTransferId: string | null }).refundTransferId).not.toBeNull();
      expect(byId.get(kept.id)).toMatchObject({ status: 'placed' });
      expect(await myBalance()).toBe(before - 5);
      expect(await stockOf(item.id)).toBe(2);
      const audit = await auditRecords(t, { action: 'points.store.order.expire', targetId: placed.id });
      expect(audit[0]).toMatchObject({ actor_name: 'system' });
      const fulfil = await staff.post(`/api/points/store/orders/${placed.id}/fulfil`, undefined, key());
      expect(fulfil.status).toBe(409);
      expect(await ledgerProblems(t)).toEqual([]);
    });
  });
});
