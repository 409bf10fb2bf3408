/**
 * The ledger core and its HTTP surface on a real platform: awards conserve points, every chain
 * verifies, a reversal happens once, a debit beyond the balance is refused with nothing
 * written, and concurrent transfers into and out of one account leave it exact. Staff read
 * accounts in their area only; a resident reads their own.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import {
  accountOf,
  award,
  balanceOf,
  chinaDay,
  deduct,
  demoResident,
  ledgerProblems,
  linkResident,
  type PersonFixture,
  partyMemberOfGrid,
  personsOfGrid,
  userIdOf,
} from '../../../test/points-fixtures.ts';
import { AppError } from '../../platform/errors.ts';
import { communityAccount, holderAccount, monthOf, postTransfer, reverseTransfer } from './ledger.ts';

const GRID = '440704001001001';
const NEXT_GRID = '440704001001002';
const OTHER_COMMUNITY_GRID = '440704002001001';

describe(`points ledger (${dbLabel})`, () => {
  let t: TestPlatform;
  let people: PersonFixture[];
  let neighbours: PersonFixture[];
  let away: PersonFixture;

  beforeAll(async () => {
    t = await startTestPlatform();
    people = await personsOfGrid(t, GRID, 8);
    neighbours = await personsOfGrid(t, NEXT_GRID, 2);
    [away] = (await personsOfGrid(t, OTHER_COMMUNITY_GRID, 1)) as [PersonFixture];
  });
  afterAll(() => t?.close());

  const person = (i: number) => people[i] as PersonFixture;
  const count = async (table: string) =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.deps.db)).rows[0]?.n,
    );
  const monthTotal = async (accountId: number, month: string) =>
    Number(
      (
        await sql<{ earned: number }>`
          select earned from points_month_total where account_id = ${accountId} and month = ${month}::date`.execute(
          t.deps.db,
        )
      ).rows[0]?.earned ?? 0,
    );
  const refusal = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      if (err instanceof AppError) return { code: err.code, status: err.status, details: err.details };
      throw err;
    }
    throw new Error('expected a refusal');
  };

  describe('the core', () => {
    it('opens a holder account once, on the person’s grid and community', async () => {
      const now = t.clock();
      const [a, b] = await Promise.all([
        accountOf(t, { personId: person(0).id }),
        accountOf(t, { personId: person(0).id }),
      ]);
      expect(a.id).toBe(b.id);
      const again = await t.deps.db
        .transaction()
        .execute((trx) => holderAccount(trx, { kind: 'person', personId: person(0).id }, now));
      expect(again).toEqual(a);
      const { rows } = await sql<{ grid: number; community: number; path: string }>`
        select g.id as grid, c.id as community, g.path from org_unit g, org_unit c
         where g.code = ${GRID} and c.code = ${GRID.slice(0, 12)}`.execute(t.deps.db);
      expect(a).toMatchObject({
        kind: 'person',
        personId: person(0).id,
        householdId: null,
        gridId: rows[0]?.grid,
        communityId: rows[0]?.community,
        orgPath: rows[0]?.path,
      });
    });

    it('opens a household account, and a party member account only for a party member', async () => {
      const withHome = people.find((p) => p.householdId !== null) as PersonFixture;
      const home = await accountOf(t, { householdId: withHome.householdId as number });
      expect(home).toMatchObject({ kind: 'household', householdId: withHome.householdId, personId: null });
      const member = await partyMemberOfGrid(t, GRID).catch(() => null);
      if (member) {
        expect(await accountOf(t, { personId: member.id, kind: 'party_member' })).toMatchObject({
          kind: 'party_member',
        });
      }
      const { rows } = await sql<{ id: number }>`
        select id from person where grid_id = (select id from org_unit where code = ${GRID}) and not party_member
         order by id limit 1`.execute(t.deps.db);
      expect(await refusal(accountOf(t, { personId: rows[0]?.id as number, kind: 'party_member' }))).toMatchObject({
        code: 'POINTS_NOT_PARTY_MEMBER',
        status: 409,
      });
      expect(await refusal(accountOf(t, { personId: 987654321 }))).toMatchObject({
        code: 'POINTS_HOLDER_NOT_FOUND',
        status: 404,
      });
    });

    it('pairs a holder with the issuer shard its id falls in', async () => {
      const now = t.clock();
      const holder = await accountOf(t, { personId: person(1).id });
      const issuer = await t.deps.db.transaction().execute((trx) => communityAccount(trx, 'issuer', holder, now));
      const store = await t.deps.db.transaction().execute((trx) => communityAccount(trx, 'store', holder, now));
      const { rows } = await sql<{ id: number; shard: number; kind: string; community_id: number }>`
        select id, shard, kind, community_id from points_account where id in (${issuer.id}, ${store.id})`.execute(
        t.deps.db,
      );
      for (const r of rows) {
        expect(r.shard).toBe(holder.id % 8);
        expect(r.community_id).toBe(holder.communityId);
      }
      expect(issuer).toMatchObject({ kind: 'issuer', gridId: null, personId: null });
    });

    it('awards move points from the community issuer, conserve the total and count as earned', async () => {
      const p = person(2);
      const today = chinaDay(t.clock());
      const posted = await award(t, p.id, 10);
      await award(t, p.id, 5);
      await award(t, person(3).id, 7);
      expect(posted.entries.map((e) => e.amount)).toEqual([-10, 10]);
      expect(posted.entries[1]).toMatchObject({ seq: 1, balanceAfter: 10 });
      const acc = await accountOf(t, { personId: p.id });
      expect(await balanceOf(t, acc.id)).toBe(15);
      expect(await monthTotal(acc.id, monthOf(today))).toBe(15);
      const { rows } = await sql<{ kind: string; org_path: string; community_id: number; occurred_on: string }>`
        select kind, org_path, community_id, occurred_on from points_transfer where uid = ${posted.uid}::uuid`.execute(
        t.deps.db,
      );
      expect(rows[0]).toEqual({
        kind: 'award',
        org_path: acc.orgPath,
        community_id: acc.communityId,
        occurred_on: today,
      });
      expect(await ledgerProblems(t)).toEqual([]);
    });

    it('a deduction lowers the balance and the earned total of the deed’s month', async () => {
      const p = person(2);
      const acc = await accountOf(t, { personId: p.id });
      await deduct(t, p.id, 4, { occurredOn: '2026-10-31' });
      expect(await balanceOf(t, acc.id)).toBe(11);
      expect(await monthTotal(acc.id, '2026-10-01')).toBe(-4);
      expect(await ledgerProblems(t)).toEqual([]);
    });

    it('refuses a debit beyond the balance and writes nothing', async () => {
      const p = person(2);
      const acc = await accountOf(t, { personId: p.id });
      const before = {
        transfers: await count('points_transfer'),
        entries: await count('points_entry'),
        totals: await count('points_month_total'),
        balance: await balanceOf(t, acc.id),
      };
      expect(await refusal(deduct(t, p.id, before.balance + 1))).toEqual({
        code: 'POINTS_BALANCE_TOO_LOW',
        status: 409,
        details: { field: 'points', balance: before.balance, required: before.balance + 1 },
      });
      expect({
        transfers: await count('points_transfer'),
        entries: await count('points_entry'),
        totals: await count('points_month_total'),
        balance: await balanceOf(t, acc.id),
      }).toEqual(before);
    });

    it('a store account never goes below zero either', async () => {
      const now = t.clock();
      const holder = await accountOf(t, { personId: person(3).id });
      const store = await t.deps.db.transaction().execute((trx) => communityAccount(trx, 'store', holder, now));
      const held = await balanceOf(t, store.id);
      const refused = await refusal(
        t.deps.db
          .transaction()
          .execute((trx) =>
            postTransfer(
              trx,
              { kind: 'refund', from: store, to: holder, amount: held + 1, occurredOn: '2026-11-23', actorId: null },
              now,
            ),
          ),
      );
      expect(refused).toMatchObject({ code: 'POINTS_BALANCE_TOO_LOW', details: { balance: held } });
    });

    it('runs the check with both accounts locked, before anything is written', async () => {
      const now = t.clock();
      const to = await accountOf(t, { personId: person(3).id });
      const before = await count('points_transfer');
      let seen: unknown;
      const refused = await refusal(
        t.deps.db.transaction().execute(async (trx) => {
          const from = await communityAccount(trx, 'issuer', to, now);
          return postTransfer(
            trx,
            {
              kind: 'award',
              from,
              to,
              amount: 3,
              occurredOn: '2026-11-23',
              actorId: null,
              check: async (_trx, locked) => {
                seen = locked;
                throw new AppError('POINTS_CAP_REACHED', 409);
              },
            },
            now,
          );
        }),
      );
      expect(refused.code).toBe('POINTS_CAP_REACHED');
      expect(seen).toMatchObject({
        from: { kind: 'issuer', id: expect.any(Number) },
        to: { id: to.id, kind: 'person', balance: 7, entryCount: 1, personId: person(3).id },
      });
      expect(await count('points_transfer')).toBe(before);
    });

    it('reverses a transfer once, undoing balance and earned total', async () => {
      const p = person(4);
      const acc = await accountOf(t, { personId: p.id });
      const posted = await award(t, p.id, 20, { occurredOn: '2026-09-15' });
      expect(await monthTotal(acc.id, '2026-09-01')).toBe(20);
      const staff = await userIdOf(t, 'staff.jinxi');
      const reversal = await t.deps.db
        .transaction()
        .execute((trx) => reverseTransfer(trx, posted.id, '误录', staff, t.clock()));
      expect(reversal.entries.map((e) => [e.accountId === acc.id, e.amount])).toEqual([
        [true, -20],
        [false, 20],
      ]);
      expect(await balanceOf(t, acc.id)).toBe(0);
      expect(await monthTotal(acc.id, '2026-09-01')).toBe(0);
      expect(
        await refusal(
          t.deps.db.transaction().execute((trx) => reverseTransfer(trx, posted.id, '再次', staff, t.clock())),
        ),
      ).toMatchObject({ code: 'POINTS_ALREADY_REVERSED', status: 409 });
      expect(
        await refusal(
          t.deps.db.transaction().execute((trx) => reverseTransfer(trx, reversal.id, '反冲', staff, t.clock())),
        ),
      ).toMatchObject({ code: 'POINTS_NOT_REVERSIBLE', status: 409 });
      const { rows } = await sql<{ kind: string; reverses_id: number; actor_id: number; occurred_on: string }>`
        select kind, reverses_id, actor_id, occurred_on from points_transfer where id = ${reversal.id}`.execute(
        t.deps.db,
      );
      expect(rows[0]).toEqual({ kind: 'reversal', reverses_id: posted.id, actor_id: staff, occurred_on: '2026-09-15' });
      expect(await ledgerProblems(t)).toEqual([]);
    });

    it('refuses to reverse an award whose points were spent', async () => {
      const p = person(4);
      const posted = await award(t, p.id, 5);
      await deduct(t, p.id, 5);
      expect(
        await refusal(t.deps.db.transaction().execute((trx) => reverseTransfer(trx, posted.id, '误录', 1, t.clock()))),
      ).toMatchObject({ code: 'POINTS_BALANCE_TOO_LOW' });
    });

    it('keeps one account exact under 100 concurrent transfers into and out of it', async () => {
      const p = person(5);
      await award(t, p.id, 200);
      const acc = await accountOf(t, { personId: p.id });
      const now = t.clock();
      const work = Array.from({ length: 100 }, (_, i) => {
        if (i % 3 === 0) return award(t, p.id, 3);
        if (i % 3 === 1) return deduct(t, p.id, 2);
        // into the store (a redemption), from the store shard paired with the account
        return t.deps.db.transaction().execute(async (trx) => {
          const store = await communityAccount(trx, 'store', acc, now);
          return postTransfer(
            trx,
            { kind: 'redeem', from: acc, to: store, amount: 1, occurredOn: '2026-11-23', actorId: null },
            now,
          );
        });
      });
      const results = await Promise.allSettled(work);
      expect(
        results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)),
      ).toEqual([]);
      // 34 awards of 3, 33 deductions of 2, 33 redemptions of 1
      expect(await balanceOf(t, acc.id)).toBe(200 + 34 * 3 - 33 * 2 - 33);
      const { rows } = await sql<{
        entry_count: number;
      }>`select entry_count from points_account where id = ${acc.id}`.execute(t.deps.db);
      expect(Number(rows[0]?.entry_count)).toBe(101);
      expect(await ledgerProblems(t)).toEqual([]);
    });

    it('lets exactly as many concurrent debits through as the balance allows', async () => {
      const p = person(6);
      await award(t, p.id, 10);
      const acc = await accountOf(t, { personId: p.id });
      const results = await Promise.allSettled(Array.from({ length: 25 }, () => deduct(t, p.id, 1)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
      for (const r of results.filter((x) => x.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'POINTS_BALANCE_TOO_LOW' });
      }
      expect(await balanceOf(t, acc.id)).toBe(0);
      expect(await ledgerProblems(t)).toEqual([]);
    });
  });

  describe('over HTTP', () => {
    let staff: Client;
    let worker: Client;
    let neighbour: Client;
    let resident: Client;
    let subject: PersonFixture;
    let subjectAccount: string;
    let awardUid: string;

    beforeAll(async () => {
      staff = await t.as('staff.jinxi');
      worker = await t.as('grid.jinxi01');
      neighbour = await t.as('grid.jinxi02');
      subject = person(7);
      const first = await award(t, subject.id, 12, { reason: '垃圾分类' });
      await award(t, subject.id, 8, { reason: '志愿服务' });
      awardUid = first.uid;
      subjectAccount = (await accountOf(t, { personId: subject.id })).uid;
      await award(t, neighbours[0]?.id as number, 3);
      await award(t, away.id, 3);
    });

    it('lists the accounts of my area with balances, phones masked', async () => {
      const res = await worker.get('/api/points/accounts?pageSize=200');
      expect(res.status).toBe(200);
      const named = await worker.get(`/api/points/accounts?q=${encodeURIComponent(subject.name)}`);
      const mine = named.body.items.find((i: { id: string }) => i.id === subjectAccount);
      expect(mine).toMatchObject({
        kind: 'person',
        name: subject.name,
        personId: subject.uid,
        balance: 20,
        entries: 2,
      });
      if (mine.phone !== null) expect(mine.phone).toMatch(/\*/);
      const grids = new Set(res.body.items.map((i: { grid: { id: string } }) => i.grid.id));
      expect([...grids]).toEqual([await t.unitId(GRID)]);
      const balances = res.body.items.map((i: { balance: number }) => i.balance);
      expect(balances).toEqual([...balances].sort((a, b) => b - a));
    });

    it('filters by unit, kind and name, and pages', async () => {
      const byUnit = await staff.get(`/api/points/accounts?unit=${await t.unitId(NEXT_GRID)}&pageSize=200`);
      expect(byUnit.status).toBe(200);
      expect(byUnit.body.items.map((i: { personId: string }) => i.personId)).toContain(neighbours[0]?.uid);
      expect(byUnit.body.items.map((i: { id: string }) => i.id)).not.toContain(subjectAccount);
      const byName = await staff.get(`/api/points/accounts?q=${encodeURIComponent(subject.name)}`);
      expect(byName.body.items.map((i: { id: string }) => i.id)).toContain(subjectAccount);
      // One person's accounts: their own and their household's (the person page's panel).
      const withHome = people.find((p) => p.householdId !== null) as PersonFixture;
      const theirs = await staff.get(`/api/points/accounts?person=${withHome.uid}`);
      expect(theirs.status).toBe(200);
      expect(theirs.body.items.map((i: { kind: string }) => i.kind)).toContain('household');
      for (const i of theirs.body.items) expect(i.kind === 'household' || i.personId === withHome.uid).toBe(true);
      const households = await staff.get('/api/points/accounts?kind=household&pageSize=200');
      for (const i of households.body.items) expect(i.kind).toBe('household');
      const page = await staff.get('/api/points/accounts?pageSize=1&page=2');
      expect(page.body).toMatchObject({ page: 2, pageSize: 1 });
      expect(page.body.items).toHaveLength(1);
      expect(page.body.total).toBeGreaterThan(5);
      const past = await staff.get('/api/points/accounts?pageSize=200&page=999');
      expect(past.body.items).toEqual([]);
      expect(past.body.total).toBe(page.body.total);
    });

    it('keeps other areas out: a unit outside → 404, a list leaves them out', async () => {
      expect((await worker.get(`/api/points/accounts?unit=${await t.unitId(NEXT_GRID)}`)).status).toBe(404);
      const all = await staff.get('/api/points/accounts?pageSize=200&sort=name');
      expect(all.status).toBe(200);
      const awayAccount = (await accountOf(t, { personId: away.id })).uid;
      expect(all.body.items.map((i: { id: string }) => i.id)).not.toContain(awayAccount);
      expect((await staff.get(`/api/points/accounts/${awayAccount}`)).body.error.code).toBe('POINTS_ACCOUNT_NOT_FOUND');
      expect((await neighbour.get(`/api/points/accounts/${subjectAccount}`)).status).toBe(404);
      expect((await neighbour.get(`/api/points/accounts/${subjectAccount}/entries`)).status).toBe(404);
    });

    it('shows an account with its holder and what it earned and spent', async () => {
      const res = await staff.get(`/api/points/accounts/${subjectAccount}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: subjectAccount,
        kind: 'person',
        balance: 20,
        earnedThisMonth: 20,
        earnedThisYear: 20,
        spent: 0,
        members: [],
        canReverse: true,
        community: { id: await t.unitId(GRID.slice(0, 12)) },
      });
      expect((await worker.get(`/api/points/accounts/${subjectAccount}`)).body.canReverse).toBe(false);
    });

    it('shows what a household spent in the store, net of refunds, and who lives in it, as the ledger has it', async () => {
      // The demo seed's store orders: a household account of 金溪社区 that redeemed points.
      const { rows } = await sql<{ uid: string; household_id: number; spent: number }>`
        select a.uid::text as uid, a.household_id,
               (select coalesce(sum(amount), 0) from points_transfer where kind = 'redeem' and from_account_id = a.id)
             - (select coalesce(sum(amount), 0) from points_transfer where kind = 'refund' and to_account_id = a.id)
               as spent
          from points_account a
         where a.kind = 'household' and a.org_path like '440704.440704001.440704001001.%'
           and exists (select 1 from points_transfer r where r.kind = 'redeem' and r.from_account_id = a.id)
         order by a.id limit 1`.execute(t.deps.db);
      const household = rows[0];
      expect(household, 'the demo seed has a household that redeemed points').toBeDefined();
      const members = await sql<{ uid: string }>`
        select p.uid::text as uid from household_member m join person p on p.id = m.person_id
         where m.household_id = ${household?.household_id} and m.until is null`.execute(t.deps.db);
      const res = await staff.get(`/api/points/accounts/${household?.uid}`);
      expect(res.status).toBe(200);
      expect(res.body.spent).toBe(Number(household?.spent));
      expect(res.body.spent).toBeGreaterThan(0);
      expect(res.body.members.map((m: { id: string }) => m.id).sort()).toEqual(members.rows.map((m) => m.uid).sort());
      expect(res.body.members.length).toBeGreaterThan(0);
    });

    it('lists an account’s entries newest first', async () => {
      const res = await worker.get(`/api/points/accounts/${subjectAccount}/entries`);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(2);
      expect(
        res.body.items.map((e: { amount: number; balanceAfter: number; reason: string }) => [
          e.amount,
          e.balanceAfter,
          e.reason,
        ]),
      ).toEqual([
        [8, 20, '志愿服务'],
        [12, 12, '垃圾分类'],
      ]);
      expect(res.body.items[1]).toMatchObject({
        transferId: awardUid,
        kind: 'award',
        seq: 1,
        rule: null,
        reversible: true,
        reversedBy: null,
      });
    });

    it('reverses a transfer once, audited; a grid worker may not; Idempotency-Key replays', async () => {
      expect((await worker.post(`/api/points/transfers/${awardUid}/reverse`, { reason: '误录' })).status).toBe(403);
      const bad = await staff.post(`/api/points/transfers/${awardUid}/reverse`, { reason: '' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body.error.details)).toContain('reason');
      const key = { 'idempotency-key': `reverse-${awardUid}` };
      const res = await staff.post(`/api/points/transfers/${awardUid}/reverse`, { reason: '误录,冲正' }, key);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ kind: 'reversal', amount: 12, reverses: awardUid, reason: '误录,冲正' });
      expect(res.body.entries).toEqual([
        expect.objectContaining({
          account: subjectAccount,
          accountKind: 'person',
          amount: -12,
          balanceAfter: 8,
          seq: 3,
        }),
        expect.objectContaining({ accountKind: 'issuer', amount: 12 }),
      ]);
      const replay = await staff.post(`/api/points/transfers/${awardUid}/reverse`, { reason: '误录,冲正' }, key);
      expect(replay.status).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.id).toBe(res.body.id);
      const again = await staff.post(`/api/points/transfers/${awardUid}/reverse`, { reason: '误录,冲正' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('POINTS_ALREADY_REVERSED');
      const audit = await auditRecords(t, { action: 'points.transfer.reverse' });
      expect(audit.at(-1)).toMatchObject({ target_id: awardUid, outcome: 'ok' });
      const entries = await worker.get(`/api/points/accounts/${subjectAccount}/entries`);
      expect(entries.body.items[0]).toMatchObject({
        kind: 'reversal',
        reverses: awardUid,
        amount: -12,
        reversible: false,
      });
      expect(entries.body.items.at(-1)).toMatchObject({
        transferId: awardUid,
        reversedBy: res.body.id,
        reversible: false,
      });
      expect(await ledgerProblems(t)).toEqual([]);
    });

    it('a transfer outside my area is not found', async () => {
      const awayAward = await award(t, away.id, 2);
      const res = await staff.post(`/api/points/transfers/${awayAward.uid}/reverse`, { reason: '误录' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('POINTS_TRANSFER_NOT_FOUND');
    });

    describe('my points', () => {
      let me: PersonFixture;

      beforeAll(async () => {
        resident = await t.as('resident.demo');
        me = await demoResident(t);
      });

      it('needs a linked person (POINTS_NO_PERSON); staff have no points of their own here', async () => {
        await linkResident(t, 'resident.demo', null);
        const res = await resident.get('/api/points/me');
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('POINTS_NO_PERSON');
        await linkResident(t, 'resident.demo', me.id);
        expect((await staff.get('/api/points/me')).status).toBe(403);
      });

      it('shows my accounts with balances and my last entries', async () => {
        await award(t, me.id, 6, { reason: '门前三包' });
        if (me.householdId !== null) await award(t, { householdId: me.householdId }, 4, { reason: '文明家庭' });
        const res = await resident.get('/api/points/me');
        expect(res.status).toBe(200);
        expect(res.body.person).toEqual({ id: me.uid, name: me.name });
        const own = res.body.accounts.find((a: { kind: string }) => a.kind === 'person');
        expect(own).toMatchObject({ earnedThisMonth: expect.any(Number), grid: { id: await t.unitId(GRID) } });
        expect(own.balance).toBeGreaterThanOrEqual(6);
        expect(res.body.recent[0]).toMatchObject({
          accountKind: me.householdId !== null ? 'household' : 'person',
          reversed: false,
        });
        expect(res.body.recent.length).toBeLessThanOrEqual(20);
        const ownEntries = await resident.get(`/api/points/me/entries?account=${own.id}`);
        expect(ownEntries.status).toBe(200);
        for (const e of ownEntries.body.items) expect(e.account).toBe(own.id);
        expect(ownEntries.body.items[0]).toMatchObject({ amount: 6, reason: '门前三包' });
      });

      it('someone else’s account is not one of mine', async () => {
        const res = await resident.get(`/api/points/me/entries?account=${subjectAccount}`);
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('POINTS_ACCOUNT_NOT_FOUND');
      });
    });
  });
});
