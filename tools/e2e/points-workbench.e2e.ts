/**
 * The points pages of the 工作台 as the community staff of 金溪社区 meets them, in Chromium.
 * The staff opens 积分规则 (the district's inherited rules marked as such) and adds a rule of
 * his own: 帮邻居搬运重物, +7, a photo required. resident.demo (王桂芳, linked to her person by
 * the demo seed) claims it from her phone through the API with a photo. In 申报审核 the staff
 * opens the claim — the photo loads — and approves it; her account page then shows the entry
 * under the new rule and the balance grown by 7. Every page passes axe-core without serious
 * violations.
 */
import { randomUUID } from 'node:crypto';
import type { Catalogue, Claim, OrgTreeNode, PointsMe } from '@gongzhi/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, type E2E, findUnit, type Session, seriousViolations, signIn, startE2E } from './harness.ts';

const COMMUNITY_CODE = '440704001001'; // 金溪社区
const RULE_CODE = `E2E-${Date.now().toString(36).slice(-5).toUpperCase()}`;
const RULE_TITLE = '帮邻居搬运重物';
const CLAIM_TEXT = '周六上午帮三楼的李阿姨把新买的米和油搬上楼。';
// A 1×1 PNG: enough for the server's content sniffing and for <img> to load.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/**
 * Picks an option of an antd Select by its visible text. A click that lands while the list is
 * still opening can choose without closing it: then a second click on the field closes it.
 */
async function choose(page: Page, select: ReturnType<Page['locator']>, option: string) {
  await select.click();
  const item = page.locator('.ant-select-item-option:visible', { hasText: option }).first();
  await item.waitFor();
  await item.click();
  await expect.poll(async () => (await select.textContent()) ?? '').toContain(option);
  const combobox = select.locator('[role="combobox"]');
  if ((await combobox.getAttribute('aria-expanded')) === 'true') await select.click();
  await expect.poll(() => combobox.getAttribute('aria-expanded')).toBe('false');
}

