import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryUid, ensureCaseBasics, residentReport } from '../../../test/cases-fixtures.ts';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { seedDefaultCategories } from './categories-repo.ts';

describe(`follow-up tasks after a bad rating (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client; // 金溪社区
  let otherStaff: Client; // 英南村
  let worker: Client;
  let chengguan: Client;
  let resident: Client;
  let serial = 0;
  const key = () => ({ 'idempotency-key': `tasks-test-${++serial}` });

  async function ok(as: Client, uid: string, action: string, body: unknown = {}) {
    const res = await as.post(`/api/cases/${uid}/${action}`, body, key());
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  }

  /** A case 王桂芳 reported, resolved by 城管 and rated `rating`: returns the case and its task (if any). */
  async function ratedCase(rating: number): Promise<{ uid: string; task: string | undefined }> {
    const c = await residentReport(t, resident, { category: await categoryUid(t, 'environment.garbage') });
    await ok(staff, c.uid, 'dispatch');
    await ok(chengguan, c.uid, 'resolve', { result: '已清理' });
    const rated = await ok(resident, c.uid, 'rate', { rating });
    return { uid: c.uid, task: rated.tasks[0]?.uid };
  }

  /** Moves the clock on and signs everyone in again (idle sessions expire). */
  async function advance(ms: number) {
    t.clock.advance(ms);
    [staff, otherStaff, worker, chengguan, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('staff.yingnan'),
      t.as('grid.jinxi01'),
      t.as('dept.chengguan'),
      t.as('resident.demo'),
    ]);
  }

  beforeAll(async () => {
    t = await startTestPlatform();
    await ensureCaseBasics(t);
    const district = await t.deps.db
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'district')
      .where('path', '=', '440704')
      .executeTakeFirstOrThrow();
    await t.deps.db.transaction().execute((trx) => seedDefaultCategories(trx, district.id, t.clock()));
    await advance(0);
  }, 600_000); // the platform starts slowly on a busy machine
  afterAll(() => t?.close());

  it('lists the community’s open follow-up tasks, due soonest first, and closes one with a note', async () => {
    const first = await ratedCase(1);
    await advance(3_600_000);
    const second = await ratedCase(2);
    const good = await ratedCase(5);
    expect(first.task && second.task).toBeTruthy();
    expect(good.task).toBeUndefined();

    const mine = [first.task, second.task];
    const ours = (items: Array<{ uid: string }>) => items.map((i) => i.uid).filter((u) => mine.includes(u));
    const list = await staff.get('/api/cases/tasks?pageSize=200');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(ours(list.body.items)).toEqual([first.task, second.task]);
    const dues = list.body.items.map((i: { dueAt: string }) => i.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(list.body.items.find((i: { uid: string }) => i.uid === first.task)).toMatchObject({
      kind: 'follow_up',
      status: 'open',
      overdue: false,
      note: null,
      case: { uid: first.uid, status: 'in_progress', rating: 1 },
    });
    // Another community's staff see none of them; a unit outside the caller's area is 404.
    expect(ours((await otherStaff.get('/api/cases/tasks?pageSize=200')).body.items)).toEqual([]);
    const jinxi = await t.unitId('440704001001');
    expect((await otherStaff.get(`/api/cases/tasks?unit=${jinxi}`)).status).toBe(404);
    const byUnit = await staff.get(`/api/cases/tasks?unit=${jinxi}&pageSize=200`);
    expect(ours(byUnit.body.items)).toEqual(mine);
    expect(byUnit.body.total).toBe(list.body.total);

    // Past its due time (2 working days) it shows as overdue.
    await advance(3 * 24 * 3_600_000);
    const later = (await staff.get('/api/cases/tasks?pageSize=200')).body.items;
    expect(later.find((i: { uid: string }) => i.uid === first.task).overdue).toBe(true);

    const done = await staff.post(
      `/api/cases/tasks/${first.task}/done`,
      { note: '已电话回访,群众表示已清理干净' },
      key(),
    );
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({
      uid: first.task,
      status: 'done',
      note: '已电话回访,群众表示已清理干净',
      doneBy: '李晓燕',
      doneAt: t.clock().toISOString(),
      overdue: false,
    });
    const again = await staff.post(`/api/cases/tasks/${first.task}/done`, { note: '再次回访' }, key());
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CASE_TASK_DONE');

    expect(ours((await staff.get('/api/cases/tasks?pageSize=200')).body.items)).toEqual([second.task]);
    expect(ours((await staff.get('/api/cases/tasks?status=done&pageSize=200')).body.items)).toEqual([first.task]);

    // The case's timeline and detail say so; the audit has it.
    const { rows } = await sql<{ action: string; note: string }>`
      select e.action, e.note from case_event e join cases c on c.id = e.case_id
       where c.uid = ${first.uid}::uuid order by e.seq desc limit 1`.execute(t.deps.db);
    expect(rows[0]).toEqual({ action: 'follow_up', note: '已电话回访,群众表示已清理干净' });
    const detail = await staff.get(`/api/cases/${first.uid}`);
    expect(detail.body.tasks).toEqual([expect.objectContaining({ uid: first.task, status: 'done' })]);
    const [audit] = await auditRecords(t, { action: 'cases.task_done', targetId: first.task });
    expect(audit).toMatchObject({ actor_name: 'staff.jinxi', after: { status: 'done', case: first.uid } });
  });

  it('keeps tasks to the community: other staff get 404, the note is required, grid workers may not close them', async () => {
    const { task } = await ratedCase(2);
    const outside = await otherStaff.post(`/api/cases/tasks/${task}/done`, { note: '回访' }, key());
    expect(outside.status).toBe(404);
    expect(outside.body.error.code).toBe('CASE_TASK_NOT_FOUND');
    const noNote = await staff.post(`/api/cases/tasks/${task}/done`, {}, key());
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details).toContainEqual(expect.objectContaining({ field: 'note', rule: 'required' }));
    expect((await worker.post(`/api/cases/tasks/${task}/done`, { note: '回访' }, key())).status).toBe(403);
    expect(
      (await chengguan.get('/api/cases/tasks?pageSize=200')).body.items.map((i: { uid: string }) => i.uid),
    ).not.toContain(task);
    expect((await resident.get('/api/cases/tasks')).status).toBe(403);
  });
});
