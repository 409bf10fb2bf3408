/**
 * Receipt numbers (受理编号) of cases: '20261123-4K7Q2M', the China date of the report and six
 * characters of Crockford base32. A resident reads it out over the phone or types it on the
 * public board, so the alphabet leaves out I, L, O and U (no 1/I/L or 0/O confusion, no
 * accidental words), and `parseReceiptNo` reads the usual slips back. 32⁶ ≈ 10⁹ per day makes a
 * clash rare; the unique index catches one and the server draws again.
 */
import { chinaDate, isCalendarDate } from '../registry/dates.ts';

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT_SHAPE = /^(\d{4})(\d{2})(\d{2})-[0-9A-HJKMNP-TV-Z]{6}$/;

/** A new receipt number at `now`; `random` gives [0, 1) (a crypto source on the server, a seed in tests). */
export function receiptNo(now: Date, random: () => number): string {
  let tail = '';
  for (let i = 0; i < 6; i++) tail += CROCKFORD_ALPHABET[Math.min(31, Math.floor(random() * 32))];
  return `${chinaDate(now).replaceAll('-', '')}-${tail}`;
}

/** A well-formed receipt number: a real date, a dash, six characters of the alphabet (upper case). */
export function isReceiptNo(s: string): boolean {
  const m = RECEIPT_SHAPE.exec(s);
  return m !== null && isCalendarDate(`${m[1]}-${m[2]}-${m[3]}`);
}

/**
 * A receipt number as someone typed it: spaces trimmed, lower case raised, O read as 0 and I or
 * L as 1 (Crockford's rule), the dash optional. The canonical form, or null when it is not one.
 */
export function parseReceiptNo(input: string): string | null {
  const s = input.trim().toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== 14) return null;
  const canonical = `${s.slice(0, 8)}-${s.slice(8)}`;
  return isReceiptNo(canonical) ? canonical : null;
}
