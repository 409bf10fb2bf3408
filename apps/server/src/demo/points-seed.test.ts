/**
 * The demo's points as `npm start` seeds them: the district's starter catalogue and 金溪社区's
 * own (one item on its second version), three months of 金溪社区 with households joining month
 * by month, every ledger chain verifying and the balances summing to zero, monthly totals equal
 * to a recount of the transfers, claims in every state, the store's stock and orders, last
 * month's 公示 with its answered objection, the duty posts, and 王桂芳 linked to her person.
 */
import { createHash } from 'node:crypto';
import {
  addDays,
  type ChainEntry,
  chinaDate,
  earnedDelta,
  monthOf,
  type TransferKind,
  verifyChain,
} from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../test/harness.ts';
import { verifyLedger } from '../modules/points/ledger-verify.ts';
import { DEMO_RESIDENT, DEMO_RESIDENT_GRID, DEMO_RESIDENT_NAME, POINTS_COMMUNITY } from './points-seed.ts';
import { DISTRICT_RULES, JINXI_POSTS, JINXI_RULES, JINXI_STORE } from './points-stories.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe(`demo points seed (${dbLabel})`, () => {
  let t: TestPlatform;
  let thisMonth: string;
  beforeAll(async () => {
    t = await startTestPlatform();
    thisMonth = monthOf(chinaDate(t.clock()));
  });
  afterAll(() => t?.close());

  const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(t.deps.db)).rows;
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await rows(query))[0] as T;

  it('has the district’s starter catalogue and 金溪社区’s own items, one of them on its second version', async () => {
    const rules = await rows(sql<{ code: string; owner: string; versions: number; current_version: number }>`
      select r.code, u.code as owner, count(v.id)::int as versions, r.current_version
        from points_rule r join org_unit u on u.id = r.owner_unit_id join points_rule_version v on v.rule_id = r.id
       group by r.id, u.code order by r.code`);
    expect(rules).toHaveLength(DISTRICT_RULES.length + JINXI_RULES.length);
    expect(rules.filter((r) => r.owner === POINTS_COMMUNITY).map((r) => r.code)).toEqual(
      JINXI_RULES.map((r) => r.code).sort(),
    );
    expect(rules.filter((r) => r.versions === 2)).toEqual([
      { code: 'JX-01', owner: POINTS_COMMUNITY, versions: 2, current_version: 2 },
    ]);
    const kinds = await rows(sql<{ category: string; plus: number; minus: number }>`
      select r.category, count(*) filter (where v.points > 0)::int as plus, count(*) filter (where v.points < 0)::int as minus
        from points_rule r join points_rule_version v on v.rule_id = r.id group by r.category`);
    expect(kinds.map((k) => k.category).sort()).toEqual(
      ['customs', 'deliberation', 'environment', 'harmony', 'morality', 'party_duty', 'volunteering'].sort(),
    );
    expect(kinds.every((k) => k.plus > 0)).toBe(true);
    expect(kinds.filter((k) => k.minus > 0).length).toBeGreaterThanOrEqual(4);
  });

  it('every chain verifies, every balance is its entries’ sum, and all balances sum to zero', async () => {
    const accounts = await rows(sql<{
      id: number;
      uid: string;
      balance: string;
      entry_count: string;
      last_hash: string;
    }>`
      select id, uid, balance, entry_count, last_hash from points_account order by id`);
    expect(accounts.length).toBeGreaterThan(100);
    const entries = await rows(sql<{
      account_id: number;
      seq: string;
      transfer_uid: string;
      amount: string;
      balance_after: string;
      prev_hash: string;
      hash: string;
      created_at: Date;
    }>`select e.account_id, e.seq, t.uid as transfer_uid, e.amount, e.balance_after, e.prev_hash, e.hash, e.created_at
         from points_entry e join points_transfer t on t.id = e.transfer_id order by e.account_id, e.seq`);
    const byAccount = new Map<number, ChainEntry[]>();
    const uidOf = new Map(accounts.map((a) => [a.id, a.uid]));
    for (const e of entries) {
      const list = byAccount.get(e.account_id) ?? [];
      list.push({
        accountUid: uidOf.get(e.account_id) as string,
        seq: Number(e.seq),
        transferUid: e.transfer_uid,
        amount: Number(e.amount),
        balanceAfter: Number(e.balance_after),
        createdAt: new Date(e.created_at),
        prevHash: e.prev_hash,
        hash: e.hash,
      });
      byAccount.set(e.account_id, list);
    }
    let total = 0;
    for (const a of accounts) {
      const v = verifyChain(byAccount.get(a.id) ?? [], sha256);
      expect(v.problem, a.uid).toBeNull();
      expect(v.balance, a.uid).toBe(Number(a.balance));
      expect(v.count, a.uid).toBe(Number(a.entry_count));
      expect(v.lastHash, a.uid).toBe(a.last_hash);
      total += Number(a.balance);
    }
    expect(total).toBe(0);
    // Each transfer is two entries that sum to zero; entries of an account in time order.
    const unbalanced = await one(sql<{ n: number }>`
      select count(*)::int as n from (select transfer_id from points_entry group by transfer_id
                                       having count(*) <> 2 or sum(amount) <> 0) x`);
    expect(unbalanced.n).toBe(0);
    const backwards = await one(sql<{ n: number }>`
      select count(*)::int as n from points_entry a join points_entry b on b.account_id = a.account_id and b.seq = a.seq + 1
       where b.created_at < a.created_at`);
    expect(backwards.n).toBe(0);
  });

  it('passes the ledger’s own verification (npm run points:verify)', async () => {
    const report = await verifyLedger(t.deps.db);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, balanceSum: 0 });
  });

  it('keeps the monthly earned totals equal to a recount of the transfers', async () => {
    const transfers = await rows(sql<{
      kind: TransferKind;
      from_id: number;
      from_kind: string;
      to_id: number;
      to_kind: string;
      amount: string;
      month: string;
    }>`
      select t.kind, f.id as from_id, f.kind as from_kind, o.id as to_id, o.kind as to_kind, t.amount,
             to_char(t.occurred_on, 'YYYY-MM') as month
        from points_transfer t join points_account f on f.id = t.from_account_id join points_account o on o.id = t.to_account_id`);
    const holder = ['person', 'household', 'party_member'];
    const expected = new Map<string, number>();
    for (const tr of transfers) {
      for (const [id, kind, side] of [
        [tr.from_id, tr.from_kind, 'from'],
        [tr.to_id, tr.to_kind, 'to'],
      ] as const) {
        if (!holder.includes(kind)) continue;
        const d = earnedDelta(tr.kind, null, side, Number(tr.amount));
        if (d === 0) continue;
        const key = `${id}:${tr.month}`;
        expected.set(key, (expected.get(key) ?? 0) + d);
      }
    }
    const totals = await rows(sql<{ account_id: number; month: string; earned: string }>`
      select account_id, to_char(month, 'YYYY-MM') as month, earned from points_month_total`);
    const actual = new Map(totals.map((r) => [`${r.account_id}:${r.month}`, Number(r.earned)]));
    expect(actual).toEqual(expected);
  });

  it('shows 金溪社区 households joining month by month, with awards, deductions and claims', async () => {
    const byMonth = await rows(sql<{ month: string; households: number; transfers: number }>`
      select to_char(t.occurred_on, 'YYYY-MM') as month, count(distinct a.household_id)::int as households,
             count(*)::int as transfers
        from points_transfer t join points_account a on a.id in (t.from_account_id, t.to_account_id) and a.kind = 'household'
       group by 1 order by 1`);
    expect(byMonth.length).toBeGreaterThanOrEqual(2);
    const [first, second] = byMonth;
    expect((second as { households: number }).households).toBeGreaterThan((first as { households: number }).households);
    const kinds = await rows(sql<{ kind: string; n: number }>`
      select kind, count(*)::int as n from points_transfer group by kind`);
    const n = (k: string) => kinds.find((x) => x.kind === k)?.n ?? 0;
    expect(n('award')).toBeGreaterThan(200);
    expect(n('deduct')).toBeGreaterThan(0);
    expect(n('claim')).toBeGreaterThan(10);
    expect(n('redeem')).toBeGreaterThan(5);
    expect(n('refund')).toBeGreaterThan(0);
    // Every community-side account is 金溪社区's.
    const elsewhere = await one(sql<{ n: number }>`
      select count(*)::int as n from points_account a join org_unit c on c.id = a.community_id where c.code <> ${POINTS_COMMUNITY}`);
    expect(elsewhere.n).toBe(0);
  });

  it('has claims in every state; approved ones point at their claim transfer, the others at none', async () => {
    const states = await rows(sql<{ status: string; n: number; with_transfer: number; events: number }>`
      select c.status, count(*)::int as n, count(c.transfer_id)::int as with_transfer,
             (select count(*)::int from points_claim_event e join points_claim x on x.id = e.claim_id where x.status = c.status)
               as events
        from points_claim c group by c.status`);
    const of = (s: string) => states.find((x) => x.status === s);
    for (const s of ['pending', 'needs_info', 'approved', 'rejected']) expect(of(s)?.n, s).toBeGreaterThan(0);
    expect(of('approved')?.with_transfer).toBe(of('approved')?.n);
    expect(of('pending')?.with_transfer).toBe(0);
    const wrong = await one(sql<{ n: number }>`
      select count(*)::int as n from points_claim c join points_transfer t on t.id = c.transfer_id
        join points_rule_version v on v.id = c.rule_version_id
       where t.kind <> 'claim' or t.rule_version_id <> c.rule_version_id or t.occurred_on <> c.occurred_on
          or t.amount <> v.points or c.reviewed_at < c.created_at`);
    expect(wrong.n).toBe(0);
    const asked = await one(sql<{ n: number }>`
      select count(*)::int as n from points_claim c where c.status = 'needs_info'
         and not exists (select 1 from points_claim_event e where e.claim_id = c.id and e.action = 'info_requested')`);
    expect(asked.n).toBe(0);
    const rejectedWithoutReason = await one(sql<{ n: number }>`
      select count(*)::int as n from points_claim where status = 'rejected' and review_note is null`);
    expect(rejectedWithoutReason.n).toBe(0);
  });

  it('stocks the store; orders placed, handed over and cancelled (refunded, stock returned)', async () => {
    const items = await rows(sql<{ name: string; stock: number | null; sold: number }>`
      select i.name, i.stock, coalesce(sum(o.quantity) filter (where o.status in ('placed', 'fulfilled')), 0)::int as sold
        from points_store_item i left join points_order o on o.item_id = i.id group by i.id order by i.id`);
    expect(items.map((i) => i.name)).toEqual(JINXI_STORE.map((i) => i.name));
    for (const [k, item] of items.entries()) {
      const initial = JINXI_STORE[k]?.stock ?? null;
      if (initial === null) expect(item.stock).toBeNull();
      else expect(item.stock, item.name).toBe(initial - item.sold);
    }
    const orders = await rows(sql<{ status: string; n: number }>`
      select status, count(*)::int as n from points_order group by status`);
    for (const s of ['placed', 'fulfilled', 'cancelled'])
      expect(orders.find((o) => o.status === s)?.n ?? 0, s).toBeGreaterThan(0);
    const wrong = await one(sql<{ n: number }>`
      select count(*)::int as n from points_order o join points_transfer t on t.id = o.transfer_id
        left join points_transfer r on r.id = o.refund_transfer_id
       where t.kind <> 'redeem' or t.amount <> o.points or t.from_account_id <> o.account_id
          or (o.status = 'cancelled') <> (r.id is not null)
          or (r.id is not null and (r.kind <> 'refund' or r.amount <> o.points or r.to_account_id <> o.account_id))
          or (o.status = 'fulfilled') <> (o.fulfilled_at is not null)`);
    expect(wrong.n).toBe(0);
    const codes = await one(sql<{ n: number }>`
      select count(*)::int as n from points_order where code !~ '^[0-9]{8}$'`);
    expect(codes.n).toBe(0);
  });

  it('publishes last month’s ranking as an open 公示, names masked, with one objection answered', async () => {
    const pubs = await rows(sql<{
      status: string;
      period_start: string;
      rows: Array<{ rank: number; name: string; points: number; grid: string }>;
      objection_until: Date;
      ends_at: Date;
      published_at: Date;
    }>`select status, to_char(period_start, 'YYYY-MM') as period_start, rows, objection_until, ends_at, published_at
         from points_publication`);
    expect(pubs).toHaveLength(1);
    const pub = pubs[0] as (typeof pubs)[0];
    expect(pub.status).toBe('open');
    expect(pub.period_start).toBe(monthOf(addDays(`${thisMonth}-01`, -1)));
    expect(new Date(pub.published_at).getTime()).toBeLessThan(t.clock().getTime());
    expect(new Date(pub.ends_at).getTime()).toBeGreaterThan(t.clock().getTime());
    expect(pub.rows.length).toBeGreaterThan(3);
    for (const r of pub.rows) expect(r.name).toMatch(/^.\*/u);
    const ranks = pub.rows.map((r) => r.rank);
    expect(ranks[0]).toBe(1);
    for (let i = 1; i < pub.rows.length; i++) {
      const [a, b] = [pub.rows[i - 1], pub.rows[i]] as [(typeof pub.rows)[0], (typeof pub.rows)[0]];
      expect(b.points).toBeLessThanOrEqual(a.points);
      expect(b.rank).toBe(b.points === a.points ? a.rank : a.rank + 1);
    }
    const objections = await rows(sql<{ status: string; answer: string | null; username: string }>`
      select o.status, o.answer, u.username from points_objection o join app_user u on u.id = o.raised_by`);
    expect(objections).toHaveLength(1);
    expect(objections[0]).toMatchObject({ status: 'answered', username: DEMO_RESIDENT });
  });

  it('gives 金溪社区 its four duty posts, held by party members within capacity, with party points', async () => {
    const posts = await rows(sql<{ name: string; capacity: number | null; most: number }>`
      select p.name, p.capacity, coalesce(max(x.n), 0)::int as most
        from party_duty_post p
        left join (select post_id, quarter, count(*) as n from party_duty_assignment group by 1, 2) x on x.post_id = p.id
       group by p.id order by p.id`);
    expect(posts.map((p) => p.name)).toEqual(JINXI_POSTS.map((p) => p.name));
    for (const p of posts) if (p.capacity !== null) expect(p.most, p.name).toBeLessThanOrEqual(p.capacity);
    const holders = await one(sql<{ n: number; not_members: number }>`
      select count(*)::int as n, count(*) filter (where not p.party_member)::int as not_members
        from party_duty_assignment a join person p on p.id = a.person_id`);
    expect(holders.n).toBeGreaterThan(5);
    expect(holders.not_members).toBe(0);
    const party = await one(sql<{ n: number }>`
      select count(*)::int as n from points_month_total where kind = 'party_member' and earned > 0`);
    expect(party.n).toBeGreaterThan(5);
  });

  it('links resident.demo to 王桂芳 of her grid, with a balance, history, an order to collect and a pending claim', async () => {
    const me = await one(sql<{ person_id: number; name: string; grid: string; household: number | null }>`
      select p.id as person_id, p.name, g.code as grid,
             (select m.household_id from household_member m where m.person_id = p.id and m.until is null) as household
        from app_user u join person p on p.id = u.person_id join org_unit g on g.id = p.grid_id
       where u.username = ${DEMO_RESIDENT}`);
    expect(me).toMatchObject({ name: DEMO_RESIDENT_NAME, grid: DEMO_RESIDENT_GRID });
    expect(me.household).not.toBeNull();
    const account = await one(sql<{ balance: string; entry_count: string }>`
      select balance, entry_count from points_account where person_id = ${me.person_id} and kind = 'person'`);
    expect(Number(account.balance)).toBeGreaterThan(0);
    expect(Number(account.entry_count)).toBeGreaterThanOrEqual(5);
    const orders = await rows(sql<{ status: string; ordered_by: string }>`
      select o.status, u.username as ordered_by from points_order o join app_user u on u.id = o.ordered_by
       where o.person_id = ${me.person_id}`);
    expect(orders).toContainEqual({ status: 'placed', ordered_by: DEMO_RESIDENT });
    const claims = await rows(sql<{ status: string; source: string }>`
      select status, source from points_claim where person_id = ${me.person_id}`);
    expect(claims).toContainEqual({ status: 'pending', source: 'resident' });

    const res = await (await t.as(DEMO_RESIDENT)).get('/api/points/me');
    if (res.status !== 404) expect(res.status).toBe(200);
  });
});
