/**
 * 共治·居民 as 王桂芳 (resident.demo, linked to her registry person by the demo seed) meets it
 * in Chromium on a 360-px phone. Community staff of 金溪社区 set the scene through the API: a
 * rule worth 100 points, awarded to her; a claimable rule that needs a photo; a breakfast
 * coupon in the points store; and a 公示 of this month's ranking. She signs in and lands on
 * /r, sees her balance grow by 100, claims points with a photo (uploaded with progress),
 * redeems a coupon after a confirmation that shows her balance after, and sees the order's
 * 8-digit pickup code and its QR. She objects to the 公示, and anyone reads it on the public
 * page without signing in. Every page passes axe-core at 360 px.
 */
import type { ClaimList, Order, OrderList, OrgTreeNode, PointsMe, Publication, Rule, StoreItem } from '@gongzhi/api';
import type { BrowserContext, Page } from 'playwright-core';
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

const COMMUNITY_CODE = '440704001001'; // 金溪社区
const PHONE = { width: 360, height: 740 };

type Api = ReturnType<typeof apiOf>;

async function signInByApi(e2e: E2E, context: BrowserContext, username: string): Promise<Api> {
  const res = await context.request.post(`${e2e.baseUrl}/api/auth/login`, {
    data: { username, password: DEMO_PASSWORD },
  });
  if (!res.ok()) throw new Error(`login ${username} → ${res.status()} ${await res.text()}`);
  return apiOf(e2e, context.request);
}

/** No horizontal scrolling on a 360-px phone. */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function phoneChecks(page: Page) {
  expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
  expect(await seriousViolations(page)).toEqual([]);
}

/** A camera-sized JPEG drawn in the page. */
async function cameraJpeg(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 2000;
    c.height = 1500;
    const ctx = c.getContext('2d');
    if (!ctx) throw new Error('no canvas');
    ctx.fillStyle = '#2e7d32';
    ctx.fillRect(0, 0, 2000, 1500);
    ctx.fillStyle = '#fff';
    ctx.font = '180px sans-serif';
    ctx.fillText('垃圾分类', 300, 800);
    return c.toDataURL('image/jpeg', 0.85);
  });
  return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
}

function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

