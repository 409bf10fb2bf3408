/**
 * 公民身份号码 (GB 11643-1999): 6-digit region code (GB/T 2260, where the number was first
 * issued), 8-digit birth date, 3-digit sequence (odd for men, even for women) and an
 * ISO 7064 MOD 11-2 check character, 0–9 or X.
 *
 * This file owns the syntax and the arithmetic only. Whether a number is already held by
 * another person, and who may see it unmasked, are the registry service's questions.
 */
import { ageOn, isCalendarDate } from './dates.ts';

export type Gender = 'male' | 'female';

export type IdNumberProblem =
  | 'FORMAT' // not 17 digits and a digit or X (after removing spaces); 15-digit first-generation numbers too
  | 'REGION' // the first two digits are no province-level code
  | 'BIRTH_DATE_INVALID' // no such day (19900230), or a year before anyone alive was born
  | 'BIRTH_DATE_FUTURE' // born after `today`
  | 'CHECK_DIGIT'; // the 18th character does not match the first 17 digits

export type IdNumberMismatch = 'BIRTH_DATE_MISMATCH' | 'GENDER_MISMATCH';

export interface IdNumber {
  /** 18 characters, ASCII digits and an upper-case X. */
  value: string;
  regionCode: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  gender: Gender;
  /** Full years on the `today` given to the parser. */
  age: number;
}

export type IdNumberParse = ({ ok: true } & IdNumber) | { ok: false; problem: IdNumberProblem };

/**
 * Province-level codes that begin a valid number: the 31 mainland provinces, Taiwan (71),
 * and 81/82/83, which the 港澳居民居住证 and 台湾居民居住证 use. The foreigners' permanent
 * residence card (新版外国人永久居留身份证, first digit 9) is not a 居民身份证 and is refused.
 */
// biome-ignore format: one line per region group reads better than one code per line
export const ID_NUMBER_PROVINCES: readonly string[] = [
  '11', '12', '13', '14', '15', // 京 津 冀 晋 蒙
  '21', '22', '23', // 辽 吉 黑
  '31', '32', '33', '34', '35', '36', '37', // 沪 苏 浙 皖 闽 赣 鲁
  '41', '42', '43', '44', '45', '46', // 豫 鄂 湘 粤 桂 琼
  '50', '51', '52', '53', '54', // 渝 川 黔 滇 藏
  '61', '62', '63', '64', '65', // 陕 甘 青 宁 新
  '71', // 台
  '81', '82', '83', // 港澳台居民居住证
];

/**
 * No one born before 1870 has lived to see an 18-digit number (issued from 1999), so an
 * earlier year is a typo (1090 for 1990) rather than a real birth date.
 */
export const EARLIEST_BIRTH_YEAR = 1870;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idNumberCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idNumberCheckDigit needs exactly 17 ASCII digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

/**
 * Undo what typing and spreadsheets do to a number: spaces anywhere (also the full-width
 * space and a BOM), full-width digits from a Chinese IME, and a lower-case or full-width x.
 */
function normalise(raw: string): string {
  return raw
    .replace(/\s/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[xｘＸ]/g, 'X');
}

function birthDateOf(value: string): string {
  return `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
}

/**
 * Parse a 身份证号 as typed or imported. `today` ('YYYY-MM-DD', in China) bounds the birth
 * date and gives the age. The most specific problem wins: structure is checked before the
 * check digit, so a typo in the birth date reads "出生日期无效" rather than "校验码错误",
 * and the check digit catches what remains (any single wrong digit, most swaps).
 */
export function parseIdNumber(raw: string, today: string): IdNumberParse {
  const value = normalise(raw);
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'FORMAT' };
  if (!ID_NUMBER_PROVINCES.includes(value.slice(0, 2))) return { ok: false, problem: 'REGION' };
  const birthDate = birthDateOf(value);
  if (!isCalendarDate(birthDate) || Number(birthDate.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    return { ok: false, problem: 'BIRTH_DATE_INVALID' };
  }
  if (birthDate > today) return { ok: false, problem: 'BIRTH_DATE_FUTURE' };
  if (idNumberCheckDigit(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'CHECK_DIGIT' };
  return {
    ok: true,
    value,
    regionCode: value.slice(0, 6),
    birthDate,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    age: ageOn(birthDate, today),
  };
}

/**
 * Compare a parsed number with the birth date and gender entered beside it (a form, an
 * import row). A field left empty is not a mismatch: the number supplies it.
 */
export function crossCheckIdNumber(
  parsed: Pick<IdNumber, 'birthDate' | 'gender'>,
  claimed: { birthDate?: string | null; gender?: Gender | null },
): IdNumberMismatch[] {
  const mismatches: IdNumberMismatch[] = [];
  if (claimed.birthDate != null && claimed.birthDate !== parsed.birthDate) mismatches.push('BIRTH_DATE_MISMATCH');
  if (claimed.gender != null && claimed.gender !== parsed.gender) mismatches.push('GENDER_MISMATCH');
  return mismatches;
}

/**
 * Build a valid number for demo and benchmark data: `region` a 6-digit code whose province
 * is valid, `birthDate` 'YYYY-MM-DD', `sequence` 0–999 (odd for a man, even for a woman).
 * Throws on arguments that could not give a number `parseIdNumber` accepts, so a generator
 * bug shows at once instead of as rows the import refuses.
 */
export function makeIdNumber(region: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(region) || !ID_NUMBER_PROVINCES.includes(region.slice(0, 2))) {
    throw new RangeError(`makeIdNumber: ${region} is not a 6-digit code of a valid province`);
  }
  if (!isCalendarDate(birthDate) || Number(birthDate.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
    throw new RangeError(`makeIdNumber: ${birthDate} is not a birth date from ${EARLIEST_BIRTH_YEAR} on`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`makeIdNumber: sequence ${sequence} is not an integer from 0 to 999`);
  }
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + idNumberCheckDigit(first17);
}
