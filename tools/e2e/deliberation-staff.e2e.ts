/**
 * 议事协商 in the 工作台, in Chromium, as the community staff of 金溪社区 (staff.jinxi):
 * - 议题总览: a new topic is opened under 三议三公开 from the overview; its page shows the
 *   procedure as steps, the first one current;
 * - the staff take it through two steps: 居民提议 (no records needed) and 提议公开 (the public
 *   notice, written in the dialog); each done step shows its records, the third becomes current,
 *   and the timeline lists both completions;
 * - 议事会商议 needs a council meeting: scheduled from the step with the topic on its agenda, 王桂芳
 *   called from the register and signed in at the desk, the minutes with the decision on the topic
 *   written — and the step completed with that meeting; 居民决议 then offers its vote with the rule;
 * - 表决: a vote of the households of 金溪社区 is created (赞成/反对/弃权, open ballot) with its rule
 *   shown, opened (the roll is fixed), 王桂芳 (resident.demo) casts 赞成 through the API, and the
 *   staff close it: the page shows 通过 with the count per option and the rule with its figures;
 * - every deliberation page (overview, topic, councils, meetings, votes, vote, draws, budgets,
 *   procedures) passes axe-core without serious violations.
 */
import { randomUUID } from 'node:crypto';
import type { OrgTreeNode, ProcedureList, TopicDetail, VoteDetail } from '@gongzhi/api';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiOf,
  DEMO_PASSWORD,
  type E2E,
  findUnit,
  type Session,
  seriousViolations,
  signIn,
  startE2E,
} from './harness.ts';

const SUFFIX = Date.now().toString(36).slice(-4);
const TOPIC_TITLE = `金溪花园加装电梯-${SUFFIX}`;
const VOTE_TITLE = `金溪社区夜间停车管理方案-${SUFFIX}`;
const NOTICE = '提议内容已在社区公告栏和小程序公示五天,欢迎居民提出意见。';

type Api = ReturnType<typeof apiOf>;

/**
 * Picks an option of an antd Select by its visible text. A click that lands while the list is
 * still opening can choose without closing it: then a second click on the field closes it.
 */
async function choose(page: Page, select: Locator, option: string) {
  for (let attempt = 0; ; attempt++) {
    await select.click();
    const item = page.locator('.ant-select-item-option:visible', { hasText: option }).first();
    await item.waitFor();
    await item.click();
    const chosen = await expect
      .poll(async () => (await select.textContent()) ?? '', { timeout: 3000 })
      .toContain(option)
      .then(
        () => true,
        () => false,
      );
    if (chosen) break;
    if (attempt === 2) throw new Error(`could not choose ${option}`);
    await page.keyboard.press('Escape');
  }
  const combobox = select.locator('[role="combobox"]');
  if ((await combobox.getAttribute('aria-expanded')) === 'true') await select.click();
  await expect.poll(() => combobox.getAttribute('aria-expanded')).toBe('false');
}

async function residentApi(e2e: E2E, context: BrowserContext, username: string): Promise<Api> {
  const res = await context.request.post(`${e2e.baseUrl}/api/auth/login`, {
    data: { username, password: DEMO_PASSWORD },
  });
  if (!res.ok()) throw new Error(`login ${username} → ${res.status()} ${await res.text()}`);
  return apiOf(e2e, context.request);
}

