/**
 * Mainland China phone numbers as residents write them: a mobile (1[3-9] + 9 digits) or a
 * landline (area code + 7 or 8 digit local number). Normalised forms are what the registry
 * encrypts and blind-indexes, so one number typed two ways finds the same person:
 * a mobile is 11 digits ('13812345678'), a landline 'area-local' ('0755-83451234').
 */

export type PhoneKind = 'mobile' | 'landline';

export type PhoneProblem =
  | 'EMPTY' // nothing but spaces: the caller decides whether a phone is required
  | 'FORMAT' // letters ('转801'), a service number (400…, 95xxx), a foreign number
  | 'MOBILE_INVALID' // starts with 1 but is not 1[3-9] followed by 9 digits
  | 'LANDLINE_INVALID' // starts with 0 but is no area code + a 7–8 digit local number
  | 'AREA_CODE_MISSING'; // a bare local number and no default area code to complete it

export type PhoneParse = { ok: true; value: string; kind: PhoneKind } | { ok: false; problem: PhoneProblem };

/**
 * Area codes (长途区号) have three digits with the trunk 0 for Beijing (010) and the
 * 02x cities (Guangzhou, Shanghai, Tianjin, Chongqing, Shenyang, Nanjing, Wuhan, Chengdu,
 * Xi'an), and four everywhere else; no other code starts with 01. So the split of a run
 * of digits into area code and local number is never ambiguous.
 */
const AREA_CODE = /^0(?:10|2\d|[3-9]\d\d)/;
/** Local numbers start with 2–9: 0 is the trunk prefix and 1 opens short service numbers (110, 12345). */
const LOCAL_NUMBER = /^[2-9]\d{6,7}$/;
const WHOLE_AREA_CODE = /^0(?:10|2\d|[3-9]\d\d)$/;

function digitsOf(raw: string): string {
  return raw
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[＋]/g, '+')
    .replace(/[\s\-－—()（）]/g, '');
}

function landline(digits: string): PhoneParse {
  const area = AREA_CODE.exec(digits)?.[0];
  if (area === undefined || !LOCAL_NUMBER.test(digits.slice(area.length))) {
    return { ok: false, problem: 'LANDLINE_INVALID' };
  }
  return { ok: true, value: `${area}-${digits.slice(area.length)}`, kind: 'landline' };
}

/**
 * Parse a phone number typed in a form or found in an imported 台账. Spaces, dashes and
 * brackets are dropped, full-width digits converted, and a country code (+86, 0086, or a
 * bare 86 in front of a mobile) removed; after a country code a landline's trunk 0 is
 * restored ('+86 755 8345 1234' is '0755-83451234'). `defaultAreaCode` ('0750') completes
 * a bare local number, as community lists often omit their own city's code.
 */
export function parsePhone(raw: string, opts: { defaultAreaCode?: string } = {}): PhoneParse {
  if (opts.defaultAreaCode !== undefined && !WHOLE_AREA_CODE.test(opts.defaultAreaCode)) {
    throw new RangeError(`parsePhone: ${opts.defaultAreaCode} is not an area code such as 010 or 0750`);
  }
  let digits = digitsOf(raw);
  if (digits === '') return { ok: false, problem: 'EMPTY' };
  let international = false;
  if (digits.startsWith('+86')) {
    digits = digits.slice(3);
    international = true;
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4);
    international = true;
  } else if (/^861\d{10}$/.test(digits)) {
    digits = digits.slice(2);
  }
  if (!/^\d+$/.test(digits)) return { ok: false, problem: 'FORMAT' };
  // '+86 (0)755 …' keeps its trunk 0; '+86 755 …' and '+86 10 …' (Beijing) have dropped it.
  if (international && !/^(?:0|1[3-9])/.test(digits)) digits = `0${digits}`;
  // A mobile dialled from another city's landline used to take the trunk 0 ('013812345678').
  if (/^01[3-9]\d{9}$/.test(digits)) digits = digits.slice(1);
  if (digits.startsWith('1')) {
    return /^1[3-9]\d{9}$/.test(digits)
      ? { ok: true, value: digits, kind: 'mobile' }
      : { ok: false, problem: 'MOBILE_INVALID' };
  }
  if (digits.startsWith('0')) return landline(digits);
  if (!LOCAL_NUMBER.test(digits)) return { ok: false, problem: 'FORMAT' };
  if (opts.defaultAreaCode === undefined) return { ok: false, problem: 'AREA_CODE_MISSING' };
  return landline(opts.defaultAreaCode + digits);
}
