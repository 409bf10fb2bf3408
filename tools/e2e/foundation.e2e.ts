/**
 * The foundation as a person uses it, in Chromium: a district administrator signs in with
 * password and authenticator code, opens the org tree, splits a grid, and sees the two new
 * grids in the tree and the split in the history. Each page passes axe-core without serious
 * violations, on a PC screen and on a 360-px phone.
 */
import type { OrgTreeNode } from '@gongzhi/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoTotp, type E2E, seriousViolations, startE2E } from './harness.ts';

function findUnit(nodes: OrgTreeNode[], name: string): OrgTreeNode | undefined {
  for (const n of nodes) {
    if (n.name === name) return n;
    const found = findUnit(n.children, name);
    if (found) return found;
  }
  return undefined;
}

describe('foundation in the browser', () => {
  let e2e: E2E;
  let page: Page;

  beforeAll(async () => {
    e2e = await startE2E();
    const context = await e2e.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
  });
  afterAll(() => e2e?.close());

  it('the login page is in Chinese and accessible', async () => {
    await page.goto(`${e2e.baseUrl}/login`);
    await page.getByTestId('login-username').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByTestId('login-submit').textContent()).toMatch(/登\s*录/);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('a district administrator signs in with password and authenticator code', async () => {
    await page.getByTestId('login-username').fill('district');
    await page.getByTestId('login-password').fill(DEMO_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-totp').waitFor();
    await page.getByTestId('login-totp').fill(await demoTotp());
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    const me = await page.request.get(`${e2e.baseUrl}/api/auth/me`);
    expect((await me.json()).user.username).toBe('district');
  });

  it('splits 金溪社区第二网格 in two from the org tree and sees the result', async () => {
    const tree = await (await page.request.get(`${e2e.baseUrl}/api/org/tree`)).json();
    const grid = findUnit(tree.roots, '金溪社区第二网格');
    expect(grid).toBeDefined();
    await page.goto(`${e2e.baseUrl}/org?unit=${grid?.id}`);
    await page.getByTestId('org-tree').waitFor();
    await page.getByTestId('unit-detail').getByText('金溪社区第二网格').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('split-grid-button').click();
    await page.getByTestId('split-part-name-0').fill('金溪社区第二网格(东区)');
    await page.getByTestId('split-part-code-0').fill('440704001001021');
    await page.getByTestId('split-part-name-1').fill('金溪社区第二网格(西区)');
    await page.getByTestId('split-part-code-1').fill('440704001001022');
    await page.getByTestId('split-reason').fill('新建小区入住,人口增长,按楼栋拆分');
    await page.getByTestId('split-submit').click();

    const tree2 = page.getByTestId('org-tree');
    await tree2.getByText('金溪社区第二网格(东区)').waitFor();
    await tree2.getByText('金溪社区第二网格(西区)').waitFor();
    expect(await tree2.getByText('金溪社区第二网格', { exact: true }).count()).toBe(0);

    const after = await (await page.request.get(`${e2e.baseUrl}/api/org/tree?includeRetired=true`)).json();
    expect(findUnit(after.roots, '金溪社区第二网格')?.status).toBe('retired');
    const east = findUnit(after.roots, '金溪社区第二网格(东区)');
    expect(east?.code).toBe('440704001001021');
    const history = await (await page.request.get(`${e2e.baseUrl}/api/org/units/${east?.id}/history`)).json();
    expect(history.items[0].kind).toBe('split');
    expect(history.items[0].from.map((u: { name: string }) => u.name)).toEqual(['金溪社区第二网格']);
  });

  it('the org page stays usable and accessible on a 360-px phone', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.reload();
    await page.getByTestId('org-tree').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // Name what sticks out, so a failure says where to look.
    const tooWide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    );
    expect(overflow, `too wide: ${tooWide.join(', ')}`).toBeLessThanOrEqual(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('switches to English and back', async () => {
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await page.getByTestId('org-tree').waitFor();
    expect(await page.getByTestId('lang-switch').textContent()).toContain('中文');
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  });
});
