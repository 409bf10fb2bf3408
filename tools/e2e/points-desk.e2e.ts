/**
 * The points store's redemption desk and the 公示 of a ranking, in Chromium. Made through the
 * API as the people would: staff.jinxi awards 王桂芳 (resident.demo, linked to her person by the
 * demo seed) points under one of 金溪社区's rules and puts an item in the store; she redeems it
 * on her phone and gets an 8-digit pickup code. At the desk staff.jinxi first types a code no
 * order has (a plain error), then hers — as a USB scanner would, digits and Enter — sees the
 * item, the quantity and her masked name, and confirms the handover; the order is fulfilled
 * and the code no longer works. Then he publishes her grid's monthly ranking as a 公示 and the
 * public page, opened without signing in, shows the rows with masked names only.
 */
import type { Catalogue, Order, OrgTreeNode, PointsMe, Publication, StoreItem } from '@gongzhi/api';
import { maskName as masked } from '@gongzhi/domain';
import type { APIRequestContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, findUnit, type Session, seriousViolations, signIn, startE2E } from './harness.ts';

const COMMUNITY_CODE = '440704001001'; // 金溪社区
const GRID_CODE = '440704001001001'; // 第一网格, resident.demo's
const ITEM_NAME = '端到端测试·洗车券';

/** JSON calls of a signed-in page: CSRF token, and a fresh Idempotency-Key on every write. */
function pointsApi(e2e: E2E, request: APIRequestContext) {
  let csrf: string | null = null;
  const token = async () => {
    csrf ??= (await (await request.get(`${e2e.baseUrl}/api/auth/me`)).json()).csrfToken as string;
    return csrf;
  };
  const check = async <T>(res: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    if (!res.ok()) throw new Error(`${res.url()} → ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    get: async <T>(path: string) => check<T>(await request.get(`${e2e.baseUrl}${path}`)),
    post: async <T>(path: string, data: unknown) =>
      check<T>(
        await request.post(`${e2e.baseUrl}${path}`, {
          data,
          headers: { 'X-CSRF-Token': await token(), 'Idempotency-Key': `e2e.${crypto.randomUUID()}` },
        }),
      ),
  };
}

const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('the redemption desk and a ranking’s 公示 in the browser', () => {
  let e2e: E2E;
  let staff: Session;
  let community: OrgTreeNode;
  let grid: OrgTreeNode;
  let personName = '';
  let order: Order;

  beforeAll(async () => {
    e2e = await startE2E();
    staff = await signIn(e2e, 'staff.jinxi');
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('staff award 王桂芳 points and stock an item; she redeems it and gets a pickup code', async () => {
    const staffApi = pointsApi(e2e, staff.page.request);
    const tree = await staffApi.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
    community = findUnit(tree.roots, COMMUNITY_CODE) as OrgTreeNode;
    grid = findUnit(tree.roots, GRID_CODE) as OrgTreeNode;
    expect(community && grid).toBeTruthy();

    const resident = await signIn(e2e, 'resident.demo', { width: 360, height: 800 });
    const residentApi = pointsApi(e2e, resident.page.request);
    const me = await residentApi.get<PointsMe>('/api/points/me');
    personName = me.person.name;

    // A person rule of the community's catalogue, valid today, that earns points.
    const catalogue = await staffApi.get<Catalogue>(`/api/points/rules?community=${community.id}`);
    const rules = catalogue.categories
      .flatMap((c) => c.rules)
      .filter((r) => r.current.appliesTo === 'person' && r.current.points > 0 && r.validToday && r.retiredAt === null);
    const rule = rules.find((r) => r.current.capMonth === null) ?? rules[0];
    if (!rule) throw new Error('no person rule that earns points in 金溪社区’s catalogue');
    await staffApi.post('/api/points/awards', {
      person: me.person.id,
      rule: rule.id,
      occurredOn: chinaToday(),
      reason: '端到端测试:参加社区志愿服务',
    });

    const item = await staffApi.post<StoreItem>('/api/points/store/items', {
      community: community.id,
      name: ITEM_NAME,
      kind: 'coupon',
      price: 1,
      stock: 5,
      perPersonLimit: 2,
    });
    order = await residentApi.post<Order>('/api/points/me/orders', { item: item.id, quantity: 1 });
    expect(order.status).toBe('placed');
    expect(order.code).toMatch(/^\d{8}$/);
    await resident.context.close();
  });

  it('兑换核销: an unknown code is refused plainly; her code shows the order, which is handed over once', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/points/desk`);
    const input = page.getByTestId('desk-code');
    await input.waitFor();
    await page.getByTestId('desk-community').getByText(community.name).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A code no open order has.
    const unknown = order.code === '00000000' ? '00000001' : '00000000';
    await input.fill(unknown);
    await input.press('Enter');
    await page.getByTestId('desk-not-found').waitFor();
    expect(await page.getByTestId('desk-not-found').textContent()).toContain(unknown);

    // Her code, typed as a USB scanner types it: the digits, then Enter.
    await input.fill('');
    await input.pressSequentially(order.code as string);
    await input.press('Enter');
    const facts = page.getByTestId('desk-order');
    await facts.waitFor();
    expect(await page.getByTestId('desk-item').textContent()).toBe(ITEM_NAME);
    expect(await page.getByTestId('desk-quantity').textContent()).toBe('1');
    const shownName = (await page.getByTestId('desk-person').textContent()) ?? '';
    expect(shownName).toBe(masked(personName));
    expect(await page.getByTestId('desk-status').textContent()).toBe('待兑换');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('desk-fulfil').click();
    await page.getByTestId('desk-done').waitFor();
    expect(await page.getByTestId('desk-status').getAttribute('data-status')).toBe('fulfilled');
    expect(await page.getByTestId('desk-status').textContent()).toBe('已兑换');
    expect(await seriousViolations(page)).toEqual([]);

    // The code worked once: entered again, it finds no open order.
    await page.getByTestId('desk-next').click();
    await input.fill(order.code as string);
    await input.press('Enter');
    await page.getByTestId('desk-not-found').waitFor();

    // The store's orders, filtered to handed over, list it.
    await page.goto(`${e2e.baseUrl}/points/store?tab=orders&status=fulfilled`);
    const row = page.getByTestId('store-orders').locator('tr', { hasText: ITEM_NAME }).first();
    await row.waitFor();
    expect(await row.getByTestId('order-status').getAttribute('data-status')).toBe('fulfilled');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('积分排行: the grid’s monthly ranking is published as a 公示 and the public page shows masked names only', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/points/rankings?unit=${grid.id}`);
    const table = page.getByTestId('ranking-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('ranking-heading').textContent()).toContain(grid.name);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('ranking-publish').click();
    await page.getByTestId('publish-title').waitFor();
    await page.getByTestId('publish-top').fill('500');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('publish-submit').click();

    const drawer = page.getByTestId('publication-drawer');
    await drawer.getByTestId('publication-rows').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await drawer.getByTestId('publication-drawer-status').getAttribute('data-status')).toBe('open');
    expect(await seriousViolations(page)).toEqual([]);
    const href = (await drawer.getByTestId('publication-public-link').getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/public\/points\/[0-9a-f-]{36}$/);
    const id = href.split('/').at(-1) as string;
    const published = await pointsApi(e2e, page.request).get<Publication>(`/api/points/publications/${id}`);
    expect(published.rows.length).toBeGreaterThan(0);

    // Anyone with the link, not signed in.
    const anon = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 800 } });
    const board = await anon.newPage();
    await board.goto(`${e2e.baseUrl}${href}`);
    const rows = board.getByTestId('r-published-rows');
    await rows.waitFor();
    const text = (await board.getByTestId('public-publication').textContent()) ?? '';
    expect(text).toContain(published.title);
    expect(text).toContain(masked(personName));
    expect(text).not.toContain(personName);
    const names = await rows.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(names.length).toBe(published.rows.length);
    for (const name of names) expect(name).toContain('*');
    expect(await seriousViolations(board)).toEqual([]);
    await anon.close();
  });

  it('积分超市 lists the new item and opens it for editing; 党员积分 shows the posts and the quarter’s grades', async () => {
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/points/store`);
    const item = page.getByTestId('store-items').locator('tr', { hasText: ITEM_NAME });
    await item.waitFor();
    expect(await item.textContent()).toContain('兑换券');
    expect(await seriousViolations(page)).toEqual([]);
    await item.getByTestId('store-item-edit').click();
    expect(await page.getByTestId('store-item-name').inputValue()).toBe(ITEM_NAME);
    expect(await seriousViolations(page)).toEqual([]);
    await page
      .getByRole('button', { name: '取 消' })
      .or(page.getByRole('button', { name: '取消' }))
      .first()
      .click();

    await page.goto(`${e2e.baseUrl}/points/party`);
    await page.getByTestId('duty-posts').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('duty-posts').textContent()).toContain('岗');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: '季度积分与评定' }).click();
    await page.getByTestId('party-scores').locator('tbody tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('party-grade').count()).toBeGreaterThan(0);
    await page.getByTestId('party-count-excellent').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