describe('the points pages of the 工作台 in the browser', () => {
  let e2e: E2E;
  let staff: Session;
  let community: OrgTreeNode;
  let ruleId = '';
  let claimId = '';
  let before: PointsMe;

  beforeAll(async () => {
    e2e = await startE2E();
    staff = await signIn(e2e, 'staff.jinxi');
    const tree = await apiOf(e2e, staff.page.request).get<{ roots: OrgTreeNode[] }>('/api/org/tree');
    community = findUnit(tree.roots, COMMUNITY_CODE) as OrgTreeNode;
    expect(community).toBeTruthy();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('积分规则 lists the catalogue by category, marks inherited rules, and the staff adds a rule', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/points/rules`);
    await page.getByTestId('rules-table').first().locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('rules-summary').textContent()).toContain(community.name);
    // The district's starter catalogue reaches 金溪社区 marked with where it comes from.
    expect(await page.getByTestId('rule-inherited').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('rule-inherited').first().textContent()).toMatch(/来自(区|街道)/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('rule-create').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '新建积分规则' });
    await dialog.waitFor();
    await page.getByTestId('rule-code').fill(RULE_CODE);
    await choose(page, page.getByTestId('rule-category'), '邻里和谐');
    await page.getByTestId('rule-title').fill(RULE_TITLE);
    await page.getByLabel('每次加分').fill('7');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('rule-submit').click();
    await page.locator('.ant-message').getByText('积分规则已创建').waitFor();

    const row = page.getByTestId('rules-category-harmony').locator('tr', { hasText: RULE_CODE });
    await row.waitFor();
    expect(await row.textContent()).toContain(RULE_TITLE);
    expect(await row.textContent()).toContain('+7');
    expect(await row.textContent()).toContain('本社区');

    // The version history opens from the row: one version so far.
    await row.getByRole('button', { name: '版本' }).click();
    const versions = page.getByTestId('rule-versions');
    await versions.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await versions.locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await versions.waitFor({ state: 'hidden' });

    const catalogue = await apiOf(e2e, page.request).get<Catalogue>(`/api/points/rules?community=${community.id}`);
    ruleId = catalogue.categories.flatMap((c) => c.rules).find((r) => r.code === RULE_CODE)?.id ?? '';
    expect(ruleId).not.toBe('');
  }, 300_000);

  it('resident.demo claims the new rule from her phone with a photo', async () => {
    const resident = await signIn(e2e, 'resident.demo', { width: 360, height: 800 });
    const api = apiOf(e2e, resident.page.request);
    before = await api.get<PointsMe>('/api/points/me');
    const photo = randomUUID();
    await api.put(`/api/points/photos/${photo}`, PNG, 'image/png');
    const claim = await api.post<Claim>('/api/points/me/claims', {
      rule: ruleId,
      occurredOn: chinaToday(),
      description: CLAIM_TEXT,
      photos: [photo],
    });
    expect(claim.status).toBe('pending');
    claimId = claim.id;
    await resident.context.close();
  }, 300_000);

  it('申报审核: the staff opens the claim, sees the photo and approves it', async () => {
    const { page } = staff;
    // The demo leaves claims pending too: one long page holds them all, oldest first.
    await page.goto(`${e2e.baseUrl}/points/review?pageSize=100`);
    const row = page.getByTestId('claims-list').locator('tr', { hasText: RULE_TITLE });
    await row.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await row.getByTestId('claim-open').click();
    await page.waitForURL((url) => url.searchParams.get('claim') === claimId);

    const drawer = page.getByTestId('claim-drawer');
    await drawer.getByTestId('claim-description').filter({ hasText: CLAIM_TEXT }).waitFor();
    expect(await drawer.getByTestId('claim-status').textContent()).toBe('待审核');
    const img = drawer.getByTestId('claim-photos').locator('img').first();
    await img.waitFor();
    await expect
      .poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth))
      .toBeGreaterThan(0);
    expect(await drawer.getByTestId('claim-timeline').textContent()).toContain('提交申报');
    expect(await seriousViolations(page)).toEqual([]);

    await drawer.getByTestId('claim-approve').click();
    const confirm = page.locator('.ant-modal').filter({ hasText: '通过后按' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('+7');
    await page.getByTestId('decision-submit').click();
    await page.locator('.ant-message').getByText('已通过,记入 7 分').waitFor();
    await drawer.getByTestId('claim-status').filter({ hasText: '已通过' }).waitFor();
    expect(await drawer.getByTestId('claim-posted').textContent()).toBe('+7');
    expect(await drawer.getByTestId('claim-timeline').textContent()).toContain('审核通过');
  }, 300_000);

  it('积分账户: 王桂芳’s account shows the entry under the new rule and the balance grown by 7', async () => {
    const { page } = staff;
    const account = before.accounts.find((a) => a.kind === 'person');
    if (!account) throw new Error('resident.demo has no person account');

    await page.goto(`${e2e.baseUrl}/points/accounts?unit=${community.id}`);
    await page.getByTestId('accounts-list').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const search = page.getByLabel('搜索姓名或户号');
    await search.fill(before.person.name);
    await search.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === before.person.name);
    const row = page
      .getByTestId('accounts-list')
      .locator('tr', { hasText: '个人' })
      .filter({ hasText: before.person.name });
    await row.first().waitFor();
    await row.first().getByTestId('account-open').click();
    await page.waitForURL((url) => url.pathname === `/points/accounts/${account.id}`);

    await page.getByTestId('account-name').filter({ hasText: before.person.name }).waitFor();
    const balance = page.getByTestId('account-balance-total').locator('.ant-statistic-content-value');
    await expect.poll(async () => Number((await balance.textContent())?.replace(/,/g, ''))).toBe(account.balance + 7);
    const entry = page.getByTestId('entries-list').locator('tbody tr.ant-table-row').first();
    await entry.waitFor();
    expect(await entry.textContent()).toContain(RULE_TITLE);
    expect(await entry.getByTestId('entry-amount').textContent()).toBe('+7');
    expect(await entry.getByTestId('entry-balance').textContent()).toBe(String(account.balance + 7));
    expect(await seriousViolations(page)).toEqual([]);
  }, 300_000);
});
