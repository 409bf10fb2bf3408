import { dueAt } from '@gongzhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { calendarFor } from './calendar-service.ts';

interface Day {
  day: string;
  kind: string;
  name: string;
  source: string;
  official: { kind: string; name: string } | null;
}

describe(`the working calendar (${dbLabel})`, () => {
  let t: TestPlatform;
  let district: Client;
  let staff: Client;
  let dept: Client;
  let districtId: number;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `calendar-test-${++serial}` });
  const yearOf = async (c: Client, year: number): Promise<Day[]> => {
    const res = await c.get(`/api/cases/calendar?year=${year}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.year).toBe(year);
    return res.body.days;
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    [district, staff, dept] = await Promise.all([t.as('district'), t.as('staff.jinxi'), t.as('dept.chengguan')]);
    const d = await t.deps.db
      .selectFrom('org_unit')
      .select('id')
      .where('code', '=', '440704000000')
      .executeTakeFirstOrThrow();
    districtId = d.id;
  });
  afterAll(() => t.close());

  it('staff and departments read the State Council’s holidays and 调休 workdays of a year', async () => {
    const days = await yearOf(staff, 2026);
    expect(days.find((d) => d.day === '2026-10-01')).toEqual({
      day: '2026-10-01',
      kind: 'holiday',
      name: '国庆节',
      source: 'official',
      official: null,
    });
    expect(days.find((d) => d.day === '2026-10-10')).toMatchObject({ kind: 'workday', source: 'official' });
    expect(days.every((d) => d.day.startsWith('2026-'))).toBe(true);
    expect((await dept.get('/api/cases/calendar')).body.year).toBe(2026);
  });

  it('a day the district makes a holiday moves a due date computed afterwards; deleting it moves it back', async () => {
    // Monday 23 November 2026, 15:00 China time; 7 working days → Wednesday 2 December, 15:00
    const reported = new Date('2026-11-23T07:00:00Z');
    const due = async () => dueAt(reported, 7, 'working_days', await calendarFor(t.deps.db, districtId));
    expect((await due()).toISOString()).toBe('2026-12-02T07:00:00.000Z');

    const put = await district.put('/api/cases/calendar/2026-11-27', { kind: 'holiday', name: '台风停工' }, key());
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({
      day: '2026-11-27',
      kind: 'holiday',
      name: '台风停工',
      source: 'district',
      official: null,
    });
    expect((await due()).toISOString()).toBe('2026-12-03T07:00:00.000Z');
    expect((await yearOf(staff, 2026)).find((d) => d.day === '2026-11-27')).toMatchObject({ source: 'district' });

    const del = await district.delete('/api/cases/calendar/2026-11-27', key());
    expect(del.status, JSON.stringify(del.body)).toBe(200);
    expect(del.body).toEqual({ day: '2026-11-27', now: null });
    expect((await due()).toISOString()).toBe('2026-12-02T07:00:00.000Z');
    const audits = await auditRecords(t, { targetId: '2026-11-27' });
    expect(audits.map((a) => a.action)).toEqual(['cases.calendar_put', 'cases.calendar_delete']);
  });

  it('a district row over an official day wins and shows what it overrides; a 调休 Saturday can be taken back', async () => {
    const put = await district.put('/api/cases/calendar/2026-10-10', { kind: 'holiday', name: '本区不调休' }, key());
    expect(put.body).toMatchObject({
      kind: 'holiday',
      source: 'district',
      official: { kind: 'workday', name: '国庆节' },
    });
    expect((await calendarFor(t.deps.db, districtId)).get('2026-10-10')).toBe('holiday');
    const del = await district.delete('/api/cases/calendar/2026-10-10', key());
    expect(del.body.now).toMatchObject({ day: '2026-10-10', kind: 'workday', source: 'official' });
    expect((await calendarFor(t.deps.db, districtId)).get('2026-10-10')).toBe('workday');
  });

  it('putting a day again replaces the district’s row', async () => {
    await district.put('/api/cases/calendar/2027-02-05', { kind: 'holiday', name: '春节' }, key());
    const again = await district.put('/api/cases/calendar/2027-02-05', { kind: 'workday', name: '春节值班' }, key());
    expect(again.status).toBe(200);
    const days = await yearOf(district, 2027);
    expect(days.filter((d) => d.day === '2027-02-05')).toEqual([
      { day: '2027-02-05', kind: 'workday', name: '春节值班', source: 'district', official: null },
    ]);
  });

  it('refuses a day that does not exist by field, deleting a day the district has no row for, and non-admins', async () => {
    const bad = await district.put(
      '/api/cases/calendar/2026-02-30',
      { kind: 'holiday', name: '不存在' },
      { ...key(), 'accept-language': 'en' },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'day', message: 'day: not a valid date' });
    const none = await district.delete('/api/cases/calendar/2026-11-30', key());
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('CASE_CALENDAR_DAY_NOT_FOUND');
    expect((await staff.put('/api/cases/calendar/2026-11-30', { kind: 'holiday', name: '越权' }, key())).status).toBe(
      403,
    );
    expect((await staff.delete('/api/cases/calendar/2026-11-30', key())).status).toBe(403);
    const resident = await t.as('resident.demo');
    expect((await resident.get('/api/cases/calendar')).status).toBe(403);
  });
});
