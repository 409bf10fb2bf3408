/**
 * The register of a grid or community as .xlsx, and the import template. The export writes
 * the stored masked forms of 身份证号 and phone — the full values never leave here — and
 * the tags the caller may see. It is streamed: ExcelJS's WorkbookWriter zips rows as they
 * are read, a page of persons at a time, so a community of 50,000 never sits in memory.
 */
import { PassThrough } from 'node:stream';
import { ethnicityName, makeIdNumber, relationName, visibleTags } from '@gongzhi/domain';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { recordAudit } from '../../../platform/audit/audit.ts';
import { actorOf, canAt, inSubtrees, pathsWith, type Scope } from '../../../platform/auth/scope.ts';
import type { Db } from '../../../platform/db/database.ts';
import { likeEscape } from '../../../platform/db/like.ts';
import type { AppDeps } from '../../../platform/deps.ts';
import { unitForScope } from '../../org/service.ts';
import { roomAddress } from '../address.ts';
import { todayOf } from '../person-data.ts';
import { COLUMNS } from './columns.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PAGE = 2000;

/** `attachment` with an ASCII fallback and the real (Chinese) name in RFC 5987 form. */
export function attachment(fileName: string, fallback: string): string {
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

// ── Template ────────────────────────────────────────────────────────────────────────────────
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDCE6F1' } };

/** Two example rows: a couple and their daughter. Id numbers are made up (valid check digits). */
function exampleRows(gridCode: string): string[][] {
  const row = (values: Record<string, string>) => COLUMNS.map((c) => values[c.key] ?? '');
  const base = {
    grid: gridCode,
    building: '金溪花园3栋',
    buildingAddress: '江海路88号',
    unit: '1单元',
    room: '302',
    householdNo: '440704-000123',
    ethnicity: '汉族',
    registeredAddress: '广东省江门市江海区江海路88号',
    registeredHere: '是',
    migrant: '否',
  };
  return [
    row({
      ...base,
      name: '陈志强',
      relation: '户主',
      gender: '男',
      birthDate: '1968-04-12',
      idNumber: makeIdNumber('440704', '1968-04-12', 31),
      phone: '13800138000',
      partyMember: '是',
      tags: '老党员',
    }),
    row({
      ...base,
      name: '梁秀英',
      relation: '妻',
      gender: '女',
      birthDate: '1970-09-03',
      idNumber: makeIdNumber('440704', '1970-09-03', 42),
      partyMember: '否',
    }),
  ];
}

const NOTES = [
  '每行一人;同一户的成员填写相同的户号(无户号时按同一房屋归为一户)。',
  '网格编码:本社区网格的 15 位编码;导入到网格时可不填。',
  '与户主关系:GB/T 4761 代码或名称,如 02 户主、10 配偶、11 夫、12 妻、20 子、30 女、51 父亲、52 母亲。',
  '出生日期、性别可不填,由身份证号自动得出;填写时须与身份证号一致。',
  '是/否 列可填 是、否(留空:户籍在本社区默认为 是,其余默认为 否)。',
  '标签:填写标签名称或代码,多个用 、 或 , 分隔,如 独居老人、困难群众。',
  '请勿使用公式;上传后先检查,确认无误再提交导入。',
];

async function gridCodeFor(db: Db, scope: Scope): Promise<string> {
  const paths = pathsWith(scope, 'registry:write');
  const grid = await db
    .selectFrom('org_unit')
    .select('code')
    .where('kind', '=', 'grid')
    .where('status', '=', 'active')
    .where(inSubtrees('path', paths))
    .orderBy('code')
    .limit(1)
    .executeTakeFirst();
  return grid?.code ?? '440704001001001';
}

export async function templateFile(db: Db, scope: Scope, format: 'xlsx' | 'csv'): Promise<Buffer> {
  const examples = exampleRows(await gridCodeFor(db, scope));
  if (format === 'csv') {
    const line = (cells: string[]) =>
      cells.map((c) => (/[",\n#]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
    // Example lines are comments (#): the import skips them.
    const lines = [line(COLUMNS.map((c) => c.zh)), ...examples.map((r) => `# 示例 ${line(r)}`)];
    return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Gongzhi 共治';
  const sheet = wb.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  head.height = 22;
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { bottom: { style: 'thin' } };
  });
  COLUMNS.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.note = `${c.en}${c.required ? ' — 必填 / required' : ''}`;
    // 身份证号, 电话 and 户号 are text: Excel would turn a long number into 4.40704E+17.
    if (['idNumber', 'phone', 'householdNo', 'grid', 'room', 'birthDate'].includes(c.key)) {
      sheet.getColumn(i + 1).numFmt = '@';
    }
  });
  const yesNo = COLUMNS.flatMap((c, i) => (c.yesNo ? [i + 1] : []));
  for (let r = 2; r <= 1001; r++) {
    for (const col of yesNo) {
      sheet.getCell(r, col).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: ['"是,否"'],
        showErrorMessage: true,
        errorTitle: '是/否',
        error: '请填写 是 或 否',
      };
    }
  }
  const notes = wb.addWorksheet('填写说明');
  notes.columns = COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.width }));
  notes.getRow(1).font = { bold: true };
  notes.getRow(1).eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const r of examples) notes.addRow(r);
  notes.addRow([]);
  notes.addRow(['填写示例见上两行(本页不会被导入);数据请填写在「台账」工作表。']);
  for (const n of NOTES) notes.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ── Export ──────────────────────────────────────────────────────────────────────────────────
