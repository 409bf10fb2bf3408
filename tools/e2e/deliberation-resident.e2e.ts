/**
 * 议事协商 as 王桂芳 (resident.demo, 金溪社区) meets it in Chromium on a 360-px phone. The staff of
 * 金溪社区 set the scene through the API; she does everything else on her phone:
 * - the 议事协商 tile on her home leads to 社区议事; a meeting she is called to rings the bell
 *   (会议通知); the notice opens the meeting, where she signs herself in and finds the .ics;
 * - a community-wide secret vote waits for her: she casts 赞成, keeps the receipt shown once,
 *   checks it was counted (核验), and after the close finds her ballot on the public ballot board,
 *   whose recount agrees;
 * - a public draw re-runs in the visitor's browser with the domain's drawOrder: "结果一致";
 * - she proposes a 民生微实事 project with an estimate; the review finds it unfeasible and she reads
 *   the written explanation under 我提的项目; the public board lists the budget; she votes on the
 *   feasible projects within the budget (knapsack: the running total refuses too much) and sees
 *   the selection;
 * - she co-signs a neighbour's proposal (联名) and sees the count grow; she proposes a topic of her
 *   own and withdraws it; the public board shows a published resolution (决议公开) with the steps
 *   of its procedure.
 * Every page passes axe-core at 360 px without horizontal scrolling.
 */
import { createHash } from 'node:crypto';
import type {
  BallotVerifyResult,
  BudgetDetail,
  DrawView,
  MeetingDetail,
  NoticeList,
  OrgTreeNode,
  PersonSummary,
  PointsMe,
  PublicDeliberationBoard,
  TopicDetail,
  VoteDetail,
} from '@gongzhi/api';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiOf,
  DEMO_PASSWORD,
  demoTotp,
  type E2E,
  findUnit,
  type Session,
  seriousViolations,
  signIn,
  startE2E,
} from './harness.ts';

const COMMUNITY_CODE = '440704001001'; // 金溪社区
const PHONE = { width: 360, height: 740 };
const RECEIPT = /^[0-9A-Z]{3,}(-[0-9A-Z]{2,})+$/;

type Api = ReturnType<typeof apiOf>;

async function signInByApi(e2e: E2E, context: BrowserContext, username: string, totp?: string): Promise<Api> {
  const res = await context.request.post(`${e2e.baseUrl}/api/auth/login`, {
    data: { username, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) },
  });
  if (!res.ok()) throw new Error(`login ${username} → ${res.status()} ${await res.text()}`);
  return apiOf(e2e, context.request);
}

