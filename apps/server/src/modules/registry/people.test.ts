/**
 * Households and persons through the API: a household's whole life (立户, a spouse moves in,
 * a baby is born, a son splits out and merges back, he moves away, the head dies) with its
 * history kept; corrections, tags and reveal; and every bad input refused with nothing written.
 */
import { makeIdNumber } from '@gongzhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords, countRows, WRITTEN_TABLES } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { customTag, freshIdNumber, personIn, type RoomFixture, roomIn } from '../../../test/people-fixtures.ts';

const GRID1 = '440704001001001';
const GRID2 = '440704001001002';
const TABLES = [
  ...WRITTEN_TABLES,
  'person',
  'household',
  'household_member',
  'life_event',
  'migrant_registration',
  'person_tag',
  'tag_definition',
] as const;

describe(`households and persons (${dbLabel})`, () => {
  let t: TestPlatform;
  let district: Client;
  let staff: Client;
  let grid: Client;
  let home: RoomFixture;
  let newHome: RoomFixture;
  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    district = await t.as('district');
    staff = await t.as('staff.jinxi');
    grid = await t.as('grid.jinxi01');
    home = await roomIn(t, GRID1, {
      buildingName: '金溪花园3栋',
      address: '江海路 88 号',
      unitName: '1单元',
      number: '302',
    });
    newHome = await roomIn(t, GRID1, { buildingName: '金溪花园5栋', address: '江海路 90 号', number: '501' });
  });
  afterAll(() => t.close());

  /** Proves a refused request wrote nothing. */
  async function unchanged(send: () => Promise<{ status: number; body: any }>) {
    const before = await countRows(t, TABLES);
    const res = await send();
    expect(await countRows(t, TABLES)).toEqual(before);
    return res;
  }

  it('a household lives its whole life: head, spouse, newborn, a son splits out and merges back, moves away, the head dies — history kept', async () => {
    const headId = makeIdNumber('440704', '1975-03-12', 123);
    const created = await grid.post('/api/registry/households', {
      roomId: home.uid,
      number: '440704-0001',
      head: { name: '张建国', idNumber: headId, phone: '138 1234 5678', ethnicity: '01' },
      event: 'move_in',
      effectiveDate: '2015-06-01',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hh = created.body.id as string;
    expect(created.body.room.address).toBe('江海路 88 号 金溪花园3栋 1单元 302');
    expect(created.body.members).toHaveLength(1);
    const head = created.body.members[0];
    expect(head).toMatchObject({ relation: '02', relationName: '户主', since: '2015-06-01' });
    expect(head.person).toMatchObject({
      name: '张建国',
      gender: 'male',
      birthDate: '1975-03-12',
      idNumber: `440704********${headId.slice(14)}`,
      phone: '138****5678',
      status: 'resident',
    });
    const headUid = head.person.id as string;

    const spouse = await grid.post(`/api/registry/households/${hh}/members`, {
      person: { name: '李秀英', idNumber: makeIdNumber('440704', '1977-08-20', 246) },
      relation: '10',
      event: 'move_in',
      effectiveDate: '2016-01-01',
    });
    expect(spouse.status, JSON.stringify(spouse.body)).toBe(201);
    const son = await grid.post(`/api/registry/households/${hh}/members`, {
      person: { name: '张伟', idNumber: makeIdNumber('440704', '2000-05-05', 135) },
      relation: '20',
      event: 'move_in',
      effectiveDate: '2020-01-01',
    });
    expect(son.status, JSON.stringify(son.body)).toBe(201);
    const sonUid = son.body.members.find((m: any) => m.person.name === '张伟').person.id as string;
    const baby = await grid.post(`/api/registry/households/${hh}/members`, {
      person: { name: '张小明', birthDate: '2026-10-01', gender: 'male' },
      relation: '20',
      event: 'birth',
      effectiveDate: '2026-10-01',
    });
    expect(baby.status, JSON.stringify(baby.body)).toBe(201);
    expect(baby.body.members.map((m: any) => m.person.name).sort()).toEqual(
      ['张伟', '张小明', '张建国', '李秀英'].sort(),
    );
    expect(baby.body.problems.filter((p: any) => p.severity === 'error')).toEqual([]);

    // 分户: the son opens his own household at another room.
    const split = await grid.post(`/api/registry/households/${hh}/split`, {
      members: [{ personId: sonUid, relation: '02' }],
      roomId: newHome.uid,
      effectiveDate: '2026-11-01',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(201);
    const sonHousehold = split.body.id as string;
    expect(split.body.members).toHaveLength(1);
    expect(split.body.room.number).toBe('501');
    const sonProfile = await grid.get(`/api/registry/persons/${sonUid}`);
    expect(sonProfile.body.household).toMatchObject({ id: sonHousehold, relation: '02' });
    expect(sonProfile.body.room.number).toBe('501');

    // 并户: back into the parents' household.
    const merged = await grid.post(`/api/registry/households/${sonHousehold}/merge`, {
      intoHouseholdId: hh,
      relations: [{ personId: sonUid, relation: '20' }],
      effectiveDate: '2026-11-10',
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.id).toBe(hh);
    expect(merged.body.members).toHaveLength(4);
    expect((await grid.get(`/api/registry/households/${sonHousehold}`)).body.status).toBe('dissolved');

    // He moves away; then the head dies.
    const out = await grid.post(`/api/registry/persons/${sonUid}/events`, {
      event: 'move_out',
      effectiveDate: '2026-11-15',
      destination: '广州市天河区',
    });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toMatchObject({ status: 'moved_out', household: null, room: null, livesHere: false });
    expect(out.body.events.map((e: any) => e.event)).toEqual([
      'move_in',
      'household_split',
      'household_merge',
      'move_out',
    ]);
    expect(out.body.events[3].note).toContain('广州市天河区');
    const died = await grid.post(`/api/registry/persons/${headUid}/events`, {
      event: 'death',
      effectiveDate: '2026-11-20',
    });
    expect(died.status, JSON.stringify(died.body)).toBe(200);
    expect(died.body.status).toBe('deceased');

    const now = await grid.get(`/api/registry/households/${hh}`);
    expect(now.status).toBe(200);
    expect(now.body.members.map((m: any) => m.person.name).sort()).toEqual(['张小明', '李秀英'].sort());
    expect(now.body.problems.map((p: any) => p.code)).toContain('NO_HEAD');
    expect(now.body.formerMembers.map((m: any) => [m.name, m.since, m.until])).toEqual([
      ['张伟', '2020-01-01', '2026-11-01'],
      ['张伟', '2026-11-10', '2026-11-15'],
      ['张建国', '2015-06-01', '2026-11-20'],
    ]);

    // Nothing was overwritten: every membership row is still there, closed.
    const db = t.deps.db;
    const sonRow = await db.selectFrom('person').select('id').where('uid', '=', sonUid).executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('household_member')
      .select(['relation', 'until'])
      .where('person_id', '=', sonRow.id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.relation)).toEqual(['20', '02', '20']);
    expect(rows.every((r) => r.until !== null)).toBe(true);
    const events = await db.selectFrom('life_event').select('event').where('person_id', '=', sonRow.id).execute();
    expect(events).toHaveLength(4);
    const topics = await db.selectFrom('outbox').select('topic').where('topic', '=', 'registry.life_event').execute();
    expect(topics).toHaveLength(8);

    // The audit keeps masked values only.
    const [audit] = await auditRecords(t, { action: 'registry.household.create', targetId: hh });
    expect(audit?.after.head.idNumber).toBe(`440704********${headId.slice(14)}`);
    expect(JSON.stringify(audit)).not.toContain(headId);
  });

  it('a migrant arrives and leaves: the registration opens and closes, and 人在户不在 shows meanwhile', async () => {
    const room = await roomIn(t, GRID1);
    const created = await grid.post('/api/registry/households', {
      roomId: room.uid,
      kind: 'collective',
      head: { name: '王打工', idNumber: makeIdNumber('510104', '1995-02-02', 111) },
      event: 'migrant_arrival',
      effectiveDate: '2026-03-01',
      migrant: { expectedDeparture: '2027-03-01', origin: '四川省成都市', reason: 'work' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const uid = created.body.members[0].person.id;
    const profile = await grid.get(`/api/registry/persons/${uid}`);
    expect(profile.body).toMatchObject({
      registeredHere: false,
      livesHere: true,
      separation: 'resident_not_registered',
      migrant: { arrivalDate: '2026-03-01', expectedDeparture: '2027-03-01', actualDeparture: null, reason: 'work' },
    });
    // The registration carries the 流动人员 tag (六必访) while it is open.
    expect(profile.body.tags).toContainEqual(
      expect.objectContaining({ code: 'migrant', source: '流动人口登记', startDate: '2026-03-01', endDate: null }),
    );
    const left = await grid.post(`/api/registry/persons/${uid}/events`, {
      event: 'migrant_departure',
      effectiveDate: '2026-11-01',
    });
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    expect(left.body).toMatchObject({
      status: 'moved_out',
      migrant: { actualDeparture: '2026-11-01' },
      household: null,
    });
    expect(left.body.tags.map((tag: any) => tag.code)).not.toContain('migrant');
    const events = await t.deps.db
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('topic', 'in', ['registry.person_tagged', 'registry.person_untagged'])
      .orderBy('id')
      .execute();
    const mine = events.filter((e: any) => e.payload.personId === uid).map((e) => e.topic);
    expect(mine).toEqual(['registry.person_tagged', 'registry.person_untagged']);
    // A departure needs an open registration.
    const resident = await personIn(t, GRID1);
    const refused = await unchanged(() =>
      grid.post(`/api/registry/persons/${resident.uid}/events`, {
        event: 'migrant_departure',
        effectiveDate: '2026-11-01',
      }),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('MIGRANT_NOT_REGISTERED');
  });

  it('a wrong check digit is refused naming the field, in Chinese and in English, and nothing is written', async () => {
    const good = makeIdNumber('440704', '1980-01-01', 321);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const body = {
      roomId: home.uid,
      head: { name: '错号人', idNumber: bad },
      event: 'move_in',
      effectiveDate: '2026-01-01',
    };
    const zh = await unchanged(() => grid.post('/api/registry/households', body));
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(zh.body.error.details[0]).toMatchObject({ field: 'head.idNumber', rule: 'ID_NUMBER_CHECK_DIGIT' });
    expect(zh.body.error.message).toContain('校验码');
    const en = await unchanged(() => grid.post('/api/registry/households', body, { 'accept-language': 'en' }));
    expect(en.status).toBe(400);
    expect(en.body.error.message).toContain('check digit');
    expect(en.body.error.message).toContain('head.idNumber');
  });

  it('a future birth, a birth date that contradicts the id number, and a future or out-of-order event date are refused', async () => {
    const family = await personIn(t, GRID1);
    const future = await unchanged(() =>
      grid.post(`/api/registry/households/${family.householdUid}/members`, {
        person: { name: '未来人', birthDate: '2027-01-01' },
        relation: '20',
        event: 'birth',
        effectiveDate: '2027-01-01',
      }),
    );
    expect(future.status).toBe(400);
    expect(future.body.error.details[0]).toMatchObject({ field: 'person.birthDate', rule: 'BIRTH_DATE_FUTURE' });

    const mismatch = await unchanged(() =>
      grid.post('/api/registry/households', {
        roomId: home.uid,
        head: { name: '不符人', idNumber: makeIdNumber('440704', '1980-01-01', 321), birthDate: '1981-01-01' },
        event: 'move_in',
        effectiveDate: '2026-01-01',
      }),
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.details[0]).toMatchObject({ field: 'head.birthDate', rule: 'BIRTH_DATE_MISMATCH' });

    const tomorrow = await unchanged(() =>
      grid.post(`/api/registry/persons/${family.uid}/events`, { event: 'move_out', effectiveDate: '2026-12-01' }),
    );
    expect(tomorrow.status).toBe(400);
    expect(tomorrow.body.error.details[0]).toMatchObject({ field: 'effectiveDate', rule: 'EFFECTIVE_DATE_FUTURE' });
    const earlier = await unchanged(() =>
      grid.post(`/api/registry/persons/${family.uid}/events`, { event: 'move_out', effectiveDate: '2019-12-31' }),
    );
    expect(earlier.status).toBe(400);
    expect(earlier.body.error.details[0].rule).toBe('EFFECTIVE_DATE_BEFORE_PREVIOUS');
    // Nothing follows a death.
    await grid.post(`/api/registry/persons/${family.uid}/events`, { event: 'death', effectiveDate: '2026-11-01' });
    const again = await unchanged(() =>
      grid.post(`/api/registry/persons/${family.uid}/events`, { event: 'move_out', effectiveDate: '2026-11-02' }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'LIFE_EVENT_NOT_ALLOWED', details: { problem: 'DECEASED' } });
  });

  it('a person in one household cannot join another; a room that does not exist is 404; an id number is registered once', async () => {
    const a = await personIn(t, GRID1);
    const b = await personIn(t, GRID1);
    const twice = await unchanged(() =>
      grid.post(`/api/registry/households/${b.householdUid}/members`, {
        person: { personId: a.uid },
        relation: '70',
        event: 'move_in',
        effectiveDate: '2026-11-01',
      }),
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error).toMatchObject({ code: 'ALREADY_IN_HOUSEHOLD', details: { field: 'person.personId' } });

    const nowhere = await unchanged(() =>
      grid.post('/api/registry/households', {
        roomId: '00000000-0000-4000-8000-000000000000',
        head: { name: '无房人' },
        event: 'move_in',
        effectiveDate: '2026-01-01',
      }),
    );
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error.code).toBe('ROOM_NOT_FOUND');

    const id = freshIdNumber();
    await personIn(t, GRID1, { idNumber: id });
    const dup = await unchanged(() =>
      grid.post('/api/registry/households', {
        roomId: home.uid,
        head: { name: '重号人', idNumber: id },
        event: 'move_in',
        effectiveDate: '2026-01-01',
      }),
    );
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'ID_NUMBER_TAKEN', details: { field: 'head.idNumber' } });
  });

  it('two requests adding the same person to two households at once leave them in exactly one', async () => {
    const mover = await personIn(t, GRID1);
    const out = await grid.post(`/api/registry/persons/${mover.uid}/events`, {
      event: 'move_out',
      effectiveDate: '2026-10-01',
    });
    expect(out.status).toBe(200);
    const a = await personIn(t, GRID1);
    const b = await personIn(t, GRID1);
    const join = (household: string) =>
      grid.post(`/api/registry/households/${household}/members`, {
        person: { personId: mover.uid },
        relation: '99',
        event: 'move_in',
        effectiveDate: '2026-11-01',
      });
    const results = await Promise.all([join(a.householdUid), join(b.householdUid)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.error.code).toBe('ALREADY_IN_HOUSEHOLD');
    const current = await t.deps.db
      .selectFrom('household_member')
      .select('household_id')
      .where('person_id', '=', mover.id)
      .where('until', 'is', null)
      .execute();
    expect(current).toHaveLength(1);
  });

  it('a split must leave a head behind and give the new household exactly one', async () => {
    const family = await personIn(t, GRID1, { spouse: true });
    const noHead = await unchanged(() =>
      grid.post(`/api/registry/households/${family.householdUid}/split`, {
        members: [{ personId: family.spouseUid, relation: '10' }],
        effectiveDate: '2026-11-01',
      }),
    );
    expect(noHead.status).toBe(400);
    expect(noHead.body.error.details[0]).toMatchObject({ field: 'members', rule: 'NO_HEAD' });
    const headLeaves = await unchanged(() =>
      grid.post(`/api/registry/households/${family.householdUid}/split`, {
        members: [{ personId: family.uid, relation: '02' }],
        effectiveDate: '2026-11-01',
      }),
    );
    expect(headLeaves.status).toBe(400);
    expect(headLeaves.body.error.details[0]).toMatchObject({ field: 'members', rule: 'REMAINING_NO_HEAD' });
    const other = await personIn(t, GRID1);
    const twoHeads = await unchanged(() =>
      grid.post(`/api/registry/households/${other.householdUid}/merge`, {
        intoHouseholdId: family.householdUid,
        relations: [{ personId: other.uid, relation: '02' }],
        effectiveDate: '2026-11-01',
      }),
    );
    expect(twoHeads.status).toBe(400);
    expect(twoHeads.body.error.details[0]).toMatchObject({ field: 'relations', rule: 'MULTIPLE_HEADS' });
  });

  it('a grid worker cannot see, change or find a person of another grid (404)', async () => {
    const elsewhere = await personIn(t, GRID2, { name: '隔壁网格人' });
    const view = await grid.get(`/api/registry/persons/${elsewhere.uid}`);
    expect(view.status).toBe(404);
    expect(view.body.error.code).toBe('PERSON_NOT_FOUND');
    const patch = await grid.patch(`/api/registry/persons/${elsewhere.uid}`, {
      phone: '13900000000',
      reason: '试图修改',
    });
    expect(patch.status).toBe(404);
    expect((await grid.get(`/api/registry/households/${elsewhere.householdUid}`)).status).toBe(404);
    const found = await grid.get(`/api/registry/persons?q=${encodeURIComponent('隔壁网格')}`);
    expect(found.body.items).toEqual([]);
    // The community worker sees it.
    expect((await staff.get(`/api/registry/persons/${elsewhere.uid}`)).status).toBe(200);
  });

  it('a correction is audited with masked before and after and its reason; an id number of someone else is 409', async () => {
    const p = await personIn(t, GRID1, { phone: '13911112222' });
    const fixed = await grid.patch(`/api/registry/persons/${p.uid}`, { phone: '13933334444', reason: '本人来电更正' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body.phone).toBe('139****4444');
    const [audit] = await auditRecords(t, { action: 'registry.person.update', targetId: p.uid });
    expect(audit?.before.phone).toBe('139****2222');
    expect(audit?.after).toMatchObject({ phone: '139****4444', reason: '本人来电更正' });
    expect(JSON.stringify(audit)).not.toContain('13933334444');
    const other = freshIdNumber();
    await personIn(t, GRID1, { idNumber: other });
    const taken = await unchanged(() =>
      grid.patch(`/api/registry/persons/${p.uid}`, { idNumber: other, reason: '录入身份证号' }),
    );
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'ID_NUMBER_TAKEN', details: { field: 'idNumber' } });
  });

  it('reveal needs TOTP, gives the full value to a district administrator, and is audited with the reason', async () => {
    const id = freshIdNumber();
    const p = await personIn(t, GRID1, { idNumber: id, phone: '13855556666' });
    const noTotp = await staff.post(`/api/registry/persons/${p.uid}/reveal`, {
      field: 'idNumber',
      reason: '核对低保资格',
    });
    expect(noTotp.status).toBe(403);
    expect(noTotp.body.error.code).toBe('MFA_REQUIRED_FOR_REVEAL');
    const noRight = await grid.post(`/api/registry/persons/${p.uid}/reveal`, {
      field: 'idNumber',
      reason: '核对低保资格',
    });
    expect(noRight.status).toBe(403);
    const shown = await district.post(`/api/registry/persons/${p.uid}/reveal`, {
      field: 'idNumber',
      reason: '核对低保资格',
    });
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body).toEqual({ field: 'idNumber', value: id });
    const phone = await district.post(`/api/registry/persons/${p.uid}/reveal`, { field: 'phone', reason: '联系本人' });
    expect(phone.body.value).toBe('13855556666');
    const audits = await auditRecords(t, { action: 'registry.person.reveal', targetId: p.uid });
    expect(audits.map((a) => a.after.reason)).toEqual(['核对低保资格', '联系本人']);
    expect(audits[0]?.actor_name).toBe('district');
    expect(JSON.stringify(audits)).not.toContain(id);
    const profile = await district.get(`/api/registry/persons/${p.uid}`);
    expect(profile.body).toMatchObject({ canReveal: true, canEdit: true });
    expect((await grid.get(`/api/registry/persons/${p.uid}`)).body).toMatchObject({ canReveal: false, canEdit: true });
  });

  it('tags: a grid worker sets 六必访 tags, a sensitive one only with the right, and sees sensitive ones only when they are 六必访', async () => {
    const p = await personIn(t, GRID1);
    const hardship = await grid.post(`/api/registry/persons/${p.uid}/tags`, {
      tag: 'hardship',
      source: '民政低保名单',
      startDate: '2026-01-01',
    });
    expect(hardship.status, JSON.stringify(hardship.body)).toBe(201);
    expect(hardship.body.tags).toMatchObject([
      { code: 'hardship', name: '困难群众', source: '民政低保名单', setBy: '张海峰' },
    ]);
    const again = await unchanged(() =>
      grid.post(`/api/registry/persons/${p.uid}/tags`, { tag: 'hardship', source: '走访', startDate: '2026-02-01' }),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('TAG_ALREADY_SET');
    const forbidden = await unchanged(() =>
      grid.post(`/api/registry/persons/${p.uid}/tags`, {
        tag: 'community_correction',
        source: '司法所',
        startDate: '2026-01-01',
      }),
    );
    expect(forbidden.status).toBe(403);
    const unknown = await unchanged(() =>
      grid.post(`/api/registry/persons/${p.uid}/tags`, { tag: 'no_such_tag', source: '走访', startDate: '2026-01-01' }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].field).toBe('tag');
    expect(
      (
        await staff.post(`/api/registry/persons/${p.uid}/tags`, {
          tag: 'community_correction',
          source: '司法所',
          startDate: '2026-01-01',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await grid.post(`/api/registry/persons/${p.uid}/tags`, {
          tag: 'disabled',
          source: '残联',
          startDate: '2026-01-01',
        })
      ).status,
    ).toBe(201);
    const asGrid = await grid.get(`/api/registry/persons/${p.uid}`);
    expect(asGrid.body.tags.map((x: any) => x.code).sort()).toEqual(['disabled', 'hardship']);
    const asStaff = await staff.get(`/api/registry/persons/${p.uid}`, { 'accept-language': 'en' });
    expect(asStaff.body.tags.map((x: any) => x.code).sort()).toEqual(['community_correction', 'disabled', 'hardship']);
    expect(asStaff.body.tags.find((x: any) => x.code === 'hardship').name).toBe('Household in hardship');

    // The grid worker cannot end a tag they may not see: it does not exist for them.
    const correction = asStaff.body.tags.find((x: any) => x.code === 'community_correction').id;
    expect(
      (await grid.post(`/api/registry/person-tags/${correction}/end`, { endDate: '2026-11-01', reason: '解除矫正' }))
        .status,
    ).toBe(404);
    const hardshipTag = asGrid.body.tags.find((x: any) => x.code === 'hardship').id;
    const ended = await grid.post(`/api/registry/person-tags/${hardshipTag}/end`, {
      endDate: '2026-11-01',
      reason: '收入已超过低保线',
    });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body.tags.map((x: any) => x.code)).toEqual(['disabled']);
    const ended2 = await grid.post(`/api/registry/person-tags/${hardshipTag}/end`, {
      endDate: '2026-11-01',
      reason: '重复操作',
    });
    expect(ended2.status).toBe(409);
    const row = await t.deps.db
      .selectFrom('person_tag')
      .select(['end_reason', 'ended_at'])
      .where('uid', '=', hardshipTag)
      .executeTakeFirstOrThrow();
    expect(row.end_reason).toBe('收入已超过低保线');
    const events = await t.deps.db
      .selectFrom('outbox')
      .select(['topic', 'payload'])
      .where('topic', 'in', ['registry.person_tagged', 'registry.person_untagged'])
      .orderBy('id')
      .execute();
    expect(
      events.filter((e) => (e.payload as any).personId === p.uid).map((e) => [e.topic, (e.payload as any).tag]),
    ).toEqual([
      ['registry.person_tagged', 'hardship'],
      ['registry.person_tagged', 'community_correction'],
      ['registry.person_tagged', 'disabled'],
      ['registry.person_untagged', 'hardship'],
    ]);
  });

  it('a district administrator defines tags; built-in tags cannot be changed; a retired tag cannot be set', async () => {
    const created = await district.post('/api/registry/tags', {
      code: 'flood_risk',
      zh: '防汛转移对象',
      en: 'Flood evacuation',
      sensitive: false,
      mustVisit: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ code: 'flood_risk', builtin: false, status: 'active' });
    const dup = await district.post('/api/registry/tags', {
      code: 'flood_risk',
      zh: '重复',
      en: 'Dup',
      sensitive: false,
      mustVisit: false,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('TAG_CODE_TAKEN');
    const builtin = await unchanged(() => district.patch('/api/registry/tags/hardship', { status: 'retired' }));
    expect(builtin.status).toBe(409);
    expect(builtin.body.error.code).toBe('TAG_BUILTIN');
    expect(
      (await grid.post('/api/registry/tags', { code: 'x_tag', zh: '某', en: 'X', sensitive: false, mustVisit: false }))
        .status,
    ).toBe(403);
    const code = await customTag(t);
    const retired = await district.patch(`/api/registry/tags/${code}`, { status: 'retired' });
    expect(retired.status).toBe(200);
    expect(retired.body.status).toBe('retired');
    const p = await personIn(t, GRID1);
    const refused = await grid.post(`/api/registry/persons/${p.uid}/tags`, {
      tag: code,
      source: '走访',
      startDate: '2026-01-01',
    });
    expect(refused.status).toBe(400);
    const list = await grid.get('/api/registry/tags');
    expect(list.body.find((x: any) => x.code === 'flood_risk')).toMatchObject({ mustVisit: true });
    expect(list.body.find((x: any) => x.code === 'hardship')).toMatchObject({ builtin: true });
  });

  it('viewing a profile is logged in the access log', async () => {
    const p = await personIn(t, GRID1);
    expect((await grid.get(`/api/registry/persons/${p.uid}`)).status).toBe(200);
    await t.deps.accessLog.flush();
    const logged = await t.deps.db
      .selectFrom('data_access_log')
      .select(['action', 'actor_name'])
      .where('target_id', '=', p.uid)
      .execute();
    expect(logged).toEqual([{ action: 'registry.person.view', actor_name: 'grid.jinxi01' }]);
  });
});
