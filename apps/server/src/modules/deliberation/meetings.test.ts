import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { addMember, communityOf, councilWith, noticesOf, openTopicRow } from '../../../test/meetings-fixtures.ts';
import { demoResident, type PersonFixture, partyMemberOfGrid, personsOfGrid } from '../../../test/points-fixtures.ts';

const START = '2026-11-25T11:30:00.000Z'; // 19:30 in China
const END = '2026-11-25T13:00:00.000Z';

describe(`deliberation meetings (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client; // 金溪社区
  let otherStaff: Client; // 英南村
  let worker: Client; // grid worker: no deliberation:manage
  let street: Client; // street official: reads, does not manage
  let resident: Client; // 王桂芳, a member of the council
  let me: PersonFixture;
  let others: PersonFixture[];
  let council: { id: number; uid: string };
  let topic: { id: number; uid: string };
  let serial = 0;
  const key = () => ({ 'idempotency-key': `meetings-test-${++serial}` });

  async function signInAll() {
    [staff, otherStaff, worker, street, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('staff.yingnan'),
      t.as('grid.jinxi01'),
      t.as('street.jiangnan'),
      t.as('resident.demo'),
    ]);
  }

  function body(overrides: Record<string, unknown> = {}) {
    return {
      uid: randomUUID(),
      council: council.uid,
      kind: 'council',
      title: '加装电梯议事会',
      place: '金溪社区党群服务中心二楼',
      startsAt: START,
      endsAt: END,
      topics: [topic.uid],
      ...overrides,
    };
  }

  /** The topic's timeline events about the meeting, oldest first. */
  async function topicEvents(topicId: number, meetingUid: string) {
    const { rows } = await sql<{ action: string; note: string | null; actor_name: string | null }>`
      select action, note, actor_name from topic_event
       where topic_id = ${topicId} and detail->>'meetingUid' = ${meetingUid} order by seq`.execute(t.deps.db);
    return rows;
  }

  async function created(as: Client = staff, overrides: Record<string, unknown> = {}) {
    const res = await as.post('/api/deliberation/meetings', body(overrides), key());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    me = await demoResident(t);
    others = await personsOfGrid(t, '440704001001001', 4);
    topic = await openTopicRow(t, '440704001001');
    council = await councilWith(t, '440704001001', [
      { personId: me.id, seat: 'residents_committee' },
      { personId: (others[0] as PersonFixture).id },
      { personId: (others[1] as PersonFixture).id, seat: 'party_org' },
    ]);
    // A stakeholder of the topic, and one of another topic (not called).
    await addMember(t, council.id, { personId: (others[2] as PersonFixture).id, topicId: topic.id });
    const elsewhere = await openTopicRow(t, '440704001001', { title: '停车位划线' });
    await addMember(t, council.id, { personId: (others[3] as PersonFixture).id, topicId: elsewhere.id });
    await signInAll();
  }, 600_000);
  afterAll(() => t?.close());

  it('calls the council’s members and the agenda topics’ stakeholders, and tells those with an account', async () => {
    const before = (await noticesOf(t, 'resident.demo')).length;
    const m = await created();
    expect(m).toMatchObject({
      kind: 'council',
      status: 'scheduled',
      council: { uid: council.uid, name: '居民议事会' },
      community: { name: expect.any(String) },
      topicCount: 1,
      calledCount: 4,
      signedInCount: 0,
      icsSequence: 0,
      agenda: [{ sort: 0, topic: { uid: topic.uid, title: '小区加装电梯', status: 'open' }, decision: null }],
    });
    expect(m.allowedActions).toEqual(['edit', 'cancel']);
    const called = new Map(m.attendees.map((a: { personUid: string; role: string }) => [a.personUid, a.role]));
    expect(called.get(me.uid)).toBe('member');
    expect(called.get((others[2] as PersonFixture).uid)).toBe('stakeholder');
    expect(called.has((others[3] as PersonFixture).uid)).toBe(false);

    const notices = await noticesOf(t, 'resident.demo');
    expect(notices.length).toBe(before + 1);
    expect(notices[0]).toMatchObject({
      kind: 'meeting_called',
      title: '会议通知:加装电梯议事会',
      link: `/r/deliberation/meetings/${m.uid}`,
    });
    expect(notices[0]?.body).toContain('2026年11月25日 19:30–21:00');
    expect(notices[0]?.body).toContain('金溪社区党群服务中心二楼');
    expect(notices[0]?.body).toContain('小区加装电梯');

    expect(await topicEvents(topic.id, m.uid)).toEqual([
      { action: 'meeting_scheduled', note: null, actor_name: 'staff.jinxi' },
    ]);

    const audits = await auditRecords(t, { action: 'deliberation.meeting_create' });
    expect(audits.some((a) => a.target_id === m.uid)).toBe(true);
  });

  it('calls the party members living in the community for a 党员大会, and exactly the list when given', async () => {
    const party = await partyMemberOfGrid(t, '440704001001001');
    const pm = await created(staff, {
      kind: 'party_members',
      title: '党员大会审议',
      council: undefined,
      topics: [topic.uid],
    });
    expect(pm.council).toBeNull();
    expect(pm.attendees.map((a: { personUid: string }) => a.personUid)).toContain(party.uid);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from person
       where status = 'resident' and party_member and org_path like ${`${(await communityOf(t, '440704001001')).path}.%`}`.execute(
      t.deps.db,
    );
    expect(pm.calledCount).toBe(rows[0]?.n);

    const listed = await created(staff, {
      attendees: [{ personUid: (others[3] as PersonFixture).uid, role: 'guest' }],
    });
    expect(listed.attendees).toEqual([
      expect.objectContaining({ personUid: (others[3] as PersonFixture).uid, role: 'guest', signedInAt: null }),
    ]);
  });

  it('refuses a bad meeting naming the fields, a reused uid, and a unit outside the caller’s area', async () => {
    const foreignTopic = await openTopicRow(t, '440704003201');
    const bad = await staff.post(
      '/api/deliberation/meetings',
      body({
        endsAt: '2026-11-25T10:00:00.000Z',
        topics: [foreignTopic.uid],
        attendees: [{ personUid: randomUUID() }],
      }),
      key(),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'attendees[0].personUid',
      'endsAt',
      'topics[0]',
    ]);
    const en = await staff.post('/api/deliberation/meetings', body({ endsAt: START }), {
      ...key(),
      'accept-language': 'en',
    });
    expect(en.body.error.details[0].message).toBe('endsAt: the end must be after the start');

    const done = await openTopicRow(t, '440704001001', { status: 'done' });
    const closed = await staff.post('/api/deliberation/meetings', body({ topics: [done.uid] }), key());
    expect(closed.body.error.details).toEqual([expect.objectContaining({ field: 'topics[0]', rule: 'TOPIC_CLOSED' })]);

    const m = await created();
    const again = await staff.post('/api/deliberation/meetings', body({ uid: m.uid }), key());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DELIB_MEETING_EXISTS');

    const outside = await staff.post(
      '/api/deliberation/meetings',
      body({ council: undefined, unit: await t.unitId('440704003201'), topics: [] }),
      key(),
    );
    expect(outside.status).toBe(404);
    const noCouncil = await otherStaff.post('/api/deliberation/meetings', body(), key());
    expect(noCouncil.status).toBe(400);
    expect(noCouncil.body.error.details[0].field).toBe('council');

    const grid = await worker.post('/api/deliberation/meetings', body(), key());
    expect(grid.status).toBe(403);
  });

  it('answers a retry with the same Idempotency-Key with the first answer', async () => {
    const b = body();
    const k = key();
    const first = await staff.post('/api/deliberation/meetings', b, k);
    const second = await staff.post('/api/deliberation/meetings', b, k);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.uid).toBe(first.body.uid);
  });

  it('shows residents the meetings they are called to, with masked names; others of theirs only with a public topic', async () => {
    const m = await created();
    const seen = await resident.get(`/api/deliberation/meetings/${m.uid}`);
    expect(seen.status).toBe(200);
    expect(seen.body.called).toBe(true);
    for (const a of seen.body.attendees) {
      expect(a.personUid).toBeNull();
      if (a.self) expect(a.name).toBe('我');
      else expect(a.name).toContain('*');
    }
    expect(seen.body.minutesBy).toBeNull();

    const secret = await openTopicRow(t, '440704001001', { public: false, title: '内部议题' });
    const closedDoor = await created(staff, {
      topics: [secret.uid],
      attendees: [{ personUid: (others[0] as PersonFixture).uid }],
    });
    const hidden = await resident.get(`/api/deliberation/meetings/${closedDoor.uid}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('DELIB_MEETING_NOT_FOUND');
    const open = await created(staff, { attendees: [{ personUid: (others[0] as PersonFixture).uid }] });
    const visible = await resident.get(`/api/deliberation/meetings/${open.uid}`);
    expect(visible.status).toBe(200);
    expect(visible.body.called).toBe(false);

    const list = await resident.get('/api/deliberation/meetings?pageSize=200');
    const uids = list.body.items.map((i: { uid: string }) => i.uid);
    expect(uids).toContain(m.uid);
    expect(uids).toContain(open.uid);
    expect(uids).not.toContain(closedDoor.uid);
    expect(list.body.items.find((i: { uid: string }) => i.uid === m.uid).called).toBe(true);

    // Staff of another community: not found, and not in their list.
    const theirs = await otherStaff.get(`/api/deliberation/meetings/${m.uid}`);
    expect(theirs.status).toBe(404);
    const theirList = await otherStaff.get('/api/deliberation/meetings?pageSize=200');
    expect(theirList.body.items.map((i: { uid: string }) => i.uid)).not.toContain(m.uid);
    // The street official reads (deliberation:read) but may not act.
    const read = await street.get(`/api/deliberation/meetings/${m.uid}`);
    expect(read.status).toBe(200);
    expect(read.body.allowedActions).toEqual([]);
  });

  it('filters the list by council and time; with from, upcoming first', async () => {
    const early = await created(staff, { startsAt: '2026-12-01T01:00:00.000Z', endsAt: '2026-12-01T02:00:00.000Z' });
    const late = await created(staff, { startsAt: '2026-12-02T01:00:00.000Z', endsAt: '2026-12-02T02:00:00.000Z' });
    const res = await staff.get(
      `/api/deliberation/meetings?council=${council.uid}&from=2026-11-30T16:00:00.000Z&to=2026-12-03T00:00:00.000Z`,
    );
    expect(res.status).toBe(200);
    const uids = res.body.items.map((i: { uid: string }) => i.uid);
    expect(uids.indexOf(early.uid)).toBeLessThan(uids.indexOf(late.uid));
    expect(uids.indexOf(early.uid)).toBeGreaterThanOrEqual(0);
    const none = await staff.get(`/api/deliberation/meetings?council=${randomUUID()}`);
    expect(none.body.total).toBe(0);
    const byUnit = await staff.get(`/api/deliberation/meetings?unit=${await t.unitId('440704003201')}`);
    expect(byUnit.status).toBe(404);
  });

  it('changes time and place (SEQUENCE + 1, everyone told again), the agenda and who is called', async () => {
    const m = await created();
    const second = await openTopicRow(t, '440704001001', { title: '楼道堆物清理' });
    const res = await staff.patch(
      `/api/deliberation/meetings/${m.uid}`,
      {
        startsAt: '2026-11-26T11:30:00.000Z',
        endsAt: '2026-11-26T13:00:00.000Z',
        place: '金溪社区活动室',
        topics: [second.uid, topic.uid],
        addAttendees: [{ personUid: (others[3] as PersonFixture).uid, role: 'guest' }],
        removeAttendees: [(others[1] as PersonFixture).uid],
      },
      key(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ icsSequence: 1, place: '金溪社区活动室', startsAt: '2026-11-26T11:30:00.000Z' });
    expect(res.body.agenda.map((a: { topic: { uid: string } }) => a.topic.uid)).toEqual([second.uid, topic.uid]);
    const called = res.body.attendees.map((a: { personUid: string }) => a.personUid);
    expect(called).toContain((others[3] as PersonFixture).uid);
    expect(called).not.toContain((others[1] as PersonFixture).uid);
    const [latest] = await noticesOf(t, 'resident.demo');
    expect(latest).toMatchObject({ kind: 'meeting_changed', title: '会议变更:加装电梯议事会' });
    expect(latest?.body).toContain('2026年11月26日 19:30–21:00');
    expect(latest?.body).toContain('原定 2026年11月25日 19:30–21:00');

    // A change of the agenda alone leaves SEQUENCE as it is.
    const agendaOnly = await staff.patch(`/api/deliberation/meetings/${m.uid}`, { topics: [topic.uid] }, key());
    expect(agendaOnly.body.icsSequence).toBe(1);
    const bad = await staff.patch(`/api/deliberation/meetings/${m.uid}`, { endsAt: '2026-11-20T00:00:00.000Z' }, key());
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('endsAt');
    const foreign = await otherStaff.patch(`/api/deliberation/meetings/${m.uid}`, { place: '别处' }, key());
    expect(foreign.status).toBe(404);
  });

  it('signs people in at the door and on their phone, within the window only', async () => {
    const m = await created();
    const early = await staff.post(`/api/deliberation/meetings/${m.uid}/sign-in`, { personUids: [me.uid] }, key());
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('DELIB_SIGN_IN_CLOSED');
    const selfEarly = await resident.post(`/api/deliberation/meetings/${m.uid}/sign-in/me`, undefined, key());
    expect(selfEarly.status).toBe(409);

    t.clock.set(new Date(new Date(START).getTime() - 10 * 60_000));
    await signInAll();
    const stranger = await staff.post(
      `/api/deliberation/meetings/${m.uid}/sign-in`,
      { personUids: [(others[3] as PersonFixture).uid] },
      key(),
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details[0]).toMatchObject({ field: 'personUids[0]', rule: 'NOT_CALLED' });

    const door = await staff.post(
      `/api/deliberation/meetings/${m.uid}/sign-in`,
      { personUids: [(others[0] as PersonFixture).uid] },
      key(),
    );
    expect(door.status).toBe(200);
    expect(door.body.signedInCount).toBe(1);
    expect(door.body.allowedActions).toContain('sign_in');

    const before = await resident.get(`/api/deliberation/meetings/${m.uid}`);
    expect(before.body.allowedActions).toEqual(['sign_in_me']);
    const mine = await resident.post(`/api/deliberation/meetings/${m.uid}/sign-in/me`, undefined, key());
    expect(mine.status).toBe(200);
    expect(mine.body.signedIn).toBe(true);
    expect(mine.body.signedInCount).toBe(2);
    expect(mine.body.attendees.find((a: { self: boolean }) => a.self).signedInAt).toBe(t.clock().toISOString());
    // Twice: kept as it was.
    const twice = await resident.post(`/api/deliberation/meetings/${m.uid}/sign-in/me`, undefined, key());
    expect(twice.status).toBe(200);
    expect(twice.body.signedInCount).toBe(2);

    // Not called: 403; another community's meeting: 404.
    const notCalled = await created(staff, { attendees: [{ personUid: (others[0] as PersonFixture).uid }] });
    const refused = await resident.post(`/api/deliberation/meetings/${notCalled.uid}/sign-in/me`, undefined, key());
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('DELIB_NOT_CALLED');

    t.clock.set(new Date(new Date(END).getTime() + 60_000));
    await signInAll();
    const late = await created(staff, { startsAt: START, endsAt: END });
    const afterEnd = await resident.post(`/api/deliberation/meetings/${late.uid}/sign-in/me`, undefined, key());
    expect(afterEnd.status).toBe(409);
    expect(afterEnd.body.error.code).toBe('DELIB_SIGN_IN_CLOSED');
    // Staff may still record attendance from the sheet afterwards.
    const sheet = await staff.post(`/api/deliberation/meetings/${late.uid}/sign-in`, { personUids: [me.uid] }, key());
    expect(sheet.status).toBe(200);
    t.clock.set(new Date('2026-11-23T02:00:00.000Z'));
    await signInAll();
  });

  it('records the minutes with a decision per topic: the meeting is held, the event emitted, no more changes', async () => {
    const m = await created();
    const notYet = await staff.put(
      `/api/deliberation/meetings/${m.uid}/minutes`,
      { minutes: '会议纪要', decisions: [] },
      key(),
    );
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.code).toBe('DELIB_MEETING_NOT_STARTED');

    t.clock.set(new Date(new Date(START).getTime() + 5 * 60_000));
    await signInAll();
    await staff.post(`/api/deliberation/meetings/${m.uid}/sign-in`, { personUids: [me.uid] }, key());
    const other = await openTopicRow(t, '440704001001', { title: '不在议程' });
    const bad = await staff.put(
      `/api/deliberation/meetings/${m.uid}/minutes`,
      {
        minutes: '会议纪要',
        decisions: [
          { topicUid: other.uid, decision: '同意' },
          { topicUid: topic.uid, decision: '同意' },
          { topicUid: topic.uid, decision: '再议' },
        ],
      },
      key(),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string; rule: string }) => `${d.field} ${d.rule}`)).toEqual([
      'decisions[0].topicUid NOT_ON_AGENDA',
      'decisions[2].topicUid DUPLICATE',
    ]);

    const res = await staff.put(
      `/api/deliberation/meetings/${m.uid}/minutes`,
      {
        minutes: '应到 4 人,实到 1 人。讨论加装电梯的选址。',
        decisions: [{ topicUid: topic.uid, decision: '同意提交党员大会审议' }],
      },
      key(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'held',
      minutes: '应到 4 人,实到 1 人。讨论加装电梯的选址。',
      minutesBy: expect.any(String),
      agenda: [expect.objectContaining({ decision: '同意提交党员大会审议' })],
    });
    const { rows } = await sql<{ payload: { meetingUid: string; attended: string[]; topics: string[] } }>`
      select payload from outbox where topic = 'deliberation.meeting_held' order by id desc limit 1`.execute(t.deps.db);
    expect(rows[0]?.payload).toMatchObject({ meetingUid: m.uid, attended: [me.uid], topics: [topic.uid] });

    const edit = await staff.patch(`/api/deliberation/meetings/${m.uid}`, { place: '别处' }, key());
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('DELIB_MEETING_HELD');
    const cancel = await staff.post(`/api/deliberation/meetings/${m.uid}/cancel`, { reason: '改期' }, key());
    expect(cancel.status).toBe(409);
    // The minutes may be corrected; no second event.
    const fix = await staff.put(
      `/api/deliberation/meetings/${m.uid}/minutes`,
      { minutes: '更正后的纪要', decisions: [] },
      key(),
    );
    expect(fix.status).toBe(200);
    expect(fix.body.agenda[0].decision).toBe('同意提交党员大会审议');
    const events = await sql<{ n: number }>`
      select count(*)::int as n from outbox where topic = 'deliberation.meeting_held' and payload->>'meetingUid' = ${m.uid}`.execute(
      t.deps.db,
    );
    expect(events.rows[0]?.n).toBe(1);
    expect((await topicEvents(topic.id, m.uid)).map((e) => [e.action, e.note])).toEqual([
      ['meeting_scheduled', null],
      ['meeting_held', '同意提交党员大会审议'],
    ]);
    t.clock.set(new Date('2026-11-23T02:00:00.000Z'));
    await signInAll();
  });

  it('cancels a meeting with the reason everyone called is told; then nothing more happens to it', async () => {
    const m = await created();
    const res = await staff.post(`/api/deliberation/meetings/${m.uid}/cancel`, { reason: '台风天气,另行通知' }, key());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelReason: '台风天气,另行通知', icsSequence: 1 });
    expect(res.body.allowedActions).toEqual([]);
    const [latest] = await noticesOf(t, 'resident.demo');
    expect(latest).toMatchObject({ kind: 'meeting_cancelled', title: '会议取消:加装电梯议事会' });
    expect(latest?.body).toContain('台风天气,另行通知');
    expect((await topicEvents(topic.id, m.uid)).map((e) => [e.action, e.note])).toEqual([
      ['meeting_scheduled', null],
      ['meeting_cancelled', '台风天气,另行通知'],
    ]);

    const again = await staff.post(`/api/deliberation/meetings/${m.uid}/cancel`, { reason: '再取消' }, key());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DELIB_MEETING_CANCELLED');
    const edit = await staff.patch(`/api/deliberation/meetings/${m.uid}`, { place: '别处' }, key());
    expect(edit.body.error.code).toBe('DELIB_MEETING_CANCELLED');
    const sign = await staff.post(`/api/deliberation/meetings/${m.uid}/sign-in`, { personUids: [me.uid] }, key());
    expect(sign.body.error.code).toBe('DELIB_MEETING_CANCELLED');
    const minutes = await staff.put(
      `/api/deliberation/meetings/${m.uid}/minutes`,
      { minutes: 'x', decisions: [] },
      key(),
    );
    expect(minutes.body.error.code).toBe('DELIB_MEETING_CANCELLED');
  });
});
