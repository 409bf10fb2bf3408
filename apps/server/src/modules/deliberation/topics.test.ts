import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryUid, ensureCaseBasics, reportCase } from '../../../test/cases-fixtures.ts';
import {
  idem,
  JINXI,
  openTopic,
  proposeTopic,
  seedDemoProcedures,
  stepVote,
  topicId,
  unitRow,
  YINGNAN,
} from '../../../test/deliberation-fixtures.ts';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { noticesOf } from '../../../test/meetings-fixtures.ts';
import { demoResident } from '../../../test/points-fixtures.ts';
import { residentsWithSessions, type TestResident } from '../../../test/votes-fixtures.ts';

describe(`deliberation: topics (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client; // 金溪社区
  let otherStaff: Client; // 英南村
  let street: Client;
  let worker: Client; // grid worker of 金溪's first grid: reads only their grid
  let resident: Client; // 王桂芳, 金溪社区
  let neighbours: TestResident[]; // more residents of 金溪社区
  let villager: TestResident; // a resident of 英南村

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    await seedDemoProcedures(t);
    await demoResident(t);
    [staff, otherStaff, street, worker, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('staff.yingnan'),
      t.as('street.jiangnan'),
      t.as('grid.jinxi01'),
      t.as('resident.demo'),
    ]);
    neighbours = await residentsWithSessions(t, 4, '440704001001002');
    [villager] = (await residentsWithSessions(t, 1, '440704003201001')) as [TestResident];
  });
  afterAll(() => t.close());

  it('a resident proposes; neighbours co-sign once; reaching the threshold tells the community’s staff', async () => {
    const p = await proposeTopic(t, resident, { title: '3 栋加装电梯' });
    expect(p).toMatchObject({
      status: 'proposed',
      source: 'proposal',
      supportCount: 0,
      supportThreshold: 10,
      procedure: null,
      steps: [],
      proposer: { name: '王桂芳', me: true },
      supportedByMe: false,
      community: { code: JINXI },
    });
    expect(p.allowedActions).toEqual(['edit', 'withdraw']);
    expect(p.timeline).toEqual([
      expect.objectContaining({ seq: 1, action: 'proposed', actorName: expect.any(String) }),
    ]);
    // The threshold is the district's setting (3 here, for the test), fixed on the topic when proposed.
    await sql`update topic set support_threshold = 3 where uid = ${p.uid}::uuid`.execute(t.deps.db);

    const [a, b, c, d] = neighbours as [TestResident, TestResident, TestResident, TestResident];
    const seen = await a.client.get(`/api/deliberation/topics/${p.uid}`);
    expect(seen.status).toBe(200);
    expect(seen.body.proposer).toEqual({ name: '王*芳', me: false });
    expect(seen.body.allowedActions).toEqual(['support']);
    const signed = await a.client.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem());
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ supportCount: 1, supportedByMe: true, allowedActions: [] });
    // Twice is once.
    expect((await a.client.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem())).body.supportCount).toBe(1);
    // The proposer does not co-sign their own; a resident of another community does not see it.
    expect((await resident.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem())).body.error.code).toBe(
      'DELIB_SUPPORT_OWN',
    );
    const foreign = await villager.client.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem());
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('DELIB_TOPIC_NOT_FOUND');
    // Staff do not co-sign (deliberation:self only).
    expect((await staff.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem())).status).toBe(403);

    expect(await noticesOf(t, 'staff.jinxi')).not.toContainEqual(
      expect.objectContaining({ kind: 'topic_support_reached' }),
    );
    await b.client.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem());
    const third = await c.client.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem());
    expect(third.body.supportCount).toBe(3);
    expect(third.body.timeline.map((e: { action: string }) => e.action)).toEqual(['proposed', 'support_reached']);
    expect(await noticesOf(t, 'staff.jinxi')).toContainEqual(
      expect.objectContaining({ kind: 'topic_support_reached', link: `/deliberation/topics/${p.uid}` }),
    );
    // Past the threshold: counted, told once.
    expect((await d.client.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem())).body.supportCount).toBe(4);
    const reached = (await noticesOf(t, 'staff.jinxi')).filter(
      (n) => n.kind === 'topic_support_reached' && n.link?.endsWith(p.uid),
    );
    expect(reached).toHaveLength(1);
    const rows = await t.deps.db
      .selectFrom('topic_support')
      .select('user_id')
      .where('topic_id', '=', await topicId(t, p.uid))
      .execute();
    expect(rows).toHaveLength(4);

    // Staff take it up with a procedure: its steps are copied, the proposer is told.
    const started = await staff.post(`/api/deliberation/topics/${p.uid}/start`, { procedure: 'five_step' }, idem());
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body).toMatchObject({
      status: 'open',
      procedure: { code: 'five_step', name: '五步工作法' },
      currentStep: 0,
      stepCount: 5,
      currentStepName: '说事',
    });
    expect(await noticesOf(t, 'resident.demo')).toContainEqual(
      expect.objectContaining({ kind: 'topic_started', link: `/r/deliberation/topics/${p.uid}` }),
    );
    // Co-signing is over once it is under way.
    const late = await neighbours[0]?.client.post(`/api/deliberation/topics/${p.uid}/support`, {}, idem());
    expect(late?.status).toBe(200); // co-signed before: idempotent
    expect((await staff.post(`/api/deliberation/topics/${p.uid}/start`, {}, idem())).body.error.code).toBe(
      'DELIB_TOPIC_STATUS',
    );
  });

  it('the proposer edits until a vote on it opens; staff too; others may not', async () => {
    const p = await proposeTopic(t, resident);
    const edited = await resident.patch(
      `/api/deliberation/topics/${p.uid}`,
      { description: '加装电梯,费用按楼层分摊' },
      idem(),
    );
    expect(edited.status).toBe(200);
    expect(edited.body.description).toBe('加装电梯,费用按楼层分摊');
    expect(edited.body.timeline.at(-1)).toMatchObject({ action: 'edited' });
    // A resident may not make it private or move it to a council.
    const bad = await resident.patch(`/api/deliberation/topics/${p.uid}`, { public: false }, idem());
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('public');
    // A neighbour may not edit it; a street official reads but does not run it.
    expect(
      (await neighbours[0]?.client.patch(`/api/deliberation/topics/${p.uid}`, { title: '改' }, idem()))?.status,
    ).toBe(403);
    expect((await street.patch(`/api/deliberation/topics/${p.uid}`, { title: '改' }, idem())).status).toBe(403);
    expect((await otherStaff.patch(`/api/deliberation/topics/${p.uid}`, { title: '改' }, idem())).status).toBe(404);

    await staff.post(`/api/deliberation/topics/${p.uid}/start`, { procedure: 'four_two' }, idem());
    expect(
      (await staff.patch(`/api/deliberation/topics/${p.uid}`, { title: '3 栋加装电梯(修订)' }, idem())).status,
    ).toBe(200);
    // Once a vote on it is open: "a proposal edited after the vote opened" is refused.
    await stepVote(t, p.uid, 0, { status: 'open' });
    for (const as of [resident, staff]) {
      const locked = await as.patch(`/api/deliberation/topics/${p.uid}`, { description: '换个说法' }, idem());
      expect(locked.status).toBe(409);
      expect(locked.body.error.code).toBe('DELIB_TOPIC_LOCKED');
    }
    const detail = await resident.get(`/api/deliberation/topics/${p.uid}`);
    expect(detail.body.allowedActions).not.toContain('edit');
  });

  it('staff reject with a reason; the proposer withdraws; no one else may', async () => {
    const p = await proposeTopic(t, resident);
    const short = await staff.post(`/api/deliberation/topics/${p.uid}/reject`, { reason: '' }, idem());
    expect(short.status).toBe(400);
    const rejected = await staff.post(
      `/api/deliberation/topics/${p.uid}/reject`,
      { reason: '属物业管理事项,已转物业' },
      idem(),
    );
    expect(rejected.body).toMatchObject({ status: 'rejected', allowedActions: [] });
    expect(rejected.body.timeline.at(-1)).toMatchObject({ action: 'rejected', note: '属物业管理事项,已转物业' });
    expect(await noticesOf(t, 'resident.demo')).toContainEqual(
      expect.objectContaining({ kind: 'topic_rejected', body: '属物业管理事项,已转物业' }),
    );
    expect((await resident.post(`/api/deliberation/topics/${p.uid}/withdraw`, {}, idem())).status).toBe(409);

    const q = await proposeTopic(t, resident);
    expect((await neighbours[1]?.client.post(`/api/deliberation/topics/${q.uid}/withdraw`, {}, idem()))?.status).toBe(
      403,
    );
    expect((await staff.post(`/api/deliberation/topics/${q.uid}/withdraw`, {}, idem())).body.error.code).toBe(
      'DELIB_TOPIC_NOT_PROPOSER',
    );
    const withdrawn = await resident.post(
      `/api/deliberation/topics/${q.uid}/withdraw`,
      { reason: '已与邻居协商解决' },
      idem(),
    );
    expect(withdrawn.body.status).toBe('withdrawn');
    const audits = await auditRecords(t, { action: 'deliberation.topic_withdrawn', targetId: q.uid });
    expect(audits).toHaveLength(1);
    expect(audits[0]?.org_path).toBe((await unitRow(t, JINXI)).path);
  });

  it('staff open a topic from a deliberable case: both linked in one step', async () => {
    await ensureCaseBasics(t);
    const noise = await reportCase(t, staff, {
      category: await categoryUid(t, 'neighbour.noise'),
      title: '广场舞噪音',
    });
    const accepted = await staff.post(`/api/cases/${noise.uid}/accept`, {}, idem());
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const uid = randomUUID();
    const res = await staff.post(
      '/api/deliberation/topics',
      {
        uid,
        title: '广场舞时段与音量',
        description: '居民反映晚间广场舞噪音,拟协商时段与音量',
        caseUid: noise.uid,
        procedure: 'five_step',
      },
      idem(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ source: 'case', status: 'open', case: { uid: noise.uid, title: '广场舞噪音' } });
    const kase = await staff.get(`/api/cases/${noise.uid}`);
    expect(kase.body.topicUid).toBe(uid);
    // Linked once: a second topic from the same case is refused.
    const again = await staff.post(
      '/api/deliberation/topics',
      { uid: randomUUID(), title: '再议', description: '再议', caseUid: noise.uid },
      idem(),
    );
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].field).toBe('caseUid');
    // A category that is not deliberable is refused by name.
    const light = await reportCase(t, staff);
    await staff.post(`/api/cases/${light.uid}/accept`, {}, idem());
    const refused = await staff.post(
      '/api/deliberation/topics',
      { uid: randomUUID(), title: '路灯', description: '路灯', caseUid: light.uid },
      idem(),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({ field: 'caseUid', rule: 'CASE_NOT_DELIBERABLE' });
    // A resident sees that it came from a case, not which.
    const seen = await resident.get(`/api/deliberation/topics/${uid}`);
    expect(seen.body.case).toEqual({ uid: null, title: null });
  });

  it('lists: staff their area, filtered; residents their community’s public topics and their own', async () => {
    const road = await openTopic(t, staff, 'four_two', { title: '金溪路口红绿灯设置' });
    const hidden = await openTopic(t, staff, 'four_two', { title: '金溪内部事项', public: false });
    const village = await openTopic(t, otherStaff, 'four_two', { title: '英南村集体用房分配' }, YINGNAN);
    const mine = await proposeTopic(t, resident, { title: '金溪小广场增设座椅' });

    const ids = (b: { items: { uid: string }[] }) => b.items.map((i) => i.uid);
    const staffList = await staff.get('/api/deliberation/topics?pageSize=200');
    expect(ids(staffList.body)).toEqual(expect.arrayContaining([road.uid, hidden.uid, mine.uid]));
    expect(ids(staffList.body)).not.toContain(village.uid);
    const byStatus = await staff.get('/api/deliberation/topics?status=proposed&pageSize=200');
    expect(byStatus.body.items.every((i: { status: string }) => i.status === 'proposed')).toBe(true);
    const byWords = await staff.get(`/api/deliberation/topics?q=${encodeURIComponent('红绿灯')}`);
    expect(ids(byWords.body)).toEqual([road.uid]);
    const yingnan = await otherStaff.get('/api/deliberation/topics?pageSize=200');
    expect(ids(yingnan.body)).toContain(village.uid);
    expect(ids(yingnan.body)).not.toContain(road.uid);
    // The grid worker reads their grid only: topics of the community are not theirs.
    expect(ids((await worker.get('/api/deliberation/topics?pageSize=200')).body)).not.toContain(road.uid);
    expect((await worker.get(`/api/deliberation/topics/${road.uid}`)).status).toBe(404);

    const residentList = await neighbours[2]?.client.get('/api/deliberation/topics?pageSize=200');
    expect(ids(residentList?.body)).toEqual(expect.arrayContaining([road.uid, mine.uid]));
    expect(ids(residentList?.body)).not.toContain(hidden.uid);
    expect(ids(residentList?.body)).not.toContain(village.uid);
    expect((await neighbours[2]?.client.get(`/api/deliberation/topics/${hidden.uid}`))?.status).toBe(404);
    expect((await villager.client.get(`/api/deliberation/topics/${road.uid}`)).status).toBe(404);
    // A resident sees no one's name unmasked but their own, and no step's actor.
    const detail = await neighbours[2]?.client.get(`/api/deliberation/topics/${road.uid}`);
    expect(detail?.body.timeline[0]).toMatchObject({ action: 'created', detail: null });
  });

  it('staff open a topic only where they manage, under a known procedure', async () => {
    const jinxi = (await unitRow(t, JINXI)).uid;
    const outside = await otherStaff.post(
      '/api/deliberation/topics',
      { uid: randomUUID(), title: '越界', description: '越界', unit: jinxi },
      idem(),
    );
    expect(outside.status).toBe(404);
    const unknown = await staff.post(
      '/api/deliberation/topics',
      { uid: randomUUID(), title: '未知程序', description: '未知程序', unit: jinxi, procedure: 'no_such' },
      idem(),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('procedure');
    const nowhere = await staff.post(
      '/api/deliberation/topics',
      { uid: randomUUID(), title: '无处', description: '无处' },
      idem(),
    );
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.details[0].field).toBe('unit');
    expect(
      (
        await street.post(
          '/api/deliberation/topics',
          { uid: randomUUID(), title: 'x', description: 'x', unit: jinxi },
          idem(),
        )
      ).status,
    ).toBe(403);
    const uid = randomUUID();
    const first = await staff.post(
      '/api/deliberation/topics',
      { uid, title: '同号', description: '同号', unit: jinxi },
      idem(),
    );
    expect(first.status).toBe(201);
    const dup = await staff.post(
      '/api/deliberation/topics',
      { uid, title: '同号', description: '同号', unit: jinxi },
      idem(),
    );
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('DELIB_TOPIC_EXISTS');
  });
});
