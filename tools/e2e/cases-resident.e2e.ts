/**
 * 说事 → 评事 as 王桂芳 (resident.demo) meets it in Chromium on a 360-px phone. She reports a
 * broken street lamp with a photo and a point (her phone's location, then a tap on the sketch
 * map), gets the receipt number (回执号) and sees the case in 我的事件 as 已上报. Through the API the
 * staff of 金溪社区 accept it and dispatch it to the category's department (区城管局), whose handler
 * 何志勇 starts and resolves it. She sees 已办结,待评价, rates it 5 stars and sees 已办结; the
 * public board of 金溪社区 shows the case and its result without her name, and her receipt
 * number finds it there. Every page passes axe-core at 360 px without horizontal scrolling.
 */
import type { CaseCategoryTree, CaseDetail, CaseList, MyCaseList, OrgTreeNode, PublicCaseList } from '@gongzhi/api';
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
const GRID_CODE = '440704001001001'; // 金溪社区第一网格, 王桂芳's
const PHONE = { width: 360, height: 740 };
const TITLE = 'E2E 3 栋门口路灯不亮';
const RESULT = 'E2E 已更换灯头并检修线路,路灯恢复照明';

type Api = ReturnType<typeof apiOf>;

async function signInByApi(e2e: E2E, context: BrowserContext, username: string): Promise<Api> {
  const res = await context.request.post(`${e2e.baseUrl}/api/auth/login`, {
    data: { username, password: DEMO_PASSWORD },
  });
  if (!res.ok()) throw new Error(`login ${username} → ${res.status()} ${await res.text()}`);
  return apiOf(e2e, context.request);
}

/** No horizontal scrolling on a 360-px phone, and no serious axe-core violation. */
async function phoneChecks(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
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
    ctx.fillStyle = '#263238';
    ctx.fillRect(0, 0, 2000, 1500);
    ctx.fillStyle = '#ffd54f';
    ctx.font = '180px sans-serif';
    ctx.fillText('路灯不亮', 300, 800);
    return c.toDataURL('image/jpeg', 0.85);
  });
  return Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
}