async function noSerious(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

describe('议事协商 in the 工作台: staff take a topic through its steps and run a vote', () => {
  let e2e: E2E;
  let staff: Session;
  let api: Api;
  let residentCtx: BrowserContext;
  let resident: Api;
  let topicUid = '';
  let voteUid = '';

  beforeAll(async () => {
    e2e = await startE2E();
    staff = await signIn(e2e, 'staff.jinxi');
    api = apiOf(e2e, staff.page.request);
    residentCtx = await e2e.browser.newContext({ locale: 'zh-CN' });
    resident = await residentApi(e2e, residentCtx, 'resident.demo');
    // The district's procedures are seeded with its first topic (or by the demo seed): make sure
    // 三议三公开 is there to be picked.
    const procedures = await api.get<ProcedureList>('/api/deliberation/procedures');
    if (!procedures.items.some((p) => p.code === 'three_three')) {
      const tree = await api.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
      await api.post<TopicDetail>('/api/deliberation/topics', {
        uid: randomUUID(),
        title: `程序准备-${SUFFIX}`,
        description: '为本测试准备区里的议事程序。',
        unit: findUnit(tree.roots, '440704001001')?.id,
        public: false,
      });
    }
  }, 180_000);

  afterAll(async () => {
    await residentCtx?.close();
    await staff?.context.close();
    await e2e?.close();
  });

  it('opens a topic under 三议三公开 from the overview', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/deliberation`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: '议事协商' }).waitFor();
    await page.getByTestId('topic-table').waitFor();
    await noSerious(page);

    await page.getByTestId('topic-create').click();
    await page.getByTestId('topic-title').fill(TOPIC_TITLE);
    await page.getByTestId('topic-description').fill('金溪花园 3 栋居民提出加装电梯,需议定费用分摊和施工安排。');
    await choose(page, page.getByTestId('topic-procedure'), '三议三公开');
    await noSerious(page);
    await page.getByTestId('topic-submit').click();

    await page.waitForURL(/\/deliberation\/topics\/[0-9a-f-]{36}$/);
    topicUid = page.url().split('/').pop() ?? '';
    await expect.poll(() => page.getByTestId('topic-heading').textContent()).toBe(TOPIC_TITLE);
    await expect.poll(() => page.getByTestId('topic-status').textContent()).toBe('议事中');
    const titles = page.getByTestId('step-title');
    await expect.poll(() => titles.count()).toBe(6);
    expect(await titles.allTextContents()).toEqual([
      '居民提议',
      '提议公开',
      '议事会商议',
      '居民决议',
      '决议公开',
      '实施结果公开',
    ]);
    await expect.poll(() => page.getByTestId('step-0').getAttribute('data-state')).toBe('current');
    await noSerious(page);
  });

  it('completes 居民提议 and then 提议公开 with its public notice', async () => {
    const { page } = staff;
    // Step 1: no records needed.
    await page.getByTestId('step-0').getByTestId('step-complete').click();
    await page.getByTestId('step-submit').click();
    await expect.poll(() => page.getByTestId('step-0').getAttribute('data-state')).toBe('done');
    await expect.poll(() => page.getByTestId('step-1').getAttribute('data-state')).toBe('current');

    // Step 2: the notice, required: an empty one is refused in the form.
    await page.getByTestId('step-1').getByTestId('step-complete').click();
    await page.getByTestId('step-submit').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').first().textContent()).toBe('请填写公示内容');
    await page.getByTestId('step-text').fill(NOTICE);
    await noSerious(page);
    await page.getByTestId('step-submit').click();
    await expect.poll(() => page.getByTestId('step-1').getAttribute('data-state')).toBe('done');
    await expect.poll(() => page.getByTestId('step-2').getAttribute('data-state')).toBe('current');
    await expect.poll(() => page.getByTestId('step-1').textContent()).toContain(NOTICE);
    // The next step needs a council meeting: the page offers to schedule one.
    await expect.poll(() => page.getByTestId('step-2').getByTestId('step-meeting-create').isVisible()).toBe(true);

    const completions = page.getByTestId('topic-timeline').locator('[data-action="step_completed"]');
    await expect.poll(() => completions.count()).toBe(2);
    const topic = await api.get<TopicDetail>(`/api/deliberation/topics/${topicUid}`);
    expect(topic.currentStep).toBe(2);
    expect(topic.steps[1]?.records.notice?.text).toBe(NOTICE);
    await noSerious(page);
  });

  it('holds the council meeting of 议事会商议: sign-in desk, minutes, and the step completed with it', async () => {
    const { page } = staff;
    await page.getByTestId('step-2').getByTestId('step-meeting-create').click();
    await page.getByTestId('meeting-place').fill('金溪社区党群服务中心二楼会议室');
    await noSerious(page);
    await page.getByTestId('meeting-submit').click();
    await page.waitForURL(/\/deliberation\/meetings\/[0-9a-f-]{36}$/);
    const meetingUid = page.url().split('/').pop() ?? '';
    await page.getByTestId('meeting-heading').waitFor();
    expect(await page.getByTestId('meeting-agenda').textContent()).toContain(TOPIC_TITLE);
    // It began a few minutes ago (the time moved through the API): the desk and the minutes are open.
    const now = Date.now();
    const me = await api.get<{ csrfToken: string }>('/api/auth/me');
    const moved = await page.request.patch(`${e2e.baseUrl}/api/deliberation/meetings/${meetingUid}`, {
      data: { startsAt: new Date(now - 5 * 60_000).toISOString(), endsAt: new Date(now + 60 * 60_000).toISOString() },
      headers: { 'X-CSRF-Token': me.csrfToken },
    });
    expect(moved.status()).toBe(200);
    await page.reload();
    await page.getByTestId('meeting-minutes').waitFor();

    // 王桂芳 is called from the register and signed in at the door.
    await page.getByTestId('attendee-add').click();
    const picker = page.getByTestId('attendee-person');
    await picker.click();
    await page.keyboard.type('王桂芳');
    await page.locator('.ant-select-item-option:visible', { hasText: '王桂芳' }).first().click();
    await page.getByTestId('attendee-submit').click();
    const row = page.getByTestId('attendee-table').locator('tr', { hasText: '王桂芳' });
    await row.waitFor();
    await row.locator('input[type="checkbox"]').check();
    await page.getByTestId('sign-in-submit').click();
    await row.getByText('未签到').waitFor({ state: 'detached' });
    await noSerious(page);

    await page.getByTestId('meeting-minutes').click();
    await page.getByTestId('minutes-text').fill('议事会成员和居民代表讨论了加装电梯的费用分摊。');
    await page.getByTestId('minutes-decision').first().fill('同意提交居民决议,按楼层分摊费用。');
    await page.getByTestId('minutes-submit').click();
    await page.getByTestId('meeting-status').filter({ hasText: '已召开' }).waitFor();

    await page.goto(`${e2e.baseUrl}/deliberation/topics/${topicUid}`);
    await page.getByTestId('step-2').getByTestId('step-complete').click();
    await page.getByTestId('step-submit').click();
    await expect.poll(() => page.getByTestId('step-2').getAttribute('data-state')).toBe('done');
    await expect.poll(() => page.getByTestId('step-2').textContent()).toContain('签到 1/');
    await expect.poll(() => page.getByTestId('step-3').getAttribute('data-state')).toBe('current');
    // 居民决议 is decided by a vote: the page offers to create it with the step's rule.
    await page.getByTestId('step-3').getByTestId('step-vote-create').click();
    await expect.poll(() => page.getByTestId('vote-rule').textContent()).toContain('户代表');
    await page.keyboard.press('Escape');
  });

  it('creates a households vote, opens it, and shows the result once closed', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/deliberation/votes`);
    await page.getByTestId('vote-table').waitFor();
    await noSerious(page);
    await page.getByTestId('vote-create').click();
    await page.getByTestId('vote-title').fill(VOTE_TITLE);
    await choose(page, page.getByTestId('vote-electorate'), '户代表');
    // The rule of the electorate is stated before the vote is made.
    await expect.poll(() => page.getByTestId('vote-rule').textContent()).toContain('赞成超过投票数的 1/2');
    await noSerious(page);
    await page.getByTestId('vote-submit').click();

    await page.waitForURL(/\/deliberation\/votes\/[0-9a-f-]{36}$/);
    voteUid = page.url().split('/').pop() ?? '';
    await expect.poll(() => page.getByTestId('vote-heading').textContent()).toBe(VOTE_TITLE);
    await expect.poll(() => page.getByTestId('vote-status').textContent()).toBe('草稿');

    await page.getByTestId('vote-open').click();
    await page.getByTestId('vote-open-ok').click();
    await expect.poll(() => page.getByTestId('vote-status').textContent()).toBe('投票中');
    const opened = await api.get<VoteDetail>(`/api/deliberation/votes/${voteUid}`);
    expect(opened.eligibleCount).toBeGreaterThan(0);
    expect(opened.secret).toBe(false);

    // 王桂芳's household is on the roll: she approves.
    await resident.post(`/api/deliberation/votes/${voteUid}/ballots`, { choice: ['approve'] });
    await page.reload();
    await expect.poll(() => page.getByTestId('vote-turnout').isVisible()).toBe(true);
    await expect
      .poll(async () => (await page.locator('main').textContent()) ?? '')
      .toContain(`已投 1/${opened.eligibleCount}`);
    await noSerious(page);

    await page.getByTestId('vote-close').click();
    await page.getByTestId('vote-close-ok').click();
    await expect.poll(() => page.getByTestId('vote-status').textContent()).toBe('已结束');
    await expect.poll(() => page.getByTestId('vote-verdict').textContent()).toBe('通过');
    const rows = page.getByTestId('vote-counts').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => rows.first().textContent()).toContain('赞成1');
    await expect
      .poll(() => page.getByTestId('vote-result').textContent())
      .toContain(`应到 ${opened.eligibleCount} 户，投票 1 户`);
    const closed = await api.get<VoteDetail>(`/api/deliberation/votes/${voteUid}`);
    expect(closed.result?.passed).toBe(true);
    expect(closed.result?.counts.approve).toBe(1);
    await noSerious(page);
  });

  it('shows councils, meetings, draws, micro-projects and procedures without serious axe violations', async () => {
    const { page } = staff;
    for (const [path, heading] of [
      ['/deliberation/councils', '议事会'],
      ['/deliberation/meetings', '会议'],
      ['/deliberation/draws', '公开抽签'],
      ['/deliberation/budgets', '民生微实事'],
      ['/deliberation/procedures', '议事程序'],
    ] as const) {
      await page.goto(`${e2e.baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).filter({ hasText: heading }).waitFor();
      await page.waitForLoadState('networkidle');
      await noSerious(page);
    }
    // The procedures page states the rule of 三议三公开's vote step.
    await expect.poll(() => page.getByTestId('procedure-three_three').textContent()).toContain('户代表(每户一票)');
    // The menu has the 议事协商 group.
    expect(await page.getByRole('navigation', { name: '主导航' }).textContent()).toContain('议事协商');
  });
});
