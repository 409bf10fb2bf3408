import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { noticesOf } from '../../../test/meetings-fixtures.ts';
import { demoResident } from '../../../test/points-fixtures.ts';
import { JPEG } from '../../../test/visit-fixtures.ts';
import { residentsWithSessions, type TestResident } from '../../../test/votes-fixtures.ts';

const JINXI = '440704001001';

describe(`民生微实事: budgets and projects (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client; // community staff of 金溪社区
  let worker: Client; // grid worker of one grid: the community's records are outside their area
  let street: Client; // street official: reads the community's, does not manage
  let otherStaff: Client; // 英南村
  let resident: Client; // 王桂芳 of 金溪社区
  let neighbours: TestResident[]; // more residents of 金溪社区
  let villager: TestResident; // a resident of 英南村
  let serial = 0;
  const key = () => ({ 'idempotency-key': `micro-test-${++serial}` });
  let year = 2030;

  async function budget(overrides: Record<string, unknown> = {}, as: Client = staff) {
    const res = await as.post(
      '/api/deliberation/budgets',
      {
        uid: randomUUID(),
        unit: await t.unitId(JINXI),
        year: year++,
        title: '金溪社区民生微实事',
        amountCents: 30_000_000,
        ballotStyle: 'approval',
        maxChoices: 2,
        ...overrides,
      },
      key(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async function propose(budgetUid: string, as: Client, overrides: Record<string, unknown> = {}) {
    const res = await as.post(
      `/api/deliberation/budgets/${budgetUid}/projects`,
      {
        uid: randomUUID(),
        title: '楼道声控灯更换',
        description: '3 栋楼道声控灯损坏多年，晚上老人上下楼不便。',
        location: '金溪花园 3 栋',
        estimateCents: 800_000,
        ...overrides,
      },
      key(),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  const phase = (uid: string, to: string, as: Client = staff, extra: Record<string, unknown> = {}) =>
    as.post(`/api/deliberation/budgets/${uid}/phase`, { to, ...extra }, key());
  const review = (uid: string, body: Record<string, unknown>, as: Client = staff) =>
    as.post(`/api/deliberation/projects/${uid}/review`, body, key());
  const cast = (voteUid: string, as: Client, choice: string[]) =>
    as.post(`/api/deliberation/votes/${voteUid}/ballots`, { choice }, key());

  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    await demoResident(t);
    neighbours = await residentsWithSessions(t, 4, '440704001001002');
    [villager] = (await residentsWithSessions(t, 1, '440704003201001')) as [TestResident];
    [staff, worker, street, otherStaff, resident] = await Promise.all([
      t.as('staff.jinxi'),
      t.as('grid.jinxi01'),
      t.as('street.jiangnan'),
      t.as('staff.yingnan'),
      t.as('resident.demo'),
    ]);
  }, 600_000);
  afterAll(() => t?.close());

  it('staff open a year’s budget for their community, once per year, and only for a community', async () => {
    const b = await budget({ year: 2040 });
    expect(b).toMatchObject({
      phase: 'proposing',
      amountCents: 30_000_000,
      community: { code: JINXI, name: '金溪社区' },
      projects: [],
      vote: null,
      selection: null,
    });
    expect(b.allowedActions).toEqual(expect.arrayContaining(['edit', 'propose', 'advance']));
    const again = await staff.post(
      '/api/deliberation/budgets',
      {
        uid: randomUUID(),
        unit: await t.unitId(JINXI),
        year: 2040,
        title: '重复',
        amountCents: 100,
        ballotStyle: 'approval',
      },
      key(),
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DELIB_BUDGET_EXISTS');
    const grid = await staff.post(
      '/api/deliberation/budgets',
      {
        uid: randomUUID(),
        unit: await t.unitId('440704001001001'),
        year: 2041,
        title: '网格预算',
        amountCents: 100,
        ballotStyle: 'approval',
      },
      key(),
    );
    expect(grid.status).toBe(400);
    expect(grid.body.error.details[0]).toMatchObject({ field: 'unit' });
    const elsewhere = await otherStaff.post(
      '/api/deliberation/budgets',
      {
        uid: randomUUID(),
        unit: await t.unitId(JINXI),
        year: 2042,
        title: '越权',
        amountCents: 100,
        ballotStyle: 'approval',
      },
      key(),
    );
    expect(elsewhere.status).toBe(404);
    expect(await auditRecords(t, { action: 'deliberation.budget_create', targetId: b.uid })).toHaveLength(1);
  });

  it('a retried create with the same Idempotency-Key answers the first budget again', async () => {
    const body = {
      uid: randomUUID(),
      unit: await t.unitId(JINXI),
      year: 2043,
      title: '重试',
      amountCents: 100_000,
      ballotStyle: 'knapsack',
    };
    const headers = { 'idempotency-key': 'micro-retry-budget-1' };
    const first = await staff.post('/api/deliberation/budgets', body, headers);
    const second = await staff.post('/api/deliberation/budgets', body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.uid).toBe(first.body.uid);
  });

  it('residents see and propose to their own community’s budget only; a street official reads but may not propose', async () => {
    const b = await budget();
    const mine = await propose(b.uid, resident);
    expect(mine).toMatchObject({ status: 'proposed', mine: true, proposerName: expect.any(String) });
    expect(mine.allowedActions).toEqual(['edit']);

    const seen = await neighbours[0]?.client.get(`/api/deliberation/budgets/${b.uid}`);
    expect(seen?.status).toBe(200);
    const theirs = seen?.body.projects.find((p: { uid: string }) => p.uid === mine.uid);
    expect(theirs.mine).toBe(false);
    expect(theirs.proposerName).toContain('*');

    expect((await villager.client.get(`/api/deliberation/budgets/${b.uid}`)).status).toBe(404);
    const list = await villager.client.get('/api/deliberation/budgets');
    expect(list.body.items.map((x: { uid: string }) => x.uid)).not.toContain(b.uid);
    const notHers = await villager.client.post(
      `/api/deliberation/budgets/${b.uid}/projects`,
      { uid: randomUUID(), title: '越界', description: '不是本社区的', estimateCents: 100 },
      key(),
    );
    expect(notHers.status).toBe(404);

    expect((await worker.get(`/api/deliberation/budgets/${b.uid}`)).status).toBe(404);
    expect((await street.get(`/api/deliberation/budgets/${b.uid}`)).status).toBe(200);
    const byStreet = await street.post(
      `/api/deliberation/budgets/${b.uid}/projects`,
      { uid: randomUUID(), title: '街道代提', description: '代提', estimateCents: 100 },
      key(),
    );
    expect(byStreet.status).toBe(403);

    const own = await resident.get('/api/deliberation/projects?mine=true');
    expect(own.body.items.map((x: { uid: string }) => x.uid)).toContain(mine.uid);
    expect(own.body.items.every((x: { mine: boolean }) => x.mine)).toBe(true);
  });

  it('the proposer alone edits a proposal while proposals are open; an edit sends a reviewed one back to review', async () => {
    const b = await budget();
    const p = await propose(b.uid, resident);
    const other = await neighbours[1]?.client.patch(
      `/api/deliberation/projects/${p.uid}`,
      { title: '改别人的' },
      key(),
    );
    expect(other?.status).toBe(403);
    expect(other?.body.error.code).toBe('DELIB_NOT_PROPOSER');

    expect((await review(p.uid, { verdict: 'feasible', priceCents: 750_000 })).status).toBe(200);
    const edited = await resident.patch(
      `/api/deliberation/projects/${p.uid}`,
      { title: '楼道声控灯和扶手', estimateCents: 1_200_000 },
      key(),
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ title: '楼道声控灯和扶手', status: 'proposed', priceCents: null });

    expect((await phase(b.uid, 'reviewing')).status).toBe(200);
    const late = await resident.patch(`/api/deliberation/projects/${p.uid}`, { title: '再改' }, key());
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('DELIB_PROJECT_LOCKED');
    const lateProposal = await resident.post(
      `/api/deliberation/budgets/${b.uid}/projects`,
      { uid: randomUUID(), title: '迟到的提议', description: '已截止', estimateCents: 100 },
      key(),
    );
    expect(lateProposal.status).toBe(409);
    expect(lateProposal.body.error.code).toBe('DELIB_BUDGET_PHASE');
  });

  it('proposals close on the budget’s closing date', async () => {
    const b = await budget({ proposalsCloseOn: '2026-11-22' });
    expect(b.allowedActions).not.toContain('propose');
    const res = await resident.post(
      `/api/deliberation/budgets/${b.uid}/projects`,
      { uid: randomUUID(), title: '晚了', description: '截止后', estimateCents: 100 },
      key(),
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DELIB_PROPOSALS_CLOSED');
  });

  it('an unfeasible review needs a written explanation, which reaches the proposer as a notice', async () => {
    const b = await budget();
    const p = await propose(b.uid, resident, { title: '小区门口修建停车楼' });
    const bare = await review(p.uid, { verdict: 'unfeasible' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details[0]).toMatchObject({ field: 'note' });
    const unpriced = await review(p.uid, { verdict: 'feasible' });
    expect(unpriced.status).toBe(400);
    expect(unpriced.body.error.details[0]).toMatchObject({ field: 'priceCents' });
    expect((await review(p.uid, { verdict: 'feasible', priceCents: 100 }, street)).status).toBe(403);
    expect((await review(p.uid, { verdict: 'feasible', priceCents: 100 }, otherStaff)).status).toBe(404);

    const explanation = '停车楼投资超过民生微实事单个项目 50 万元上限，建议转交街道立项。';
    const res = await review(p.uid, { verdict: 'unfeasible', note: explanation });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'unfeasible', reviewNote: explanation, priceCents: null });
    const [notice] = await noticesOf(t, 'resident.demo');
    expect(notice).toMatchObject({
      kind: 'micro_review',
      body: explanation,
      link: `/r/deliberation/projects/${p.uid}`,
    });
    expect(notice?.title).toContain('小区门口修建停车楼');
  });

  it('phases move one step at a time; voting needs every project reviewed and one feasible', async () => {
    const b = await budget();
    const jump = await phase(b.uid, 'voting');
    expect(jump.status).toBe(409);
    expect(jump.body.error).toMatchObject({
      code: 'DELIB_BUDGET_PHASE',
      details: { phase: 'proposing', allowed: ['reviewing'] },
    });
    const p = await propose(b.uid, resident);
    expect((await phase(b.uid, 'reviewing', street)).status).toBe(403);
    expect((await phase(b.uid, 'reviewing')).status).toBe(200);
    const unreviewed = await phase(b.uid, 'voting');
    expect(unreviewed.status).toBe(409);
    expect(unreviewed.body.error.code).toBe('DELIB_BUDGET_UNREVIEWED');
    await review(p.uid, { verdict: 'unfeasible', note: '位于市政道路，不属社区范围' });
    const none = await phase(b.uid, 'voting');
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('DELIB_BUDGET_NO_FEASIBLE');
  });

  it('residents vote on the feasible projects, and the greedy rule skips the one that no longer fits', async () => {
    // ¥100,000: 儿童游乐设施 (¥80,000) wins most votes, 长椅 (¥50,000) no longer fits and is
    // skipped, 垃圾分类亭 (¥20,000) still fits and is selected.
    const b = await budget({ amountCents: 10_000_000, maxChoices: 3 });
    const play = await propose(b.uid, resident, { title: '儿童游乐设施', estimateCents: 8_000_000 });
    const bench = await propose(b.uid, neighbours[0]?.client as Client, {
      title: '休闲长椅',
      estimateCents: 5_000_000,
    });
    const bins = await propose(b.uid, neighbours[1]?.client as Client, {
      title: '垃圾分类亭',
      estimateCents: 2_000_000,
    });
    const wall = await propose(b.uid, neighbours[2]?.client as Client, {
      title: '外墙整体翻新',
      estimateCents: 90_000_000,
    });
    expect((await phase(b.uid, 'reviewing')).status).toBe(200);
    await review(play.uid, { verdict: 'feasible', priceCents: 8_000_000 });
    await review(bench.uid, { verdict: 'feasible', priceCents: 5_000_000, note: '按两张长椅核价' });
    await review(bins.uid, { verdict: 'feasible', priceCents: 2_000_000 });
    await review(wall.uid, { verdict: 'unfeasible', note: '超出预算总额' });

    const voting = await phase(b.uid, 'voting', staff, { closesAt: '2026-12-01T00:00:00.000Z' });
    expect(voting.status, JSON.stringify(voting.body)).toBe(200);
    expect(voting.body.phase).toBe('voting');
    expect(voting.body.voteUid).toEqual(expect.any(String));
    expect(voting.body.vote).toMatchObject({ status: 'open', castCount: 0, closesAt: '2026-12-01T00:00:00.000Z' });
    const voteUid = voting.body.voteUid as string;
    const vote = await staff.get(`/api/deliberation/votes/${voteUid}`);
    expect(vote.body.style).toBe('approval');
    expect(vote.body.options.map((o: { key: string }) => o.key).sort()).toEqual([play.uid, bench.uid, bins.uid].sort());
    const voteOfResident = await resident.get(`/api/deliberation/budgets/${b.uid}`);
    expect(voteOfResident.body.allowedActions).toContain('vote');

    const voters = [resident, ...neighbours.map((n) => n.client)];
    const choices = [
      [play.uid, bench.uid],
      [play.uid, bench.uid],
      [play.uid, bins.uid],
      [play.uid],
      [bench.uid, bins.uid],
    ];
    for (const [i, c] of choices.entries()) {
      const res = await cast(voteUid, voters[i] as Client, c);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    expect((await staff.get(`/api/deliberation/budgets/${b.uid}`)).body.vote.castCount).toBe(5);
    const lateEdit = await resident.patch(`/api/deliberation/projects/${play.uid}`, { title: '改名' }, key());
    expect(lateEdit.status).toBe(409);

    const selected = await phase(b.uid, 'selected');
    expect(selected.status, JSON.stringify(selected.body)).toBe(200);
    const byUid = new Map(selected.body.projects.map((p: { uid: string }) => [p.uid, p]));
    expect(byUid.get(play.uid)).toMatchObject({ votes: 4, status: 'selected' });
    expect(byUid.get(bench.uid)).toMatchObject({ votes: 3, status: 'not_selected' });
    expect(byUid.get(bins.uid)).toMatchObject({ votes: 2, status: 'selected' });
    expect(byUid.get(wall.uid)).toMatchObject({ votes: null, status: 'unfeasible' });
    expect(selected.body.selection).toMatchObject({
      selected: [play.uid, bins.uid],
      notSelected: [bench.uid],
      spentCents: 10_000_000,
    });
    expect(selected.body.selection.ruleText).toContain('按得票从高到低');
    expect(selected.body.allocatedCents).toBe(10_000_000);
    expect(selected.body.vote.status).toBe('closed');
    const [told] = await noticesOf(t, 'resident.demo');
    expect(told).toMatchObject({ kind: 'micro_selected' });
    expect(told?.title).toContain('儿童游乐设施');
  });

  it('a selected project is carried out with milestones, spending and photos, then accepted (验收)', async () => {
    const b = await budget({ amountCents: 5_000_000, maxChoices: 1 });
    const p = await propose(b.uid, resident, { title: '小广场照明', estimateCents: 3_000_000 });
    await phase(b.uid, 'reviewing');
    await review(p.uid, { verdict: 'feasible', priceCents: 2_800_000 });
    const voting = await phase(b.uid, 'voting');
    await cast(voting.body.voteUid, resident, [p.uid]);
    expect((await phase(b.uid, 'selected')).status).toBe(200);

    const early = await staff.post(`/api/deliberation/projects/${p.uid}/accept`, { note: '提前验收' }, key());
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('DELIB_PROJECT_STATUS');
    const started = await staff.post(`/api/deliberation/projects/${p.uid}/start`, { note: '施工队进场' }, key());
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(started.body.status).toBe('in_progress');
    expect(started.body.milestones[0]).toMatchObject({ title: '开工', note: '施工队进场', spentCents: 0 });

    const photo = randomUUID();
    const up = await staff.put(`/api/deliberation/photos/${photo}`, JPEG, { 'content-type': 'image/jpeg' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(
      (await resident.put(`/api/deliberation/photos/${randomUUID()}`, JPEG, { 'content-type': 'image/jpeg' })).status,
    ).toBe(403);
    const unknownPhoto = await staff.post(
      `/api/deliberation/projects/${p.uid}/milestones`,
      { uid: randomUUID(), title: '灯杆安装', spentCents: 1, happenedOn: '2026-11-22', photos: [randomUUID()] },
      key(),
    );
    expect(unknownPhoto.status).toBe(400);
    expect(unknownPhoto.body.error.details[0]).toMatchObject({ field: 'photos' });
    const m = await staff.post(
      `/api/deliberation/projects/${p.uid}/milestones`,
      {
        uid: randomUUID(),
        title: '灯杆安装完成',
        note: '安装太阳能灯杆 6 根',
        spentCents: 1_900_000,
        happenedOn: '2026-11-22',
        photos: [photo],
      },
      key(),
    );
    expect(m.status, JSON.stringify(m.body)).toBe(201);
    expect(m.body.spentCents).toBe(1_900_000);
    expect(m.body.milestones.map((x: { title: string }) => x.title)).toEqual(['灯杆安装完成', '开工']);
    expect(m.body.milestones[0]).toMatchObject({ happenedOn: '2026-11-22', photos: [{ uid: photo }] });

    // The community's residents see the photo; a resident elsewhere does not.
    expect((await neighbours[3]?.client.get(`/api/deliberation/photos/${photo}`))?.status).toBe(200);
    expect((await villager.client.get(`/api/deliberation/photos/${photo}`)).status).toBe(404);

    const closing = await phase(b.uid, 'closed');
    expect(closing.status).toBe(409);
    expect(closing.body.error.code).toBe('DELIB_BUDGET_WORK_OPEN');

    expect((await staff.post(`/api/deliberation/projects/${p.uid}/complete`, {}, key())).body.status).toBe('completed');
    const noNote = await staff.post(`/api/deliberation/projects/${p.uid}/accept`, {}, key());
    expect(noNote.status).toBe(400);
    const accepted = await staff.post(
      `/api/deliberation/projects/${p.uid}/accept`,
      { note: '经居民代表、监督委员会现场验收，照明正常' },
      key(),
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', acceptanceNote: expect.stringContaining('验收') });
    expect((await noticesOf(t, 'resident.demo'))[0]).toMatchObject({ kind: 'micro_accepted' });

    const closed = await phase(b.uid, 'closed');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ phase: 'closed', spentCents: 1_900_000, selectedCount: 1 });
    expect(closed.body.allowedActions).not.toContain('advance');
  });

  it('staff list their area’s budgets by year and phase; a budget outside it is not listed', async () => {
    const mine = await budget({ year: 2099 });
    const list = await staff.get('/api/deliberation/budgets?year=2099');
    expect(list.body.items.map((x: { uid: string }) => x.uid)).toEqual([mine.uid]);
    const theirs = await otherStaff.get('/api/deliberation/budgets?year=2099');
    expect(theirs.body.items).toEqual([]);
    expect((await otherStaff.get(`/api/deliberation/budgets/${mine.uid}`)).status).toBe(404);
    const patched = await staff.patch(`/api/deliberation/budgets/${mine.uid}`, { amountCents: 12_345_600 }, key());
    expect(patched.status).toBe(200);
    expect(patched.body.amountCents).toBe(12_345_600);
    const bad = await staff.patch(`/api/deliberation/budgets/${mine.uid}`, { minProjects: 5, maxProjects: 2 }, key());
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0]).toMatchObject({ field: 'minProjects' });
  });
});
