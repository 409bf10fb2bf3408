/**
 * The 台账 (register spreadsheet) template: its columns, their headers in zh-CN and en, and
 * how a cell becomes a field. One row is one person; the rows of one household share 户号,
 * or, without one, the same room. Cells arrive as text (csv) or as typed values (xlsx): both
 * are turned into trimmed text here, so the checks downstream see one shape.
 */
import type { Locale } from '../../../platform/errors.ts';
import { PROBLEMS, problemMessage } from '../person-data.ts';

export type ColumnKey =
  | 'grid'
  | 'building'
  | 'buildingAddress'
  | 'unit'
  | 'room'
  | 'householdNo'
  | 'name'
  | 'relation'
  | 'gender'
  | 'birthDate'
  | 'idNumber'
  | 'phone'
  | 'ethnicity'
  | 'registeredAddress'
  | 'registeredHere'
  | 'partyMember'
  | 'migrant'
  | 'tags';

export interface Column {
  key: ColumnKey;
  zh: string;
  en: string;
  /** Other headers accepted for the column (older templates, typing without the hint). */
  aliases: string[];
  required: boolean;
  maxLength?: number;
  yesNo?: boolean;
  /** Width in characters in the .xlsx template. */
  width: number;
}

export const COLUMNS: readonly Column[] = [
  { key: 'grid', zh: '网格编码', en: 'Grid code', aliases: ['网格'], required: true, width: 18 },
  {
    key: 'building',
    zh: '楼栋(小区+楼号)',
    en: 'Building (estate + number)',
    aliases: ['楼栋', '楼栋(小区+楼号)', '小区楼栋'],
    required: true,
    maxLength: 64,
    width: 22,
  },
  {
    key: 'buildingAddress',
    zh: '楼栋地址',
    en: 'Building address',
    aliases: [],
    required: false,
    maxLength: 128,
    width: 22,
  },
  { key: 'unit', zh: '单元', en: 'Stairwell', aliases: [], required: false, maxLength: 32, width: 8 },
  { key: 'room', zh: '房号', en: 'Room', aliases: ['门牌号', '室'], required: true, maxLength: 16, width: 8 },
  { key: 'householdNo', zh: '户号', en: 'Household number', aliases: [], required: false, maxLength: 32, width: 14 },
  { key: 'name', zh: '姓名', en: 'Name', aliases: [], required: true, maxLength: 64, width: 10 },
  { key: 'relation', zh: '与户主关系', en: 'Relation to head', aliases: ['关系'], required: true, width: 12 },
  { key: 'gender', zh: '性别', en: 'Gender', aliases: [], required: false, width: 6 },
  { key: 'birthDate', zh: '出生日期', en: 'Birth date', aliases: [], required: false, width: 12 },
  {
    key: 'idNumber',
    zh: '身份证号',
    en: 'ID number',
    aliases: ['公民身份号码', '身份证号码'],
    required: false,
    width: 21,
  },
  { key: 'phone', zh: '联系电话', en: 'Phone', aliases: ['电话', '手机号'], required: false, width: 14 },
  { key: 'ethnicity', zh: '民族', en: 'Ethnicity', aliases: [], required: false, width: 8 },
  {
    key: 'registeredAddress',
    zh: '户籍地址',
    en: 'Registered address',
    aliases: [],
    required: false,
    maxLength: 128,
    width: 26,
  },
  {
    key: 'registeredHere',
    zh: '户籍在本社区(是/否)',
    en: 'Registered here (yes/no)',
    aliases: ['户籍在本社区'],
    required: false,
    yesNo: true,
    width: 12,
  },
  {
    key: 'partyMember',
    zh: '党员(是/否)',
    en: 'Party member (yes/no)',
    aliases: ['党员'],
    required: false,
    yesNo: true,
    width: 10,
  },
  {
    key: 'migrant',
    zh: '流动人口(是/否)',
    en: 'Migrant (yes/no)',
    aliases: ['流动人口'],
    required: false,
    yesNo: true,
    width: 12,
  },
  { key: 'tags', zh: '标签', en: 'Tags', aliases: [], required: false, width: 20 },
];

export const COLUMN_BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]));

/** Headers compare without spaces, with full-width brackets and slashes made ASCII. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/[／]/g, '/')
    .replace(/^\*/, '')
    .toLowerCase();
}

const HEADER_INDEX = new Map<string, ColumnKey>();
for (const c of COLUMNS) {
  for (const h of [c.zh, c.en, c.key, ...c.aliases]) HEADER_INDEX.set(normaliseHeader(h), c.key);
}

/** The column a header names, or undefined for a column the import does not know (ignored). */
export function columnOfHeader(text: string): ColumnKey | undefined {
  return HEADER_INDEX.get(normaliseHeader(text));
}

/** How a problem names its column: the header as the template writes it. */
export function columnLabel(key: ColumnKey | null, locale: Locale): string {
  if (key === null) return locale === 'en' ? 'row' : '本行';
  const c = COLUMN_BY_KEY.get(key);
  if (!c) return key;
  return locale === 'en' ? `${c.en} (${c.zh})` : c.zh;
}

