/**
 * A person's fields as the register keeps them: checked against the domain rules (GB 11643,
 * phone formats, calendar dates, ethnicity codes), then sealed. One function serves the
 * forms, the corrections and the spreadsheet import, so a row the import accepts is a row
 * the form would accept, and every problem names its field in zh-CN and en.
 */
import {
  chinaDate,
  crossCheckIdNumber,
  ethnicityByCode,
  type Gender,
  isCalendarDate,
  maskIdNumber,
  maskPhone,
  parseIdNumber,
  parsePhone,
} from '@gongzhi/domain';
import { blindIndex, type Keys, seal } from '../../platform/crypto.ts';
import { AppError, type Locale } from '../../platform/errors.ts';

export interface PersonFields {
  name: string;
  gender?: Gender | null;
  birthDate?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  ethnicity?: string | null;
}

/** A field and what is wrong with it: a code from PROBLEMS below. */
export interface FieldIssue {
  field: string;
  code: string;
}

/** What a person is stored as: no plaintext 身份证号 or phone, the masked forms for display. */
export interface PersonColumns {
  name: string;
  name_grams: string[];
  gender: Gender | null;
  birth_date: string | null;
  ethnicity: string | null;
  id_number_sealed: string | null;
  id_number_index: string | null;
  id_number_masked: string | null;
  phone_sealed: string | null;
  phone_index: string | null;
  phone_masked: string | null;
}

/**
 * Single characters and adjacent pairs of a name: a search for a part of a name (two
 * characters or more) matches the rows whose grams contain all of the query's pairs.
 * Chinese names have no spaces and are 2–4 characters, so pairs need no word segmentation.
 */
export function nameGrams(name: string): string[] {
  const c = Array.from(name.replace(/\s+/g, '').toLowerCase());
  const grams = new Set<string>(c);
  for (let i = 0; i + 1 < c.length; i++) grams.add(c[i]! + c[i + 1]!);
  return [...grams];
}

/** The pairs a query must all find in a name (its single character when it has one). */
export function queryGrams(query: string): string[] {
  const c = Array.from(query.replace(/\s+/g, '').toLowerCase());
  if (c.length <= 1) return c;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < c.length; i++) grams.add(c[i]! + c[i + 1]!);
  return [...grams];
}

/** The normalised 身份证号 of a typed one, or undefined when it does not parse. */
export function normaliseIdNumber(raw: string, today: string): string | undefined {
  const parsed = parseIdNumber(raw, today);
  return parsed.ok ? parsed.value : undefined;
}

export function normalisePhone(raw: string): string | undefined {
  const parsed = parsePhone(raw);
  return parsed.ok ? parsed.value : undefined;
}

/** The blind index of a field: the same key never indexes an id number like a phone. */
export const indexOf = {
  idNumber: (keys: Keys, normalised: string) => blindIndex(keys, `id:${normalised}`),
  phone: (keys: Keys, normalised: string) => blindIndex(keys, `phone:${normalised}`),
};

/**
 * Check a person's fields and turn them into columns. The id number supplies the birth date
 * and gender when they are left empty; when both are given they must agree. `prefix` names
 * the fields inside a larger body (`head.idNumber`).
 */
export function personColumns(
  keys: Keys,
  input: PersonFields,
  today: string,
  prefix = '',
): { ok: true; columns: PersonColumns } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const f = (name: string) => `${prefix}${name}`;
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name === '') issues.push({ field: f('name'), code: 'NAME_EMPTY' });
  let birthDate = input.birthDate ?? null;
  let gender = input.gender ?? null;
  if (birthDate !== null) {
    if (!isCalendarDate(birthDate)) issues.push({ field: f('birthDate'), code: 'DATE_INVALID' });
    else if (birthDate > today) issues.push({ field: f('birthDate'), code: 'BIRTH_DATE_FUTURE' });
  }
  let idNumber: string | null = null;
  if (input.idNumber != null && input.idNumber.trim() !== '') {
    const parsed = parseIdNumber(input.idNumber, today);
    if (!parsed.ok) issues.push({ field: f('idNumber'), code: `ID_NUMBER_${parsed.problem}` });
    else {
      idNumber = parsed.value;
      for (const m of crossCheckIdNumber(parsed, { birthDate, gender })) {
        issues.push({ field: f(m === 'BIRTH_DATE_MISMATCH' ? 'birthDate' : 'gender'), code: m });
      }
      birthDate ??= parsed.birthDate;
      gender ??= parsed.gender;
    }
  }
  let phone: string | null = null;
  if (input.phone != null && input.phone.trim() !== '') {
    const parsed = parsePhone(input.phone);
    if (!parsed.ok) issues.push({ field: f('phone'), code: `PHONE_${parsed.problem}` });
    else phone = parsed.value;
  }
  const ethnicity = input.ethnicity ?? null;
  if (ethnicity !== null && !ethnicityByCode(ethnicity))
    issues.push({ field: f('ethnicity'), code: 'ETHNICITY_UNKNOWN' });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    columns: {
      name,
      name_grams: nameGrams(name),
      gender,
      birth_date: birthDate,
      ethnicity,
      id_number_sealed: idNumber && seal(keys, idNumber),
      id_number_index: idNumber && indexOf.idNumber(keys, idNumber),
      id_number_masked: idNumber && maskIdNumber(idNumber),
      phone_sealed: phone && seal(keys, phone),
      phone_index: phone && indexOf.phone(keys, phone),
      phone_masked: phone && maskPhone(phone),
    },
  };
}

// ── Messages ────────────────────────────────────────────────────────────────────────────────
type Text = { 'zh-CN': string; en: string };
export type Catalogue = Record<string, Text>;

