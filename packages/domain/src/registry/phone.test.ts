import { describe, expect, it } from 'vitest';
import { type PhoneProblem, parsePhone } from './phone.ts';

const mobile = (value: string) => ({ ok: true, value, kind: 'mobile' });
const landline = (value: string) => ({ ok: true, value, kind: 'landline' });

describe('parsePhone: mobiles', () => {
  it.each([
    ['13812345678', 'plain'],
    ['138 1234 5678', 'grouped with spaces'],
    ['138-1234-5678', 'grouped with dashes'],
    [' 13812345678\t', 'surrounded by white space'],
    ['+8613812345678', '+86'],
    ['+86 138 1234 5678', '+86 with spaces'],
    ['+86-138-1234-5678', '+86 with dashes'],
    ['008613812345678', '0086'],
    ['8613812345678', 'a bare 86 before eleven digits, as some exports write it'],
    ['(+86)13812345678', 'the country code in brackets'],
    ['＋８６ １３８１２３４５６７８', 'full-width digits, plus and space'],
    ['013812345678', 'the trunk 0 once dialled before another city’s mobile'],
  ])('normalises %j (%s) to 11 digits', (raw) => {
    expect(parsePhone(raw)).toEqual(mobile('13812345678'));
  });

  it('accepts every second digit from 3 to 9 and refuses 0, 1 and 2', () => {
    for (let d = 0; d <= 9; d++) {
      const raw = `1${d}012345678`;
      expect(parsePhone(raw), raw).toEqual(d >= 3 ? mobile(raw) : { ok: false, problem: 'MOBILE_INVALID' });
    }
  });

  it.each([
    ['1381234567', 'ten digits'],
    ['138123456789', 'twelve digits'],
    ['+86 1381234567', 'ten digits after +86'],
    ['12345', 'the 12345 government hotline'],
    ['110', 'an emergency number'],
  ])('refuses %j (%s) as an invalid mobile', (raw) => {
    expect(parsePhone(raw)).toEqual({ ok: false, problem: 'MOBILE_INVALID' });
  });
});

describe('parsePhone: landlines', () => {
  it.each([
    ['0755-83451234', '0755-83451234', 'already normalised'],
    ['075583451234', '0755-83451234', 'without the dash'],
    ['0755 8345 1234', '0755-83451234', 'grouped with spaces'],
    ['(0755)83451234', '0755-83451234', 'the area code in brackets'],
    ['（0755）83451234', '0755-83451234', 'full-width brackets'],
    ['0750-3512345', '0750-3512345', 'a 7-digit local number (江门)'],
    ['010-65123456', '010-65123456', 'Beijing, a 3-digit area code'],
    ['01065123456', '010-65123456', 'Beijing without the dash'],
    ['02161234567', '021-61234567', 'Shanghai without the dash'],
    ['029-87654321', '029-87654321', "Xi'an"],
    ['+86 755 8345 1234', '0755-83451234', '+86 drops the trunk 0, which comes back'],
    ['+86 (0)755 8345 1234', '0755-83451234', '+86 keeping the trunk 0 in brackets'],
    ['0086 10 6512 3456', '010-65123456', 'Beijing after 0086, its trunk 0 dropped'],
    ['+86 21 6123 4567', '021-61234567', 'Shanghai after +86'],
  ])('normalises %j to %j (%s)', (raw, value) => {
    expect(parsePhone(raw)).toEqual(landline(value));
  });

  it.each([
    ['0755-0345123', 'a local number starting with 0'],
    ['0755-1345123', 'a local number starting with 1'],
    ['0755-834512', 'a 6-digit local number'],
    ['0755-834512345', 'a 9-digit local number'],
    ['0755-83451234-801', 'an extension after a dash'],
    ['011-65123456', 'no area code starts 011'],
    ['0', 'a lone 0'],
  ])('refuses %j (%s) as an invalid landline', (raw) => {
    expect(parsePhone(raw)).toEqual({ ok: false, problem: 'LANDLINE_INVALID' });
  });
});

describe('parsePhone: a local number without its area code', () => {
  it('is completed with the default area code when one is given', () => {
    expect(parsePhone('3512345', { defaultAreaCode: '0750' })).toEqual(landline('0750-3512345'));
    expect(parsePhone('8345 1234', { defaultAreaCode: '0755' })).toEqual(landline('0755-83451234'));
    expect(parsePhone('65123456', { defaultAreaCode: '010' })).toEqual(landline('010-65123456'));
  });

  it('is refused as AREA_CODE_MISSING without one', () => {
    expect(parsePhone('83451234')).toEqual({ ok: false, problem: 'AREA_CODE_MISSING' });
  });

  it('does not change a mobile or a number that has its own area code', () => {
    expect(parsePhone('13812345678', { defaultAreaCode: '0750' })).toEqual(mobile('13812345678'));
    expect(parsePhone('0755-83451234', { defaultAreaCode: '0750' })).toEqual(landline('0755-83451234'));
  });

  it.each(['750', '0110', '07501', '', 'abc'])('throws on a default area code %j that is none', (code) => {
    expect(() => parsePhone('3512345', { defaultAreaCode: code })).toThrow(RangeError);
  });
});

describe('parsePhone: other problems', () => {
  const cases: Array<[string, PhoneProblem, string]> = [
    ['', 'EMPTY', 'nothing'],
    ['   ', 'EMPTY', 'only spaces'],
    ['\u3000', 'EMPTY', 'a full-width space'],
    ['-', 'EMPTY', 'a dash typed for "none"'],
    ['无', 'FORMAT', '"none" in Chinese'],
    ['0755-83451234转801', 'FORMAT', 'an extension written 转'],
    ['138l2345678', 'FORMAT', 'a letter l for a 1'],
    ['138.1234.5678', 'FORMAT', 'dots'],
    ['+1 415 555 0100', 'FORMAT', 'a US number'],
    ['+852 9123 4567', 'FORMAT', 'a Hong Kong number'],
    ['+86', 'FORMAT', 'a country code alone'],
    ['400-800-1234', 'FORMAT', 'a 400 service number'],
    ['95588', 'FORMAT', 'a 95xxx service number'],
    ['1.3812345678E+10', 'FORMAT', 'a mobile Excel turned into scientific notation'],
    ['234567', 'FORMAT', 'six digits'],
  ];
  it.each(cases)('%j gives %s (%s)', (raw, problem) => {
    expect(parsePhone(raw)).toEqual({ ok: false, problem });
  });
});

describe('parsePhone: one number typed many ways is one value', () => {
  it('so the blind index finds the same person', () => {
    const forms = ['13812345678', '+86 138-1234-5678', '0086 13812345678', '8613812345678', '１３８１２３４５６７８'];
    const values = new Set(
      forms.map((f) => {
        const p = parsePhone(f);
        return p.ok ? p.value : p.problem;
      }),
    );
    expect([...values]).toEqual(['13812345678']);
  });
});
