/**
 * The cases pages of the 工作台 in Chromium: a report taken in at 金溪社区's window (made through
 * the API, so the test does not lean on the demo's cases) is found by the community staff in
 * 事件分拨台, accepted in one click and dispatched — through bulk dispatch, which shows the
 * outcome per case — to 城管. 何志勇 of 城管 finds it in 部门待办, starts it and resolves it with
 * a result begun from a reply template. The case's page then shows every step on its timeline,
 * with who took it; 满意度 counts it for 城管. The district admin keeps the settings: the category
 * tree, a new reply template, a district day off added and removed, an Open311 key shown once
 * and revoked. Console, map, inbox, case, satisfaction and settings pages pass axe-core without
 * serious violations.
 */
import { randomUUID } from 'node:crypto';
import type { CaseCategoryTree, CaseDetail, OrgTreeNode } from '@gongzhi/api';
import type { Page } from 'playwright-core';
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

const GRID_CODE = '440704001001001'; // 金溪社区 第一网格
const CATEGORY_CODE = 'facilities.street-light'; // 路灯损坏 → 城管 (001)
const TITLE = `金溪路口路灯不亮-${Date.now().toString(36).slice(-4)}`;
const RESULT_EXTRA = '更换了灯头和镇流器,当晚复亮。';

/**
 * Picks an option of an antd Select by its visible text. A click that lands while the list is
 * still opening can choose without closing it: then a second click on the field closes it.
 */
