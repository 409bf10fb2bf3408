import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import {
  demoResident,
  ledgerProblems,
  type PersonFixture,
  personOfGrid,
  personsOfGrid,
} from '../../../test/points-fixtures.ts';
import { JPEG, visitInput } from '../../../test/visit-fixtures.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { enqueueJob } from '../../platform/jobs/runner.ts';

const JINXI = '440704001001';

describe(`points claims, review and direct awards (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client;
  let resident: Client;
  let worker: Client;
  let me: PersonFixture;
  let jinxi: string;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `claims-test-${++serial}` });

  /** A rule of 金溪社区 made through the API; valid from the 1st of November. */
  async function rule(code: string, over: Record<string, unknown> = {}): Promise<string> {
    const res = await staff.post(
      '/api/points/rules',
      {
        unit: jinxi,
        code,
        category: 'environment',
        title: `测试条款 ${code}`,
        points: 5,
        appliesTo: 'person',
        evidence: [],
        claimable: true,
        validFrom: '2026-11-01',
        ...over,
      },
      key(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  async function photo(c: Client = resident): Promise<string> {
    const id = randomUUID();
    const res = await c.put(`/api/points/photos/${id}`, JPEG, { 'content-type': 'image/jpeg' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return id;
  }

  const claim = (body: Record<string, unknown>) =>
    resident.post(
      '/api/points/me/claims',
      { occurredOn: '2026-11-20', description: '清理了楼道里堆放的纸箱', photos: [], ...body },
      key(),
    );

  async function deliver() {
    await enqueueJob(t.deps.db, 'outbox.deliver', {}, t.clock());
    await t.jobs.drain();
  }

  const transfersOf = async (ruleUid: string) =>
    (
      await sql<{ kind: string; amount: number; to_kind: string; to_person: number | null; source: string | null }>`
        select t.kind, t.amount::int as amount, a.kind as to_kind, a.person_id as to_person, t.source
          from points_transfer t join points_account a on a.id = t.to_account_id
         where t.rule_id = (select id from points_rule where uid = ${ruleUid}::uuid) order by t.id`.execute(t.deps.db)
    ).rows;

  beforeAll(async () => {
    t = await startTestPlatform();
    [staff, resident, worker] = await Promise.all([t.as('staff.jinxi'), t.as('resident.demo'), t.as('grid.jinxi01')]);
    me = await demoResident(t);
    jinxi = await t.unitId(JINXI);
  });
  afterAll(() => t.close());

  it('a resident claims, is asked for more, replies, and the approval credits their own account', async () => {
    const ruleId = await rule('T-CL1', { evidence: ['photo'] });
    const first = await photo();
    const made = await claim({ rule: ruleId, photos: [first] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ status: 'pending', source: 'resident', person: { id: me.uid }, missing: [] });
    const uid = made.body.id;

    const queue = await staff.get('/api/points/claims?pageSize=200');
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(uid);

    const asked = await staff.post(`/api/points/claims/${uid}/request-info`, { note: '请补拍清理后的照片' }, key());
    expect(asked.body.status).toBe('needs_info');
    const second = await photo();
    const replied = await resident.post(
      `/api/points/me/claims/${uid}/reply`,
      { note: '已补拍', photos: [second] },
      key(),
    );
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body.status).toBe('pending');
    expect(replied.body.photoIds).toEqual([first, second]);

    const approved = await staff.post(`/api/points/claims/${uid}/approve`, { note: '属实' }, key());
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', transfer: { amount: 5 }, reviewNote: '属实' });
    expect(approved.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'submitted',
      'info_requested',
      'info_added',
      'approved',
    ]);
    expect(await transfersOf(ruleId)).toEqual([
      { kind: 'claim', amount: 5, to_kind: 'person', to_person: me.id, source: 'claim' },
    ]);

    // The evidence: the uploader and the reviewer see it; the claim in the resident's list.
    expect((await staff.get(`/api/points/photos/${second}`)).status).toBe(200);
    expect((await resident.get(`/api/points/photos/${first}`)).status).toBe(200);
    expect((await worker.get(`/api/points/photos/${randomUUID()}`)).status).toBe(404);
    const mine = await resident.get('/api/points/me/claims');
    expect(mine.body.items[0]).toMatchObject({ id: uid, status: 'approved' });
    expect(await ledgerProblems(t)).toEqual([]);
  });

  it('a household rule credits the claimant’s household, a party rule their party-member account', async () => {
    const household = (
      await sql<{ household_id: number | null }>`
      select household_id from household_member where person_id = ${me.id} and until is null`.execute(t.deps.db)
    ).rows[0]?.household_id;
    if (household) {
      const hh = await rule('T-HH', { appliesTo: 'household' });
      const c = await claim({ rule: hh });
      expect(c.status, JSON.stringify(c.body)).toBe(201);
      await staff.post(`/api/points/claims/${c.body.id}/approve`, {}, key());
      expect((await transfersOf(hh))[0]).toMatchObject({ kind: 'claim', to_kind: 'household', to_person: null });
    }
    const party = await rule('T-PM', { category: 'party_duty', appliesTo: 'party_member' });
    await sql`update person set party_member = false where id = ${me.id}`.execute(t.deps.db);
    const refused = await claim({ rule: party });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'rule', rule: 'NOT_PARTY_MEMBER' });
    await sql`update person set party_member = true where id = ${me.id}`.execute(t.deps.db);
    const c = await claim({ rule: party });
    await staff.post(`/api/points/claims/${c.body.id}/approve`, {}, key());
    expect((await transfersOf(party))[0]).toMatchObject({ to_kind: 'party_member', to_person: me.id });
  });

  it('a rejection needs its reason and is final; a claimant withdraws a waiting claim once', async () => {
    const r = await rule('T-REJ');
    const a = await claim({ rule: r });
    expect((await staff.post(`/api/points/claims/${a.body.id}/reject`, {}, key())).status).toBe(400);
    const rejected = await staff.post(`/api/points/claims/${a.body.id}/reject`, { reason: '当天无此活动' }, key());
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewNote: '当天无此活动' });
    const late = await staff.post(`/api/points/claims/${a.body.id}/approve`, {}, key());
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('POINTS_CLAIM_STATUS');

    const b = await claim({ rule: r });
    const withdrawn = await resident.post(`/api/points/me/claims/${b.body.id}/withdraw`, undefined, key());
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await resident.post(`/api/points/me/claims/${b.body.id}/withdraw`, undefined, key())).status).toBe(409);
    expect((await staff.post(`/api/points/claims/${b.body.id}/approve`, {}, key())).status).toBe(409);
    expect(await transfersOf(r)).toEqual([]);
  });

  it('a claim without the evidence the rule asks for, or for a day it is not in force, is a 400 naming the field', async () => {
    const r = await rule('T-EV', { evidence: ['photo', 'witness'] });
    const bare = await claim({ rule: r });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details.map((d: { field: string }) => d.field)).toEqual(['photos', 'witness']);
    const strange = await claim({ rule: r, photos: [randomUUID()], witness: '李伯' });
    expect(strange.body.error.details[0].field).toBe('photos[0]');
    const early = await claim({ rule: r, occurredOn: '2026-10-31', photos: [await photo()], witness: '李伯' });
    expect(early.body.error.details[0]).toMatchObject({ field: 'occurredOn', rule: 'RULE_NOT_VALID' });
    const future = await claim({ rule: r, occurredOn: '2026-11-24', photos: [await photo()], witness: '李伯' });
    expect(future.body.error.details[0]).toMatchObject({ field: 'occurredOn', rule: 'DATE_FUTURE' });
    const staffOnly = await claim({ rule: await rule('T-ONLY', { claimable: false }) });
    expect(staffOnly.body.error.details[0]).toMatchObject({ field: 'rule', rule: 'RULE_NOT_CLAIMABLE' });
    const ok = await claim({ rule: r, photos: [await photo()], witness: '李伯' });
    expect(ok.status).toBe(201);
  });

  it('the monthly cap holds even when two approvals arrive at once', async () => {
    const r = await rule('T-CAP', { points: 10, capMonth: 10, capYear: 50 });
    const a = await claim({ rule: r });
    const b = await claim({ rule: r });
    const both = await Promise.all([
      staff.post(`/api/points/claims/${a.body.id}/approve`, {}, key()),
      staff.post(`/api/points/claims/${b.body.id}/approve`, {}, key()),
    ]);
    expect(both.map((x) => x.status).sort()).toEqual([200, 409]);
    const refused = both.find((x) => x.status === 409);
    expect(refused?.body.error).toMatchObject({
      code: 'POINTS_CAP_REACHED',
      details: { capMonth: 10, earnedThisMonth: 10 },
    });
    expect(await transfersOf(r)).toHaveLength(1);
    // A new claim for the same month is refused at once; another month is still open.
    expect((await claim({ rule: r })).body.error.code).toBe('POINTS_CAP_REACHED');
    await sql`update points_rule_version set valid_from = '2026-10-01' where rule_id = (select id from points_rule where uid = ${r}::uuid)`.execute(
      t.deps.db,
    );
    expect((await claim({ rule: r, occurredOn: '2026-10-15' })).status).toBe(201);
  });

  it('staff award and deduct directly; a deduction needs its reason and never goes below zero', async () => {
    const [p] = await personsOfGrid(t, '440704001001003', 1);
    const person = p as PersonFixture;
    const good = await rule('T-AW', { points: 20, claimable: false });
    const fine = await rule('T-DE', { points: -15, claimable: false });
    const awarded = await staff.post(
      '/api/points/awards',
      { person: person.uid, rule: good, occurredOn: '2026-11-22' },
      key(),
    );
    expect(awarded.status, JSON.stringify(awarded.body)).toBe(201);
    expect(awarded.body).toMatchObject({
      transfer: { kind: 'award', amount: 20 },
      account: { kind: 'person', balance: 20 },
    });

    const noReason = await staff.post(
      '/api/points/awards',
      { person: person.uid, rule: fine, occurredOn: '2026-11-22' },
      key(),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].field).toBe('reason');
    const deducted = await staff.post(
      '/api/points/awards',
      { person: person.uid, rule: fine, occurredOn: '2026-11-22', reason: '乱扔垃圾被劝阻两次' },
      key(),
    );
    expect(deducted.body).toMatchObject({
      transfer: { kind: 'deduct', amount: -15, reason: '乱扔垃圾被劝阻两次' },
      account: { balance: 5 },
    });
    const tooMuch = await staff.post(
      '/api/points/awards',
      { person: person.uid, rule: fine, occurredOn: '2026-11-22', reason: '再次乱扔垃圾' },
      key(),
    );
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.code).toBe('POINTS_BALANCE_TOO_LOW');
    const both = await staff.post(
      '/api/points/awards',
      { person: person.uid, household: randomUUID(), rule: good, occurredOn: '2026-11-22' },
      key(),
    );
    expect(both.status).toBe(400);
    // A reviewer outside the person's area does not find them.
    const zhichong = await personOfGrid(t, '440704002001001').catch(() => undefined);
    if (zhichong) {
      const out = await staff.post(
        '/api/points/awards',
        { person: zhichong.uid, rule: good, occurredOn: '2026-11-22' },
        key(),
      );
      expect(out.status).toBe(404);
    }
    expect(await auditRecords(t, { action: 'points.deduct' })).not.toHaveLength(0);
    expect(await ledgerProblems(t)).toEqual([]);
  });

  it('an award event delivered twice awards once, and an event over the cap is skipped and audited', async () => {
    const r = await rule('T-EVT', { points: 3, capMonth: 6, claimable: false });
    const [p] = await personsOfGrid(t, '440704001001004', 1);
    const person = p as PersonFixture;
    const event = (ref: string) => ({
      source: 'volunteer',
      sourceRef: ref,
      personUid: person.uid,
      ruleCode: 'T-EVT',
      ruleOwner: JINXI,
      occurredOn: '2026-11-21',
      note: '社区义诊志愿服务签到',
      mode: 'award',
      actorUid: null,
    });
    await emitEvent(t.deps.db, 'points.award_requested', event('checkin-1'), null, t.clock());
    await emitEvent(t.deps.db, 'points.award_requested', event('checkin-1'), null, t.clock());
    await emitEvent(t.deps.db, 'points.award_requested', event('checkin-2'), null, t.clock());
    await emitEvent(t.deps.db, 'points.award_requested', event('checkin-3'), null, t.clock());
    await deliver();
    const moved = await transfersOf(r);
    expect(moved).toEqual([
      { kind: 'event', amount: 3, to_kind: 'person', to_person: person.id, source: 'volunteer' },
      { kind: 'event', amount: 3, to_kind: 'person', to_person: person.id, source: 'volunteer' },
    ]);
    const skipped = await auditRecords(t, { action: 'points.request_skipped', targetId: 'checkin-3' });
    expect(skipped).toHaveLength(1);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from outbox where topic = 'points.award_requested' and delivered_at is null`.execute(
      t.deps.db,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('a grid worker starts a claim from a visit: after the events run it waits in the review queue', async () => {
    const r = await rule('T-VIS', { category: 'harmony' });
    const visited = await personOfGrid(t, '440704001001001');
    const awardUid = randomUUID();
    const record = visitInput(t, {
      personIds: [visited.uid],
      award: { uid: awardUid, personId: visited.uid, ruleUid: r, note: '调解邻里噪音纠纷,双方和解' },
    });
    const synced = await worker.post('/api/visits/sync', { deviceId: 'phone-1', records: [record] }, key());
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    expect(synced.body.results[0].outcome).toBe('created');
    const visit = await worker.get(`/api/visits/${record.id}`);
    expect(visit.body.links.awardId).toBe(awardUid);

    await deliver();
    await deliver(); // delivered again: still one claim
    const queue = await staff.get('/api/points/claims?pageSize=200');
    const filed = queue.body.items.filter((c: { rule: { id: string } }) => c.rule.id === r);
    expect(filed).toHaveLength(1);
    expect(filed[0]).toMatchObject({ status: 'pending', source: 'visit', person: { id: visited.uid } });
    const detail = await staff.get(`/api/points/claims/${filed[0].id}`);
    expect(detail.body).toMatchObject({ description: '调解邻里噪音纠纷,双方和解', claimedBy: expect.any(String) });
    expect((await staff.post(`/api/points/claims/${filed[0].id}/approve`, {}, key())).status).toBe(200);
    expect(await transfersOf(r)).toHaveLength(1);
  });
});