const EXPORT_HEADERS = [
  { header: '网格', width: 18 },
  { header: '地址', width: 36 },
  { header: '户号', width: 16 },
  { header: '姓名', width: 10 },
  { header: '与户主关系', width: 10 },
  { header: '性别', width: 6 },
  { header: '出生日期', width: 12 },
  { header: '身份证号(脱敏)', width: 21 },
  { header: '联系电话(脱敏)', width: 15 },
  { header: '民族', width: 8 },
  { header: '户籍地址', width: 28 },
  { header: '户籍在本社区', width: 10 },
  { header: '党员', width: 6 },
  { header: '标签', width: 24 },
];

interface ExportRow {
  id: number;
  hh: number;
  name: string;
  gender: string | null;
  birth_date: string | null;
  id_number_masked: string | null;
  phone_masked: string | null;
  ethnicity: string | null;
  registered_address: string | null;
  registered_here: boolean;
  party_member: boolean;
  grid_name: string;
  building_address: string | null;
  building_name: string | null;
  unit_name: string | null;
  room_number: string | null;
  household_no: string | null;
  relation: string | null;
}

export interface PreparedExport {
  fileName: string;
  fallbackName: string;
  rows: number;
  /** Starts writing the workbook into the stream returned. */
  stream(): PassThrough;
}

/**
 * Checks the caller may export the unit, counts the rows and writes the audit record (who,
 * which unit, how many rows); the workbook itself is written when `stream()` is called.
 */
