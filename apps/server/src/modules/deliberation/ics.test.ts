import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { councilWith, openTopicRow } from '../../../test/meetings-fixtures.ts';
import { demoResident, type PersonFixture, personsOfGrid } from '../../../test/points-fixtures.ts';
import { type IcsMeeting, meetingsCalendar, meetingTimeText } from './meetings-ics.ts';

/** The unfolded lines of an iCalendar text (RFC 5545 §3.1: CRLF, continuation lines start with a space). */
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n');
const events = (ics: string) => ics.split('BEGIN:VEVENT').length - 1;

const meeting = (over: Partial<IcsMeeting> = {}): IcsMeeting => ({
  uid: '6f1c2d4e-0000-4000-8000-000000000001',
  kind: 'council',
  title: '加装电梯议事会',
  place: '金溪社区党群服务中心, 二楼',
  starts_at: new Date('2026-11-25T11:30:00Z'),
  ends_at: new Date('2026-11-25T13:00:00Z'),
  status: 'scheduled',
  ics_sequence: 0,
  community_name: '金溪社区',
  cancel_reason: null,
  created_at: new Date('2026-11-23T02:00:00Z'),
  updated_at: new Date('2026-11-23T02:00:00Z'),
  ...over,
});

describe('meetings as iCalendar', () => {
  const now = new Date('2026-11-23T02:00:00Z');

  it('publishes one event per meeting in China time, with a stable UID and the SEQUENCE', () => {
    const ics = meetingsCalendar('议事会', [meeting()], { host: 'gongzhi', now });
    const l = lines(ics);
    expect(l[0]).toBe('BEGIN:VCALENDAR');
    expect(l).toContain('METHOD:PUBLISH');
    expect(l).toContain('UID:meeting-6f1c2d4e-0000-4000-8000-000000000001@gongzhi');
    expect(l).toContain('SEQUENCE:0');
    expect(l).toContain('DTSTART;TZID=Asia/Shanghai:20261125T193000');
    expect(l).toContain('DTEND;TZID=Asia/Shanghai:20261125T210000');
    expect(l).toContain('DTSTAMP:20261123T020000Z');
    expect(l).toContain('SUMMARY:加装电梯议事会');
    expect(l).toContain('LOCATION:金溪社区党群服务中心\\, 二楼');
    expect(l).toContain('STATUS:CONFIRMED');
    // The zone every TZID names is defined once, before the events.
    expect(l.filter((x) => x === 'BEGIN:VTIMEZONE')).toHaveLength(1);
    expect(l.indexOf('TZID:Asia/Shanghai')).toBeLessThan(l.indexOf('BEGIN:VEVENT'));
    expect(l).toContain('TZOFFSETTO:+0800');
    expect(ics.endsWith('END:VCALENDAR')).toBe(true);
    expect(events(ics)).toBe(1);
  });

  it('marks a cancelled meeting STATUS:CANCELLED with the SEQUENCE raised, keeping its UID', () => {
    const before = lines(meetingsCalendar('x', [meeting()], { host: 'gongzhi', now }));
    const after = lines(
      meetingsCalendar('x', [meeting({ status: 'cancelled', ics_sequence: 2, cancel_reason: '台风' })], {
        host: 'gongzhi',
        now,
      }),
    );
    const uid = (l: string[]) => l.find((x) => x.startsWith('UID:'));
    expect(uid(after)).toBe(uid(before));
    expect(after).toContain('STATUS:CANCELLED');
    expect(after).toContain('SEQUENCE:2');
    expect(after.find((x) => x.startsWith('DESCRIPTION:'))).toContain('已取消:台风');
  });

  it('keeps an empty calendar valid and lists many meetings in order', () => {
    const empty = lines(meetingsCalendar('空', [], { host: 'gongzhi', now }));
    expect(empty).toContain('BEGIN:VTIMEZONE');
    expect(empty[empty.length - 1]).toBe('END:VCALENDAR');
    const two = meetingsCalendar(
      '两个',
      [meeting(), meeting({ uid: '6f1c2d4e-0000-4000-8000-000000000002', title: '第二次' })],
      { host: 'gongzhi', now },
    );
    expect(events(two)).toBe(2);
  });

  it('words the time in China, with the end’s date when it ends another day', () => {
    expect(meetingTimeText(new Date('2026-11-25T11:30:00Z'), new Date('2026-11-25T13:00:00Z'))).toBe(
      '2026年11月25日 19:30–21:00',
    );
    expect(meetingTimeText(new Date('2026-11-25T15:30:00Z'), new Date('2026-11-25T16:30:00Z'))).toBe(
      '2026年11月25日 23:30 – 2026年11月26日 00:30',
    );
  });
});