describe('共治·居民: a resident reports a problem, follows it and rates the result', () => {
  let e2e: E2E;
  let staffCtx: BrowserContext;
  let staff: Api;
  let handlerCtx: BrowserContext;
  let handler: Api;
  let resident: Session;
  let me: Api;
  let page: Page;
  /** a building of her grid: the point she reports, so the case lands in 金溪社区 */
  let where = { lng: 0, lat: 0 };
  let receiptNo = '';
  let caseUid = '';

  beforeAll(async () => {
    e2e = await startE2E();
    staffCtx = await e2e.browser.newContext();
    staff = await signInByApi(e2e, staffCtx, 'staff.jinxi');
    handlerCtx = await e2e.browser.newContext();
    handler = await signInByApi(e2e, handlerCtx, 'dept.chengguan');
    const tree = await staff.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
    const grid = findUnit(tree.roots, GRID_CODE);
    const map = await staff.get<{ features: { geometry: { coordinates: number[] }; properties: { layer: string } }[] }>(
      `/api/registry/map?unit=${grid?.id}`,
    );
    const building = map.features.find((f) => f.properties.layer === 'building');
    const [lng, lat] = building?.geometry.coordinates ?? [];
    if (lng === undefined || lat === undefined) throw new Error('no building with coordinates in the grid');
    where = { lng, lat };
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('王桂芳 opens 说事 on a 360-px phone; 我的事件 passes axe-core', async () => {
    resident = await signIn(e2e, 'resident.demo', PHONE);
    page = resident.page;
    me = apiOf(e2e, resident.context.request);
    await resident.context.grantPermissions(['geolocation'], { origin: e2e.baseUrl });
    await resident.context.setGeolocation({ longitude: where.lng, latitude: where.lat, accuracy: 10 });
    await page.waitForURL((url) => url.pathname === '/r');
    await page.getByTestId('r-tab-cases').click();
    await page.getByTestId('r-cases').waitFor();
    await phoneChecks(page);
  });

  it('she reports a broken street lamp with a photo and a point picked on the map, and gets a receipt number', async () => {
    await page.getByTestId('r-case-new').click();
    await page.getByTestId('case-form').waitFor();
    const categories = await me.get<CaseCategoryTree>('/api/cases/categories');
    const lamp = categories.items.flatMap((g) => g.children).find((c) => c.code === 'facilities.street-light');
    expect(lamp).toBeDefined();

    // Nothing chosen: the form says what is missing and sends nothing.
    await page.getByTestId('case-submit').click();
    await page.getByText('请选择问题类别').waitFor();

    await page.getByTestId('case-category').selectOption(lamp?.uid ?? '');
    await page.getByTestId('case-title').fill(TITLE);
    await page.getByTestId('case-description').fill('E2E 晚上七点后整段路黑着,老人出门不方便。');
    await page.getByTestId('case-photo-input').setInputFiles({
      name: 'lamp.jpg',
      mimeType: 'image/jpeg',
      buffer: await cameraJpeg(page),
    });
    await page.locator('[data-testid="r-photo"][data-state="done"]').waitFor();

    // The phone's location first, then a tap on the sketch map right where the marker is.
    await page.getByTestId('case-gps').click();
    await page.getByTestId('case-map').waitFor();
    await expect.poll(async () => page.getByTestId('case-point').textContent()).toContain(where.lat.toFixed(5));
    await page.getByTestId('case-map-zoom-in').click();
    const box = await page.getByTestId('case-map').boundingBox();
    if (!box) throw new Error('the map is not drawn');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByTestId('case-map-pin').waitFor();
    await page.getByTestId('case-address').fill('金溪社区 3 栋门口');
    await phoneChecks(page);

    await page.getByTestId('case-submit').click();
    // Another open lamp case of the seed may lie within 50 m: she may still report hers.
    await page.locator('[data-testid="case-sent"], [data-testid="case-nearby"]').first().waitFor();
    if (await page.getByTestId('case-nearby').isVisible()) {
      await phoneChecks(page);
      await page.getByTestId('case-report-anyway').click();
      await page.getByTestId('case-sent').waitFor();
    }
    receiptNo = (await page.getByTestId('case-receipt-no').textContent()) ?? '';
    expect(receiptNo).toMatch(/^\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(await page.getByTestId('case-sent-status').textContent()).toBe('已上报');
    await phoneChecks(page);

    const mine = await me.get<MyCaseList>('/api/cases/me');
    const reported = mine.items.find((c) => c.receiptNo === receiptNo);
    expect(reported?.title).toBe(TITLE);
    expect(reported?.community.name).toBe('金溪社区');
    caseUid = reported?.uid ?? '';
    const detail = await me.get<CaseDetail>(`/api/cases/${caseUid}`);
    expect(detail.photos.filter((p) => p.stage === 'report')).toHaveLength(1);
    expect(detail.lng).toBeCloseTo(where.lng, 3);
    expect(detail.lat).toBeCloseTo(where.lat, 3);
  });

  it('我的事件 lists it as 已上报 and its page shows the timeline', async () => {
    await page.getByTestId('case-sent-follow').click();
    await page.getByTestId('r-case-detail').waitFor();
    await page.getByTestId('case-timeline').waitFor();
    expect(await page.getByTestId('r-case-detail-status').textContent()).toBe('已上报');
    await phoneChecks(page);

    await page.getByTestId('r-tab-cases').click();
    const row = page.locator(`[data-testid="r-case"][data-receipt="${receiptNo}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('reported');
    expect(await row.getByTestId('r-case-status').textContent()).toBe('已上报');
    await phoneChecks(page);
  });

  it('reporting the same lamp again, she is asked “是同一个问题吗?” with her open case, and may leave it', async () => {
    await page.getByTestId('r-case-new').click();
    await page.getByTestId('case-form').waitFor();
    const categories = await me.get<CaseCategoryTree>('/api/cases/categories');
    const lamp = categories.items.flatMap((g) => g.children).find((c) => c.code === 'facilities.street-light');
    await page.getByTestId('case-category').selectOption(lamp?.uid ?? '');
    await page.getByTestId('case-title').fill('E2E 路灯又坏了');
    await page.getByTestId('case-description').fill('E2E 同一盏路灯。');
    await page.getByTestId('case-gps').click();
    await expect.poll(async () => page.getByTestId('case-point').textContent()).toContain(where.lat.toFixed(5));
    await page.getByTestId('case-submit').click();
    await page.getByTestId('case-nearby').waitFor();
    expect(await page.getByTestId('case-nearby').textContent()).toContain(TITLE);
    await phoneChecks(page);
    // She leaves it: nothing was sent.
    await page.getByTestId('r-tab-cases').click();
    await page.getByTestId('r-cases').waitFor();
    const mine = await me.get<MyCaseList>('/api/cases/me');
    expect(mine.items.some((c) => c.title === 'E2E 路灯又坏了')).toBe(false);
  });

  it('staff accept and dispatch it to 城管, the handler resolves it; she sees 已办结,待评价', async () => {
    await staff.post(`/api/cases/${caseUid}/accept`, {});
    const dispatched = await staff.post<CaseDetail>(`/api/cases/${caseUid}/dispatch`, {});
    expect(dispatched.status).toBe('dispatched');
    await handler.post(`/api/cases/${caseUid}/start`, {});
    const resolved = await handler.post<CaseDetail>(`/api/cases/${caseUid}/resolve`, { result: RESULT });
    expect(resolved.status).toBe('resolved');

    await page.reload();
    const row = page.locator(`[data-testid="r-case"][data-receipt="${receiptNo}"]`);
    await row.locator('[data-testid="r-case-status"]', { hasText: '已办结,待评价' }).waitFor();
    await row.locator('a').click();
    await page.getByTestId('case-result').waitFor();
    expect(await page.getByTestId('case-result').textContent()).toContain(RESULT);
    await page.getByTestId('case-rate-form').waitFor();
    await phoneChecks(page);
  });

  it('she rates it 5 stars with a comment and sees 已办结', async () => {
    await page.getByTestId('case-rate-submit').click();
    await page.getByText('请选择星级').waitFor();
    await page.locator('label', { has: page.getByTestId('case-star-5') }).click();
    await page.getByTestId('case-rate-comment').fill('E2E 修得很快,谢谢!');
    await page.getByTestId('case-rate-submit').click();
    await expect.poll(async () => page.getByTestId('r-case-detail-status').textContent()).toBe('已办结');
    await page.getByTestId('case-my-rating').waitFor();
    expect(await page.getByTestId('case-rate-form').count()).toBe(0);
    await phoneChecks(page);
    const detail = await me.get<CaseDetail>(`/api/cases/${caseUid}`);
    expect(detail.status).toBe('closed');
    expect(detail.rating).toBe(5);
  });

  it('the public board of 金溪社区 shows it without her name, and her receipt number finds it', async () => {
    const board = await staff.get<PublicCaseList>(`/api/public/cases?community=${COMMUNITY_CODE}`);
    expect(board.items.some((c) => c.receiptNo === receiptNo)).toBe(true);

    const visitor = await e2e.browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    const pub = await visitor.newPage();
    await pub.goto(`${e2e.baseUrl}/public/cases?community=${COMMUNITY_CODE}`);
    const row = pub.locator(`[data-testid="board-case"][data-receipt="${receiptNo}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain(TITLE);
    expect(await pub.locator('body').textContent()).not.toContain('王桂芳');
    await phoneChecks(pub);

    await pub.getByTestId('board-receipt-input').fill(receiptNo.toLowerCase());
    await pub.getByTestId('board-receipt-submit').click();
    await pub.waitForURL((url) => url.pathname === `/public/cases/${receiptNo}`);
    await pub.getByTestId('board-case-detail').waitFor();
    expect(await pub.getByTestId('board-case-receipt').textContent()).toBe(receiptNo);
    expect(await pub.getByTestId('board-case-result').textContent()).toContain(RESULT);
    const text = (await pub.locator('body').textContent()) ?? '';
    expect(text).not.toContain('王桂芳');
    expect(text).not.toContain('王*芳');
    await phoneChecks(pub);
    await visitor.close();
  });
  it('a grid worker reports a case on a resident’s behalf from 共治·网格通 and gets a receipt number', async () => {
    const worker = await signIn(e2e, 'grid.jinxi01', PHONE);
    const wpage = worker.page;
    const wapi = apiOf(e2e, worker.context.request);
    await wpage.waitForURL((url) => url.pathname.startsWith('/m'));
    await wpage.getByTestId('m-tab-case').click();
    await wpage.getByTestId('case-form').waitFor();
    await wpage.getByTestId('m-case-origin-on_behalf').check();
    const categories = await wapi.get<CaseCategoryTree>('/api/cases/categories');
    const corridor = categories.items.flatMap((g) => g.children).find((c) => c.code === 'property.corridor');
    await wpage.getByTestId('case-category').selectOption(corridor?.uid ?? '');
    await wpage.getByTestId('case-title').fill('E2E 5 栋楼道堆放杂物');
    await wpage.getByTestId('case-description').fill('E2E 住户反映楼道被旧家具堵住,影响通行。');
    await wpage.getByTestId('case-address').fill('金溪社区 5 栋 2 单元楼道');
    // The resident's name is required when reporting on their behalf.
    await wpage.getByTestId('case-submit').click();
    await wpage.getByText('请填写反映人姓名').waitFor();
    await wpage.getByTestId('m-case-reporter-name').fill('李秀英');
    await wpage.getByTestId('m-case-reporter-phone').fill('13800138000');
    await phoneChecks(wpage);
    await wpage.getByTestId('case-submit').click();
    await wpage.getByTestId('case-sent').waitFor();
    const no = (await wpage.getByTestId('case-receipt-no').textContent()) ?? '';
    expect(no).toMatch(/^\d{8}-[0-9A-HJKMNP-TV-Z]{6}$/);
    await phoneChecks(wpage);
    const list = await staff.get<CaseList>('/api/cases?status=all&channel=grid');
    const taken = list.items.find((c) => c.receiptNo === no);
    expect(taken).toMatchObject({ channel: 'grid', origin: 'on_behalf' });
    await worker.context.close();
  });
});
