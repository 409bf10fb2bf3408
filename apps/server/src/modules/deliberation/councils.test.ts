import { randomUUID } from 'node:crypto';
import { COUNCIL_SEATS, PROCEDURES } from '@gongzhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  idem,
  JINXI,
  makeCouncil,
  openTopic,
  seedDemoProcedures,
  unitRow,
  YINGNAN,
} from '../../../test/deliberation-fixtures.ts';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { demoResident, type PersonFixture, personsOfGrid } from '../../../test/points-fixtures.ts';

describe(`deliberation: councils and procedures (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client; // 金溪社区
  let otherStaff: Client; // 英南村
  let street: Client;
  let district: Client;
  let resident: Client; // 王桂芳, 金溪社区
  let persons: PersonFixture[]; // residents of 金溪社区

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    await seedDemoProcedures(t);
    await demoResident(t);
    [staff, otherStaff, street, district, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('staff.yingnan'),
      t.as('street.jiangnan'),
      t.as('district'),
      t.as('resident.demo'),
    ]);
    persons = await personsOfGrid(t, '440704001001002', 9);
  });
  afterAll(() => t.close());

  const seat = (c: { seats: { seat: string; filled: boolean; members: unknown[] }[] }, code: string) =>
    c.seats.find((s) => s.seat === code);

  it('seats a council under 7+X: the seven seats filled one by one, stakeholders per topic, members leaving', async () => {
    const c = await makeCouncil(t, staff, { name: '金溪社区居民议事会' });
    expect(c).toMatchObject({
      name: '金溪社区居民议事会',
      kind: 'council',
      community: { code: JINXI },
      memberCount: 0,
      seatsFilled: 0,
      complete: false,
      allowedActions: ['edit', 'add_member', 'end_member'],
    });
    expect(c.seats.map((s: { seat: string }) => s.seat)).toEqual([...COUNCIL_SEATS]);
    expect(c.empty).toEqual([...COUNCIL_SEATS]);

    const add = (body: Record<string, unknown>) =>
      staff.post(`/api/deliberation/councils/${c.uid}/members`, body, idem());
    let d: any;
    for (const [i, s] of COUNCIL_SEATS.entries()) {
      const res = await add({
        personUid: persons[i]?.uid,
        seat: s,
        role: i === 0 ? 'chair' : 'member',
        since: '2026-01-01',
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      d = res.body;
    }
    expect(d).toMatchObject({ seatsFilled: 7, complete: true, empty: [], memberCount: 7 });
    expect(seat(d, 'party_org')?.members[0]).toMatchObject({
      role: 'chair',
      seatName: '基层党组织代表',
      sitting: true,
    });

    // The X: a stakeholder sits for one topic, named by topicUid.
    const topic = await openTopic(t, staff, 'five_step', { title: '小区停车位划线' });
    const noTopic = await add({ personUid: persons[7]?.uid, seat: 'stakeholder', since: '2026-03-01' });
    expect(noTopic.status).toBe(400);
    expect(noTopic.body.error.details[0].field).toBe('topicUid');
    const stake = await add({
      personUid: persons[7]?.uid,
      seat: 'stakeholder',
      since: '2026-03-01',
      topicUid: topic.uid,
    });
    expect(stake.status).toBe(200);
    expect(stake.body.stakeholders).toEqual([
      {
        topic: { uid: topic.uid, title: '小区停车位划线' },
        members: [expect.objectContaining({ seat: 'stakeholder' })],
      },
    ]);
    expect(stake.body.memberCount).toBe(8);
    // Seated twice is refused; outside the term, or a person of another community, by field.
    const twice = await add({ personUid: persons[1]?.uid, seat: 'women', since: '2026-02-01' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('DELIB_MEMBER_EXISTS');
    const early = await add({ personUid: persons[8]?.uid, seat: 'women', since: '2025-06-01' });
    expect(early.body.error.details[0]).toMatchObject({ field: 'since', rule: 'OUTSIDE_TERM' });
    const [far] = await personsOfGrid(t, '440704003201001', 1);
    const foreign = await add({ personUid: far?.uid, seat: 'women', since: '2026-02-01' });
    expect(foreign.body.error.details[0]).toMatchObject({ field: 'personUid', rule: 'PERSON_UNKNOWN' });

    // The women's representative leaves: the seat is empty again (her membership stays on record).
    const women = seat(d, 'women')?.members[0] as { uid: string };
    const left = await staff.post(
      `/api/deliberation/councils/${c.uid}/members/${women.uid}/leave`,
      { until: '2026-11-01' },
      idem(),
    );
    expect(left.status).toBe(200);
    expect(left.body).toMatchObject({ complete: false, empty: ['women'], seatsFilled: 6 });
    expect(left.body.members.find((m: { uid: string }) => m.uid === women.uid)).toMatchObject({
      until: '2026-11-01',
      sitting: false,
    });
    const again = await staff.post(
      `/api/deliberation/councils/${c.uid}/members/${women.uid}/leave`,
      { until: '2026-11-02' },
      idem(),
    );
    expect(again.body.error.code).toBe('DELIB_MEMBER_LEFT');
    const audits = await auditRecords(t, { action: 'deliberation.council_member_added', targetId: c.uid });
    expect(audits).toHaveLength(8);
    expect(audits[0]?.org_path).toBe((await unitRow(t, JINXI)).path);

    // A resident of the community sees the council, with names masked and no person ids.
    const seen = await resident.get(`/api/deliberation/councils/${c.uid}`);
    expect(seen.status).toBe(200);
    const chair = seat(seen.body, 'party_org')?.members[0] as { person: { uid: string | null; name: string } };
    expect(chair.person.uid).toBeNull();
    expect(chair.person.name).toContain('*');
    expect(seen.body.members.every((m: { sitting: boolean }) => m.sitting)).toBe(true);
    expect(seen.body.allowedActions).toEqual([]);
  });

  it('keeps a council to the staff who run it: others read (street) or do not see it (another community)', async () => {
    const c = await makeCouncil(t, staff);
    expect((await street.get(`/api/deliberation/councils/${c.uid}`)).status).toBe(200);
    const patch = await street.patch(`/api/deliberation/councils/${c.uid}`, { name: '改名' }, idem());
    expect(patch.status).toBe(403);
    const other = await otherStaff.get(`/api/deliberation/councils/${c.uid}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('DELIB_COUNCIL_NOT_FOUND');
    expect((await otherStaff.patch(`/api/deliberation/councils/${c.uid}`, { name: '改名' }, idem())).status).toBe(404);

    const renamed = await staff.patch(
      `/api/deliberation/councils/${c.uid}`,
      { name: '金溪社区议事委员会', kind: 'committee', termEnd: '2029-12-31' },
      idem(),
    );
    expect(renamed.body).toMatchObject({ name: '金溪社区议事委员会', kind: 'committee', termEnd: '2029-12-31' });
    const badTerm = await staff.patch(`/api/deliberation/councils/${c.uid}`, { termEnd: '2025-12-31' }, idem());
    expect(badTerm.status).toBe(400);
    expect(badTerm.body.error.details[0].field).toBe('termEnd');
    const tooLong = await staff.post(
      '/api/deliberation/councils',
      {
        uid: randomUUID(),
        unit: (await unitRow(t, JINXI)).uid,
        kind: 'council',
        name: '长',
        termStart: '2026-01-01',
        termEnd: '2033-01-01',
      },
      idem(),
    );
    expect(tooLong.body.error.details[0]).toMatchObject({ field: 'termEnd', rule: 'TERM_TOO_LONG' });
    const grid = await staff.post(
      '/api/deliberation/councils',
      {
        uid: randomUUID(),
        unit: (await unitRow(t, '440704001001001')).uid,
        kind: 'council',
        name: '网格',
        termStart: '2026-01-01',
        termEnd: '2028-01-01',
      },
      idem(),
    );
    expect(grid.body.error.details[0].field).toBe('unit');

    const village = await makeCouncil(t, otherStaff, { name: '英南村村民议事会' }, YINGNAN);
    const ids = (b: { items: { uid: string }[] }) => b.items.map((i) => i.uid);
    const mine = await staff.get('/api/deliberation/councils?pageSize=200');
    expect(ids(mine.body)).toContain(c.uid);
    expect(ids(mine.body)).not.toContain(village.uid);
    expect(ids((await district.get('/api/deliberation/councils?pageSize=200')).body)).toEqual(
      expect.arrayContaining([c.uid, village.uid]),
    );
    const residents = await resident.get('/api/deliberation/councils?pageSize=200');
    expect(ids(residents.body)).toContain(c.uid);
    expect(ids(residents.body)).not.toContain(village.uid);
    expect((await resident.get(`/api/deliberation/councils/${village.uid}`)).status).toBe(404);
  });

  it('procedures: the district’s three, edited by the district only; a topic keeps the steps it started with', async () => {
    const list = await staff.get('/api/deliberation/procedures');
    expect(list.status).toBe(200);
    expect(list.body.defaultCode).toBe('four_two');
    expect(list.body.items.map((p: { code: string }) => p.code)).toEqual(['four_two', 'three_three', 'five_step']);
    expect((await resident.get('/api/deliberation/procedures')).body.items).toHaveLength(3);

    const before = await openTopic(t, staff, 'five_step');
    const steps = PROCEDURES.five_step.steps.map((s) =>
      s.key === 'decide' ? { ...s, vote: { ...(s.vote as object), quorum: [1, 2] } } : s,
    );
    const body = { name: '五步工作法', nameEn: 'Five-step method', steps };
    // Community staff manage topics, not the district's procedures.
    const refused = await staff.put('/api/deliberation/procedures/five_step', body, idem());
    expect(refused.status).toBe(403);
    // The domain validates it, naming the field.
    const bad = await district.put(
      '/api/deliberation/procedures/five_step',
      { ...body, steps: [...steps, { ...steps[0], name: '重复' }] },
      idem(),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toMatch(/^steps\[5\]\.key$/);
    const put = await district.put('/api/deliberation/procedures/five_step', body, idem());
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.steps[2].vote.quorum).toEqual([1, 2]);
    // A new procedure of the district.
    const custom = await district.put(
      '/api/deliberation/procedures/hearing',
      {
        name: '听证议事',
        nameEn: 'Hearing',
        steps: [
          {
            key: 'hear',
            name: '听证会',
            nameEn: 'Hearing',
            actor: 'council',
            meetingKind: 'hearing',
            needs: ['minutes'],
            decidedBy: 'record',
          },
          {
            key: 'publish',
            name: '结果公开',
            nameEn: 'Publish',
            actor: 'staff',
            needs: ['notice'],
            decidedBy: 'notice',
            noticeDays: 5,
            publishes: 'outcome',
          },
        ],
      },
      idem(),
    );
    expect(custom.status, JSON.stringify(custom.body)).toBe(200);

    const after = await openTopic(t, staff, 'five_step');
    const quorum = async (uid: string) =>
      (await staff.get(`/api/deliberation/topics/${uid}`)).body.steps[2].vote.quorum;
    expect(await quorum(before.uid)).toEqual([2, 3]);
    expect(await quorum(after.uid)).toEqual([1, 2]);
    expect((await openTopic(t, staff, 'hearing')).stepCount).toBe(2);
    const audits = await auditRecords(t, { action: 'deliberation.procedure_updated' });
    expect(audits.at(-1)).toMatchObject({ actor_name: 'district', target_type: 'deliberation_procedure' });
  });
});
