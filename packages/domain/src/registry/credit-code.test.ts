import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, checkCreditCode, creditCodeCheckCharacter } from './credit-code.ts';

// Codes printed on real licences (an independent check of the arithmetic): 华为技术有限公司,
// 深圳市腾讯计算机系统有限公司, 阿里巴巴(中国)有限公司, 中国石油天然气集团有限公司.
const PUBLISHED = ['914403001922038216', '9144030071526726XG', '91330100799655058B', '91110000802100433B'];

describe('统一社会信用代码 (GB 32100)', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true, value: code });
  });

  it('accepts a code typed with spaces, lower case or full-width characters', () => {
    expect(checkCreditCode(' 9144 0300 7152 6726xg ')).toEqual({ ok: true, value: '9144030071526726XG' });
    expect(checkCreditCode('９１４４０３００１９２２０３８２１６')).toEqual({ ok: true, value: '914403001922038216' });
  });

  it('finds any single wrong character', () => {
    const code = PUBLISHED[1] as string;
    for (let i = 0; i < 18; i++) {
      for (const c of CREDIT_CODE_ALPHABET) {
        if (c === code[i]) continue;
        const typo = code.slice(0, i) + c + code.slice(i + 1);
        expect(checkCreditCode(typo), typo).toEqual({ ok: false, problem: 'CHECK_CHARACTER' });
      }
    }
  });

  it('refuses the wrong length and the letters I, O, S, V and Z', () => {
    expect(checkCreditCode('91440300192203821')).toEqual({ ok: false, problem: 'FORMAT' });
    expect(checkCreditCode('9144030019220382166')).toEqual({ ok: false, problem: 'FORMAT' });
    for (const letter of 'IOSVZ') {
      expect(checkCreditCode(`91440300192203821${letter}`)).toEqual({ ok: false, problem: 'FORMAT' });
    }
    expect(checkCreditCode('')).toEqual({ ok: false, problem: 'FORMAT' });
  });

  it('computes 0 when the weighted sum is already a multiple of 31', () => {
    // 17 zeros sum to 0: the check character is 0, not the 31st character.
    expect(creditCodeCheckCharacter('0'.repeat(17))).toBe('0');
    expect(() => creditCodeCheckCharacter('9144030019220382')).toThrow(RangeError);
  });
});
