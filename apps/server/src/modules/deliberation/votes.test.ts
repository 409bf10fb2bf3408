/**
 * Votes: staff create (standalone or from a topic's step, whose rule they cannot override), open
 * (the roll fixed), close (the server's count and verdict, the rule in words) and cancel; residents
 * see their community's votes with their place on the roll; staff record a show of hands; a budget
 * vote is made and closed through the exported service functions; scope.
 */
import { randomUUID } from 'node:crypto';
import { copySteps, PROCEDURES } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { openVote, residentsWithSessions } from '../../../test/votes-fixtures.ts';
import { closeVote, createBudgetVote } from './votes-service.ts';

const JINXI = '440704001001';
const JINXI_GRID = '440704001001001';
const ZHICHONG_GRID = '440704002001001';

describe('votes', () => {
  let t: TestPlatform;
  let staff: Client;
  let resident: Client;
  let jinxi: string;
  let jinxiId: number;
  let jinxiPath: string;

  beforeAll(async () => {
    t = await startTestPlatform();
    staff = await t.as('staff.jinxi');
    resident = await t.as('resident.demo');
    jinxi = await t.unitId(JINXI);
    const u = await t.deps.db
      .selectFrom('org_unit')
      .select(['id', 'path'])
      .where('code', '=', JINXI)
      .executeTakeFirstOrThrow();
    jinxiId = u.id;
    jinxiPath = u.path;
  });
  afterAll(() => t.close());

  it('a household vote: created, opened over every active household, cast once, closed with the count and the rule', async () => {
    const uid = randomUUID();
    const body = {
      uid,
      title: '小区停车位收费方案',
      unit: jinxi,
      style: 'motion',
      electorate: 'households',
      secret: false,
    };
    const created = await staff.post('/api/deliberation/votes', body, { 'idempotency-key': `v-${uid}` });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', style: 'motion', electorate: 'households', secret: false });
    expect(created.body.rule.text).toContain('超过');
    expect(created.body.allowedActions).toEqual(['open', 'cancel']);
    // The same uid again (no key): the vote the first attempt made.
    expect((await staff.post('/api/deliberation/votes', body)).status).toBe(200);
    // A draft is not shown to residents.
    expect((await resident.get(`/api/deliberation/votes/${uid}`)).status).toBe(404);

    const opened = await staff.post(`/api/deliberation/votes/${uid}/open`, {});
    expect(opened.status).toBe(200);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from household where status = 'active'
         and org_path like ${`${jinxiPath}.%`}
         and exists (select 1 from household_member m where m.household_id = household.id and m.until is null)`.execute(
      t.deps.db,
    );
    expect(opened.body.eligibleCount).toBe(rows[0]?.n);
    expect(opened.body.eligibleCount).toBeGreaterThan(10);
    expect((await staff.post(`/api/deliberation/votes/${uid}/open`, {})).body.error.code).toBe('DELIB_VOTE_NOT_DRAFT');

    const seen = await resident.get(`/api/deliberation/votes/${uid}`);
    expect(seen.status).toBe(200);
    expect(seen.body.myBallot).toMatchObject({ eligible: true, voted: false, choice: null });
    expect(seen.body.allowedActions).toEqual(['cast']);

    const bad = await resident.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['approve', 'oppose'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('choice');

    const cast = await resident.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['approve'] });
    expect(cast.status).toBe(200);
    expect(cast.body).toEqual({ accepted: true, changed: false, receipt: null, receiptHash: null });
    const twice = await resident.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['oppose'] });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('DELIB_ALREADY_VOTED');

    const mine = await resident.get(`/api/deliberation/votes/${uid}`);
    expect(mine.body.myBallot).toMatchObject({ eligible: true, voted: true, choice: ['approve'] });
    expect(mine.body.castCount).toBe(1);
    const list = await resident.get('/api/deliberation/votes?status=open');
    expect(list.body.items.find((v: { uid: string }) => v.uid === uid)?.me).toEqual({ eligible: true, voted: true });

    const closed = await staff.post(`/api/deliberation/votes/${uid}/close`, {});
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.result).toMatchObject({
      counts: { approve: 1, oppose: 0, abstain: 0 },
      cast: 1,
      quorumMet: true,
      passed: true,
      needed: 1,
    });
    expect(closed.body.result.ruleText).toMatch(/^应到 \d+ 户，投票 1 户/);
    expect(
      (await resident.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['approve'] })).body.error.code,
    ).toBe('DELIB_VOTE_CLOSED');
    expect((await staff.post(`/api/deliberation/votes/${uid}/close`, {})).body.error.code).toBe('DELIB_VOTE_CLOSED');
    const audits = await auditRecords(t, { targetId: uid });
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'deliberation.vote_create',
        'deliberation.vote_open',
        'deliberation.ballot_cast',
        'deliberation.vote_close',
      ]),
    );
    const events = await t.deps.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'deliberation.vote_closed')
      .execute();
    expect(events.some((e) => (e.payload as { voteUid: string }).voteUid === uid)).toBe(true);
  });

  it('names the field of a bad vote in zh and en', async () => {
    const bad = await staff.post(
      '/api/deliberation/votes',
      {
        uid: randomUUID(),
        title: '预算投票',
        unit: jinxi,
        style: 'knapsack',
        options: [
          { key: 'a', label: '甲', costCents: 100 },
          { key: 'b', label: '乙' },
        ],
      },
      { 'accept-language': 'en' },
    );
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(['options[1].costCents', 'budgetCents']);
    expect(bad.body.error.details[1].message).toContain('budget');
    const motion = await staff.post('/api/deliberation/votes', {
      uid: randomUUID(),
      title: '议案',
      unit: jinxi,
      style: 'motion',
      options: [
        { key: 'a', label: '甲' },
        { key: 'b', label: '乙' },
      ],
      electorate: 'present',
    });
    expect(motion.status).toBe(400);
    expect(motion.body.error.details.map((d: { field: string }) => d.field)).toEqual(['meetingUid', 'options']);
    expect(motion.body.error.details[0].message).toContain('会议');
  });

  it('a changeable open ballot is replaced; a resident not on the roll is refused', async () => {
    const uid = await openVote(staff, {
      unit: jinxi,
      style: 'choice',
      options: [
        { key: 'east', label: '东门' },
        { key: 'west', label: '西门' },
      ],
      electorate: 'households',
      secret: false,
      changeable: true,
    });
    expect((await resident.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['east'] })).status).toBe(200);
    const changed = await resident.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['west'] });
    expect(changed.body).toMatchObject({ accepted: true, changed: true });
    const mine = await resident.get(`/api/deliberation/votes/${uid}`);
    expect(mine.body.myBallot).toMatchObject({ voted: true, choice: ['west'], changes: 1 });
    expect(mine.body.allowedActions).toEqual(['change']);
    // A household that moved in after the roll was fixed is not on it.
    const [late] = await residentsWithSessions(t, 1, JINXI_GRID);
    const refused = await late?.client.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['east'] });
    expect(refused?.status).toBe(403);
    expect(refused?.body.error.code).toBe('DELIB_NOT_ELIGIBLE');
    const closed = await staff.post(`/api/deliberation/votes/${uid}/close`, {});
    expect(closed.body.result).toMatchObject({ counts: { east: 0, west: 1 }, winner: 'west', cast: 1 });
  });

  it('staff record a show of hands on an open ballot, never twice for one voter', async () => {
    const people = await residentsWithSessions(t, 3, JINXI_GRID);
    const uid = await openVote(staff, { unit: jinxi, style: 'motion', electorate: 'residents', secret: false });
    const [a, b, c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const recorded = await staff.post(`/api/deliberation/votes/${uid}/ballots/recorded`, {
      ballots: [
        { personUid: a.personUid, choice: ['approve'] },
        { personUid: b.personUid, choice: ['oppose'] },
      ],
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toEqual({ recorded: 2 });
    const again = await staff.post(`/api/deliberation/votes/${uid}/ballots/recorded`, {
      ballots: [
        { personUid: c.personUid, choice: ['approve'] },
        { personUid: a.personUid, choice: ['approve'] },
      ],
    });
    expect(again.status).toBe(400);
    expect(again.body.error.details).toEqual([
      expect.objectContaining({ field: 'ballots[1].personUid', rule: 'ALREADY_VOTED' }),
    ]);
    // Nothing of the refused request was written: c may still vote.
    expect((await c.client.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['abstain'] })).status).toBe(200);
    const { body } = await staff.post(`/api/deliberation/votes/${uid}/close`, {});
    expect(body.result.counts).toEqual({ approve: 1, oppose: 1, abstain: 1 });
    expect(body.result.passed).toBe(false); // 1 of 3 is not more than half of the ballots cast
  });

  it('a vote on a topic step takes the step’s rule and cannot override it', async () => {
    const steps = copySteps(PROCEDURES.four_two);
    const index = steps.findIndex((s) => s.decidedBy === 'vote');
    const now = t.clock();
    const topic = await t.deps.db
      .insertInto('topic')
      .values({
        uid: randomUUID(),
        community_id: jinxiId,
        org_path: jinxiPath,
        title: '村道硬底化',
        description: '村道硬底化工程',
        source: 'staff',
        status: 'open',
        procedure_code: 'four_two',
        steps: JSON.stringify(steps),
        current_step: index,
        created_at: now,
        updated_at: now,
      })
      .returning('uid')
      .executeTakeFirstOrThrow();
    const base = { title: '村民代表会议表决', topicUid: topic.uid, style: 'motion' };
    const overridden = await staff.post('/api/deliberation/votes', {
      ...base,
      uid: randomUUID(),
      step: index,
      electorate: 'households',
    });
    expect(overridden.status).toBe(400);
    expect(overridden.body.error.details.map((d: { field: string }) => d.field)).toEqual(['electorate']);
    const early = await staff.post('/api/deliberation/votes', { ...base, uid: randomUUID(), step: 0 });
    expect(early.body.error.details.map((d: { rule: string }) => d.rule)).toEqual(['STEP_NOT_VOTE']);
    const uid = randomUUID();
    const made = await staff.post('/api/deliberation/votes', { ...base, uid, step: index });
    expect(made.status).toBe(201);
    const rule = steps[index]?.vote;
    expect(made.body.rule).toMatchObject({
      electorate: rule?.electorate,
      quorum: rule?.quorum,
      majority: rule?.majority,
    });
    expect(made.body.topic).toEqual({ uid: topic.uid, title: '村道硬底化' });
    const second = await staff.post('/api/deliberation/votes', { ...base, uid: randomUUID(), step: index });
    expect(second.body.error.code).toBe('DELIB_VOTE_EXISTS');
    const cancelled = await staff.post(`/api/deliberation/votes/${uid}/cancel`, { reason: '会议改期' });
    expect(cancelled.body.status).toBe('cancelled');
    // Once cancelled, the step may be put to a new vote.
    expect((await staff.post('/api/deliberation/votes', { ...base, uid: randomUUID(), step: index })).status).toBe(201);
  });

  it('a budget vote is created open and closed through the exported service functions', async () => {
    const now = t.clock();
    const creator = await t.deps.db
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'staff.jinxi')
      .executeTakeFirstOrThrow();
    const budget = await t.deps.db
      .insertInto('micro_budget')
      .values({
        community_id: jinxiId,
        org_path: jinxiPath,
        year: 2031,
        title: '2031 年民生微实事',
        amount_cents: 30_000_000,
        phase: 'voting',
        created_by: creator.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const actor = { id: creator.id, name: 'staff.jinxi', roles: ['community_staff'], ip: null, requestId: null };
    const made = await t.deps.db.transaction().execute((trx) =>
      createBudgetVote(
        trx,
        {
          budgetId: budget.id,
          communityId: jinxiId,
          orgPath: jinxiPath,
          title: '2031 年民生微实事投票',
          style: 'knapsack',
          options: [
            { key: 'p1', label: '加装电梯扶手', costCents: 12_000_000 },
            { key: 'p2', label: '健身路径', costCents: 20_000_000 },
          ],
          budgetCents: 30_000_000,
        },
        actor,
        now,
      ),
    );
    const seen = await resident.get(`/api/deliberation/votes/${made.uid}`);
    expect(seen.body).toMatchObject({ status: 'open', style: 'knapsack', budgetCents: 30_000_000, secret: false });
    expect(seen.body.budgetUid).toBeTruthy();
    const over = await resident.post(`/api/deliberation/votes/${made.uid}/ballots`, { choice: ['p1', 'p2'] });
    expect(over.body.error.details.map((d: { rule: string }) => d.rule)).toEqual(['CHOICE_OVER_BUDGET']);
    expect((await resident.post(`/api/deliberation/votes/${made.uid}/ballots`, { choice: ['p2'] })).status).toBe(200);
    const result = await t.deps.db.transaction().execute((trx) => closeVote(trx, made.id, actor, t.clock()));
    expect(result.counts).toEqual({ p1: 0, p2: 1 });
    expect(result.cast).toBe(1);
  });

  it('keeps votes to their area: other communities’ staff and residents find nothing', async () => {
    const uid = await openVote(staff, { unit: jinxi, style: 'motion', electorate: 'households' });
    const other = await t.as('staff.yingnan');
    expect((await other.get(`/api/deliberation/votes/${uid}`)).status).toBe(404);
    expect((await other.post(`/api/deliberation/votes/${uid}/close`, {})).body.error.code).toBe('DELIB_VOTE_NOT_FOUND');
    const grid = await t.as('grid.jinxi01');
    expect((await grid.get(`/api/deliberation/votes/${uid}`)).status).toBe(404);
    const [far] = await residentsWithSessions(t, 1, ZHICHONG_GRID);
    expect((await far?.client.get(`/api/deliberation/votes/${uid}`))?.status).toBe(404);
    expect((await far?.client.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['approve'] }))?.status).toBe(
      404,
    );
    const list = await far?.client.get('/api/deliberation/votes');
    expect(list?.body.items.map((v: { uid: string }) => v.uid)).not.toContain(uid);
    const street = await t.as('street.jiangnan');
    expect(
      (await street.get(`/api/deliberation/votes?unit=${jinxi}`)).body.items.map((v: { uid: string }) => v.uid),
    ).toContain(uid);
    expect((await street.post(`/api/deliberation/votes/${uid}/close`, {})).status).toBe(403);
  });
});
