import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  heldMeeting,
  idem,
  openTopic,
  seedDemoProcedures,
  stepVote,
  topicId,
  YINGNAN,
} from '../../../test/deliberation-fixtures.ts';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';

describe(`deliberation: the step engine (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client; // 金溪社区
  let otherStaff: Client; // 英南村
  let street: Client; // reads, does not manage
  let resident: Client;

  const complete = (as: Client, uid: string, index: number, body: Record<string, unknown> = {}) =>
    as.post(`/api/deliberation/topics/${uid}/steps/${index}/complete`, body, idem());
  async function ok(uid: string, index: number, body: Record<string, unknown> = {}) {
    const res = await complete(staff, uid, index, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }
  const outbox = async (uid: string) =>
    (
      await t.deps.db
        .selectFrom('outbox')
        .select(['topic', 'payload'])
        .where('topic', 'like', 'deliberation.topic_%')
        .execute()
    ).filter((e) => (e.payload as { topicUid?: string }).topicUid === uid);

  async function signInAll() {
    [staff, otherStaff, street, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('staff.yingnan'),
      t.as('street.jiangnan'),
      t.as('resident.demo'),
    ]);
  }

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    await seedDemoProcedures(t);
    await signInAll();
  });
  afterAll(() => t.close());

  it('takes a 四议两公开 topic through every step, in order, each with the records it needs', async () => {
    const topic = await openTopic(t, staff, 'four_two');
    expect(topic.status).toBe('open');
    expect(topic.steps.map((s: { key: string }) => s.key)).toEqual([
      'propose',
      'discuss',
      'review',
      'resolve',
      'publish_resolution',
      'publish_outcome',
    ]);
    expect(topic.steps.map((s: { state: string }) => s.state)).toEqual([
      'current',
      'waiting',
      'waiting',
      'waiting',
      'waiting',
      'waiting',
    ]);
    expect(topic.allowedActions).toContain('complete_step');
    const uid = topic.uid;

    // 党组织提议: no records needed.
    let d = await ok(uid, 0, { note: '党支部提议硬化村道' });
    expect(d.currentStep).toBe(1);
    expect(d.steps[0]).toMatchObject({ state: 'done', records: { note: '党支部提议硬化村道' } });

    // No skipping: 党员大会审议 before 两委商议 is refused, naming the current step.
    const skipped = await complete(staff, uid, 2);
    expect(skipped.status).toBe(409);
    expect(skipped.body.error.code).toBe('DELIB_STEP_SKIPPED');
    expect(skipped.body.error.details).toMatchObject({ current: 1, currentStep: { key: 'discuss', name: '两委商议' } });
    // No redoing a done step either.
    expect((await complete(staff, uid, 0)).body.error.code).toBe('DELIB_STEP_SKIPPED');

    // 两委商议 needs a held meeting's minutes and attendance.
    const missing = await complete(staff, uid, 1);
    expect(missing.status).toBe(409);
    expect(missing.body.error.code).toBe('DELIB_STEP_RECORD_MISSING');
    expect(missing.body.error.details.missing).toEqual(['minutes', 'attendance']);
    // A meeting not yet held is not a record either.
    const notHeld = await heldMeeting(t, uid, 'two_committees', { held: false });
    expect((await complete(staff, uid, 1, { meetingUid: notHeld })).body.error.details.missing).toEqual([
      'minutes',
      'attendance',
    ]);
    // A meeting of another kind is refused by name.
    const wrongKind = await heldMeeting(t, uid, 'council');
    const wrong = await complete(staff, uid, 1, { meetingUid: wrongKind });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe('meetingUid');
    const twoCommittees = await heldMeeting(t, uid, 'two_committees', { called: 6, present: 5 });
    d = await ok(uid, 1, { meetingUid: twoCommittees });
    expect(d.steps[1].records.meetings).toEqual([
      expect.objectContaining({ uid: twoCommittees, attendance: { called: 6, present: 5 } }),
    ]);

    // 党员大会审议: the latest held party members' meeting is found without naming it.
    const party = await heldMeeting(t, uid, 'party_members');
    expect((await ok(uid, 2)).steps[2].records.meetings[0].uid).toBe(party);

    // 村民(代表)会议决议: a meeting and a closed vote.
    const reps = await heldMeeting(t, uid, 'representatives', { decision: '同意硬化村东道路 1.2 公里' });
    const noVote = await complete(staff, uid, 3, { meetingUid: reps });
    expect(noVote.body.error).toMatchObject({ code: 'DELIB_STEP_RECORD_MISSING', details: { missing: ['vote'] } });
    const open = await stepVote(t, uid, 3, { status: 'open' });
    const stillOpen = await complete(staff, uid, 3, { meetingUid: reps });
    expect(stillOpen.status).toBe(409);
    expect(stillOpen.body.error.code).toBe('DELIB_STEP_VOTE_OPEN');
    await t.deps.db.updateTable('vote').set({ status: 'cancelled' }).where('uid', '=', open).execute();
    const vote = await stepVote(t, uid, 3, { passed: true });
    d = await ok(uid, 3, { meetingUid: reps, voteUid: vote });
    expect(d.status).toBe('decided');
    expect(d.decidedAt).toBe(t.clock().toISOString());
    expect(d.resolution).toBe('同意硬化村东道路 1.2 公里'); // the meeting's decision until it is published
    expect(d.steps[3].records.votes).toEqual([
      expect.objectContaining({ uid: open, status: 'cancelled' }),
      expect.objectContaining({ uid: vote, status: 'closed', passed: true, quorumMet: true }),
    ]);

    // 决议公开: a notice of the resolution for at least 7 days.
    expect((await complete(staff, uid, 4)).body.error.details.missing).toEqual(['notice']);
    const short = await complete(staff, uid, 4, { resolution: '村东道路硬化,预算 36 万元', noticeDays: 3 });
    expect(short.status).toBe(400);
    expect(short.body.error.details[0].field).toBe('noticeDays');
    d = await ok(uid, 4, { resolution: '村东道路硬化,预算 36 万元' });
    expect(d).toMatchObject({
      status: 'decided',
      resolution: '村东道路硬化,预算 36 万元',
      resolutionPublishedAt: t.clock().toISOString(),
      noticeUntil: new Date(t.clock().getTime() + 7 * 86_400_000).toISOString(),
    });
    expect(d.steps[4].records.notice).toMatchObject({ text: '村东道路硬化,预算 36 万元', days: 7 });

    // 实施结果公开 ends it.
    t.clock.advance(30 * 86_400_000);
    await signInAll(); // the sessions idled out meanwhile
    d = await ok(uid, 5, { outcome: '道路已完工并通过验收,实际支出 34.8 万元', noticeDays: 10 });
    expect(d).toMatchObject({
      status: 'done',
      currentStep: 6,
      outcome: '道路已完工并通过验收,实际支出 34.8 万元',
      outcomePublishedAt: t.clock().toISOString(),
    });
    expect(d.steps.every((s: { state: string }) => s.state === 'done')).toBe(true);
    expect(d.allowedActions).not.toContain('complete_step');
    const after = await complete(staff, uid, 6);
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('DELIB_TOPIC_STATUS');

    // The timeline, the outbox and the audit tell the same story.
    expect(d.timeline.map((e: { action: string }) => e.action)).toEqual([
      'created',
      'started',
      'step_completed',
      'step_completed',
      'step_completed',
      'step_completed',
      'decided',
      'step_completed',
      'step_completed',
      'done',
    ]);
    expect(d.timeline.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const topics = (await outbox(uid)).map((e) => e.topic);
    expect(topics.filter((x) => x === 'deliberation.topic_step_completed')).toHaveLength(6);
    expect(topics).toEqual(expect.arrayContaining(['deliberation.topic_decided', 'deliberation.topic_done']));
    const audits = await auditRecords(t, { action: 'deliberation.topic_step_completed', targetId: uid });
    expect(audits).toHaveLength(6);
    expect(audits[5]).toMatchObject({ actor_name: 'staff.jinxi', after: { status: 'done', currentStep: 6 } });
  });

  it('a deciding vote that fails ends the topic: rejected, nothing more to complete', async () => {
    const topic = await openTopic(t, staff, 'five_step');
    const uid = topic.uid;
    await ok(uid, 0);
    await heldMeeting(t, uid, 'council');
    await ok(uid, 1);
    const decide = await heldMeeting(t, uid, 'council');
    await stepVote(t, uid, 2, { quorumMet: true, passed: false });
    const d = await ok(uid, 2, { meetingUid: decide });
    expect(d.status).toBe('rejected');
    expect(d.decidedAt).toBeNull();
    expect(d.steps.map((s: { state: string }) => s.state)).toEqual(['done', 'done', 'done', 'waiting', 'waiting']);
    expect(d.timeline.at(-1).action).toBe('vote_failed');
    expect((await complete(staff, uid, 3, { result: '—' })).body.error.code).toBe('DELIB_TOPIC_STATUS');
    expect((await outbox(uid)).map((e) => e.topic)).toContain('deliberation.topic_rejected');
  });

  it('a missed quorum fails the vote too; 办事 needs a written result', async () => {
    const a = await openTopic(t, staff, 'five_step');
    await ok(a.uid, 0);
    await heldMeeting(t, a.uid, 'council');
    await ok(a.uid, 1);
    await heldMeeting(t, a.uid, 'council');
    await stepVote(t, a.uid, 2, { quorumMet: false, passed: true });
    expect((await ok(a.uid, 2)).status).toBe('rejected');

    const b = await openTopic(t, staff, 'five_step');
    await ok(b.uid, 0);
    await heldMeeting(t, b.uid, 'council');
    await ok(b.uid, 1);
    // The meeting that completed 议事 cannot complete 理事 as well.
    const used = (await t.deps.db
      .selectFrom('topic_event')
      .select('detail')
      .where('topic_id', '=', await topicId(t, b.uid))
      .where('action', '=', 'step_completed')
      .where('step', '=', 1)
      .executeTakeFirstOrThrow()) as { detail: { meeting: { uid: string } } };
    const again = await complete(staff, b.uid, 2, { meetingUid: used.detail.meeting.uid });
    expect(again.status).toBe(400);
    expect(again.body.error.details[0].field).toBe('meetingUid');
    await heldMeeting(t, b.uid, 'council');
    await stepVote(t, b.uid, 2, { passed: true });
    expect((await ok(b.uid, 2)).status).toBe('decided');
    const noResult = await complete(staff, b.uid, 3);
    expect(noResult.body.error).toMatchObject({ code: 'DELIB_STEP_RECORD_MISSING', details: { missing: ['result'] } });
    const d = await ok(b.uid, 3, { result: '已安装 12 盏太阳能路灯' });
    expect(d.steps[3].records.result).toBe('已安装 12 盏太阳能路灯');
    const done = await ok(b.uid, 4, { outcome: '居民满意度 96%' });
    expect(done).toMatchObject({ status: 'done', outcome: '居民满意度 96%' });
  });

  it('only the staff who run the topic complete its steps: others 403 or 404, residents 403', async () => {
    const topic = await openTopic(t, staff, 'four_two');
    const outside = await complete(otherStaff, topic.uid, 0);
    expect(outside.status).toBe(404);
    expect(outside.body.error.code).toBe('DELIB_TOPIC_NOT_FOUND');
    expect((await complete(street, topic.uid, 0)).status).toBe(403);
    expect((await complete(resident, topic.uid, 0)).status).toBe(403);
    // 英南村's own topic is theirs.
    const theirs = await openTopic(t, otherStaff, 'four_two', {}, YINGNAN);
    expect((await complete(otherStaff, theirs.uid, 0)).status).toBe(200);
    // A retry with the same key answers the first result, and completes nothing more.
    const key = idem();
    const first = await staff.post(`/api/deliberation/topics/${topic.uid}/steps/0/complete`, {}, key);
    const again = await staff.post(`/api/deliberation/topics/${topic.uid}/steps/0/complete`, {}, key);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.currentStep).toBe(1);
    const events = await t.deps.db
      .selectFrom('topic_event')
      .select('seq')
      .where('topic_id', '=', await topicId(t, topic.uid))
      .execute();
    expect(events).toHaveLength(3);
  });
});
