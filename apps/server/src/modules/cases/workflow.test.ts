import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categoryUid,
  ensureCaseBasics,
  reportCase,
  residentReport,
  uploadCasePhoto,
} from '../../../test/cases-fixtures.ts';
import { auditRecords, createAccount } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { seedDefaultCategories } from './categories-repo.ts';

const GARBAGE = 'environment.garbage'; // 城管 (001)
const ROAD = 'traffic.road-damage'; // 住建 (002): no handler account in the demo
const NOISE = 'neighbour.noise'; // the community's, deliberable

describe(`the cases workflow (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client; // 李晓燕, community staff of 金溪社区
  let worker: Client; // 张海峰, grid worker of 金溪社区第一网格
  let chengguan: Client; // 何志勇, handler of 城管 (001)
  let street: Client; // 陈丽娟, 江南街道
  let resident: Client; // 王桂芳
  let zhujian: Client; // a handler of 住建 (002) made below
  let serial = 0;
  const key = () => ({ 'idempotency-key': `workflow-test-${++serial}` });

  const db = () => t.deps.db;
  const unitUid = (code: string) => t.unitId(code);

  /** A case a grid worker took in on patrol, in the category given (reported). */
  const report = async (code = GARBAGE, over: Record<string, unknown> = {}) =>
    (await reportCase(t, worker, { category: await categoryUid(t, code), ...over })).uid as string;
  /** A case 王桂芳 reported herself (so she may rate it). */
  const residentCase = async (code = GARBAGE) =>
    (await residentReport(t, resident, { category: await categoryUid(t, code) })).uid as string;

  const post = (as: Client, uid: string, action: string, body: unknown = {}, headers: Record<string, string> = key()) =>
    as.post(`/api/cases/${uid}/${action}`, body, headers);
  async function ok(as: Client, uid: string, action: string, body: unknown = {}) {
    const res = await post(as, uid, action, body);
    expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  }
  /** reported → dispatched → in_progress → resolved by 城管. */
  async function resolved(uid: string) {
    await ok(staff, uid, 'dispatch');
    await ok(chengguan, uid, 'start');
    return ok(chengguan, uid, 'resolve', { result: '已安排清运车辆,垃圾已清理完毕' });
  }
  const caseRow = (uid: string) =>
    db().selectFrom('cases').selectAll().where('uid', '=', uid).executeTakeFirstOrThrow();
  const events = async (uid: string) =>
    (
      await sql<{
        action: string;
        from_status: string | null;
        to_status: string | null;
        note: string | null;
        detail: any;
      }>`
        select e.action, e.from_status, e.to_status, e.note, e.detail from case_event e
          join cases c on c.id = e.case_id where c.uid = ${uid}::uuid order by e.seq`.execute(db())
    ).rows;
  const outbox = async (uid: string) =>
    (
      await sql<{ topic: string; payload: any }>`
        select topic, payload from outbox where payload->>'caseUid' = ${uid} order by id`.execute(db())
    ).rows;

  beforeAll(async () => {
    t = await startTestPlatform();
    await ensureCaseBasics(t);
    const district = await db()
      .selectFrom('org_unit')
      .select('id')
      .where('kind', '=', 'district')
      .where('path', '=', '440704')
      .executeTakeFirstOrThrow();
    await db()
      .transaction()
      .execute((trx) => seedDefaultCategories(trx, district.id, t.clock()));
    const admin = await t.as('admin');
    const account = await createAccount(t, admin, {
      username: 'dept.zhujian.test',
      displayName: '住建测试',
      unit: '002',
      role: 'dept_handler',
    });
    [staff, worker, chengguan, street, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('grid.jinxi01'),
      t.as('dept.chengguan'),
      t.as('street.jiangnan'),
      t.as('resident.demo'),
    ]);
    // 住建 has a handler only for the transfer test; the 兜底 test takes the account away again.
    zhujian = await t.as('dept.zhujian.test', account.password);
  }, 600_000); // the platform starts slowly on a busy machine
  afterAll(() => t?.close());

  it('takes a case through its whole life: report → accept → dispatch to 城管 → start → resolve → rated 5 → closed', async () => {
    const uid = await residentCase();
    const template = await db()
      .selectFrom('case_reply_template')
      .select(['uid', 'title'])
      .where('purpose', '=', 'accept')
      .executeTakeFirstOrThrow();

    const tallyOf = async (caseUid: string) => {
      const c = await caseRow(caseUid);
      const { rows } = await sql<{
        resolved: number;
        rated: number;
        rating_sum: number;
        satisfied: number;
        hours: number;
      }>`
        select coalesce(sum(resolved), 0)::int as resolved, coalesce(sum(rated), 0)::int as rated,
               coalesce(sum(rating_sum), 0)::int as rating_sum, coalesce(sum(satisfied), 0)::int as satisfied,
               coalesce(sum((select coalesce(sum(h), 0) from unnest(resolve_hours) h)), 0)::int as hours
          from case_month_tally
         where community_id = ${c.community_id} and category_id = ${c.category_id}
           and handler_unit_id = (select id from org_unit where code = '001')`.execute(db());
      return rows[0] as { resolved: number; rated: number; rating_sum: number; satisfied: number; hours: number };
    };
    const before = await tallyOf(uid);

    const accepted = await ok(staff, uid, 'accept', { note: '已受理,将尽快安排', template: template.uid });
    expect(accepted).toMatchObject({ uid, status: 'accepted' });
    expect(accepted.acceptedAt).toBe(t.clock().toISOString());
    expect(accepted.allowedActions).toEqual(expect.arrayContaining(['dispatch', 'comment']));
    expect(accepted.allowedActions).not.toContain('accept');

    const dispatched = await ok(staff, uid, 'dispatch', {});
    expect(dispatched.status).toBe('dispatched');
    expect(dispatched.handler).toMatchObject({ uid: await unitUid('001'), kind: 'department' });
    // The department sees it in its inbox, due soonest first, with its SLA state.
    const inbox = await chengguan.get('/api/cases/inbox');
    expect(inbox.status, JSON.stringify(inbox.body)).toBe(200);
    const item = inbox.body.items.find((i: { uid: string }) => i.uid === uid);
    expect(item).toMatchObject({ status: 'dispatched', slaState: 'ok', handler: { name: '区城市管理和综合执法局' } });
    const dues = inbox.body.items.map((i: { resolveDueAt: string }) => i.resolveDueAt);
    expect(dues).toEqual([...dues].sort());
    // The community's inbox does not hold a department's case.
    const communityInbox = await staff.get('/api/cases/inbox?pageSize=200');
    expect(communityInbox.body.items.map((i: { uid: string }) => i.uid)).not.toContain(uid);

    const started = await ok(chengguan, uid, 'start', { note: '已派人前往现场' });
    expect(started.status).toBe('in_progress');
    expect(started.assignee?.name).toBe('何志勇');
    const photo = await uploadCasePhoto(chengguan);
    const done = await ok(chengguan, uid, 'resolve', { result: '已安排清运车辆,垃圾已清理完毕', photos: [photo] });
    expect(done).toMatchObject({ status: 'resolved', result: '已安排清运车辆,垃圾已清理完毕' });
    expect(done.photos).toContainEqual({ uid: photo, stage: 'result' });
    // The reporter sees the handler's photo of the result.
    expect((await resident.get(`/api/cases/photos/${photo}`)).status).toBe(200);

    const rated = await ok(resident, uid, 'rate', { rating: 5, comment: '处理很快,谢谢' });
    expect(rated).toMatchObject({ status: 'closed', rating: 5, ratingComment: '处理很快,谢谢' });
    expect(rated.allowedActions).toEqual([]);

    const timeline = await events(uid);
    expect(timeline.map((e) => [e.action, e.from_status, e.to_status])).toEqual([
      ['report', null, 'reported'],
      ['accept', 'reported', 'accepted'],
      ['dispatch', 'accepted', 'dispatched'],
      ['start', 'dispatched', 'in_progress'],
      ['resolve', 'in_progress', 'resolved'],
      ['rate', 'resolved', 'closed'],
    ]);
    expect(timeline[1]?.detail).toEqual({ template: { uid: template.uid, title: template.title } });
    // 首问负责: the hand-off from whoever took it in to the department is on the timeline.
    expect(timeline[2]?.detail).toMatchObject({
      handler: { uid: await unitUid('001'), kind: 'department' },
    });
    expect(timeline[5]).toMatchObject({ note: '处理很快,谢谢', detail: { rating: 5 } });

    expect((await outbox(uid)).map((e) => e.topic)).toEqual([
      'case.accepted',
      'case.dispatched',
      'case.started',
      'case.resolved',
      'case.rated',
    ]);
    const audits = await auditRecords(t, { targetId: uid });
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining(['cases.accept', 'cases.dispatch', 'cases.start', 'cases.resolve', 'cases.rate']),
    );
    expect(audits.find((a) => a.action === 'cases.rate')).toMatchObject({
      actor_name: 'resident.demo',
      after: { status: 'closed' },
    });

    // 满意度 and resolution time kept on write: this case's resolution and rating on top of what was there.
    const after = await tallyOf(uid);
    expect({
      resolved: after.resolved - before.resolved,
      rated: after.rated - before.rated,
      ratingSum: after.rating_sum - before.rating_sum,
      satisfied: after.satisfied - before.satisfied,
      hours: after.hours - before.hours,
    }).toEqual({ resolved: 1, rated: 1, ratingSum: 5, satisfied: 1, hours: 1 });
  });

  it('records the 首问负责 hand-off when a case taken in by staff is dispatched', async () => {
    const uid = await report();
    const row = await caseRow(uid);
    expect(row.owner_id).not.toBeNull();
    await ok(staff, uid, 'dispatch', { note: '请城管处理' });
    const [, dispatch] = await events(uid);
    expect(dispatch).toMatchObject({
      action: 'dispatch',
      from_status: 'reported',
      to_status: 'dispatched',
      note: '请城管处理',
      detail: { handOff: { from: { name: '张海峰' }, to: { uid: await unitUid('001') } } },
    });
    // Dispatching from 'reported' accepts it in the same step.
    const after = await caseRow(uid);
    expect(after.accepted_at).toEqual(t.clock());
    expect(after.owner_id).toBe(row.owner_id);
  });

  it('dispatches to the community itself, or names an assignee of the unit', async () => {
    const uid = await report();
    const community = await unitUid('440704001001');
    const me = await db()
      .selectFrom('app_user')
      .select('uid')
      .where('username', '=', 'grid.jinxi01')
      .executeTakeFirstOrThrow();
    const res = await ok(staff, uid, 'dispatch', { target: community, assignee: me.uid });
    expect(res.handler).toMatchObject({ uid: community, kind: 'community' });
    expect(res.assignee?.name).toBe('张海峰');
    // The grid worker handles the community's case in their grid; the department cannot.
    expect((await post(chengguan, uid, 'start')).status).toBe(404);
    const inbox = await worker.get('/api/cases/inbox');
    expect(inbox.body.items.map((i: { uid: string }) => i.uid)).toContain(uid);
    expect((await ok(worker, uid, 'start')).status).toBe('in_progress');

    // An assignee outside the unit, or a target that is neither a department nor the case's community.
    const other = await report();
    const chengguanUser = await db()
      .selectFrom('app_user')
      .select('uid')
      .where('username', '=', 'dept.chengguan')
      .executeTakeFirstOrThrow();
    const badAssignee = await post(staff, other, 'dispatch', { target: community, assignee: chengguanUser.uid });
    expect(badAssignee.status).toBe(400);
    expect(badAssignee.body.error).toMatchObject({ code: 'CASE_ASSIGNEE_INVALID', details: { field: 'assignee' } });
    const badTarget = await post(staff, other, 'dispatch', { target: await unitUid('440704002001') });
    expect(badTarget.status).toBe(400);
    expect(badTarget.body.error).toMatchObject({ code: 'CASE_TARGET_INVALID', details: { field: 'target' } });
    expect((await caseRow(other)).status).toBe('reported');
  });

  it('resolves with result photos uploaded first (stage result), refusing a photo that is not the handler’s', async () => {
    const uid = await report();
    await ok(staff, uid, 'dispatch', { target: await unitUid('440704001001') });
    const mine = await uploadCasePhoto(staff);
    const theirs = await uploadCasePhoto(worker);
    const refused = await post(staff, uid, 'resolve', { result: '路灯已修复', photos: [mine, theirs] });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'CASE_PHOTO_NOT_FOUND', details: { field: 'photos[1]' } });
    const done = await ok(staff, uid, 'resolve', { result: '路灯已修复', photos: [mine] });
    expect(done.photos).toContainEqual({ uid: mine, stage: 'result' });
    expect((await events(uid)).at(-1)).toMatchObject({ action: 'resolve', note: '路灯已修复', detail: { photos: 1 } });
  });

  it('transfers with a reason, and the handler returns a case with a reason', async () => {
    const uid = await report();
    await ok(staff, uid, 'dispatch');
    const zhujianUnit = await unitUid('002');

    const noReason = await post(staff, uid, 'transfer', { target: zhujianUnit });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toContainEqual(expect.objectContaining({ field: 'reason', rule: 'required' }));
    const same = await post(staff, uid, 'transfer', { target: await unitUid('001'), reason: '再派一次' });
    expect(same.body.error).toMatchObject({ code: 'CASE_TARGET_INVALID', details: { field: 'target', same: true } });

    const moved = await ok(staff, uid, 'transfer', { target: zhujianUnit, reason: '属于道路维修,转住建' });
    expect(moved).toMatchObject({ status: 'dispatched', handler: { uid: zhujianUnit } });
    // 城管 no longer reaches it; 住建 does.
    expect((await post(chengguan, uid, 'start')).status).toBe(404);
    expect((await chengguan.get(`/api/cases/${uid}`)).status).toBe(404);
    const inbox = await zhujian.get('/api/cases/inbox');
    expect(inbox.body.items.map((i: { uid: string }) => i.uid)).toContain(uid);

    const noReturnReason = await post(zhujian, uid, 'return', {});
    expect(noReturnReason.status).toBe(400);
    const back = await ok(zhujian, uid, 'return', { reason: '现场为小区内部道路,不属我局职责' });
    expect(back).toMatchObject({ status: 'accepted', handler: null });
    expect((await post(zhujian, uid, 'start')).status).toBe(404);

    const tl = await events(uid);
    expect(tl.slice(-2)).toEqual([
      expect.objectContaining({
        action: 'transfer',
        from_status: 'dispatched',
        to_status: 'dispatched',
        note: '属于道路维修,转住建',
        detail: expect.objectContaining({ from: expect.objectContaining({ uid: await unitUid('001') }) }),
      }),
      expect.objectContaining({
        action: 'return',
        from_status: 'dispatched',
        to_status: 'accepted',
        note: '现场为小区内部道路,不属我局职责',
      }),
    ]);
    expect((await outbox(uid)).map((e) => e.topic).slice(-2)).toEqual(['case.transferred', 'case.returned']);
  });

  it('falls back to the community (兜底) when the category’s department has no handler, and says so', async () => {
    // 住建's only handler account is disabled: nobody there to take it.
    await db()
      .updateTable('app_user')
      .set({ status: 'disabled' })
      .where('username', '=', 'dept.zhujian.test')
      .execute();
    try {
      const uid = await report(ROAD);
      const res = await ok(staff, uid, 'dispatch');
      expect(res.handler).toMatchObject({ uid: await unitUid('440704001001'), kind: 'community' });
      const [, dispatch] = await events(uid);
      expect(dispatch?.detail).toMatchObject({
        fallback: 'no_handler',
        wanted: { uid: await unitUid('002'), kind: 'department' },
        handler: { kind: 'community' },
      });
      expect((await outbox(uid)).at(-1)?.payload).toMatchObject({ fallback: 'no_handler' });
    } finally {
      await db()
        .updateTable('app_user')
        .set({ status: 'active' })
        .where('username', '=', 'dept.zhujian.test')
        .execute();
    }
  });

  it('reopens a case rated badly, back to the same handler, with a follow-up task due in 2 working days', async () => {
    const uid = await residentCase();
    await resolved(uid);
    const rated = await ok(resident, uid, 'rate', { rating: 2, comment: '垃圾又堆起来了' });
    expect(rated).toMatchObject({ status: 'in_progress', reopenCount: 1, rating: 2 });
    expect(rated.handler?.uid).toBe(await unitUid('001'));
    // Monday 2026-11-23 (10:00 in China) + 2 working days = Wednesday, the same time.
    expect(t.clock().toISOString().slice(0, 10)).toBe('2026-11-23');
    expect(rated.tasks).toEqual([
      expect.objectContaining({
        kind: 'follow_up',
        status: 'open',
        dueAt: new Date(t.clock().getTime() + 2 * 86_400_000).toISOString(),
      }),
    ]);
    const task = await db()
      .selectFrom('case_task')
      .selectAll()
      .where('uid', '=', rated.tasks[0].uid)
      .executeTakeFirstOrThrow();
    const community = await db()
      .selectFrom('org_unit')
      .select('path')
      .where('code', '=', '440704001001')
      .executeTakeFirstOrThrow();
    expect(task.org_path).toBe(community.path);
    const [rate] = (await events(uid)).slice(-1);
    expect(rate).toMatchObject({
      action: 'rate',
      from_status: 'resolved',
      to_status: 'in_progress',
      note: '垃圾又堆起来了',
      detail: { rating: 2, reopened: true, reopenCount: 1, followUp: { uid: task.uid } },
    });
    // The handler resolves it again; the reporter may rate again.
    expect((await ok(chengguan, uid, 'resolve', { result: '已加派清运频次' })).status).toBe('resolved');
    expect((await ok(resident, uid, 'rate', { rating: 4 })).status).toBe('closed');
    // Resolved counted once, both ratings counted.
    const row = await caseRow(uid);
    expect(row.reopen_count).toBe(1);
  });

  it('lets the reporter of a case merged into this one rate it, and no other resident', async () => {
    const uid = await report();
    const mine = await residentCase();
    await resolved(uid);
    expect((await post(resident, uid, 'rate', { rating: 4 })).status).toBe(404);
    const [target, source] = [await caseRow(uid), await caseRow(mine)];
    await db()
      .insertInto('case_reporter')
      .values({
        case_id: target.id,
        source_case_id: source.id,
        reporter_user_id: source.reporter_user_id,
        added_at: t.clock(),
      })
      .execute();
    expect((await ok(resident, uid, 'rate', { rating: 4 })).status).toBe('closed');
  });

  it('refuses a transition the status does not allow: 409 with the allowed actions', async () => {
    const uid = await report();
    const res = await post(staff, uid, 'resolve', { result: '已处理' });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'CASE_TRANSITION_FORBIDDEN',
      details: {
        status: 'reported',
        action: 'resolve',
        allowed: ['accept', 'reject', 'dispatch', 'escalate', 'supervise', 'merge', 'comment'],
      },
    });
    expect((await post(staff, uid, 'close')).body.error.code).toBe('CASE_TRANSITION_FORBIDDEN');
    expect((await post(staff, uid, 'link-topic', { topicUid: crypto.randomUUID() })).status).toBe(409);
    expect((await caseRow(uid)).status).toBe('reported');
    expect(await events(uid)).toHaveLength(1);
  });

  it('hides a case from a handler of another department (404), and from a resident who did not report it', async () => {
    const uid = await report(ROAD);
    await ok(staff, uid, 'dispatch', { target: await unitUid('002') });
    const bodies: Record<string, unknown> = {
      start: {},
      resolve: { result: '已处理' },
      return: { reason: '不是我们的' },
    };
    for (const [action, body] of Object.entries(bodies)) {
      const res = await post(chengguan, uid, action, body);
      expect(res.status, action).toBe(404);
      expect(res.body.error.code).toBe('CASE_NOT_FOUND');
    }
    expect((await post(resident, uid, 'rate', { rating: 5 })).status).toBe(404);
    // A department handler may not accept or dispatch at all.
    expect((await post(chengguan, uid, 'accept')).status).toBe(403);
  });

  it('names the missing reason in Chinese and in English', async () => {
    const uid = await report();
    const zh = await post(staff, uid, 'reject', {});
    expect(zh.status).toBe(400);
    expect(zh.body.error.code).toBe('VALIDATION_FAILED');
    expect(zh.body.error.details).toContainEqual(expect.objectContaining({ field: 'reason', rule: 'required' }));
    expect(zh.body.error.message).toContain('缺少必填字段 reason');
    const en = await post(staff, uid, 'reject', {}, { ...key(), 'accept-language': 'en' });
    expect(en.body.error.message).toContain('Missing required field reason');
    const resolveEn = await post(staff, uid, 'resolve', { result: '' }, { ...key(), 'accept-language': 'en' });
    expect(resolveEn.body.error.details).toContainEqual(expect.objectContaining({ field: 'result' }));

    const rejected = await ok(staff, uid, 'reject', { reason: '不属于本平台受理范围' });
    expect(rejected).toMatchObject({ status: 'rejected', allowedActions: [] });
    expect((await events(uid)).at(-1)).toMatchObject({ action: 'reject', note: '不属于本平台受理范围' });
  });

  it('answers a retry with the same Idempotency-Key from the first answer, acting once', async () => {
    const uid = await report();
    const headers = { 'idempotency-key': `workflow-accept-${uid}` };
    const first = await post(staff, uid, 'accept', {}, headers);
    const again = await post(staff, uid, 'accept', {}, headers);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await events(uid)).filter((e) => e.action === 'accept')).toHaveLength(1);
    // Without the key, a second accept meets the graph.
    expect((await post(staff, uid, 'accept', {}, { 'idempotency-key': `workflow-accept-2-${uid}` })).status).toBe(409);
  });

  it('dispatches in bulk: the good cases go, a case that may not is reported back by uid', async () => {
    const [a, b, bad] = [await report(), await report(ROAD), await report()];
    await ok(staff, bad, 'reject', { reason: '重复上报' });
    const unknown = crypto.randomUUID();
    const res = await staff.post('/api/cases/dispatch', { cases: [a, bad, b, unknown] }, key());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ dispatched: 2, failed: 2 });
    expect(res.body.results.map((r: { uid: string; outcome: string }) => [r.uid, r.outcome])).toEqual([
      [a, 'dispatched'],
      [bad, 'failed'],
      [b, 'dispatched'],
      [unknown, 'failed'],
    ]);
    expect(res.body.results[0]).toMatchObject({ status: 'dispatched', handler: { uid: await unitUid('001') } });
    expect(res.body.results[1]).toMatchObject({
      status: 'rejected',
      error: { code: 'CASE_TRANSITION_FORBIDDEN', details: { status: 'rejected', action: 'dispatch', allowed: [] } },
    });
    expect(res.body.results[3]).toMatchObject({ status: null, error: { code: 'CASE_NOT_FOUND' } });
    expect((await caseRow(a)).status).toBe('dispatched');
    expect((await caseRow(b)).status).toBe('dispatched');

    // A bad target refuses the whole request: nothing moves.
    const c = await report();
    const refused = await staff.post('/api/cases/dispatch', { cases: [c], target: crypto.randomUUID() }, key());
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('CASE_TARGET_INVALID');
    const tooMany = await staff.post(
      '/api/cases/dispatch',
      { cases: Array.from({ length: 101 }, () => crypto.randomUUID()) },
      key(),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details).toContainEqual(expect.objectContaining({ field: 'cases', rule: 'maxItems' }));
    expect((await caseRow(c)).status).toBe('reported');

    // To the community: a case of another community fails, the others go.
    const jinxi = await unitUid('440704001001');
    const toCommunity = await staff.post('/api/cases/dispatch', { cases: [c], target: jinxi }, key());
    expect(toCommunity.body.results[0]).toMatchObject({ outcome: 'dispatched', handler: { uid: jinxi } });
  });

  it('lets two concurrent resolves of one case through once: one 200, one 409', async () => {
    const uid = await report();
    await ok(staff, uid, 'dispatch');
    const [x, y] = await Promise.all([
      post(chengguan, uid, 'resolve', { result: '甲处理结果' }),
      post(chengguan, uid, 'resolve', { result: '乙处理结果' }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const loser = x.status === 409 ? x : y;
    expect(loser.body.error.details).toMatchObject({ status: 'resolved', action: 'resolve' });
    expect((await events(uid)).filter((e) => e.action === 'resolve')).toHaveLength(1);
  });

  it('escalates up to the district, supervises, closes a resolved case, links a deliberable one to a topic', async () => {
    const uid = await report(NOISE);
    expect((await post(staff, uid, 'escalate')).status).toBe(403);
    expect((await ok(street, uid, 'escalate', { note: '超时未受理' })).escalationLevel).toBe(1);
    expect((await ok(street, uid, 'escalate')).escalationLevel).toBe(2);
    const top = await post(street, uid, 'escalate');
    expect(top.status).toBe(409);
    expect(top.body.error.details.allowed).not.toContain('escalate');
    const supervised = await ok(street, uid, 'supervise', { note: '请三日内办结并回复' });
    expect(supervised.supervised).toBe(true);
    expect((await post(street, uid, 'supervise', {})).status).toBe(400);

    await ok(staff, uid, 'accept');
    const topic = crypto.randomUUID();
    const linked = await ok(staff, uid, 'link-topic', { topicUid: topic });
    expect(linked.topicUid).toBe(topic);
    const notDeliberable = await report();
    await ok(staff, notDeliberable, 'accept');
    const refused = await post(staff, notDeliberable, 'link-topic', { topicUid: topic });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.allowed).not.toContain('link_topic');

    const other = await report();
    await resolved(other);
    const closed = await ok(staff, other, 'close', { note: '已电话回访,群众无异议' });
    expect(closed).toMatchObject({ status: 'closed' });
    expect(closed.closedAt).toBe(t.clock().toISOString());
    expect((await outbox(uid)).map((e) => e.topic)).toEqual(
      expect.arrayContaining(['case.escalated', 'case.supervised', 'case.topic_linked']),
    );
  });

  it('takes comments from staff, the handler and the reporter, and from no one else', async () => {
    const uid = await residentCase();
    await ok(staff, uid, 'dispatch');
    await ok(staff, uid, 'comment', { note: '已联系城管' });
    await ok(chengguan, uid, 'comment', { note: '明早处理' });
    const mine = await ok(resident, uid, 'comment', { note: '谢谢,等候处理' });
    expect(mine.timeline.slice(-3).map((e: { action: string; note: string }) => [e.action, e.note])).toEqual([
      ['comment', '已联系城管'],
      ['comment', '明早处理'],
      ['comment', '谢谢,等候处理'],
    ]);
    expect((await post(resident, await report(), 'comment', { note: '路过' })).status).toBe(404);
    expect((await post(await t.as('auditor'), uid, 'comment', { note: '看看' })).status).toBe(403);
  });
});