async function choose(page: Page, select: ReturnType<Page['locator']>, option: string) {
  // A list that re-renders while it opens (its options just arrived) can swallow the click: try again.
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

describe('the cases pages of the 工作台 in the browser', () => {
  let e2e: E2E;
  let staff: Session;
  let report: CaseDetail;
  let department = '';

  beforeAll(async () => {
    e2e = await startE2E();
    staff = await signIn(e2e, 'staff.jinxi');
    const api = apiOf(e2e, staff.page.request);
    const tree = await api.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
    const grid = findUnit(tree.roots, GRID_CODE) as OrgTreeNode;
    expect(grid).toBeTruthy();
    const categories = await api.get<CaseCategoryTree>('/api/cases/categories');
    const category = categories.items.flatMap((g) => g.children).find((c) => c.code === CATEGORY_CODE);
    expect(category?.department?.code).toBe('001');
    department = category?.department?.name ?? '';
    // A resident called in at the window: the staff took it in on her behalf.
    report = await api.post<CaseDetail>('/api/cases', {
      uid: randomUUID(),
      category: category?.uid,
      title: TITLE,
      description: '金溪大道与金溪二路路口的路灯连续三晚不亮,晚上过马路看不清。',
      channel: 'window',
      grid: grid.id,
      lng: 113.1012,
      lat: 22.5613,
      address: '金溪大道与金溪二路交叉口',
      reporter: { name: '陈美玲', phone: '13800138000' },
    });
    expect(report.status).toBe('reported');
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('事件分拨台: the staff finds the report, accepts it and dispatches it to 城管', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/cases?q=${encodeURIComponent(report.receiptNo)}`);
    const row = page.getByTestId('cases-list').locator('tr', { hasText: report.receiptNo });
    await row.waitFor();
    expect(await row.getByTestId('case-title').textContent()).toBe(TITLE);
    expect(await row.getByTestId('case-status').textContent()).toBe('待受理');
    expect(await row.textContent()).toContain('正常');
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByTestId('case-accept').click();
    await page.locator('.ant-message').getByText(`已受理 ${report.receiptNo}`).waitFor();
    await row.getByTestId('case-status').filter({ hasText: '已受理' }).waitFor();

    await row.locator('input[type="checkbox"]').check();
    await page.getByTestId('bulk-bar').getByText('已选 1 件可分拨的事件').waitFor();
    await page.getByTestId('bulk-dispatch').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '批量分拨 1 件事件' });
    await dialog.waitFor();
    await choose(page, page.getByTestId('bulk-target'), department);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('bulk-submit').click();
    const summary = page.getByTestId('bulk-summary');
    await summary.filter({ hasText: '已分拨 1 件,未分拨 0 件' }).waitFor();
    const outcome = page.getByTestId('bulk-results').locator('tr', { hasText: report.receiptNo });
    expect(await outcome.textContent()).toContain('已分拨');
    expect(await outcome.textContent()).toContain(department);
    await page.getByTestId('bulk-close').click();
    await row.getByTestId('case-status').filter({ hasText: '已分拨' }).waitFor();
    expect(await row.textContent()).toContain(department);
  }, 300_000);

  it('事件地图 shows the open case as a point', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/cases?view=map`);
    await page.getByTestId('cases-map').locator('path.leaflet-interactive').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  }, 300_000);

  it('部门待办: 何志勇 of 城管 starts the case and resolves it with a result', async () => {
    const handler = await signIn(e2e, 'dept.chengguan');
    const { page } = handler;
    await page.goto(`${e2e.baseUrl}/cases/inbox?pageSize=100`);
    const row = page.getByTestId('inbox-list').locator('tr', { hasText: report.receiptNo });
    await row.waitFor();
    expect(await row.getByTestId('case-status').textContent()).toBe('已分拨');
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByTestId('inbox-start').click();
    await page.locator('.ant-message').getByText(`${report.receiptNo} 已开始办理`).waitFor();
    await row.getByTestId('case-status').filter({ hasText: '办理中' }).waitFor();

    await row.getByTestId('inbox-resolve').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: `办结事件 ${report.receiptNo}` });
    await dialog.waitFor();
    // A reply template fills the result; the handler adds what was done. The picker waits for
    // the templates to arrive before it opens.
    const picker = dialog.getByTestId('template-picker');
    await expect.poll(() => picker.evaluate((el) => el.classList.contains('ant-select-loading'))).toBe(false);
    await choose(page, picker, '已办结');
    const text = dialog.getByTestId('action-text');
    await expect.poll(async () => (await text.inputValue()).length).toBeGreaterThan(0);
    await text.fill(`${RESULT_EXTRA}${await text.inputValue()}`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('action-submit').click();
    await page.locator('.ant-message').getByText('已办结').first().waitFor();
    await row.waitFor({ state: 'detached' });

    // The case's page: the whole path on the timeline, the result, and who took each step.
    await page.goto(`${e2e.baseUrl}/cases/${report.uid}`);
    await page.getByTestId('case-heading').filter({ hasText: TITLE }).waitFor();
    expect(await page.getByTestId('case-status').textContent()).toBe('已办结');
    expect(await page.getByTestId('case-result').textContent()).toContain(RESULT_EXTRA);
    const events = page.getByTestId('case-timeline').getByTestId('timeline-event');
    await expect
      .poll(() => events.evaluateAll((els) => els.map((el) => el.getAttribute('data-action'))))
      .toEqual(['report', 'accept', 'dispatch', 'start', 'resolve']);
    const timeline = (await page.getByTestId('case-timeline').textContent()) ?? '';
    for (const step of ['上报', '受理', '分拨', '开始办理', '办结', '何志勇', department, '待受理 → 已受理'])
      expect(timeline).toContain(step);
    expect(timeline).toContain('办理中 → 已办结');
    expect(await seriousViolations(page)).toEqual([]);
    await handler.context.close();
  }, 300_000);

  it('the case page as the staff: masked reporter, the steps by name, no handler actions', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/cases/${report.uid}`);
    await page.getByTestId('case-heading').filter({ hasText: TITLE }).waitFor();
    const reporter = (await page.getByTestId('case-reporter').textContent()) ?? '';
    expect(reporter).toContain('陈');
    expect(reporter).toContain('138****8000');
    expect(reporter).not.toContain('陈美玲');
    expect(reporter).not.toContain('13800138000');
    const timeline = (await page.getByTestId('case-timeline').textContent()) ?? '';
    expect(timeline).toContain('何志勇');
    expect(await page.getByTestId('action-resolve').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  }, 300_000);

  it('满意度: the resolved case counts for 城管 in this month, in the table and the chart', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/cases/satisfaction`);
    const row = page.getByTestId('satisfaction-table').locator('tr', { hasText: department });
    await row.waitFor();
    const resolved = Number((await row.locator('td').nth(1).textContent()) ?? '0');
    expect(resolved).toBeGreaterThanOrEqual(1);
    await page.getByTestId('satisfaction-chart').locator('svg').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('satisfaction-by').getByText('事件分类').click();
    await page.getByTestId('satisfaction-table').locator('tr', { hasText: '路灯损坏' }).waitFor();
  }, 300_000);

  it('事件设置: the district admin sees the categories, adds a template, a calendar day and an Open311 client', async () => {
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/login`);
    await page.getByTestId('login-username').fill('district');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-totp').waitFor();
    await page.getByTestId('login-totp').fill(await demoTotp());
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));

    await page.goto(`${e2e.baseUrl}/cases/admin`);
    const light = page.getByTestId('categories-table').locator('tr', { hasText: CATEGORY_CODE });
    await light.waitFor();
    expect(await light.textContent()).toContain(department);
    expect(await light.textContent()).toContain('7 个工作日');
    expect(await seriousViolations(page)).toEqual([]);

    // 回复模板: a new resolve text for every category.
    await page.getByRole('tab', { name: '回复模板' }).click();
    await page.getByTestId('template-create').click();
    const templateDialog = page.locator('.ant-modal').filter({ hasText: '新建回复模板' });
    await templateDialog.waitFor();
    await choose(page, templateDialog.locator('.ant-select').first(), '办结');
    await page.getByTestId('template-title').fill('已修复(夜间复查)');
    await page.getByTestId('template-body').fill('您好,问题已处理,工作人员当晚复查确认正常。请您评价本次办理。');
    await page.getByTestId('template-submit').click();
    await page.getByTestId('templates-table').locator('tr', { hasText: '已修复(夜间复查)' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // 工作日历: the district's own day off, then removed again.
    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.getByTestId('calendar-months').waitFor();
    const year = Number(((await page.getByTestId('calendar-year').textContent()) ?? '').replace(/\D/g, ''));
    const day = `${year}-12-24`;
    await page.getByTestId('calendar-add').click();
    const dayDialog = page.locator('.ant-modal').filter({ hasText: '添加特殊日期' });
    await dayDialog.waitFor();
    const picker = dayDialog.getByLabel('日期');
    await picker.click();
    await picker.fill(day);
    await picker.press('Enter');
    await page.getByTestId('calendar-name').fill('台风停工');
    await page.getByTestId('calendar-submit').click();
    const added = page.locator(`[data-testid="calendar-day"][data-day="${day}"]`);
    await added.waitFor();
    expect(await added.textContent()).toContain('台风停工');
    expect(await added.textContent()).toContain('本区');
    expect(await seriousViolations(page)).toEqual([]);
    await added.getByRole('button', { name: `移除 ${day}` }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /移\s*除/ })
      .click();
    await added.waitFor({ state: 'detached' });

    // Open311: the key is shown once, then the client is revoked.
    await page.getByRole('tab', { name: 'Open311 接入' }).click();
    await page.getByTestId('open311-create').click();
    await page.getByTestId('open311-name').fill('市民热线转办');
    await page.getByTestId('open311-submit').click();
    const key = page.getByTestId('open311-key');
    await key.waitFor();
    expect(((await key.textContent()) ?? '').trim().length).toBeGreaterThan(16);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '我已保存' }).click();
    const client = page.getByTestId('open311-table').locator('tr', { hasText: '市民热线转办' });
    await client.waitFor();
    await client.getByTestId('open311-revoke').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await client.getByText('已停用').waitFor();
    await context.close();
  }, 300_000);
});