/** A cell as text: numbers without exponent or trailing zeros, dates as YYYY-MM-DD. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return Number.isInteger(value) ? BigInt(Math.round(value)).toString() : String(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText))
      return v.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return '';
  }
  return String(value).trim();
}

/** 是/否 as a spreadsheet writes it; undefined for anything else. Empty is undefined too. */
export function parseYesNo(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (['是', 'y', 'yes', 'true', '1', '√', '✓'].includes(t)) return true;
  if (['否', 'n', 'no', 'false', '0', '×', '✗'].includes(t)) return false;
  return undefined;
}

/** 男/女 and the usual variants. */
export function parseGender(text: string): 'male' | 'female' | undefined {
  const t = text.trim().toLowerCase();
  if (['男', 'm', 'male', '1', '男性'].includes(t)) return 'male';
  if (['女', 'f', 'female', '2', '女性'].includes(t)) return 'female';
  return undefined;
}

/**
 * A birth date as spreadsheets write it: 1990-01-02, 1990/1/2, 1990.01.02, 19900102,
 * 1990年1月2日, or an Excel serial day number. Anything else is returned as typed, so the
 * person check reports it as an invalid date.
 */
export function parseDateText(text: string): string {
  const t = text.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (m) return `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  if (/^\d{4,5}$/.test(t)) {
    // Excel's serial day (1900 date system): day 25569 is 1970-01-01.
    const d = new Date((Number(t) - 25569) * 86_400_000);
    return d.toISOString().slice(0, 10);
  }
  return t;
}

/** Floor of a room from its number: 302 → 3, 1501 → 15, B102 → -1; 1 when it cannot be told. */
export function floorOfRoom(number: string): number {
  const basement = /^[Bb负-]\s*(\d)/.exec(number);
  if (basement) return -Math.min(5, Number(basement[1]));
  const digits = /(\d+)/.exec(number)?.[1];
  if (!digits || digits.length < 3) return 1;
  const floor = Number(digits.slice(0, -2));
  return floor >= 1 && floor <= 200 ? floor : 1;
}

/** Tags are separated by 、 , ， ; ； or spaces. */
export function splitTags(text: string): string[] {
  return text
    .split(/[、,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

type Text = { 'zh-CN': string; en: string };

/** Problems only a spreadsheet row can have; the person's own fields use PROBLEMS. */
export const IMPORT_PROBLEMS: Record<string, Text> = {
  FORMULA_NOT_ALLOWED: {
    'zh-CN': '{f}:单元格含公式,请粘贴为数值后再导入',
    en: '{f}: the cell holds a formula; paste it as a value and import again',
  },
  YES_NO_INVALID: { 'zh-CN': '{f}:应填写 是 或 否', en: '{f}: write 是 (yes) or 否 (no)' },
  TOO_LONG: { 'zh-CN': '{f}:内容过长', en: '{f}: too long' },
  TAG_UNKNOWN: { 'zh-CN': '{f}:未知的标签', en: '{f}: unknown tag' },
  BUILDING_ADDRESS_REQUIRED: {
    'zh-CN': '{f}:新楼栋须填写楼栋地址',
    en: '{f}: a new building needs its address',
  },
  HOUSEHOLD_ROOM_MISMATCH: {
    'zh-CN': '{f}:同一户号的成员须在同一房屋',
    en: '{f}: the members of one household number must live in the same room',
  },
  HOUSEHOLD_INCOMPLETE: {
    'zh-CN': '{f}:同户其他行有错误,整户暂不导入',
    en: '{f}: another row of this household has a problem; the household is not imported until it is fixed',
  },
  UNKNOWN_RELATION: PROBLEMS.RELATION_UNKNOWN as Text,
};

export function importProblemMessage(code: string, column: ColumnKey | null, locale: Locale): string {
  const label = columnLabel(column, locale);
  const text = IMPORT_PROBLEMS[code]?.[locale];
  return text ? text.replaceAll('{f}', label) : problemMessage(code, label, locale);
}

/** Errors of a whole file (no row to point at). */
export const IMPORT_ERRORS: Record<string, Text> = {
  FILE_UNREADABLE: {
    'zh-CN': '文件无法读取,请确认是 .xlsx 或 .csv 文件',
    en: 'The file cannot be read; check that it is an .xlsx or .csv file',
  },
  HEADER_MISSING: {
    'zh-CN': '未找到表头,请使用导入模板(第一行须为列名,至少包括 姓名)',
    en: 'No header row found; use the import template (the first row names the columns, 姓名 at least)',
  },
  TOO_MANY_ROWS: {
    'zh-CN': '文件超过 200,000 行,请分批导入',
    en: 'The file has more than 200,000 rows; import it in parts',
  },
  NO_ROWS: { 'zh-CN': '文件中没有数据行', en: 'The file has no data rows' },
  COMMIT_FAILED: {
    'zh-CN': '导入提交失败,未写入任何数据',
    en: 'The import could not be committed; nothing was written',
  },
  INTERRUPTED: {
    'zh-CN': '导入因服务重启而中断,请重新上传',
    en: 'The import was interrupted by a restart; upload the file again',
  },
};