export async function prepareExport(deps: AppDeps, scope: Scope, unitUid: string, audit: boolean) {
  const { db } = deps;
  const unit = await unitForScope(db, scope, { uid: unitUid }, 'registry:export', 'UNIT_NOT_FOUND');
  const inUnit = sql`(p.org_path = ${unit.path} or p.org_path like ${`${likeEscape(unit.path)}.%`})`;
  const { rows: counted } = await sql<{ n: number }>`
    select count(*)::int as n from person p where ${inUnit} and p.status = 'resident'`.execute(db);
  const rows = Number(counted[0]?.n ?? 0);
  const now = deps.clock();
  const today = todayOf(now);
  if (audit) {
    await db.transaction().execute((trx) =>
      recordAudit(
        trx,
        actorOf(scope),
        {
          action: 'registry.export',
          targetType: 'org_unit',
          targetId: unit.uid,
          orgPath: unit.path,
          after: { unit: unit.name, rows, masked: true },
        },
        now,
      ),
    );
  }
  const canSeeSensitive = canAt(scope, 'registry:sensitive', unit.path);

  async function write(out: PassThrough) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = wb.addWorksheet('实有人口', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = EXPORT_HEADERS.map((h) => ({ header: h.header, width: h.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    let after: [number, number] = [-1, 0];
    for (;;) {
      const { rows: page } = await sql<ExportRow>`
        select p.id, coalesce(m.household_id, 0)::bigint as hh, p.name, p.gender,
               to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.id_number_masked, p.phone_masked, p.ethnicity,
               p.registered_address, p.registered_here, p.party_member, g.name as grid_name,
               b.address as building_address, b.name as building_name, bu.name as unit_name, r.number as room_number,
               h.number as household_no, m.relation
          from person p
          join org_unit g on g.id = p.grid_id
          left join room r on r.id = p.room_id
          left join building b on b.id = r.building_id
          left join building_unit bu on bu.id = r.unit_id
          left join household_member m on m.person_id = p.id and m.until is null
          left join household h on h.id = m.household_id
         where ${inUnit} and p.status = 'resident'
           and (coalesce(m.household_id, 0), p.id) > (${after[0]}::bigint, ${after[1]}::bigint)
         order by coalesce(m.household_id, 0), p.id
         limit ${PAGE}`.execute(db);
      if (page.length === 0) break;
      const ids = page.map((p) => Number(p.id));
      const { rows: tagRows } = await sql<{
        person_id: number;
        code: string;
        zh: string;
        sensitive: boolean;
        must_visit: boolean;
      }>`
        select pt.person_id, t.code, t.zh, t.sensitive, t.must_visit
          from person_tag pt join tag_definition t on t.id = pt.tag_id
         where pt.person_id = any(${ids}::bigint[]) and pt.ended_at is null and (pt.end_date is null or pt.end_date >= ${today}::date)
         order by pt.person_id, t.code`.execute(db);
      const tags = new Map<number, Array<{ code: string; zh: string; sensitive: boolean; mustVisit: boolean }>>();
      for (const t of tagRows) {
        const list = tags.get(Number(t.person_id)) ?? [];
        list.push({ code: t.code, zh: t.zh, sensitive: t.sensitive, mustVisit: t.must_visit });
        tags.set(Number(t.person_id), list);
      }
      for (const p of page) {
        const shown = visibleTags(tags.get(Number(p.id)) ?? [], canSeeSensitive);
        sheet
          .addRow([
            p.grid_name,
            p.building_name
              ? roomAddress({
                  buildingAddress: p.building_address ?? '',
                  buildingName: p.building_name,
                  unitName: p.unit_name,
                  number: p.room_number,
                })
              : '',
            p.household_no ?? '',
            p.name,
            p.relation ? `${p.relation} ${relationName(p.relation) ?? ''}`.trim() : '',
            p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : '',
            p.birth_date ?? '',
            p.id_number_masked ?? '',
            p.phone_masked ?? '',
            p.ethnicity ? (ethnicityName(p.ethnicity) ?? p.ethnicity) : '',
            p.registered_address ?? '',
            p.registered_here ? '是' : '否',
            p.party_member ? '是' : '否',
            shown.map((t) => t.zh).join('、'),
          ])
          .commit();
      }
      const last = page[page.length - 1] as ExportRow;
      after = [Number(last.hh), Number(last.id)];
      if (page.length < PAGE) break;
    }
    sheet.commit();
    await wb.commit();
  }

  const fileName = `${unit.name}-实有人口-${today}.xlsx`;
  return {
    fileName,
    fallbackName: `registry-${unit.code}-${today}.xlsx`,
    contentType: XLSX,
    rows,
    stream(): PassThrough {
      const out = new PassThrough();
      write(out).catch((err) => out.destroy(err as Error));
      return out;
    },
  };
}

export { XLSX };