describe(`the .ics routes (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client;
  let otherStaff: Client;
  let resident: Client;
  let me: PersonFixture;
  let others: PersonFixture[];
  let council: { id: number; uid: string };
  let serial = 0;
  const key = () => ({ 'idempotency-key': `ics-test-${++serial}` });

  async function meetingOf(overrides: Record<string, unknown> = {}) {
    const res = await staff.post(
      '/api/deliberation/meetings',
      {
        uid: randomUUID(),
        council: council.uid,
        kind: 'council',
        title: '议事会例会',
        place: '金溪社区活动室',
        startsAt: '2026-11-25T11:30:00.000Z',
        endsAt: '2026-11-25T13:00:00.000Z',
        topics: [],
        ...overrides,
      },
      key(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { uid: string };
  }

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    me = await demoResident(t);
    others = await personsOfGrid(t, '440704001001001', 2);
    council = await councilWith(t, '440704001001', [
      { personId: me.id, seat: 'notable' },
      { personId: (others[0] as PersonFixture).id },
    ]);
    [staff, otherStaff, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('staff.yingnan'),
      t.as('resident.demo'),
    ]);
  }, 600_000);
  afterAll(() => t?.close());

  it('serves a meeting’s .ics to staff and to residents called to it; SEQUENCE follows the changes', async () => {
    const m = await meetingOf();
    const res = await staff.get(`/api/deliberation/meetings/${m.uid}/ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['content-disposition']).toContain(`meeting-${m.uid}.ics`);
    const text = res.body as unknown as string;
    expect(lines(text)).toContain(`UID:meeting-${m.uid}@gongzhi`);
    expect(lines(text)).toContain('SEQUENCE:0');
    expect(lines(text)).toContain('DTSTART;TZID=Asia/Shanghai:20261125T193000');

    const mine = await resident.get(`/api/deliberation/meetings/${m.uid}/ics`);
    expect(mine.status).toBe(200);

    await staff.patch(`/api/deliberation/meetings/${m.uid}`, { startsAt: '2026-11-25T12:00:00.000Z' }, key());
    const moved = lines((await resident.get(`/api/deliberation/meetings/${m.uid}/ics`)).body as unknown as string);
    expect(moved).toContain('SEQUENCE:1');
    expect(moved).toContain('DTSTART;TZID=Asia/Shanghai:20261125T200000');
    expect(moved).toContain(`UID:meeting-${m.uid}@gongzhi`);

    await staff.post(`/api/deliberation/meetings/${m.uid}/cancel`, { reason: '场地维修' }, key());
    const cancelled = lines((await staff.get(`/api/deliberation/meetings/${m.uid}/ics`)).body as unknown as string);
    expect(cancelled).toContain('STATUS:CANCELLED');
    expect(cancelled).toContain('SEQUENCE:2');
  });

  it('refuses the .ics to residents not called (unless on the council) and to staff elsewhere', async () => {
    // A public topic lets the resident see the meeting, but its calendar is for those called.
    const topic = await openTopicRow(t, '440704001001');
    const notCalled = await meetingOf({
      council: undefined,
      topics: [topic.uid],
      attendees: [{ personUid: (others[1] as PersonFixture).uid }],
    });
    expect((await resident.get(`/api/deliberation/meetings/${notCalled.uid}`)).status).toBe(200);
    const refused = await resident.get(`/api/deliberation/meetings/${notCalled.uid}/ics`);
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe('DELIB_MEETING_NOT_FOUND');
    // On the council's meeting, a member who was left off the list still gets it.
    const councilMeeting = await meetingOf({ attendees: [{ personUid: (others[0] as PersonFixture).uid }] });
    expect((await resident.get(`/api/deliberation/meetings/${councilMeeting.uid}/ics`)).status).toBe(200);

    expect((await otherStaff.get(`/api/deliberation/meetings/${councilMeeting.uid}/ics`)).status).toBe(404);
    expect((await t.anon.get(`/api/deliberation/meetings/${councilMeeting.uid}/ics`)).status).toBe(401);
    expect((await staff.get(`/api/deliberation/meetings/${randomUUID()}/ics`)).status).toBe(404);
  });

  it('serves a council’s feed of its meetings to staff and to its members only', async () => {
    const a = await meetingOf({ title: '十一月例会' });
    const b = await meetingOf({
      title: '十二月例会',
      startsAt: '2026-12-20T11:30:00.000Z',
      endsAt: '2026-12-20T13:00:00.000Z',
    });
    const res = await staff.get(`/api/deliberation/councils/${council.uid}/ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const l = lines(res.body as unknown as string);
    expect(l).toContain(`UID:meeting-${a.uid}@gongzhi`);
    expect(l).toContain(`UID:meeting-${b.uid}@gongzhi`);
    expect(l).toContain('NAME:居民议事会');

    expect((await resident.get(`/api/deliberation/councils/${council.uid}/ics`)).status).toBe(200);
    const notMember = await councilWith(
      t,
      '440704001001',
      [{ personId: (others[1] as PersonFixture).id }],
      '另一议事会',
    );
    const refused = await resident.get(`/api/deliberation/councils/${notMember.uid}/ics`);
    expect(refused.status).toBe(404);
    expect((await otherStaff.get(`/api/deliberation/councils/${council.uid}/ics`)).status).toBe(404);
    expect((await staff.get(`/api/deliberation/councils/${randomUUID()}/ics`)).body.error.code).toBe(
      'DELIB_COUNCIL_NOT_FOUND',
    );
  });
});