/** Problems of a field, worded so a person knows what to fix. `{f}` is the field's name. */
export const PROBLEMS: Record<string, Text> = {
  NAME_EMPTY: { 'zh-CN': '{f} 不能为空', en: '{f} must not be empty' },
  DATE_INVALID: { 'zh-CN': '{f} 不是有效日期(应为 YYYY-MM-DD)', en: '{f} is not a valid date (YYYY-MM-DD)' },
  DATE_FUTURE: { 'zh-CN': '{f} 不能晚于今天', en: '{f} cannot be in the future' },
  BIRTH_DATE_FUTURE: { 'zh-CN': '{f}:出生日期不能晚于今天', en: '{f}: the birth date cannot be in the future' },
  ID_NUMBER_FORMAT: {
    'zh-CN': '{f}:身份证号应为 18 位(末位可为 X)',
    en: '{f}: an id number has 18 characters (the last may be X)',
  },
  ID_NUMBER_REGION: { 'zh-CN': '{f}:身份证号地区码无效', en: '{f}: the region code of the id number is invalid' },
  ID_NUMBER_BIRTH_DATE_INVALID: {
    'zh-CN': '{f}:身份证号中的出生日期无效',
    en: '{f}: the birth date inside the id number is invalid',
  },
  ID_NUMBER_BIRTH_DATE_FUTURE: {
    'zh-CN': '{f}:身份证号中的出生日期晚于今天',
    en: '{f}: the birth date inside the id number is in the future',
  },
  ID_NUMBER_CHECK_DIGIT: {
    'zh-CN': '{f}:身份证号校验码错误,请核对每一位',
    en: '{f}: the check digit of the id number is wrong, check every digit',
  },
  BIRTH_DATE_MISMATCH: {
    'zh-CN': '{f}:出生日期与身份证号不一致',
    en: '{f}: the birth date does not match the id number',
  },
  GENDER_MISMATCH: { 'zh-CN': '{f}:性别与身份证号不一致', en: '{f}: the gender does not match the id number' },
  ID_NUMBER_TAKEN: {
    'zh-CN': '{f}:该身份证号已登记在另一人名下',
    en: '{f}: this id number is already registered to another person',
  },
  ID_NUMBER_DUPLICATE: {
    'zh-CN': '{f}:该身份证号在本文件中出现多次',
    en: '{f}: this id number appears more than once in the file',
  },
  PHONE_EMPTY: { 'zh-CN': '{f} 为空', en: '{f} is empty' },
  PHONE_FORMAT: { 'zh-CN': '{f}:电话号码格式不正确', en: '{f}: the phone number has the wrong format' },
  PHONE_MOBILE_INVALID: {
    'zh-CN': '{f}:手机号应为 11 位,以 13–19 开头',
    en: '{f}: a mobile number has 11 digits and starts with 13–19',
  },
  PHONE_LANDLINE_INVALID: {
    'zh-CN': '{f}:固定电话应为区号加 7–8 位号码',
    en: '{f}: a landline is an area code and a 7–8 digit number',
  },
  PHONE_AREA_CODE_MISSING: { 'zh-CN': '{f}:固定电话缺少区号', en: '{f}: the landline lacks its area code' },
  ETHNICITY_UNKNOWN: { 'zh-CN': '{f}:未知的民族', en: '{f}: unknown ethnicity' },
  RELATION_UNKNOWN: {
    'zh-CN': '{f}:与户主关系无效(应为 GB/T 4761 代码或名称,如 02 户主)',
    en: '{f}: unknown relation to the head (a GB/T 4761 code or name, e.g. 02 户主)',
  },
  GENDER_UNKNOWN: { 'zh-CN': '{f}:性别应为 男 或 女', en: '{f}: gender is 男 (male) or 女 (female)' },
  REQUIRED: { 'zh-CN': '缺少必填项 {f}', en: 'Missing required field {f}' },
  GRID_UNKNOWN: { 'zh-CN': '{f}:网格不存在或不在您的管辖范围内', en: '{f}: no such grid within your area' },
  NO_HEAD: { 'zh-CN': '{f}:该户没有户主', en: '{f}: the household has no head' },
  MULTIPLE_HEADS: { 'zh-CN': '{f}:该户有多个户主', en: '{f}: the household has more than one head' },
  MULTIPLE_SPOUSES: { 'zh-CN': '{f}:该户户主有多个配偶', en: '{f}: the head has more than one spouse' },
  HEAD_MINOR: { 'zh-CN': '{f}:户主未满 16 周岁', en: '{f}: the head is under 16' },
  ALREADY_IN_HOUSEHOLD: {
    'zh-CN': '{f}:此人已在另一户中,请先办理迁出或分户',
    en: '{f}: this person is already in another household; record a move out or split first',
  },
};

/** The message for a problem; `extra` is a use-case's own catalogue, looked up first. */
export function problemMessage(code: string, field: string, locale: Locale, extra: Catalogue = {}): string {
  const text =
    (extra[code] ?? PROBLEMS[code])?.[locale] ?? (locale === 'en' ? `{f}: invalid (${code})` : `{f}:无效(${code})`);
  return text.replaceAll('{f}', field);
}

/** A 400 naming every field that is wrong, in the request's locale; nothing is written. */
export function invalid(issues: FieldIssue[], locale: Locale, extra: Catalogue = {}): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    400,
    issues.map((i) => ({ field: i.field, rule: i.code, message: problemMessage(i.code, i.field, locale, extra) })),
  );
}

/** 'YYYY-MM-DD' of the clock's now in China. */
export function todayOf(now: Date): string {
  return chinaDate(now);
}
