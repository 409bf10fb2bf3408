import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { makeIdNumber } from '@gongzhi/domain';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRecords } from '../../../../test/factories.ts';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../../test/harness.ts';
import { COLUMNS } from './columns.ts';
import { readRows } from './read.ts';
import { settleImports } from './service.ts';

const HEADERS = COLUMNS.map((c) => c.zh);
const GRID1 = '440704001001001';
const GRID2 = '440704001001002';

type Row = Partial<Record<(typeof COLUMNS)[number]['key'], string>>;
const line = (r: Row) => COLUMNS.map((c) => r[c.key] ?? '');

async function xlsx(rows: Row[], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('台账');
  sheet.addRow(HEADERS);
  for (const r of rows) sheet.addRow(line(r));
  edit?.(sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(rows: Row[]): Buffer {
  const esc = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return Buffer.from(`\ufeff${[HEADERS, ...rows.map(line)].map((r) => r.map(esc).join(',')).join('\r\n')}\r\n`);
}

function multipart(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const boundary = `----gongzhi${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Id numbers with valid check digits, distinct per test (the sequence runs on). */
let seq = 100;
const idFor = (birth: string, gender: 'male' | 'female' = 'male') => {
  seq += 1;
  const s = gender === 'male' ? seq * 2 + 1 : seq * 2;
  return makeIdNumber('659001', birth, s % 1000);
};
const withBadCheckDigit = (id: string) => `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;

describe(`the 台账 import and export (${dbLabel})`, () => {
  let t: TestPlatform;
  let staff: Client;
  let grid1: Client;
  let community: string;
  let gridUid: string;

  beforeAll(async () => {
    t = await startTestPlatform();
    staff = await t.as('staff.jinxi');
    grid1 = await t.as('grid.jinxi01');
    community = await t.unitId('440704001001');
    gridUid = await t.unitId(GRID1);
  });
  afterAll(async () => {
    await settleImports(t.deps.db);
    await t.close();
  });

  async function upload(as: Client, unit: string, name: string, data: Buffer, locale = 'zh-CN') {
    const body = multipart({ unit }, { name, data });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/registry/imports',
      headers: {
        cookie: as.cookie,
        'x-csrf-token': as.csrf,
        'content-type': body.contentType,
        'accept-language': locale,
      },
      payload: body.payload,
    });
    return { status: res.statusCode, body: res.json() };
  }

  async function settled(as: Client, id: string, locale = 'zh-CN') {
    await settleImports(t.deps.db);
    const res = await as.get(`/api/registry/imports/${id}`, { 'accept-language': locale });
    expect(res.status).toBe(200);
    return res.body;
  }

  const count = async (table: 'person' | 'household' | 'building' | 'registry_import_row') =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.deps.db)).rows[0]?.n,
    );

  /** A household: head, spouse, child at one room of a building. */
  function family(opts: { grid?: string; building: string; room: string; no?: string; surname: string }): Row[] {
    const base: Row = {
      grid: opts.grid ?? GRID1,
      building: opts.building,
      buildingAddress: '江海路88号',
      unit: '1单元',
      room: opts.room,
      householdNo: opts.no ?? '',
      ethnicity: '汉族',
      registeredHere: '是',
    };
    return [
      {
        ...base,
        name: `${opts.surname}台账一`,
        relation: '户主',
        idNumber: idFor('1970-03-04'),
        phone: '13800138000',
        partyMember: '是',
        tags: '老党员、困难群众',
      },
      { ...base, name: `${opts.surname}台账二`, relation: '妻', idNumber: idFor('1972-05-06', 'female'), gender: '女' },
      { ...base, name: `${opts.surname}台账三`, relation: '子', birthDate: '2001/9/1', idNumber: idFor('2001-09-01') },
    ];
  }

  it('offers the template as .xlsx and .csv, with the columns the import reads', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/registry/import/template?format=xlsx',
      headers: { cookie: staff.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('台账导入模板.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(HEADERS).toContain('楼栋(小区+楼号)');
    expect(sheet.getCell('O2').dataValidation?.formulae).toEqual(['"是,否"']);
    // The examples sit on the notes sheet, not in the data the import reads.
    expect(sheet.actualRowCount).toBe(1);
    expect(wb.worksheets[1]?.getRow(2).getCell(7).value).toBe('陈志强');

    const c = await t.app.inject({
      method: 'GET',
      url: '/api/registry/import/template?format=csv',
      headers: { cookie: staff.cookie },
    });
    expect(c.statusCode).toBe(200);
    expect(c.body.replace(/^\ufeff/, '').split('\r\n')[0]).toBe(HEADERS.join(','));
  });

  it('lists every problem of a dry run with its row and column, and writes nothing to the register', async () => {
    const before = { person: await count('person'), household: await count('household') };
    const good = family({ building: '金溪花园1栋', room: '101', surname: '陈' });
    const badDigit = family({ building: '金溪花园1栋', room: '102', surname: '林' });
    (badDigit[1] as Row).idNumber = withBadCheckDigit((badDigit[1] as Row).idNumber as string);
    const unknownGrid = family({ grid: '440704001001999', building: '金溪花园1栋', room: '103', surname: '黄' });
    const dup = family({ building: '金溪花园1栋', room: '104', surname: '梁' });
    dup[2] = { ...(dup[2] as Row), idNumber: (dup[0] as Row).idNumber, birthDate: '' };
    const noHead = family({ building: '金溪花园1栋', room: '105', surname: '何' }).slice(1);
    const rows = [...good, ...badDigit, ...unknownGrid, ...dup, ...noHead];
    const res = await upload(staff, community, '台账.xlsx', await xlsx(rows));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.status).toBe('checking');
    const done = await settled(staff, res.body.id);
    expect(done.status).toBe('checked');
    expect(done.totalRows).toBe(rows.length);
    expect(done.processedRows).toBe(rows.length);
    const at = (row: number, code: string) =>
      done.problems.find((p: { row: number; code: string }) => p.row === row && p.code === code);
    // Rows: header is 1; 陈 2–4, 林 5–7, 黄 8–10, 梁 11–13, 何 14–15.
    expect(at(6, 'ID_NUMBER_CHECK_DIGIT')).toMatchObject({ column: '身份证号' });
    expect(at(6, 'ID_NUMBER_CHECK_DIGIT').message).toContain('校验码');
    expect(at(5, 'HOUSEHOLD_INCOMPLETE')).toBeDefined();
    for (const row of [8, 9, 10]) expect(at(row, 'GRID_UNKNOWN')).toMatchObject({ column: '网格编码' });
    expect(at(11, 'ID_NUMBER_DUPLICATE')).toMatchObject({ column: '身份证号' });
    expect(at(13, 'ID_NUMBER_DUPLICATE')).toMatchObject({ column: '身份证号' });
    expect(at(14, 'NO_HEAD')).toMatchObject({ column: '与户主关系' });
    expect(at(15, 'NO_HEAD')).toBeDefined();
    expect(done.validRows).toBe(3);
    expect(done.errorRows).toBe(rows.length - 3);
    expect(done.households).toBe(1);
    // Nothing reached the register.
    expect(await count('person')).toBe(before.person);
    expect(await count('household')).toBe(before.household);

    // The same import read in English.
    const en = await settled(staff, res.body.id, 'en');
    expect(en.problems.find((p: { code: string }) => p.code === 'ID_NUMBER_CHECK_DIGIT').message).toMatch(
      /check digit/,
    );
  });

  it('keeps the checked rows sealed: no plaintext 身份证号 or phone in registry_import_row', async () => {
    const rows = family({ building: '金溪花园2栋', room: '201', surname: '罗' });
    const res = await upload(staff, community, 'sealed.xlsx', await xlsx(rows));
    const done = await settled(staff, res.body.id);
    expect(done.status).toBe('checked');
    const { rows: stored } = await sql<{ text: string }>`
      select data::text || problems::text as text from registry_import_row r
        join registry_import i on i.id = r.import_id where i.uid = ${res.body.id}`.execute(t.deps.db);
    expect(stored).toHaveLength(3);
    const all = stored.map((s) => s.text).join('\n');
    for (const r of rows) expect(all).not.toContain(r.idNumber as string);
    expect(all).not.toContain('13800138000');
    expect(all).toContain('138****8000');
  });

  it('commits a corrected file: persons, households, tags and places exist and the register finds them', async () => {
    const a = family({ building: '金溪花园5栋', room: '501', surname: '谭', no: 'HH-501' });
    const b = family({ grid: GRID2, building: '金溪花园6栋', room: '601', surname: '甄' });
    (b[0] as Row).migrant = '是';
    const res = await upload(staff, community, '修正后台账.xlsx', await xlsx([...a, ...b]));
    const checked = await settled(staff, res.body.id);
    expect(checked).toMatchObject({ status: 'checked', validRows: 6, errorRows: 0, households: 2, problems: [] });

    const commit = await staff.post(`/api/registry/imports/${res.body.id}/commit`);
    expect(commit.status, JSON.stringify(commit.body)).toBe(202);
    expect(commit.body.status).toBe('committing');
    const done = await settled(staff, res.body.id);
    expect(done.status, JSON.stringify(done)).toBe('committed');

    const head = await t.deps.db
      .selectFrom('person as p')
      .innerJoin('household_member as m', 'm.person_id', 'p.id')
      .innerJoin('household as h', 'h.id', 'm.household_id')
      .innerJoin('room as r', 'r.id', 'p.room_id')
      .innerJoin('building as b', 'b.id', 'r.building_id')
      .innerJoin('org_unit as g', 'g.id', 'p.grid_id')
      .select(['p.id', 'p.org_path', 'g.code', 'h.number', 'm.relation', 'r.number as room', 'r.floor', 'b.address'])
      .where('p.name', '=', '谭台账一')
      .executeTakeFirstOrThrow();
    expect(head).toMatchObject({ code: GRID1, number: 'HH-501', relation: '02', room: '501', floor: 5 });
    expect(head.address).toBe('江海路88号');
    const members = await t.deps.db
      .selectFrom('household_member')
      .select('relation')
      .where('household_id', '=', (qb) =>
        qb.selectFrom('household_member').select('household_id').where('person_id', '=', head.id),
      )
      .execute();
    expect(members.map((m) => m.relation).sort()).toEqual(['02', '12', '20']);
    const tags = await t.deps.db
      .selectFrom('person_tag as pt')
      .innerJoin('tag_definition as d', 'd.id', 'pt.tag_id')
      .select(['d.code', 'pt.source'])
      .where('pt.person_id', '=', head.id)
      .execute();
    expect(tags.map((x) => x.code).sort()).toEqual(['hardship', 'senior_party_member']);
    expect(tags[0]?.source).toBe('台账导入');
    const events = await t.deps.db
      .selectFrom('life_event as e')
      .innerJoin('person as p', 'p.id', 'e.person_id')
      .select(['p.name', 'e.event'])
      .where('p.name', 'in', ['谭台账一', '甄台账一'])
      .orderBy('p.name')
      .execute();
    expect(events).toEqual([
      { name: '甄台账一', event: 'migrant_arrival' },
      { name: '谭台账一', event: 'move_in' },
    ]);
    expect(
      await t.deps.db
        .selectFrom('migrant_registration as m')
        .innerJoin('person as p', 'p.id', 'm.person_id')
        .select('p.name')
        .where('p.name', 'like', '%台账%')
        .execute(),
    ).toEqual([{ name: '甄台账一' }]);

    // The register search finds them by name and by exact 身份证号.
    const byName = await staff.get(`/api/registry/persons?q=${encodeURIComponent('谭台账')}`);
    expect(byName.status, JSON.stringify(byName.body)).toBe(200);
    expect(byName.body.items.map((p: { name: string }) => p.name)).toContain('谭台账一');
    const byId = await staff.get(`/api/registry/persons?idNumber=${(b[1] as Row).idNumber}`);
    expect(byId.body.items.map((p: { name: string }) => p.name)).toEqual(['甄台账二']);

    // One audit record for the whole import, with counts.
    const audit = await auditRecords(t, { action: 'registry.import.commit', targetId: res.body.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ persons: 6, households: 2, rows: 6 });

    // A second commit is refused.
    const again = await staff.post(`/api/registry/imports/${res.body.id}/commit`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('IMPORT_ALREADY_COMMITTED');

    // Importing the same people again: their 身份证号 are taken and they live in a household.
    const twice = await upload(staff, community, 'again.csv', csv(a));
    const rechecked = await settled(staff, twice.body.id);
    expect(rechecked.validRows).toBe(0);
    expect(rechecked.problems.map((p: { code: string }) => p.code)).toContain('ALREADY_IN_HOUSEHOLD');
  });

  it('writes nothing when the commit fails midway: someone took an id number between check and commit', async () => {
    const rows = [
      ...family({ building: '金溪花园7栋', room: '701', surname: '邝' }),
      ...family({ building: '金溪花园8栋', room: '801', surname: '冼' }),
    ];
    const res = await upload(staff, community, 'race.xlsx', await xlsx(rows));
    const checked = await settled(staff, res.body.id);
    expect(checked.status, JSON.stringify({ error: checked.error, problems: checked.problems })).toBe('checked');
    const before = {
      person: await count('person'),
      household: await count('household'),
      building: await count('building'),
    };
    // Another person registers the last row's 身份证号 after the check.
    const stolen = (rows[5] as Row).idNumber as string;
    const { personColumns } = await import('../person-data.ts');
    const cols = personColumns(t.deps.keys, { name: '抢先登记', idNumber: stolen }, '2026-11-23');
    if (!cols.ok) throw new Error('bad fixture');
    const grid = await t.deps.db
      .selectFrom('org_unit')
      .select(['id', 'path', 'district_id'])
      .where('code', '=', GRID1)
      .executeTakeFirstOrThrow();
    await t.deps.db
      .insertInto('person')
      .values({
        ...cols.columns,
        district_id: grid.district_id as number,
        grid_id: grid.id,
        org_path: grid.path,
        created_at: t.clock(),
        updated_at: t.clock(),
      })
      .execute();

    const commit = await staff.post(`/api/registry/imports/${res.body.id}/commit`);
    expect(commit.status).toBe(202);
    const done = await settled(staff, res.body.id);
    expect(done.status).toBe('failed');
    expect(done.error).toContain('未写入');
    expect(await count('person')).toBe(before.person + 1);
    expect(await count('household')).toBe(before.household);
    expect(await count('building')).toBe(before.building);
    expect(
      await t.deps.db.selectFrom('person').select('name').where('name', 'in', ['邝台账一', '冼台账一']).execute(),
    ).toEqual([]);
    const audit = await auditRecords(t, { action: 'registry.import.commit', targetId: res.body.id });
    expect(audit.map((a) => a.outcome)).toEqual(['failed']);
    // A failed import does not commit again.
    expect((await staff.post(`/api/registry/imports/${res.body.id}/commit`)).status).toBe(409);
  });

  it('reads a .csv (UTF-8 with BOM) the same way, into a grid as the grid worker', async () => {
    const rows = family({ building: '金溪花园9栋', room: '902', surname: '麦' }).map((r) => ({ ...r, grid: '' }));
    const res = await upload(grid1, gridUid, '台账.csv', csv(rows));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const done = await settled(grid1, res.body.id);
    expect(done).toMatchObject({ status: 'checked', validRows: 3, households: 1 });
    expect((await grid1.post(`/api/registry/imports/${res.body.id}/commit`)).status).toBe(202);
    expect((await settled(grid1, res.body.id)).status).toBe('committed');
    const p = await t.deps.db
      .selectFrom('person')
      .select(['gender', 'birth_date'])
      .where('name', '=', '麦台账三')
      .executeTakeFirstOrThrow();
    expect(p.gender).toBe('male');
  });

  it('keeps Chinese text whole across the chunks of a large sheet', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => ({
      name: `欧阳${'金溪花园'.repeat(1 + (i % 3))}`,
      room: `${i}`,
    }));
    const path = join(tmpdir(), `gz-utf8-${process.pid}.xlsx`);
    writeFileSync(path, await xlsx(rows));
    let n = 0;
    for await (const r of readRows(path, 'xlsx')) {
      n++;
      expect(r.cells.join('')).not.toContain('\ufffd');
    }
    expect(n).toBe(4001);
  });

  it('reports a formula as a problem of its cell and never evaluates it', async () => {
    const rows = family({ building: '金溪花园10栋', room: '1001', surname: '容' });
    const file = await xlsx(rows, (sheet) => {
      sheet.getCell('J3').value = { formula: 'DATE(1972,5,6)', result: new Date('1972-05-06') } as ExcelJS.CellValue;
    });
    const res = await upload(staff, community, 'formula.xlsx', file);
    const done = await settled(staff, res.body.id);
    expect(done.status).toBe('checked');
    expect(done.problems).toContainEqual(
      expect.objectContaining({ row: 3, column: '出生日期', code: 'FORMULA_NOT_ALLOWED' }),
    );
    expect(done.validRows).toBe(0);
  });

  it('finishes fast on an .xlsx of a million empty rows, with no rows and a clear error', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('台账').addRow(HEADERS);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const parts = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:R1048576"/><sheetData>',
      `<row r="1">${HEADERS.map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`,
    ];
    for (let i = 2; i <= 1_000_001; i++) parts.push(`<row r="${i}"/>`);
    parts.push('</sheetData></worksheet>');
    zip.file('xl/worksheets/sheet1.xml', parts.join(''));
    const file = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const started = Date.now();
    const res = await upload(staff, community, 'empty.xlsx', file);
    expect(res.status).toBe(202);
    const done = await settled(staff, res.body.id);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(done).toMatchObject({ status: 'failed', totalRows: 0, validRows: 0 });
    expect(done.error).toContain('没有数据行');
  }, 60_000);

  it('refuses a 200 MB upload with 413 naming the limit, reading none of it and writing nothing', async () => {
    const before = await t.deps.db.selectFrom('registry_import').select('id').execute();
    const size = 200 * 1024 * 1024;
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const body = Readable.from(
      (function* () {
        while (sent < size) {
          sent += chunk.length;
          yield chunk;
        }
      })(),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/registry/imports',
      headers: {
        cookie: staff.cookie,
        'x-csrf-token': staff.csrf,
        'content-type': 'multipart/form-data; boundary=xyz',
        'content-length': String(size),
      },
      payload: body,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('IMPORT_FILE_TOO_LARGE');
    expect(res.json().error.message).toContain('20 MB');
    expect(sent).toBeLessThan(size / 2);
    expect(await t.deps.db.selectFrom('registry_import').select('id').execute()).toEqual(before);
  });

  it('refuses a file over 20 MB sent without a length, naming the file', async () => {
    const big = multipart({ unit: community }, { name: '大台账.csv', data: Buffer.alloc(21 * 1024 * 1024, 0x41) });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/registry/imports',
      headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': big.contentType },
      payload: Readable.from([big.payload]),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toContain('大台账.csv');
  });

  it('accepts only .xlsx and .csv by their content', async () => {
    const pdf = await upload(staff, community, 'register.csv', Buffer.from('%PDF-1.7\n\0\0binary'));
    expect(pdf.status).toBe(400);
    expect(pdf.body.error.code).toBe('IMPORT_FILE_TYPE');
    const xls = await upload(
      staff,
      community,
      'old.xls',
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    );
    expect(xls.status).toBe(400);
    const noUnit = multipart({}, { name: 'a.csv', data: csv([]) });
    const missingUnit = await t.app.inject({
      method: 'POST',
      url: '/api/registry/imports',
      headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': noUnit.contentType },
      payload: noUnit.payload,
    });
    expect(missingUnit.statusCode).toBe(400);
    expect(missingUnit.json().error.details[0].field).toBe('unit');
  });

  it('keeps imports and exports within the caller’s area: 404 outside it', async () => {
    const otherGrid = await t.unitId(GRID2);
    const out = await upload(grid1, otherGrid, 'out.csv', csv(family({ building: 'x', room: '1', surname: '区' })));
    expect(out.status).toBe(404);
    expect(out.body.error.code).toBe('UNIT_NOT_FOUND');
    const mine = await upload(
      staff,
      community,
      'mine.csv',
      csv(family({ building: '金溪花园11栋', room: '1101', surname: '邵' })),
    );
    await settled(staff, mine.body.id);
    // The grid worker of grid 1 may not see the community's import.
    const seen = await grid1.get(`/api/registry/imports/${mine.body.id}`);
    expect(seen.status).toBe(404);
    expect(seen.body.error.code).toBe('IMPORT_NOT_FOUND');
    expect((await grid1.post(`/api/registry/imports/${mine.body.id}/commit`)).status).toBe(404);
    const listed = await grid1.get('/api/registry/imports');
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(mine.body.id);
    const staffList = await staff.get(`/api/registry/imports?unit=${community}`);
    expect(staffList.body.items.map((i: { id: string }) => i.id)).toContain(mine.body.id);
    const street = await t.as('street.jiangnan');
    expect((await street.get(`/api/registry/export?unit=${await t.unitId('440704002001')}`)).status).toBe(404);
  });

  it('exports the register as .xlsx with masked id numbers and phones, and audits it', async () => {
    const district = await t.as('district');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/registry/export?unit=${community}`,
      headers: { cookie: district.cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain('金溪社区');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0] as ExcelJS.Worksheet;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]).toContain('身份证号(脱敏)');
    const tan = rows.find((r) => r[3] === '谭台账一') as string[];
    expect(tan[7]).toMatch(/^659001\*{8}\d{3}[\dX]$/);
    expect(tan[8]).toBe('138****8000');
    expect(tan[13]).toContain('老党员');
    expect(tan[1]).toContain('金溪花园5栋');
    const text = rows.map((r) => r.join('|')).join('\n');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).not.toContain('13800138000');
    const audit = await auditRecords(t, { action: 'registry.export', actor: 'district' });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ unit: '金溪社区', rows: rows.length - 1 });
    // A grid worker has no export permission.
    expect((await grid1.get(`/api/registry/export?unit=${gridUid}`)).status).toBe(403);
  });
});
