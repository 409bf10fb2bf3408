/**
 * How personal data looks when it is not revealed: in every API response, export and
 * public board unless the caller holds the reveal permission (and then only after giving
 * a reason, which the audit log keeps). Each mask keeps what staff need to tell two people
 * apart in a list and hides what identifies a person on its own.
 *
 * A value the rule does not recognise is masked whole: a mask must never leak because the
 * input was odd.
 */
import { parsePhone } from './phone.ts';

const STAR = '*';

function stars(count: number): string {
  return STAR.repeat(Math.max(0, count));
}

/** Characters, not UTF-16 units: rare name characters (𠈌, 𡒄) sit outside the BMP. */
function chars(value: string): string[] {
  return Array.from(value);
}

/**
 * '110105199001011234' → '110105********1234': the region (where the number was issued)
 * and the last four stay, the birth date and sequence go. Only the 18-character layout is
 * known to put the birth date in the middle, so any other length is masked whole.
 */
export function maskIdNumber(value: string): string {
  const c = chars(value);
  if (c.length !== 18) return stars(c.length);
  return `${c.slice(0, 6).join('')}${stars(8)}${c.slice(14).join('')}`;
}

/**
 * A mobile keeps its first three and last four digits ('138****5678'); a landline keeps its
 * area code and the last four digits of the local number ('0755-****1234'). The number is
 * normalised first, so '+86 138 1234 5678' masks like '13812345678'.
 */
export function maskPhone(value: string): string {
  const phone = parsePhone(value);
  if (!phone.ok) return stars(chars(value.trim()).length);
  if (phone.kind === 'mobile') return `${phone.value.slice(0, 3)}${stars(4)}${phone.value.slice(7)}`;
  const [area, local] = phone.value.split('-') as [string, string];
  return `${area}-${stars(local.length - 4)}${local.slice(-4)}`;
}

/**
 * Separators between the parts of a transliterated name (维吾尔族, 哈萨克族 … names such
 * as 买买提·艾力): the middle dot and the look-alikes IMEs and old systems produce, and
 * spaces, which also split a foreign name.
 */
const NAME_SEPARATOR = /([·•‧・･．.\s]+)/;

function maskOnePart(name: string[]): string {
  if (name.length <= 1) return stars(name.length);
  if (name.length === 2) return `${name[0]}${STAR}`;
  return `${name[0]}${stars(name.length - 2)}${name[name.length - 1]}`;
}

/**
 * A Chinese name keeps its first character (the surname, as staff address people) and,
 * from three characters on, its last: '张三' → '张*', '张小明' → '张*明', '欧阳娜娜' → '欧**娜',
 * and a one-character name is '*'.
 *
 * A name in several parts (买买提·艾力: given name · father's name) keeps the first
 * character of each part and the separators: '买**·艾*'. Keeping the last character of
 * each part as well would show too much of short parts, and keeping only the very first
 * character would make every 阿卜杜… look alike in a list. A later part of a single
 * character is masked whole, so no name is ever shown in full.
 */
export function maskName(name: string): string {
  const pieces = name.trim().split(NAME_SEPARATOR);
  // split() with a capture group alternates parts (even) and separators (odd).
  const parts = pieces.filter((_, i) => i % 2 === 0);
  if (parts.filter((p) => p !== '').length <= 1) {
    return pieces.map((p, i) => (i % 2 === 1 ? p : maskOnePart(chars(p)))).join('');
  }
  let first = true;
  return pieces
    .map((piece, i) => {
      if (i % 2 === 1 || piece === '') return piece;
      const c = chars(piece);
      const keepFirst = first || c.length > 1;
      first = false;
      return keepFirst ? `${c[0]}${stars(c.length - 1)}` : stars(c.length);
    })
    .join('');
}

/** A standard address (一标) in its parts, as the registry stores it. */
export interface AddressParts {
  community: string; // 金溪社区 / 英南村
  building?: string | null; // 3栋, 7号院
  unit?: string | null; // 2单元
  room?: string | null; // 501
}

/**
 * An address shows its community and building; the unit and room, which point at one
 * household, become '**': {金溪社区, 3栋, 2单元, 501} → '金溪社区3栋**'. The stars do not
 * say how many parts were hidden.
 */
export function maskAddress(address: AddressParts): string {
  const present = (part: string | null | undefined): part is string => part != null && part.trim() !== '';
  const hidden = present(address.unit) || present(address.room);
  return `${address.community}${present(address.building) ? address.building : ''}${hidden ? stars(2) : ''}`;
}
