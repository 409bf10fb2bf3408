/**
 * The living registry as its users meet it, in Chromium. A grid worker of 金溪社区第一网格,
 * on a 360-px phone, finds a resident by surname, opens the 活档案 (the 身份证号 stays masked:
 * no 18-digit number anywhere on the page), the household and the building's room grid.
 * The community staff adds a tag, and imports a small .csv: the dry run names the bad row,
 * a corrected file passes, the import is committed and its new resident is found by search.
 * The buildings list and the map (drawn as a schematic: no tile server in tests) load too.
 * Every page passes axe-core without serious violations.
 */
import type { BuildingView, Household, OrgTreeNode, PersonSearchResult } from '@gongzhi/api';
import { makeIdNumber } from '@gongzhi/domain';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOf, type E2E, findUnit, seriousViolations, signIn, startE2E } from './harness.ts';

const GRID_CODE = '440704001001001'; // 金溪社区第一网格
const FULL_ID_NUMBER = /\d{17}[\dXx]/;

const PHONE = { width: 360, height: 740 };

/** No horizontal scrolling of the page itself on a phone (the room grid scrolls inside its own box). */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('the living registry in the browser', () => {
  let e2e: E2E;
  let grid: { context: BrowserContext; page: Page };
  let staff: { context: BrowserContext; page: Page } | undefined;
  let surname = '';
  let personId = '';

  beforeAll(async () => {
    e2e = await startE2E();
    grid = await signIn(e2e, 'grid.jinxi01', PHONE);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('a resident of 金溪社区第一网格 exists to be found (the demo population, or one made here)', async () => {
    const api = apiOf(e2e, grid.page.request);
    const tree = await api.get<{ roots: OrgTreeNode[] }>('/api/org/tree');
    const gridUnit = findUnit(tree.roots, GRID_CODE);
    expect(gridUnit).toBeDefined();
    const found = await api.get<typeof PersonSearchResult.static>(
      `/api/registry/persons?unit=${gridUnit?.id}&pageSize=1`,
    );
    const someone = found.items[0];
    if (someone) {
      personId = someone.id;
      surname = [...someone.name][0] ?? '';
      return;
    }
    // No demo population yet: a building, a household and its head through the API.
    const building = await api.post<BuildingView>('/api/registry/buildings', {
      gridId: gridUnit?.id,
      name: '金溪花园 9 栋',
      address: '江海路 99 号',
      lng: 113.08,
      lat: 22.58,
      layout: { units: 1, floors: 3, roomsPerFloor: 2 },
    });
    const view = await api.get<BuildingView>(`/api/registry/buildings/${building.id}`);
    const room = view.units[0]?.floors[0]?.rooms[0];
    if (!room) throw new Error('the new building has no rooms');
    const household = await api.post<Household>('/api/registry/households', {
      roomId: room.id,
      head: {
        name: '欧阳建国',
        idNumber: makeIdNumber('440704', '1958-03-12', 131),
        phone: '13812345678',
        registeredHere: true,
      },
      event: 'move_in',
      effectiveDate: '2020-05-01',
    });
    personId = household.members[0]?.person.id ?? '';
    surname = '欧';
  });

  it('the grid worker finds the resident by surname on a 360-px phone', async () => {
    const { page } = grid;
    await page.goto(`${e2e.baseUrl}/registry`);
    await page.getByTestId('registry-search-input').fill(surname);
    await page.getByTestId('registry-search-submit').click();
    const cards = page.getByTestId('person-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThan(0);
    // Every hit's name starts with the surname; every id number is masked.
    const names = await page.locator('[data-testid="person-card"] a.gz-person-link').allTextContents();
    expect(names.every((n) => n.startsWith(surname))).toBe(true);
    expect(await page.locator('main').textContent()).not.toMatch(FULL_ID_NUMBER);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the profile: the 身份证号 is masked and no full number is on the page', async () => {
    const { page } = grid;
    await page.goto(`${e2e.baseUrl}/registry/persons/${personId}`);
    await page.getByTestId('person-name').waitFor();
    const masked = await page.getByTestId('person-id-number').textContent();
    expect(masked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(await page.content()).not.toMatch(FULL_ID_NUMBER);
    // A grid worker may not reveal numbers.
    expect(await page.getByTestId('reveal-id-number').count()).toBe(0);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the household and then the building with its room grid', async () => {
    const { page } = grid;
    await page.getByTestId('person-household-link').click();
    await page.getByTestId('household-members').waitFor();
    expect(await page.getByTestId('household-members').textContent()).toContain(surname);
    expect(await page.content()).not.toMatch(FULL_ID_NUMBER);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('household-building-link').click();
    await page.getByTestId('room-grid').first().waitFor();
    expect(await page.getByTestId('room-cell').count()).toBeGreaterThan(0);
    // The legend names each state in words, not colour alone.
    const legend = await page.locator('.gz-legend').textContent();
    for (const word of ['自住', '出租', '空置']) expect(legend).toContain(word);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the community staff adds a tag to the resident', async () => {
    staff ??= await signIn(e2e, 'staff.jinxi', PHONE);
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/registry/persons/${personId}`);
    await page.getByTestId('person-name').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('add-tag-button').click();
    await page.locator('.gz-add-tag-select').click();
    await page.keyboard.type('退役军人');
    await page.locator('.ant-select-item-option-active', { hasText: '退役军人' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.gz-add-tag-select', { hasText: '退役军人' }).waitFor();
    await page.getByTestId('add-tag-source').fill('退役军人事务站名单');
    await page.getByTestId('add-tag-submit').click();
    await page.getByTestId('person-tags').getByText('退役军人').first().waitFor();
    expect(await page.getByTestId('person-tags').textContent()).toContain('退役军人事务站名单');
  });

  it('imports a .csv: the bad row is listed, a corrected file passes, the commit adds the resident', async () => {
    staff ??= await signIn(e2e, 'staff.jinxi', PHONE);
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/registry/import`);
    await page.getByTestId('import-upload').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const head = makeIdNumber('440704', '1975-06-18', 215);
    const spouse = makeIdNumber('440704', '1977-09-02', 126);
    const wrong = `${spouse.slice(0, 17)}${spouse[17] === '0' ? '1' : '0'}`;
    const csv = (spouseId: string) =>
      [
        '网格编码,楼栋(小区+楼号),楼栋地址,单元,房号,户号,姓名,与户主关系,性别,出生日期,身份证号,联系电话',
        `${GRID_CODE},金溪新村 2 栋,江海路 120 号,1,301,E2E-0001,司徒立新,户主,男,1975-06-18,${head},13900001111`,
        `${GRID_CODE},金溪新村 2 栋,江海路 120 号,1,301,E2E-0001,司徒秀英,妻,女,1977-09-02,${spouseId},`,
      ].join('\n');

    const upload = async (name: string, text: string) => {
      await page
        .locator('input[type="file"]')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${text}`, 'utf8') });
      await page.getByTestId('import-upload').click();
      // The checked dry run of this file, not the one shown before it.
      const detail = page.locator('[data-testid="import-detail"][data-status="checked"]', { hasText: name });
      await detail.waitFor({ timeout: 60_000 });
      return detail;
    };

    const bad = await upload('bad.csv', csv(wrong));
    const problems = bad.getByTestId('import-problems');
    await problems.waitFor();
    const rows = await problems
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    // The spouse's row (row 3 of the sheet) is named with its column and the check-digit problem.
    expect(
      rows.some(([row, column]) => row === '3' && column?.includes('身份证号')),
      JSON.stringify(rows),
    ).toBe(true);
    // The head's row 2 is held back with it: a household is imported whole or not at all.
    expect(
      rows.some(([row]) => row === '2'),
      JSON.stringify(rows),
    ).toBe(true);
    expect(await bad.getByTestId('import-error-rows').textContent()).toBe('2');
    expect(await bad.getByTestId('import-commit').isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    const good = await upload('good.csv', csv(spouse));
    expect(await good.getByTestId('import-error-rows').textContent()).toBe('0');
    await good.getByTestId('import-commit').click();
    await page.getByTestId('import-committed').waitFor({ timeout: 60_000 });

    await page.goto(`${e2e.baseUrl}/registry?text=${encodeURIComponent('司徒秀英')}`);
    await page.getByTestId('person-card').first().waitFor();
    expect(await page.getByTestId('registry-search-results').textContent()).toContain('司徒秀英');
    expect(await page.locator('main').textContent()).not.toMatch(FULL_ID_NUMBER);
  });

  it('the buildings list and the map (a schematic when no tile server is set) pass axe-core', async () => {
    staff ??= await signIn(e2e, 'staff.jinxi', PHONE);
    const { page } = staff;
    await page.goto(`${e2e.baseUrl}/registry/buildings`);
    await page.getByTestId('building-list').locator('.ant-card').first().waitFor();
    expect(await pageOverflow(page)).toBeLessThanOrEqual(1);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${e2e.baseUrl}/registry/map`);
    await page.getByTestId('registry-map').waitFor();
    expect(await page.locator('.leaflet-interactive').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
