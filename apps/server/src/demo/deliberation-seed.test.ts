/**
 * The demo's deliberation as a newcomer meets it, through the API where it shows: topics in every
 * status, 英南村's roads half way through 四议两公开, the lottery's resolution published and its public
 * draw re-running to the same result, the charging shed's outcome published, an open household vote
 * resident.demo may cast (and verify), meetings held and ahead (her notice of the one she is called
 * to), the parking case and its topic linked both ways, this year's 民生微实事 with projects in every
 * status and the selection by the published rule, and next year's taking proposals. And the rows
 * hold together: timelines numbered and in time, ballots equal to the rolls marked, spending equal to
 * the milestones.
 */
import { drawOrder, seedHash } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../test/harness.ts';
import { DEMO_DELIBERATION } from './deliberation-seed.ts';
import { JINXI, PROJECTS_THIS_YEAR, YINGNAN } from './deliberation-stories.ts';

const T = DEMO_DELIBERATION.topics;
let serial = 0;
const idem = () => ({ 'idempotency-key': `demo-delib-${++serial}` });

describe(`demo deliberation seed (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client;
  let village: Client;
  let resident: Client;

  beforeAll(async () => {
    t = await startTestPlatform();
    staff = await t.as('staff.jinxi');
    village = await t.as('staff.yingnan');
    resident = await t.as('resident.demo');
  });
  afterAll(() => t?.close());

  const rows = async <R>(query: ReturnType<typeof sql<R>>) => (await query.execute(t.deps.db)).rows;

  it('has topics in every status, each as its story left it', async () => {
    const get = async (as: Client, uid: string) => {
      const res = await as.get(`/api/deliberation/topics/${uid}`);
      expect(res.status, uid).toBe(200);
      return res.body;
    };
    const road = await get(village, T.road);
    expect(road).toMatchObject({ status: 'open', procedure: { code: 'four_two' } });
    expect(road.steps.map((s: { state: string }) => s.state)).toEqual([
      'done',
      'done',
      'current',
      'waiting',
      'waiting',
      'waiting',
    ]);
    expect(road.steps[2].name).toBe('党员大会审议');

    const lottery = await get(village, T.lottery);
    expect(lottery).toMatchObject({ status: 'decided', resolutionPublishedAt: expect.any(String) });
    expect(lottery.resolution).toContain('公开抽签');
    expect(lottery.steps.slice(0, 5).every((s: { state: string }) => s.state === 'done')).toBe(true);
    const charging = await get(staff, T.charging);
    expect(charging).toMatchObject({ status: 'done', outcomePublishedAt: expect.any(String) });
    expect(charging.outcome).toContain('充电棚');
    expect((await get(staff, T.waste)).status).toBe('open');

    const [proposal, rejected, withdrawn] = await Promise.all(T.proposals.map((uid) => get(staff, uid)));
    expect(proposal).toMatchObject({ status: 'proposed', source: 'proposal' });
    expect(proposal.supportCount).toBeGreaterThan(0);
    expect(proposal.supportCount).toBeLessThan(proposal.supportThreshold);
    expect(rejected.status).toBe('rejected');
    expect(withdrawn.status).toBe('withdrawn');
    // resident.demo has not co-signed the proposal yet: she may.
    expect((await get(resident, T.proposals[0] as string)).allowedActions).toContain('support');

    const { rows: statuses } = await sql<{ status: string }>`select distinct status from topic`.execute(t.deps.db);
    expect(statuses.map((r) => r.status).sort()).toEqual([
      'decided',
      'done',
      'open',
      'proposed',
      'rejected',
      'withdrawn',
    ]);
  });

  it('links the parking case and its topic both ways, the link the case’s newest step', async () => {
    const topic = (await staff.get(`/api/deliberation/topics/${T.parking}`)).body;
    expect(topic).toMatchObject({ status: 'open', source: 'case', case: { uid: expect.any(String) } });
    const [c] = await rows(sql<{ topic_uid: string; event_seq: number; last: string; at: Date }>`
      select c.topic_uid::text as topic_uid, c.event_seq,
             (select e.action from case_event e where e.case_id = c.id order by e.seq desc limit 1) as last,
             (select e.at from case_event e where e.case_id = c.id order by e.seq desc limit 1) as at
        from cases c where c.uid = ${topic.case.uid}`);
    expect(c).toMatchObject({ topic_uid: T.parking, last: 'link_topic' });
    expect((c as { at: Date }).at.getTime()).toBeLessThan(t.clock().getTime());
    // 王桂芳 sits on the council for this topic and is called to its meeting, notified.
    const notices = await resident.get('/api/notices?unread=true');
    expect(notices.status).toBe(200);
    expect(notices.body.items.map((n: { link: string }) => n.link)).toContain(
      `/r/deliberation/meetings/${DEMO_DELIBERATION.meetings.parking}`,
    );
  });

  it('numbers every timeline from 1, in time, before now', async () => {
    const events = await rows(sql<{ topic: string; seq: number; at: Date; event_seq: number }>`
      select t.uid::text as topic, e.seq, e.at, t.event_seq from topic_event e join topic t on t.id = e.topic_id
       order by t.id, e.seq`);
    const byTopic = new Map<string, typeof events>();
    for (const e of events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    expect(byTopic.size).toBe(5 + T.proposals.length);
    for (const [uid, list] of byTopic) {
      expect(
        list.map((e) => e.seq),
        uid,
      ).toEqual(list.map((_, i) => i + 1));
      expect(list[0]?.event_seq, uid).toBe(list.length);
      for (let i = 1; i < list.length; i++)
        expect((list[i] as { at: Date }).at.getTime()).toBeGreaterThanOrEqual(
          (list[i - 1] as { at: Date }).at.getTime(),
        );
      expect((list.at(-1) as { at: Date }).at.getTime()).toBeLessThan(t.clock().getTime());
    }
  });

  it('publishes the lottery’s resolution and a draw anyone can re-run to the same result', async () => {
    const board = await t.anon.get(`/api/public/deliberation?community=${YINGNAN}`);
    expect(board.status).toBe(200);
    expect(board.body.topics.items.map((i: { uid: string }) => i.uid)).toContain(T.lottery);
    const draw = await t.anon.get(`/api/public/deliberation/draws/${DEMO_DELIBERATION.draw}`);
    expect(draw.status).toBe(200);
    const d = draw.body;
    expect(d).toMatchObject({ status: 'drawn', algorithm: 'sha256-fisher-yates-v1', winners: 18 });
    expect(d.entrants).toHaveLength(30);
    for (const e of d.entrants) expect(e.label).toMatch(/^申请户\d\d \S*\*/);
    expect(seedHash(d.seed)).toBe(d.seedHash);
    expect(
      drawOrder(
        d.seed,
        d.entrants.map((e: { key: string }) => e.key),
      ),
    ).toEqual(d.result);
    expect(d.winnerList).toHaveLength(18);
    // The draw is made once.
    const again = await village.post(
      `/api/deliberation/draws/${DEMO_DELIBERATION.draw}/draw`,
      { seed: d.seed },
      idem(),
    );
    expect(again.status).toBe(409);
    // 金溪社区's board shows its 民生微实事 budgets with the selection.
    const jinxiBoard = await t.anon.get(`/api/public/deliberation?community=${JINXI}`);
    expect(jinxiBoard.status).toBe(200);
    expect(jinxiBoard.body.budgets.map((b: { uid: string }) => b.uid)).toContain(DEMO_DELIBERATION.budgets.thisYear);
    // The charging shed (五步工作法) publishes only its outcome: it is on the board all the same.
    expect(jinxiBoard.body.topics.items.map((i: { uid: string }) => i.uid)).toContain(T.charging);
    expect((await t.anon.get(`/api/public/deliberation/topics/${T.charging}`)).status).toBe(200);
  });

  it('closes the meeting votes with the server’s count, and the ballots match the rolls', async () => {
    const lottery = (await village.get(`/api/deliberation/votes/${DEMO_DELIBERATION.votes.lottery}`)).body;
    expect(lottery).toMatchObject({ status: 'closed', eligibleCount: 11 });
    expect(lottery.result).toMatchObject({
      quorumMet: true,
      passed: true,
      cast: 10,
      counts: { approve: 9, abstain: 1 },
    });
    const charging = (await staff.get(`/api/deliberation/votes/${DEMO_DELIBERATION.votes.charging}`)).body;
    expect(charging.result).toMatchObject({ passed: true, counts: { approve: 8, abstain: 1 } });
    const tallies = await rows(sql<{ uid: string; ballots: number; marked: number; secret: boolean; hashed: number }>`
      select v.uid::text as uid, v.secret, (select count(*)::int from ballot b where b.vote_id = v.id) as ballots,
             (select count(*)::int from vote_voter r where r.vote_id = v.id and r.voted_at is not null) as marked,
             (select count(*)::int from ballot b where b.vote_id = v.id and b.receipt_hash is not null) as hashed
        from vote v`);
    expect(tallies).toHaveLength(4);
    for (const v of tallies) {
      expect(v.ballots, v.uid).toBe(v.marked);
      expect(v.hashed, v.uid).toBe(v.secret ? v.ballots : 0);
    }
  });

  it('has an open household vote resident.demo may cast, secretly, and check', async () => {
    const uid = DEMO_DELIBERATION.votes.waste;
    const before = await resident.get(`/api/deliberation/votes/${uid}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ status: 'open', style: 'choice', me: { eligible: true, voted: false } });
    expect(before.body.turnout).toBeGreaterThan(0.2);
    const cast = await resident.post(`/api/deliberation/votes/${uid}/ballots`, { choice: ['plan_a'] }, idem());
    expect(cast.status, JSON.stringify(cast.body)).toBeLessThan(300);
    expect(cast.body.receipt).toEqual(expect.any(String));
    const check = await resident.get(
      `/api/deliberation/votes/${uid}/verify?receipt=${encodeURIComponent(cast.body.receipt)}`,
    );
    expect(check.body).toMatchObject({ counted: true, choice: ['plan_a'] });
  });

  it('has meetings held with attendance and minutes, and meetings ahead', async () => {
    const list = await village.get('/api/deliberation/meetings?pageSize=50');
    expect(list.status).toBe(200);
    const now = t.clock().getTime();
    const held = list.body.items.filter((m: { status: string }) => m.status === 'held');
    const ahead = list.body.items.filter(
      (m: { status: string; startsAt: string }) => m.status === 'scheduled' && Date.parse(m.startsAt) > now,
    );
    expect(held.length).toBeGreaterThanOrEqual(4);
    expect(ahead.map((m: { uid: string }) => m.uid)).toContain(DEMO_DELIBERATION.meetings.road);
    for (const m of held) expect(m.signedInCount).toBeGreaterThan(0);
    const reps = held.find((m: { kind: string }) => m.kind === 'representatives');
    const detail = (await village.get(`/api/deliberation/meetings/${reps.uid}`)).body;
    expect(detail.minutes).toContain('应到村民代表11人');
    expect(detail.agenda[0]).toMatchObject({ decision: expect.stringContaining('表决通过') });
  });

  it('runs this year’s 民生微实事 from proposals to 验收, and next year’s takes proposals', async () => {
    const budgets = await staff.get('/api/deliberation/budgets');
    expect(budgets.status).toBe(200);
    const [next, current] = budgets.body.items;
    expect(next).toMatchObject({ phase: 'proposing' });
    expect(current).toMatchObject({ phase: 'selected', amountCents: 30_000_000 });
    const detail = (await staff.get(`/api/deliberation/budgets/${current.uid}`)).body;
    expect(detail.projects).toHaveLength(PROJECTS_THIS_YEAR.length);
    expect(detail.vote).toMatchObject({ status: 'closed' });
    expect(detail.selection.spentCents).toBeLessThanOrEqual(30_000_000);
    const nextDetail = (await staff.get(`/api/deliberation/budgets/${next.uid}`)).body;
    const statuses = new Set([...detail.projects, ...nextDetail.projects].map((p: { status: string }) => p.status));
    expect([...statuses].sort()).toEqual(
      ['accepted', 'completed', 'feasible', 'in_progress', 'not_selected', 'proposed', 'selected', 'unfeasible'].sort(),
    );
    // The unfeasible ones carry their written explanation; spending is the milestones' sum.
    for (const p of detail.projects.filter((x: { status: string }) => x.status === 'unfeasible'))
      expect(p.reviewNote).toBeTruthy();
    const spent = await rows(sql<{ spent: string; sum: string }>`
      select p.spent_cents::text as spent, coalesce((select sum(m.spent_cents) from micro_milestone m
                                                     where m.project_id = p.id), 0)::text as sum
        from micro_project p`);
    for (const s of spent) expect(s.spent).toBe(s.sum);
    // resident.demo proposed the accepted one and heard about it.
    const mine = await resident.get('/api/deliberation/projects?mine=true');
    expect(mine.body.items.map((p: { status: string }) => p.status)).toContain('accepted');
  });
});
