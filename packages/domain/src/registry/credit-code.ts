/**
 * 统一社会信用代码 (GB 32100-2015): the 18-character code every enterprise, shop and
 * institution carries on its licence. 1 registration authority (登记管理部门), 1 kind of
 * body (机构类别), 6 region code (GB/T 2260), 9 organisation code (GB 11714) and a
 * check character computed over the first 17 with weights 3^i mod 31 (MOD 31).
 *
 * The alphabet is the digits and the capital letters without I, O, S, V and Z, which read
 * too much like 1, 0, 5, U and 2.
 */

export type CreditCodeProblem =
  | 'FORMAT' // not 18 characters of the alphabet (after removing spaces)
  | 'CHECK_CHARACTER'; // the 18th character does not match the first 17

export type CreditCodeParse = { ok: true; value: string } | { ok: false; problem: CreditCodeProblem };

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character of the first 17 characters of a credit code. */
export function creditCodeCheckCharacter(first17: string): string {
  if (!/^[0-9A-HJ-NPQRTUWXY]{17}$/.test(first17)) {
    throw new RangeError('creditCodeCheckCharacter needs 17 characters of the GB 32100 alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i] as string) * (WEIGHTS[i] as number);
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31] as string;
}

/**
 * Check a credit code as typed or copied from a licence: spaces dropped, full-width
 * characters and lower case accepted. The value returned is the code as stored.
 */
export function checkCreditCode(raw: string): CreditCodeParse {
  const value = raw
    .replace(/\s/g, '')
    .replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .toUpperCase();
  if (!SHAPE.test(value)) return { ok: false, problem: 'FORMAT' };
  if (creditCodeCheckCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'CHECK_CHARACTER' };
  return { ok: true, value };
}