/** No horizontal scrolling on a 360-px phone, and no serious axe-core violation. */
async function phoneChecks(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  expect(await seriousViolations(page)).toEqual([]);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('共治·居民: a resident takes part in her community’s deliberation on her phone', () => {
  let e2e: E2E;
  let staffCtx: BrowserContext;
  let staff: Api;
  let resident: Session;
  let me: Api;
  let page: Page;
  let communityUid = '';
  let personUid = '';
  let voteUid = '';
  let receipt = '';
  let budgetUid = '';

  beforeAll(async () => {
    e2e = await startE2E();
    staffCtx = await e2e.browser.newContext();
    staff = await signInByApi(e2e, staffCtx, 'staff.jinxi');
    const tree = await staff.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
    communityUid = findUnit(tree.roots, COMMUNITY_CODE)?.id ?? '';
    expect(communityUid).not.toBe('');
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('王桂芳 finds 议事协商 on her home and opens 社区议事; both pass axe-core at 360 px', async () => {
    resident = await signIn(e2e, 'resident.demo', PHONE);
    page = resident.page;
    me = apiOf(e2e, resident.context.request);
    personUid = (await me.get<PointsMe>('/api/points/me')).person.id;
    await page.waitForURL((url) => url.pathname === '/r');
    await page.getByTestId('r-deliberation-tile').waitFor();
    await phoneChecks(page);
    await page.getByTestId('r-to-deliberation').click();
    await page.getByTestId('r-deliberation').waitFor();
    await page.getByTestId('r-topic-new').waitFor();
    await phoneChecks(page);
  });

  it('a meeting she is called to rings the bell; the notice opens it, she signs in and finds the calendar file', async () => {
    const before = (await me.get<NoticeList>('/api/notices?unread=true')).unread;
    const now = Date.now();
    const meeting = await staff.post<MeetingDetail>('/api/deliberation/meetings', {
      uid: crypto.randomUUID(),
      unit: communityUid,
      kind: 'council',
      title: 'E2E 议事会:3 栋加装电梯',
      place: '金溪社区党群服务中心二楼会议室',
      startsAt: new Date(now - 10 * 60_000).toISOString(),
      endsAt: new Date(now + 60 * 60_000).toISOString(),
      topics: [],
      attendees: [{ personUid, role: 'stakeholder' }],
    });
    expect((await me.get<NoticeList>('/api/notices?unread=true')).unread).toBe(before + 1);

    await page.goto(`${e2e.baseUrl}/r`);
    await expect
      .poll(async () => page.getByTestId('r-notice-count').first().textContent(), { timeout: 15_000 })
      .toBe(String(before + 1));
    await page.getByTestId('r-notice-bell').first().click();
    await page.getByTestId('r-notices').waitFor();
    const notice = page.locator('[data-testid="r-notice"][data-read="false"]', { hasText: 'E2E 议事会' });
    await notice.waitFor();
    await phoneChecks(page);

    await notice.locator('button').click();
    await page.waitForURL((url) => url.pathname === `/r/deliberation/meetings/${meeting.uid}`);
    await page.getByTestId('r-meeting-detail').waitFor();
    await page.getByTestId('r-meeting-sign-in').waitFor();
    await phoneChecks(page);
    await page.getByTestId('r-meeting-sign-in').click();
    await page.getByTestId('r-meeting-signed-in').waitFor();
    expect(await page.getByTestId('r-meeting-sign-in').count()).toBe(0);
    const held = await staff.get<MeetingDetail>(`/api/deliberation/meetings/${meeting.uid}`);
    expect(held.attendees.find((a) => a.personUid === personUid)?.signedInAt).toBeTruthy();

    const href = await page.getByTestId('r-meeting-ics').getAttribute('href');
    const ics = await resident.context.request.get(`${e2e.baseUrl}${href}`);
    expect(ics.ok()).toBe(true);
    expect(ics.headers()['content-type']).toContain('text/calendar');
    expect(await ics.text()).toContain('BEGIN:VEVENT');

    // The notice is read now: the bell has one fewer.
    expect((await me.get<NoticeList>('/api/notices?unread=true')).unread).toBe(before);
    await page.getByTestId('r-meeting-detail').locator('.gzr-back').click();
    await page.getByTestId('r-meetings').or(page.getByTestId('r-notices')).first().waitFor();
    await page.goto(`${e2e.baseUrl}/r/deliberation/meetings`);
    await page.locator(`[data-testid="r-meeting"][data-uid="${meeting.uid}"]`).waitFor();
    await phoneChecks(page);
  });

  it('she casts a secret ballot, keeps the receipt shown once, and checks it was counted', async () => {
    const vote = await staff.post<VoteDetail>('/api/deliberation/votes', {
      uid: crypto.randomUUID(),
      title: 'E2E 是否同意在 3 栋加装电梯',
      unit: communityUid,
      style: 'motion',
      electorate: 'residents',
      secret: true,
    });
    voteUid = vote.uid;
    await staff.post(`/api/deliberation/votes/${voteUid}/open`, {});

    await page.goto(`${e2e.baseUrl}/r/deliberation`);
    const row = page.locator(`[data-testid="r-open-vote"][data-uid="${voteUid}"]`);
    await row.waitFor();
    await phoneChecks(page);
    await row.locator('a').click();
    await page.getByTestId('r-ballot').waitFor();
    expect(await page.getByTestId('r-vote-rule').textContent()).toContain('无记名投票');
    await phoneChecks(page);

    // Nothing chosen: the page says so and sends nothing.
    await page.getByTestId('r-ballot-submit').click();
    await page.getByTestId('r-ballot-problem').waitFor();
    await page.locator('label', { has: page.getByTestId('r-ballot-option-approve') }).click();
    await page.getByTestId('r-ballot-submit').click();
    await page.getByTestId('r-ballot-confirm').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '确认投票' }).click();

    await page.getByTestId('r-vote-receipt').waitFor();
    receipt = ((await page.getByTestId('r-vote-receipt-token').textContent()) ?? '').trim();
    expect(receipt).toMatch(RECEIPT);
    await phoneChecks(page);
    await page.getByTestId('r-vote-receipt-copy').click();

    // Voting again is refused.
    const again = await resident.context.request.post(`${e2e.baseUrl}/api/deliberation/votes/${voteUid}/ballots`, {
      data: { choice: ['oppose'] },
      headers: {
        'X-CSRF-Token': (await (await resident.context.request.get(`${e2e.baseUrl}/api/auth/me`)).json()).csrfToken,
        'Idempotency-Key': crypto.randomUUID(),
      },
    });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.code).toBe('DELIB_ALREADY_VOTED');

    // 核验: the receipt travels in the router's state, never in the address.
    await page.getByTestId('r-vote-verify-link').click();
    await page.getByTestId('r-verify').waitFor();
    expect(page.url()).not.toContain(receipt);
    expect(await page.getByTestId('r-verify-input').inputValue()).toBe(receipt);
    await page.getByTestId('r-verify-submit').click();
    await page.getByTestId('r-verify-answer').waitFor();
    expect(await page.getByTestId('r-verify-counted').textContent()).toBe('这张选票已计入');
    expect(await page.getByTestId('r-verify-choice').textContent()).toContain('赞成');
    expect(await page.getByTestId('r-verify-hash').textContent()).toBe(sha256(receipt));
    await phoneChecks(page);

    // The receipt is shown once: the vote page now says she voted, and shows no receipt.
    await page.goto(`${e2e.baseUrl}/r/deliberation/votes/${voteUid}`);
    await page.getByTestId('r-vote-voted').waitFor();
    expect(await page.getByTestId('r-vote-receipt').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(receipt);
    // A wrong receipt is not found.
    const wrong = await me.get<BallotVerifyResult>(
      `/api/deliberation/votes/${voteUid}/verify?receipt=${encodeURIComponent(receipt.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))}`,
    );
    expect(wrong.counted).toBe(false);
  });

  it('after the close the public ballot board lists her ballot by its receipt hash and its recount agrees', async () => {
    await staff.post(`/api/deliberation/votes/${voteUid}/close`, {});
    await page.goto(`${e2e.baseUrl}/r/deliberation/votes/${voteUid}`);
    await page.getByTestId('r-vote-result').waitFor();
    await phoneChecks(page);

    const visitor = await e2e.browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    const pub = await visitor.newPage();
    await pub.goto(`${e2e.baseUrl}/public/deliberation/votes/${voteUid}`);
    await pub.getByTestId('public-ballots').waitFor();
    await pub.getByTestId('ballots-recount').waitFor();
    expect(await pub.getByTestId('ballots-recount').textContent()).toContain('一致');
    await pub.locator('#ballots-find').fill(sha256(receipt).slice(0, 12));
    expect(await pub.getByTestId('ballots-rows').textContent()).toContain(sha256(receipt));
    expect(await pub.locator('body').textContent()).not.toContain('王桂芳');
    await phoneChecks(pub);
    await visitor.close();
  });

  it('a public draw re-runs in the visitor’s browser and gives 结果一致', async () => {
    const seed = `e2e-draw-seed-${crypto.randomUUID()}`;
    const entrants = ['甲', '乙', '丙', '丁', '戊', '己'].map((s, i) => ({ key: `h${i + 1}`, label: `E2E ${s}户` }));
    const draw = await staff.post<DrawView>('/api/deliberation/draws', {
      uid: crypto.randomUUID(),
      title: 'E2E 安置房选房顺序抽签',
      unit: communityUid,
      entrants,
      winners: 2,
      seedHash: sha256(seed),
    });
    const visitor = await e2e.browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    const pub = await visitor.newPage();
    await pub.goto(`${e2e.baseUrl}/public/deliberation/draws/${draw.uid}`);
    await pub.getByTestId('draw-seed-hash').waitFor();
    expect(await pub.getByTestId('draw-status').textContent()).toContain('待抽签');
    expect(await pub.getByTestId('draw-rerun').count()).toBe(0);
    await phoneChecks(pub);

    const drawn = await staff.post<DrawView>(`/api/deliberation/draws/${draw.uid}/draw`, { seed });
    await pub.reload();
    await pub.getByTestId('draw-verdict').waitFor();
    expect(await pub.getByTestId('draw-verdict').textContent()).toBe('结果一致');
    expect(await pub.getByTestId('draw-seed').textContent()).toBe(seed);
    const shown = await pub
      .locator('[data-testid="draw-result"] li')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-key')));
    expect(shown).toEqual(drawn.result);
    await phoneChecks(pub);
    await visitor.close();
  });

  it('she proposes a 民生微实事 project; the review finds it unfeasible and she reads why', async () => {
    const budget = await staff.post<BudgetDetail>('/api/deliberation/budgets', {
      uid: crypto.randomUUID(),
      unit: communityUid,
      year: 2031,
      title: 'E2E 2031 年金溪社区民生微实事',
      amountCents: 30_000_000,
      ballotStyle: 'knapsack',
    });
    budgetUid = budget.uid;

    await page.goto(`${e2e.baseUrl}/r/deliberation/budgets`);
    const row = page.locator(`[data-testid="r-budget"][data-uid="${budget.uid}"]`);
    await row.waitFor();
    await phoneChecks(page);
    await row.locator('a').click();
    await page.getByTestId('r-budget-detail').waitFor();
    await phoneChecks(page);
    await page.getByTestId('r-budget-propose').click();
    await page.getByTestId('r-project-form').waitFor();
    await page.getByTestId('r-project-submit').click();
    await page.getByText('请填写标题').waitFor();
    await page.getByTestId('r-project-title').fill('E2E 小区门口加装无障碍坡道');
    await page.getByTestId('r-project-description').fill('E2E 坐轮椅的老人进出小区要人抬,加一条坡道。');
    await page.getByTestId('r-project-location').fill('金溪社区 2 号门');
    await page.getByTestId('r-project-estimate').fill('45,000');
    await phoneChecks(page);
    await page.getByTestId('r-project-submit').click();
    await page.waitForURL((url) => url.pathname === `/r/deliberation/budgets/${budget.uid}`);
    const project = page.locator('[data-testid="r-project"]', { hasText: 'E2E 小区门口加装无障碍坡道' });
    await project.waitFor();
    expect(await project.getAttribute('data-status')).toBe('proposed');

    const detail = await me.get<BudgetDetail>(`/api/deliberation/budgets/${budget.uid}`);
    const mine = detail.projects.find((p) => p.title === 'E2E 小区门口加装无障碍坡道');
    expect(mine?.estimateCents).toBe(4_500_000);
    const why = 'E2E 2 号门外是市政人行道,坡道须由区住建局统一改造,已转交区住建局。';
    await staff.post(`/api/deliberation/projects/${mine?.uid}/review`, { verdict: 'unfeasible', note: why });

    await page.goto(`${e2e.baseUrl}/r/deliberation/budgets`);
    const proposal = page.locator(`[data-testid="r-my-project"][data-uid="${mine?.uid}"]`);
    await proposal.waitFor();
    expect(await proposal.getAttribute('data-status')).toBe('unfeasible');
    expect(await proposal.getByTestId('r-project-review').textContent()).toContain(why);
    await phoneChecks(page);

    const visitor = await e2e.browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    const pub = await visitor.newPage();
    await pub.goto(`${e2e.baseUrl}/public/deliberation?community=${COMMUNITY_CODE}`);
    await pub.locator(`[data-testid="board-budget"][data-uid="${budget.uid}"]`).waitFor();
    await phoneChecks(pub);
    await pub.locator(`[data-testid="board-budget"][data-uid="${budget.uid}"] a`).click();
    await pub.getByTestId('public-budget').waitFor();
    const shown = pub.locator(`[data-testid="public-project"][data-uid="${mine?.uid}"]`);
    await shown.waitFor();
    expect(await shown.textContent()).toContain(why);
    expect(await pub.locator('body').textContent()).not.toContain('王桂芳');
    await phoneChecks(pub);
    await visitor.close();
  });

  it('she votes on the feasible projects within the budget, the running total refusing too much', async () => {
    const propose = (title: string, estimateCents: number) =>
      staff.post<{ uid: string }>(`/api/deliberation/budgets/${budgetUid}/projects`, {
        uid: crypto.randomUUID(),
        title,
        description: `${title}:居民议事会提出。`,
        estimateCents,
      });
    const lift = await propose('E2E 3 栋楼道照明改造', 18_000_000);
    const bench = await propose('E2E 中心花园增设休息座椅', 14_000_000);
    await staff.post(`/api/deliberation/budgets/${budgetUid}/phase`, { to: 'reviewing' });
    await staff.post(`/api/deliberation/projects/${lift.uid}/review`, { verdict: 'feasible', priceCents: 20_000_000 });
    await staff.post(`/api/deliberation/projects/${bench.uid}/review`, { verdict: 'feasible', priceCents: 15_000_000 });
    await staff.post(`/api/deliberation/budgets/${budgetUid}/phase`, { to: 'voting' });

    await page.goto(`${e2e.baseUrl}/r/deliberation/budgets/${budgetUid}`);
    await page.getByTestId('r-budget-vote').click();
    await page.getByTestId('r-ballot').waitFor();
    await page.locator('label', { has: page.getByTestId(`r-ballot-option-${lift.uid}`) }).click();
    await page.locator('label', { has: page.getByTestId(`r-ballot-option-${bench.uid}`) }).click();
    // ¥350,000 chosen against ¥300,000: the total says so and the ballot cannot be sent.
    expect(await page.getByTestId('r-ballot-total').textContent()).toContain('超出');
    expect(await page.getByTestId('r-ballot-submit').isDisabled()).toBe(true);
    await phoneChecks(page);
    await page.locator('label', { has: page.getByTestId(`r-ballot-option-${bench.uid}`) }).click();
    expect(await page.getByTestId('r-ballot-total').textContent()).not.toContain('超出');
    await page.getByTestId('r-ballot-submit').click();
    await page.getByTestId('r-ballot-confirm').waitFor();
    await page.getByRole('button', { name: '确认投票' }).click();
    await page.getByTestId('r-vote-cast-ok').waitFor();
    await phoneChecks(page);

    await staff.post(`/api/deliberation/budgets/${budgetUid}/phase`, { to: 'selected' });
    await page.goto(`${e2e.baseUrl}/r/deliberation/budgets/${budgetUid}`);
    await page.getByTestId('r-budget-selection').waitFor();
    const selected = page.locator(`[data-testid="r-project"][data-uid="${lift.uid}"]`);
    expect(await selected.getAttribute('data-status')).toBe('selected');
    await phoneChecks(page);
  });

  it('she co-signs a neighbour’s proposal (联名) and sees the count grow', async () => {
    // A neighbour of 金溪社区 with an account of her own proposes a topic.
    const people = await staff.get<{ items: PersonSummary[] }>(
      `/api/registry/persons?unit=${communityUid}&pageSize=50`,
    );
    const neighbour = people.items.find((p) => p.id !== personUid && p.status === 'resident' && (p.age ?? 0) >= 18);
    if (!neighbour) throw new Error('no adult neighbour in 金溪社区');
    await staff.post('/api/residents/account', {
      person: neighbour.id,
      username: 'e2e.neighbour',
      password: DEMO_PASSWORD,
    });
    const neighbourCtx = await e2e.browser.newContext();
    const other = await signInByApi(e2e, neighbourCtx, 'e2e.neighbour');
    const proposal = await other.post<TopicDetail>('/api/deliberation/topics/me', {
      uid: crypto.randomUUID(),
      title: 'E2E 建议在 5 栋楼下划定电动车充电区',
      description: 'E2E 电动车在楼道里充电很危险,建议在楼下空地划一块充电区,装上充电桩。',
    });
    await neighbourCtx.close();
    expect(proposal.status).toBe('proposed');

    await page.goto(`${e2e.baseUrl}/r/deliberation`);
    await page.getByTestId('r-topics-proposed').click();
    const row = page.locator(`[data-testid="r-topic"][data-uid="${proposal.uid}"]`);
    await row.waitFor();
    await phoneChecks(page);
    await row.locator('a').click();
    await page.getByTestId('r-topic-detail').waitFor();
    const before = proposal.supportCount;
    expect(await page.getByTestId('r-topic-support-count').textContent()).toContain(`已有 ${before} 人联名`);
    await phoneChecks(page);
    await page.getByTestId('r-topic-cosign').click();
    await page.getByTestId('r-topic-cosigned').waitFor();
    expect(await page.getByTestId('r-topic-support-count').textContent()).toContain(`已有 ${before + 1} 人联名`);
    expect(await page.getByTestId('r-topic-cosign').count()).toBe(0);
    await phoneChecks(page);
    const after = await me.get<TopicDetail>(`/api/deliberation/topics/${proposal.uid}`);
    expect(after.supportCount).toBe(before + 1);
    expect(after.supportedByMe).toBe(true);
  });

  it('she proposes a topic of her own, then withdraws it', async () => {
    await page.goto(`${e2e.baseUrl}/r/deliberation`);
    await page.getByTestId('r-topic-new').click();
    await page.getByTestId('r-topic-form').waitFor();
    await page.getByTestId('r-topic-submit').click();
    await page.getByText('请填写标题').waitFor();
    // The first field with a problem takes the focus, and its problem is read with it.
    const title = page.getByTestId('r-topic-title');
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    const problemId = (await title.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${problemId}"]`).textContent()).toBe('请填写标题');
    await phoneChecks(page);
    await page.getByTestId('r-topic-title').fill('E2E 建议周末开放社区活动室');
    await page.getByTestId('r-topic-description').fill('E2E 孩子们周末没有地方活动,建议活动室周末也开放。');
    await page.getByTestId('r-topic-submit').click();
    await page.getByTestId('r-topic-detail').waitFor();
    const uid = page.url().split('/').pop() ?? '';
    expect(await page.getByTestId('r-topic-status').textContent()).toBe('征集联名');
    expect(await page.getByTestId('r-topic-support-count').textContent()).toContain('已有 0 人联名');
    // Her own proposal: no co-signing it herself.
    expect(await page.getByTestId('r-topic-cosign').count()).toBe(0);
    await page.getByTestId('r-topic-timeline').waitFor();
    await phoneChecks(page);

    await page.getByTestId('r-topic-withdraw').click();
    const dialog = page.getByRole('dialog', { name: '撤回议题' });
    await dialog.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: '撤回议题' }).click();
    await expect.poll(async () => page.getByTestId('r-topic-status').textContent()).toBe('已撤回');
    const topic = await me.get<TopicDetail>(`/api/deliberation/topics/${uid}`);
    expect(topic.status).toBe('withdrawn');
    expect(topic.proposer?.me).toBe(true);
  });

  it('the public board of 金溪社区 shows a published resolution with its procedure', async () => {
    let board = await staff.get<PublicDeliberationBoard>(`/api/public/deliberation?community=${COMMUNITY_CODE}`);
    if (!board.topics.items.some((x) => x.resolution)) {
      // No published resolution yet: the district adds a two-step procedure (议定 → 决议公开) and the
      // community takes a topic through it.
      const districtCtx = await e2e.browser.newContext();
      const district = await signInByApi(e2e, districtCtx, 'district', await demoTotp());
      await district.put('/api/deliberation/procedures/e2e_publish', {
        name: 'E2E 议定并公开',
        nameEn: 'E2E decide and publish',
        steps: [
          { key: 'decide', name: '议定', nameEn: 'Decide', actor: 'staff', needs: [], decidedBy: 'record' },
          {
            key: 'publish_resolution',
            name: '决议公开',
            nameEn: 'Publish the resolution',
            actor: 'staff',
            needs: ['notice'],
            decidedBy: 'notice',
            noticeDays: 7,
            publishes: 'resolution',
          },
        ],
      });
      await districtCtx.close();
      const topic = await staff.post<TopicDetail>('/api/deliberation/topics', {
        uid: crypto.randomUUID(),
        title: 'E2E 金溪社区公共区域禁止楼道堆物',
        description: 'E2E 楼道堆物影响消防通道,议定禁止并限期清理。',
        unit: communityUid,
        procedure: 'e2e_publish',
      });
      await staff.post(`/api/deliberation/topics/${topic.uid}/steps/0/complete`, { note: 'E2E 议事会议定' });
      await staff.post(`/api/deliberation/topics/${topic.uid}/steps/1/complete`, {
        resolution: 'E2E 自即日起楼道禁止堆放杂物,月底前各户自行清理。',
        noticeDays: 7,
      });
      board = await staff.get<PublicDeliberationBoard>(`/api/public/deliberation?community=${COMMUNITY_CODE}`);
    }
    const published = board.topics.items.find((x) => x.resolution);
    expect(published).toBeDefined();

    const visitor = await e2e.browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    const pub = await visitor.newPage();
    await pub.goto(`${e2e.baseUrl}/public/deliberation?community=${COMMUNITY_CODE}`);
    const row = pub.locator(`[data-testid="board-topic"][data-uid="${published?.uid}"]`);
    await row.waitFor();
    await phoneChecks(pub);
    await row.locator('a').click();
    await pub.getByTestId('public-topic-resolution').waitFor();
    expect(await pub.getByTestId('public-topic-resolution').textContent()).toContain(published?.resolution ?? '');
    await pub.getByTestId('public-topic-steps').waitFor();
    expect(await pub.locator('body').textContent()).not.toContain('王桂芳');
    await phoneChecks(pub);
    await visitor.close();
  });
});
