/**
 * The visits pages of the 工作台 as the community staff of 金溪社区 meets them, in Chromium.
 * The data is made here through the API as the phone app would: the staff rebuilds the
 * month's must-visit lists, the grid worker of 第一网格 uploads a photo and syncs a visit for
 * a household on his list (独居老人王奶奶 …), then edits it again from a second device, so the
 * record carries a conflict. The staff then sees the numbers on 走访覆盖 and drills into the
 * grid, opens 逾期督访 and its open items, changes a visit rule and saves it, and opens the
 * diary record: both clocks, the photo, the revision history and the conflict banner with
 * the rule, which he confirms. Every page passes axe-core without serious violations.
 */
import { randomUUID } from 'node:crypto';
import type { MyVisitList, OrgTreeNode, SyncResponse, VisitRules } from '@gongzhi/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, type E2E, findUnit, type Session, seriousViolations, signIn, startE2E } from './harness.ts';

const COMMUNITY_CODE = '440704001001'; // 金溪社区
const GRID_CODE = '440704001001001'; // 金溪社区第一网格, grid.jinxi01's
const SUMMARY_1 = '独居老人王奶奶反映楼道灯坏了,晚上出入不便。';
const SUMMARY_2 = '独居老人王奶奶反映楼道灯坏了,晚上出入不便;已联系物业,约定本周内修好。';
const RULE_TEXT = '同一条记录在两台设备上被修改时,两份都保留,以设备上较晚保存的为准';
// A 1×1 PNG: enough for the server's content sniffing and for <img> to load.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The number a KPI card shows. */
async function kpi(page: Page, key: string): Promise<string> {
  return ((await page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content').textContent()) ?? '').trim();
}

/** Picks an option of an antd Select by its visible text. */
async function choose(page: Page, select: ReturnType<Page['locator']>, option: string) {
  await select.click();
  await page.locator('.ant-select-item-option:visible', { hasText: option }).first().click();
  // The open dropdown's listbox has no name of its own: check pages once it has closed.
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first().waitFor({ state: 'detached' });
}

describe('the visits pages of the 工作台 in the browser', () => {
  let e2e: E2E;
  let staff: Session;
  let community: OrgTreeNode;
  let grid: OrgTreeNode;
  let visitId = '';
  let householdId = '';

  beforeAll(async () => {
    e2e = await startE2E();
    staff = await signIn(e2e, 'staff.jinxi');
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('the month’s lists are built and grid.jinxi01 syncs a visit with a photo, then edits it on a second device', async () => {
    const staffApi = apiOf(e2e, staff.page.request);
    const tree = await staffApi.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
    community = findUnit(tree.roots, COMMUNITY_CODE) as OrgTreeNode;
    grid = findUnit(tree.roots, GRID_CODE) as OrgTreeNode;
    expect(community && grid).toBeTruthy();
    await staffApi.post('/api/visits/plans/rebuild', { unit: community.id });

    const worker = await signIn(e2e, 'grid.jinxi01', { width: 360, height: 900 });
    const workerApi = apiOf(e2e, worker.page.request);
    const mine = await workerApi.get<MyVisitList>('/api/visits/mine');
    const item = mine.items.find((i) => i.card.householdId && i.status === 'open' && i.card.members.length > 0);
    if (!item?.card.householdId)
      throw new Error(`no open household on grid.jinxi01's list: ${mine.items.length} items`);
    householdId = item.card.householdId;
    const person = item.card.members[0]?.id as string;

    const photoId = randomUUID();
    await workerApi.put(`/api/visits/photos/${photoId}`, PNG, 'image/png');
    visitId = randomUUID();
    const now = Date.now();
    const record = {
      id: visitId,
      baseRevision: 0,
      householdId,
      personIds: [person],
      visitedAt: new Date(now - 40 * 60_000).toISOString(),
      recordedAt: new Date(now - 30 * 60_000).toISOString(),
      method: 'home',
      summary: SUMMARY_1,
      findings: [
        { kind: 'risk', text: '楼道灯坏了,夜间有摔倒风险' },
        { kind: 'need', text: '希望社区帮忙联系物业维修' },
      ],
      location: { lng: 113.0812, lat: 22.5791 },
      photoIds: [photoId],
    };
    const first = await workerApi.post<SyncResponse>('/api/visits/sync', { deviceId: 'e2e-phone', records: [record] });
    expect(first.results[0]?.outcome).toBe('created');
    // The same revision edited on a second device, later: both kept, this one current, a conflict flagged.
    const second = await workerApi.post<SyncResponse>('/api/visits/sync', {
      deviceId: 'e2e-tablet',
      records: [
        {
          ...record,
          recordedAt: new Date(now - 10 * 60_000).toISOString(),
          summary: SUMMARY_2,
          findings: [...record.findings, { kind: 'living', text: '独居,子女每周来一次' }],
        },
      ],
    });
    expect(second.results[0]?.outcome).toBe('conflict');
    await worker.context.close();
  });

  it('走访覆盖 shows the community’s numbers and drills into 第一网格', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/visits/coverage`);
    await page.getByTestId('coverage-kpis').waitFor();
    expect(await page.getByTestId('coverage-heading').textContent()).toContain(community.name);
    expect(Number(await kpi(page, 'due'))).toBeGreaterThan(0);
    expect(Number(await kpi(page, 'visits'))).toBeGreaterThanOrEqual(1);
    expect(await kpi(page, 'rate')).toMatch(/^\d+%$/);
    // One row per grid of the community, and the bar chart of their completion.
    await page.getByTestId('coverage-chart').locator('svg').first().waitFor();
    expect(await page.getByTestId('coverage-drill').count()).toBeGreaterThanOrEqual(2);
    // The findings of the synced visit: 隐患, 需求 and 生活状况 counted.
    const findings = await page.getByTestId('findings-counts').textContent();
    expect(findings).toMatch(/隐患: ?[1-9]/);
    expect(await page.getByTestId('coverage-workers').textContent()).toContain('张海峰');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('coverage-drill').filter({ hasText: grid.name }).click();
    await page.waitForURL((url) => url.searchParams.get('unit') === grid.id);
    await page.getByTestId('coverage-heading').filter({ hasText: grid.name }).waitFor();
    expect(Number(await kpi(page, 'visits'))).toBeGreaterThanOrEqual(1);
    expect(Number(await kpi(page, 'done'))).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('coverage-workers').textContent()).toContain('张海峰');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('逾期督访 lists the overdue items, and by status the open ones with their households', async () => {
    const { page } = staff;
    // Last month's monthly items still open are overdue now (the demo leaves a few unvisited).
    const now = new Date();
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15)).toISOString().slice(0, 7);
    await page.goto(`${e2e.baseUrl}/visits/overdue?month=${last}`);
    const list = page.getByTestId('due-list');
    await list.locator('.ant-table-tbody').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    // Every row shown as overdue says by how many days.
    const rows = await list.locator('tbody tr.ant-table-row').count();
    expect(await list.getByTestId('days-overdue').count()).toBe(rows);
    for (const days of await list.getByTestId('days-overdue').allTextContents()) expect(days).toMatch(/^\d+ 天$/);

    await page.goto(`${e2e.baseUrl}/visits/overdue`);
    await list.locator('.ant-table-tbody').waitFor();

    await choose(page, page.getByTestId('due-status'), '待走访');
    await page.waitForURL((url) => url.searchParams.get('status') === 'open');
    await list.getByTestId('due-household-link').first().waitFor();
    expect(await list.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('走访规则: the staff changes a tag to weekly and saves; the confirmation says the lists are rebuilt', async () => {
    const { page } = staff;
    const api = apiOf(e2e, page.request);
    const before = await api.get<VisitRules>(`/api/visits/rules?community=${community.id}`);
    const rule = before.rules.find((r) => r.frequency === 'monthly');
    if (!rule) throw new Error('no monthly rule to change');

    await page.goto(`${e2e.baseUrl}/visits/rules`);
    await page.getByTestId('rules-table').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await choose(page, page.getByTestId(`rule-frequency-${rule.tag.code}`), '每周');
    await page.getByTestId('rules-save').click();
    const changes = page.getByTestId('rules-changes');
    await changes.waitFor();
    expect(await changes.textContent()).toContain(`${rule.tag.name}:每月 → 每周`);
    expect(await page.locator('.ant-modal-confirm').textContent()).toContain('重建');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('rules-save-confirm').click();
    await page.locator('.ant-message').getByText('走访规则已保存').waitFor();

    const after = await api.get<VisitRules>(`/api/visits/rules?community=${community.id}`);
    const changed = after.rules.find((r) => r.tag.code === rule.tag.code);
    expect(changed?.frequency).toBe('weekly');
    expect(changed?.source).toBe('community');
    const row = page.getByTestId('rules-table').locator('tr', { hasText: rule.tag.name });
    await row.getByText('本社区设置').waitFor();
  });

  it('民情日记: the record opens with both clocks, the photo, its revisions and the conflict rule, and is confirmed', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/visits/diary`);
    const row = page.getByTestId('diary-list').locator('tr', { hasText: '王奶奶' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('两台设备修改');
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByTestId('diary-open').click();
    await page.waitForURL((url) => url.pathname === `/visits/diary/${visitId}`);
    await page.getByTestId('visit-summary').waitFor();
    expect(await page.getByTestId('visit-summary').textContent()).toBe(SUMMARY_2);
    expect(await page.getByTestId('visit-visited-at').textContent()).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    expect(await page.getByTestId('visit-received-at').textContent()).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    const findings = await page.getByTestId('visit-findings').textContent();
    for (const word of ['隐患', '需求', '生活状况']) expect(findings).toContain(word);
    // Both edits kept: the current one (made later on the tablet) and the phone's, replaced by it.
    const revisions = await page.getByTestId('visit-revisions').textContent();
    expect(revisions).toContain('e2e-phone');
    expect(revisions).toContain('e2e-tablet');
    expect(revisions).toContain('当前采用');
    expect(revisions).toMatch(/已被较晚的修改取代|未采用/);
    // The photo is served to the staff and loads.
    const img = page.getByTestId('visit-photos').locator('img').first();
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(1);
    const banner = page.getByTestId('visit-conflict');
    expect(await banner.getByTestId('visit-conflict-rule').textContent()).toContain(RULE_TEXT);
    expect(await seriousViolations(page)).toEqual([]);

    await banner.getByTestId('visit-conflict-ack').click();
    await banner.waitFor({ state: 'detached' });
    const api = apiOf(e2e, page.request);
    expect((await api.get<{ conflict: boolean }>(`/api/visits/${visitId}`)).conflict).toBe(false);
  });

  it('the household’s page shows its 走访记录', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/registry/households/${householdId}`);
    const panel = page.getByTestId('visit-history');
    await panel.getByText('王奶奶', { exact: false }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('a grid worker opens 走访覆盖 on a 360-px phone without sideways scrolling', async () => {
    const worker = await signIn(e2e, 'grid.jinxi01', { width: 360, height: 900 });
    const { page } = worker;
    await page.goto(`${e2e.baseUrl}/visits/coverage`);
    await page.getByTestId('coverage-kpis').waitFor();
    expect(await page.getByTestId('coverage-heading').textContent()).toContain(grid.name);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
    expect(await seriousViolations(page)).toEqual([]);
    await worker.context.close();
  });
});
