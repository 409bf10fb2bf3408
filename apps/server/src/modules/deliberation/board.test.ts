import { randomUUID } from 'node:crypto';
import { PROCEDURES } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { communityOf } from '../../../test/meetings-fixtures.ts';
import { demoResident, personsOfGrid, userIdOf } from '../../../test/points-fixtures.ts';
import { JPEG } from '../../../test/visit-fixtures.ts';

const JINXI = '440704001001';
const DAY = 86_400_000;

describe(`the public board of the two 公开 and 民生微实事 (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client;
  let resident: Client;
  let residentName: string;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `board-test-${++serial}` });

  /** A 四议两公开 topic of 金溪社区 as the topics part leaves it, written directly. */
  async function topicRow(opts: {
    title: string;
    public?: boolean;
    status?: string;
    currentStep?: number;
    resolutionAt?: Date | null;
    outcomeAt?: Date | null;
  }) {
    const c = await communityOf(t, JINXI);
    const now = t.clock();
    const row = await t.deps.db
      .insertInto('topic')
      .values({
        uid: randomUUID(),
        community_id: c.id,
        org_path: c.path,
        title: opts.title,
        description: '金溪路人行道破损，拟用集体收益修缮，并在路口加装护栏。',
        source: 'staff',
        status: opts.status ?? 'decided',
        public: opts.public ?? true,
        procedure_code: 'four_two',
        steps: JSON.stringify(PROCEDURES.four_two.steps) as never,
        current_step: opts.currentStep ?? 5,
        resolution: '同意使用集体收益 12 万元修缮金溪路人行道，并加装路口护栏。',
        resolution_published_at: opts.resolutionAt === undefined ? now : opts.resolutionAt,
        outcome: opts.outcomeAt ? '人行道已修缮完毕，护栏已安装，实际支出 11.6 万元。' : null,
        outcome_published_at: opts.outcomeAt ?? null,
        notice_until: new Date(now.getTime() + 7 * DAY),
        decided_at: now,
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'uid'])
      .executeTakeFirstOrThrow();
    return { id: Number(row.id), uid: row.uid };
  }

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    const me = await demoResident(t);
    residentName = me.name;
    [staff, resident] = await Promise.all([t.as('staff.jinxi'), t.as('resident.demo')]);
    const c = await t.deps.db
      .selectFrom('org_unit')
      .select(['district_id'])
      .where('code', '=', JINXI)
      .executeTakeFirstOrThrow();
    await t.deps.db
      .insertInto('deliberation_procedure')
      .values({
        district_id: c.district_id as number,
        code: 'four_two',
        name: '四议两公开',
        name_en: 'Four deliberations, two publications',
        steps: JSON.stringify(PROCEDURES.four_two.steps) as never,
        updated_at: t.clock(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }, 600_000);
  afterAll(() => t?.close());

  it('lists a community’s published public topics, and leaves out private and unpublished ones', async () => {
    const published = await topicRow({ title: '金溪路人行道修缮' });
    const hidden = await topicRow({ title: '内部人事议题', public: false });
    const pending = await topicRow({ title: '尚未公开的议题', status: 'open', currentStep: 2, resolutionAt: null });
    const res = await t.anon.get(`/api/public/deliberation?community=${JINXI}`);
    expect(res.status).toBe(200);
    expect(res.body.community).toEqual({ code: JINXI, name: '金溪社区' });
    const uids = res.body.topics.items.map((x: { uid: string }) => x.uid);
    expect(uids).toContain(published.uid);
    expect(uids).not.toContain(hidden.uid);
    expect(uids).not.toContain(pending.uid);
    const item = res.body.topics.items.find((x: { uid: string }) => x.uid === published.uid);
    expect(item).toMatchObject({
      procedure: { code: 'four_two', name: '四议两公开' },
      resolution: expect.stringContaining('12 万元'),
      outcome: null,
    });
    for (const uid of [hidden.uid, pending.uid]) {
      const one = await t.anon.get(`/api/public/deliberation/topics/${uid}`);
      expect(one.status).toBe(404);
      expect(one.body.error.code).toBe('DELIB_TOPIC_NOT_FOUND');
    }
    expect((await t.anon.get('/api/public/deliberation?community=440799999999')).status).toBe(404);
  });

  it('a published topic shows each step’s records: the meeting’s attendance, the vote and its rule, the notice period', async () => {
    const topic = await topicRow({ title: '路口护栏', outcomeAt: null });
    const c = await communityOf(t, JINXI);
    const now = t.clock();
    const staffId = await userIdOf(t, 'staff.jinxi');
    const db = t.deps.db;
    const meeting = await db
      .insertInto('meeting')
      .values({
        uid: randomUUID(),
        community_id: c.id,
        org_path: c.path,
        kind: 'representatives',
        title: '居民代表会议',
        place: '金溪社区党群服务中心',
        starts_at: new Date(now.getTime() - 2 * DAY),
        ends_at: new Date(now.getTime() - 2 * DAY + 7_200_000),
        status: 'held',
        minutes: '到会代表 2 人，表决通过。',
        created_by: staffId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('meeting_topic')
      .values({ meeting_id: meeting.id, topic_id: topic.id, sort: 0, decision: '同意修缮方案' })
      .execute();
    const people = await personsOfGrid(t, '440704001001001', 3);
    await db
      .insertInto('meeting_attendee')
      .values(
        people.map((p, i) => ({
          meeting_id: meeting.id,
          person_id: p.id,
          signed_in_at: i < 2 ? new Date(now.getTime() - 2 * DAY) : null,
        })),
      )
      .execute();
    const result = {
      counts: { approve: 2, oppose: 0, abstain: 0 },
      cast: 2,
      quorumMet: true,
      passed: true,
      ruleText: '应到 3 人，实到 2 人（≥ 2/3），赞成 2 票（> 1/2 实到）',
      ruleTextEn: '3 eligible, 2 present (≥ 2/3), 2 in favour (> 1/2 of those present)',
    };
    await db
      .insertInto('vote')
      .values({
        uid: randomUUID(),
        community_id: c.id,
        org_path: c.path,
        topic_id: topic.id,
        step: 3,
        meeting_id: meeting.id,
        title: '路口护栏方案表决',
        style: 'motion',
        electorate: 'present',
        status: 'closed',
        eligible_count: 3,
        cast_count: 2,
        closed_at: new Date(now.getTime() - 2 * DAY),
        result: JSON.stringify(result) as never,
        created_by: staffId,
        created_at: now,
        updated_at: now,
      })
      .execute();

    const res = await t.anon.get(`/api/public/deliberation/topics/${topic.uid}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.steps.map((s: { state: string }) => s.state)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'done',
      'current',
    ]);
    const resolve = res.body.steps[3];
    expect(resolve).toMatchObject({ key: 'resolve', name: '村民(代表)会议决议' });
    expect(resolve.records.meetings).toEqual([
      expect.objectContaining({ title: '居民代表会议', called: 3, present: 2, decision: '同意修缮方案' }),
    ]);
    expect(resolve.records.votes[0]).toMatchObject({
      counts: { approve: 2, oppose: 0, abstain: 0 },
      passed: true,
      ruleText: result.ruleText,
    });
    const notice = res.body.steps[4].records.notice;
    expect(notice).toMatchObject({ publishes: 'resolution', text: expect.stringContaining('护栏') });
    expect(new Date(notice.until).getTime() - new Date(notice.from).getTime()).toBe(7 * DAY);
    expect(res.body.steps[5].records.notice).toMatchObject({ publishes: 'outcome', text: null, from: null });
    // Nobody who attended is named.
    for (const p of people) expect(JSON.stringify(res.body)).not.toContain(p.name);
  });

  it('a budget shows its projects with masked proposers, the votes, the selection and its rule, spending and photos', async () => {
    const created = await staff.post(
      '/api/deliberation/budgets',
      {
        uid: randomUUID(),
        unit: await t.unitId(JINXI),
        year: 2031,
        title: '2031 年金溪社区民生微实事',
        amountCents: 5_000_000,
        ballotStyle: 'knapsack',
      },
      key(),
    );
    expect(created.status).toBe(201);
    const b = created.body.uid as string;
    const propose = async (title: string, cents: number) =>
      (
        await resident.post(
          `/api/deliberation/budgets/${b}/projects`,
          { uid: randomUUID(), title, description: `${title}，方便居民。`, estimateCents: cents },
          key(),
        )
      ).body.uid as string;
    const shade = await propose('健身区遮阳棚', 3_000_000);
    const mural = await propose('文化墙彩绘', 2_500_000);
    await staff.post(`/api/deliberation/budgets/${b}/phase`, { to: 'reviewing' }, key());
    await staff.post(
      `/api/deliberation/projects/${shade}/review`,
      { verdict: 'feasible', priceCents: 3_000_000 },
      key(),
    );
    await staff.post(
      `/api/deliberation/projects/${mural}/review`,
      { verdict: 'unfeasible', note: '外墙产权属物业公司，需业主大会同意' },
      key(),
    );
    const voting = await staff.post(`/api/deliberation/budgets/${b}/phase`, { to: 'voting' }, key());
    expect(voting.status, JSON.stringify(voting.body)).toBe(200);
    const during = await t.anon.get(`/api/public/deliberation/budgets/${b}`);
    expect(during.body.vote).toMatchObject({ status: 'open', cast: 0 });
    expect(during.body.selection).toBeNull();
    const ballot = await resident.post(
      `/api/deliberation/votes/${voting.body.voteUid}/ballots`,
      { choice: [shade] },
      key(),
    );
    expect(ballot.status, JSON.stringify(ballot.body)).toBe(200);
    await staff.post(`/api/deliberation/budgets/${b}/phase`, { to: 'selected' }, key());
    await staff.post(`/api/deliberation/projects/${shade}/start`, {}, key());
    const photo = randomUUID();
    expect((await staff.put(`/api/deliberation/photos/${photo}`, JPEG, { 'content-type': 'image/jpeg' })).status).toBe(
      201,
    );
    const m = await staff.post(
      `/api/deliberation/projects/${shade}/milestones`,
      { uid: randomUUID(), title: '遮阳棚钢架完成', spentCents: 1_800_000, happenedOn: '2026-11-23', photos: [photo] },
      key(),
    );
    expect(m.status, JSON.stringify(m.body)).toBe(201);

    const board = await t.anon.get(`/api/public/deliberation?community=${JINXI}`);
    expect(board.body.budgets.find((x: { uid: string }) => x.uid === b)).toMatchObject({
      phase: 'selected',
      selectedCount: 1,
      allocatedCents: 3_000_000,
      spentCents: 1_800_000,
    });

    const res = await t.anon.get(`/api/public/deliberation/budgets/${b}`);
    expect(res.status).toBe(200);
    expect(res.body.selection).toMatchObject({ selected: [shade], spentCents: 3_000_000 });
    expect(res.body.selection.ruleText).toContain('依次纳入预算');
    const byUid = new Map(res.body.projects.map((p: { uid: string }) => [p.uid, p]));
    expect(byUid.get(shade)).toMatchObject({ status: 'in_progress', votes: 1, spentCents: 1_800_000 });
    expect(byUid.get(mural)).toMatchObject({ status: 'unfeasible', reviewNote: expect.stringContaining('物业') });
    const shadeRow = byUid.get(shade) as {
      proposerName: string;
      milestones: { title: string; photos: { uid: string }[] }[];
    };
    expect(shadeRow.proposerName).toContain('*');
    expect(JSON.stringify(res.body)).not.toContain(residentName);
    const withPhoto = shadeRow.milestones.find((x) => x.title === '遮阳棚钢架完成');
    expect(withPhoto?.photos).toEqual([{ uid: photo }]);

    const bytes = await t.app.inject({
      method: 'GET',
      url: `/api/public/deliberation/projects/${shade}/photos/${photo}`,
    });
    expect(bytes.statusCode).toBe(200);
    expect(bytes.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(bytes.rawPayload, JPEG)).toBe(0);
    const elsewhere = await t.anon.get(`/api/public/deliberation/projects/${mural}/photos/${photo}`);
    expect(elsewhere.status).toBe(404);
    expect((await t.anon.get(`/api/public/deliberation/budgets/${randomUUID()}`)).status).toBe(404);
  });

  it('the board reads without a session and answers unknown communities with 404', async () => {
    const res = await t.anon.get('/api/public/deliberation?community=440704001001&page=1&pageSize=5');
    expect(res.status).toBe(200);
    expect(res.body.topics.pageSize).toBe(5);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from micro_budget`.execute(t.deps.db);
    expect(rows[0]?.n).toBeGreaterThan(0);
    const bad = await t.anon.get('/api/public/deliberation?community=abc');
    expect(bad.status).toBe(400);
  });
});