describe('共治·居民: a resident’s points on her phone', () => {
  let e2e: E2E;
  let staffCtx: BrowserContext;
  let staff: Api;
  let resident: Session;
  let me: Api;
  let page: Page;
  let communityId = '';
  let balanceBefore = 0;
  let photoRule: Rule;
  let coupon: StoreItem;
  let publication: Publication;

  beforeAll(async () => {
    e2e = await startE2E();
    staffCtx = await e2e.browser.newContext();
    staff = await signInByApi(e2e, staffCtx, 'staff.jinxi');
    const tree = await staff.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
    communityId = findUnit(tree.roots, COMMUNITY_CODE)?.id ?? '';
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('王桂芳 signs in on a 360-px phone and lands on 我的积分; it passes axe-core', async () => {
    expect(communityId).not.toBe('');
    resident = await signIn(e2e, 'resident.demo', PHONE);
    page = resident.page;
    me = apiOf(e2e, resident.context.request);
    // A user who is only a resident starts on the residents' pages.
    await page.waitForURL((url) => url.pathname === '/r');
    const mine = await me.get<PointsMe>('/api/points/me');
    balanceBefore = mine.accounts.find((a) => a.kind === 'person')?.balance ?? 0;
    await page.getByTestId('r-balance-person-value').waitFor();
    expect(await page.getByTestId('r-balance-person-value').textContent()).toBe(String(balanceBefore));
    await phoneChecks(page);
  });

  it('staff award her 100 points; after a reload she sees the new balance and the entry', async () => {
    const person = (await me.get<PointsMe>('/api/points/me')).person.id;
    const hundred = await staff.post<Rule>('/api/points/rules', {
      unit: communityId,
      code: 'E2E-100',
      category: 'volunteering',
      title: 'E2E 抗台风志愿服务',
      points: 100,
      appliesTo: 'person',
      evidence: [],
      claimable: false,
    });
    await staff.post('/api/points/awards', {
      person,
      rule: hundred.id,
      occurredOn: chinaToday(),
      reason: '抗台风转移群众',
    });
    await page.reload();
    await page.getByTestId('r-balance-person-value').waitFor();
    await expect
      .poll(async () => page.getByTestId('r-balance-person-value').textContent())
      .toBe(String(balanceBefore + 100));
    const first = page.getByTestId('r-entry').first();
    expect(await first.textContent()).toContain('E2E 抗台风志愿服务');
    expect(await first.textContent()).toContain('+100');
  });

  it('she claims points for a rule that needs a photo; the photo uploads and the claim waits for review', async () => {
    photoRule = await staff.post<Rule>('/api/points/rules', {
      unit: communityId,
      code: 'E2E-PHOTO',
      category: 'environment',
      title: 'E2E 垃圾分类示范',
      points: 5,
      appliesTo: 'person',
      evidence: ['photo'],
      claimable: true,
    });
    await page.getByTestId('r-tab-claims').click();
    await page.getByTestId('r-claims').waitFor();
    await phoneChecks(page);

    await page.getByTestId('r-claim-new').click();
    await page.getByTestId('r-claim-rule').waitFor();
    await page.getByTestId('r-claim-rule').selectOption(photoRule.id);
    await page.getByTestId('r-rule-info').waitFor();
    // The rule needs a photo: without one the form says so and sends nothing.
    await page.getByTestId('r-claim-description').fill('E2E 在小区垃圾分类点值守两小时,指导邻居分类投放');
    await page.getByTestId('r-claim-submit').click();
    expect(await page.getByText('这个项目需要至少一张照片').isVisible()).toBe(true);

    await page.getByTestId('r-photo-input').setInputFiles({
      name: 'sorting.jpg',
      mimeType: 'image/jpeg',
      buffer: await cameraJpeg(page),
    });
    await page.locator('[data-testid="r-photo"][data-state="done"]').waitFor();
    await phoneChecks(page);
    await page.getByTestId('r-claim-submit').click();
    await page.waitForURL((url) => url.pathname === '/r/claims');
    const row = page.locator('[data-testid="r-claim"]', { hasText: 'E2E 垃圾分类示范' }).first();
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('pending');
    expect(await row.getByTestId('r-claim-status').textContent()).toBe('待审核');

    const claims = await me.get<ClaimList>('/api/points/me/claims');
    const claim = claims.items.find((c) => c.rule.id === photoRule.id);
    expect(claim?.status).toBe('pending');
    expect(claim?.photos).toBe(1);
    await phoneChecks(page);
  });

  it('staff ask her for more; she sees 需补充 and answers with a note, and the claim is pending again', async () => {
    const claim = (await me.get<ClaimList>('/api/points/me/claims')).items.find((c) => c.rule.id === photoRule.id);
    await staff.post(`/api/points/claims/${claim?.id}/request-info`, { note: '请补充一张分类点全景照片' });
    await page.reload();
    const row = page.locator('[data-testid="r-claim"]', { hasText: photoRule.current.title }).first();
    await row.locator('[data-testid="r-claim-status"]', { hasText: '需补充' }).waitFor();
    await row.getByTestId('r-claim-reply').click();
    await row.getByTestId('r-reply-note').fill('已补充:分类点全景照片在第二张');
    await phoneChecks(page);
    await row.getByRole('button', { name: '提交补充' }).click();
    await row.locator('[data-testid="r-claim-status"]', { hasText: '待审核' }).waitFor();
    const again = (await me.get<ClaimList>('/api/points/me/claims')).items.find((c) => c.id === claim?.id);
    expect(again?.status).toBe('pending');
  });

  it('she redeems a breakfast coupon after a confirmation that shows her balance after, and sees the code and QR', async () => {
    coupon = await staff.post<StoreItem>('/api/points/store/items', {
      community: communityId,
      name: 'E2E 早餐券',
      description: '社区早餐店一份早餐',
      kind: 'coupon',
      price: 30,
      stock: 10,
      perPersonLimit: 2,
    });
    const balance = (await me.get<PointsMe>('/api/points/me')).accounts.find((a) => a.kind === 'person')?.balance ?? 0;

    await page.getByTestId('r-tab-store').click();
    await page.getByTestId('r-store-items').waitFor();
    await phoneChecks(page);
    const item = page.locator('[data-testid="r-store-item"]', { hasText: 'E2E 早餐券' });
    await item.getByTestId('r-redeem-open').click();
    await item.getByTestId('r-redeem-qty').fill('1');
    const person = item.getByTestId('r-redeem-account-person');
    if ((await person.count()) > 0) await person.check();
    await item.getByTestId('r-redeem-submit').click();
    await page.getByTestId('r-redeem-confirm').waitFor();
    expect(await page.getByTestId('r-balance-after').textContent()).toContain(String(balance - 30));
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '确认兑换' }).click();

    await page.waitForURL((url) => url.pathname === '/r/orders');
    const orders = await me.get<OrderList>('/api/points/me/orders');
    const order = orders.items.find((o: Order) => o.item.id === coupon.id);
    expect(order?.status).toBe('placed');
    expect(order?.code).toMatch(/^\d{8}$/);
    const pickup = page.locator(`[data-testid="r-code"][data-code="${order?.code}"]`);
    await pickup.waitFor();
    const orderRow = page.locator('[data-testid="r-order"]', { has: pickup });
    await orderRow.getByTestId('r-qr').waitFor();
    expect(
      await orderRow.getByTestId('r-qr').evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBeGreaterThan(0);
    await phoneChecks(page);

    const after = (await me.get<PointsMe>('/api/points/me')).accounts.find((a) => a.kind === 'person')?.balance;
    expect(after).toBe(balance - 30);
  });

  it('she cancels the order; it shows 已取消 and the points are back', async () => {
    const before = (await me.get<PointsMe>('/api/points/me')).accounts.find((a) => a.kind === 'person')?.balance ?? 0;
    const row = page.locator('[data-testid="r-order"][data-status="placed"]', { hasText: coupon.name }).first();
    await row.getByTestId('r-order-cancel').click();
    const dialog = page.getByRole('dialog', { name: '取消订单' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '取消订单' }).click();
    await page.locator('[data-testid="r-order"][data-status="cancelled"]', { hasText: coupon.name }).first().waitFor();
    const after = (await me.get<PointsMe>('/api/points/me')).accounts.find((a) => a.kind === 'person')?.balance;
    expect(after).toBe(before + 30);
    await phoneChecks(page);
  });

  it('she sees the month’s ranking, masked, and objects to the open 公示 while its window lasts', async () => {
    const month = chinaToday().slice(0, 7);
    publication = await staff.post<Publication>('/api/points/publications', {
      unit: communityId,
      subject: 'person',
      period: 'month',
      at: month,
      title: `E2E 金溪社区${month}个人积分公示`,
    });
    await page.getByTestId('r-tab-rankings').click();
    await page.getByTestId('r-ranking').waitFor();
    // Names are masked: no row carries 王桂芳 in full.
    expect(await page.getByTestId('r-ranking').textContent()).not.toContain('王桂芳');
    await phoneChecks(page);

    await page.locator('[data-testid="r-publication-link"]', { hasText: publication.title }).click();
    await page.getByTestId('r-published-rows').waitFor();
    await page.getByTestId('r-objection-text').fill('E2E 我上月参加的清洁活动积分没有计入,请核实');
    await page.getByTestId('r-objection-submit').click();
    await page.getByTestId('r-objection').first().waitFor();
    await phoneChecks(page);
  });

  it('my page switches to English and back; it passes axe-core', async () => {
    await page.getByTestId('r-tab-me').click();
    await page.getByTestId('r-me').waitFor();
    await phoneChecks(page);
    await page.getByTestId('r-lang').click();
    await page.getByRole('heading', { name: 'Me' }).waitFor();
    await phoneChecks(page);
    await page.getByTestId('r-lang').click();
    await page.getByRole('heading', { name: '我的' }).waitFor();
  });

  it('anyone reads the 公示 on the public page without signing in; names are masked', async () => {
    const anon = await e2e.browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    const board = await anon.newPage();
    await board.goto(`${e2e.baseUrl}/public/points/${publication.id}`);
    await board.getByTestId('r-published-rows').waitFor();
    expect(await board.locator('h1').textContent()).toBe(publication.title);
    expect(await board.getByTestId('r-published-rows').textContent()).not.toContain('王桂芳');
    expect(new URL(board.url()).pathname).toBe(`/public/points/${publication.id}`);
    await phoneChecks(board);
    await anon.close();
  });
});
