import { describe, expect, it } from 'vitest';
import {
  crossCheckIdNumber,
  EARLIEST_BIRTH_YEAR,
  ID_NUMBER_PROVINCES,
  type IdNumberParse,
  type IdNumberProblem,
  idNumberCheckDigit,
  makeIdNumber,
  parseIdNumber,
} from './id-number.ts';

const TODAY = '2024-06-15';
// The two worked examples printed in GB 11643-1999 itself: an independent check of the arithmetic.
const STANDARD_FEMALE = '11010519491231002X'; // 北京市朝阳区, born 1949-12-31, sequence 002
const STANDARD_MALE = '440524188001010014'; // 广东省汕头市潮阳县, born 1880-01-01, sequence 001
// 江门市江海区, the demo district.
const JIANGHAI = '440704';

const problem = (raw: string, today = TODAY) => {
  const parsed = parseIdNumber(raw, today);
  return parsed.ok ? null : parsed.problem;
};
const ok = (parsed: IdNumberParse) => {
  if (!parsed.ok) throw new Error(`expected a valid number, got ${parsed.problem}`);
  return parsed;
};
/** Any 17 digits with the right check character, bypassing makeIdNumber's own checks. */
const withCheck = (first17: string) => first17 + idNumberCheckDigit(first17);

describe('idNumberCheckDigit (ISO 7064 MOD 11-2)', () => {
  it('gives the check characters of the examples in GB 11643', () => {
    expect(idNumberCheckDigit(STANDARD_FEMALE.slice(0, 17))).toBe('X');
    expect(idNumberCheckDigit(STANDARD_MALE.slice(0, 17))).toBe('4');
  });

  it('maps each remainder of the weighted sum to 1 0 X 9 8 7 6 5 4 3 2', () => {
    // A single 1 in the last position weighs 2; n in that position weighs 2n, so the
    // remainder runs through every value as the digit and one more position vary.
    const seen = new Map<number, string>();
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    for (let a = 0; a <= 9; a++) {
      for (let b = 0; b <= 9; b++) {
        const first17 = `${'0'.repeat(15)}${a}${b}`;
        const sum = a * (weights[15] as number) + b * (weights[16] as number);
        seen.set(sum % 11, idNumberCheckDigit(first17));
      }
    }
    expect([...seen.keys()].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from({ length: 11 }, (_, r) => seen.get(r)).join('')).toBe('10X98765432');
  });

  it.each([
    '1101051949123100',
    '110105194912310021',
    '1101051949123100X', // an X among the first 17
    '１１０１０５１９４９１２３１００２',
    '',
  ])('refuses %j, which is not exactly 17 ASCII digits', (input) => {
    expect(() => idNumberCheckDigit(input)).toThrow(RangeError);
  });
});

describe('parseIdNumber on a valid number', () => {
  it('reads region, birth date, gender and age from the standard female example', () => {
    expect(parseIdNumber(STANDARD_FEMALE, TODAY)).toEqual({
      ok: true,
      value: STANDARD_FEMALE,
      regionCode: '110105',
      birthDate: '1949-12-31',
      gender: 'female',
      age: 74,
    });
  });

  it('reads the standard male example, born in 1880', () => {
    expect(parseIdNumber(STANDARD_MALE, TODAY)).toMatchObject({
      ok: true,
      regionCode: '440524',
      birthDate: '1880-01-01',
      gender: 'male',
      age: 144,
    });
  });

  it.each([
    ['11010519491231002x', 'a lower-case x'],
    ['11010519491231002ｘ', 'a full-width lower-case x'],
    ['11010519491231002Ｘ', 'a full-width X'],
    [' 11010519491231002X ', 'spaces around it'],
    ['110105 19491231 002X', 'spaces between the groups'],
    ['\u3000110105194912310 02X\t', 'a full-width space and a tab'],
    ['\ufeff11010519491231002X', 'a byte-order mark from a CSV file'],
    ['１１０１０５１９４９１２３１００２X', 'full-width digits from a Chinese IME'],
  ])('normalises %j (%s) to the canonical 18 characters', (raw) => {
    expect(ok(parseIdNumber(raw, TODAY)).value).toBe(STANDARD_FEMALE);
  });

  it('reads the gender from the 17th digit: odd is male, even is female, for every digit', () => {
    for (let d = 0; d <= 9; d++) {
      const parsed = ok(parseIdNumber(withCheck(`${JIANGHAI}1990010100${d}`), TODAY));
      expect(parsed.gender, `17th digit ${d}`).toBe(d % 2 === 1 ? 'male' : 'female');
    }
  });

  it('gives the age in full years on the day given', () => {
    const id = makeIdNumber(JIANGHAI, '2008-06-16', 11);
    expect(ok(parseIdNumber(id, '2024-06-15')).age).toBe(15);
    expect(ok(parseIdNumber(id, '2024-06-16')).age).toBe(16);
  });

  it('accepts a baby born today, aged 0', () => {
    expect(ok(parseIdNumber(makeIdNumber(JIANGHAI, TODAY, 2), TODAY)).age).toBe(0);
  });

  it('accepts 29 February in a leap year', () => {
    expect(ok(parseIdNumber(makeIdNumber(JIANGHAI, '2000-02-29', 5), TODAY)).birthDate).toBe('2000-02-29');
  });
});

describe('parseIdNumber: FORMAT', () => {
  it.each([
    ['1101051949123100', 'sixteen digits'],
    ['1101051949123100X', 'seventeen characters'],
    ['11010519491231002X1', 'nineteen characters'],
    ['110105491231002', 'a 15-digit first-generation number (void since 2013)'],
    ['1.10105194912E+17', 'a number Excel turned into scientific notation'],
    ['110105194912310022.0', 'a number Excel turned into a float'],
    ['X10105194912310021', 'an X in first place'],
    ['1101051949123100X2', 'an X before the last place'],
    ['11010519491231002Y', 'a letter other than X'],
    ['110105-19491231-002X', 'dashes'],
    ['11010519491231002X'.replace('1', '١'), 'an Arabic-Indic digit'],
    ['', 'nothing'],
    ['   ', 'only spaces'],
  ])('refuses %j (%s)', (raw) => {
    expect(problem(raw)).toBe('FORMAT');
  });
});

describe('parseIdNumber: REGION', () => {
  it('accepts exactly the province-level codes, and 81/82/83 of the residence permits, over all 100 prefixes', () => {
    const accepted: string[] = [];
    for (let p = 0; p <= 99; p++) {
      const prefix = String(p).padStart(2, '0');
      const result = problem(withCheck(`${prefix}0101199001011${p % 10}2`));
      if (result === null) accepted.push(prefix);
      else expect(result, prefix).toBe('REGION');
    }
    expect(accepted).toEqual([...ID_NUMBER_PROVINCES]);
    expect(accepted).toEqual(
      ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37']
        .concat(['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'])
        .concat(['71', '81', '82', '83']),
    );
  });

  it('accepts a 台湾居民居住证 number (830000) and refuses a foreigner’s permanent residence number (9…)', () => {
    expect(problem(makeIdNumber('830000', '1985-03-08', 21))).toBeNull();
    expect(problem(withCheck('91440419850308021'))).toBe('REGION');
  });
});

describe('parseIdNumber: BIRTH_DATE_INVALID and BIRTH_DATE_FUTURE', () => {
  const withBirth = (yyyymmdd: string) => withCheck(`${JIANGHAI}${yyyymmdd}123`);

  it.each([
    ['19900230', '30 February'],
    ['19900229', '29 February in a common year'],
    ['19000229', '29 February 1900, a century year that is not leap'],
    ['19900431', '31 April'],
    ['19901301', 'month 13'],
    ['19900001', 'month 00'],
    ['19900100', 'day 00'],
    ['19900132', 'day 32'],
    [`${EARLIEST_BIRTH_YEAR - 1}1231`, 'a year before anyone now alive was born'],
    ['10900101', '1090, a typo for 1990'],
  ])('refuses the birth date %s (%s)', (birth) => {
    expect(problem(withBirth(birth))).toBe('BIRTH_DATE_INVALID');
  });

  it('accepts the first day of the earliest plausible birth year', () => {
    expect(problem(withBirth(`${EARLIEST_BIRTH_YEAR}0101`))).toBeNull();
  });

  it('refuses a birth date after today, even by a day', () => {
    expect(problem(withBirth('20240616'))).toBe('BIRTH_DATE_FUTURE');
    expect(problem(withBirth('20240615'))).toBeNull();
    expect(problem(withBirth('20900101'))).toBe('BIRTH_DATE_FUTURE');
  });

  it('judges the future against the day passed in, not the machine clock', () => {
    const id = withBirth('20300101');
    expect(problem(id, '2029-12-31')).toBe('BIRTH_DATE_FUTURE');
    expect(problem(id, '2030-01-01')).toBeNull();
  });
});

describe('parseIdNumber: CHECK_DIGIT', () => {
  it('refuses the standard example with any other check character', () => {
    for (const c of '0123456789') expect(problem(`${STANDARD_FEMALE.slice(0, 17)}${c}`), c).toBe('CHECK_DIGIT');
  });

  it('detects every single wrong digit in the sequence and check positions', () => {
    const id = makeIdNumber(JIANGHAI, '1990-01-01', 123);
    for (let pos = 14; pos < 18; pos++) {
      for (const c of '0123456789X') {
        if (c === id[pos] || (c === 'X' && pos < 17)) continue;
        const typo = `${id.slice(0, pos)}${c}${id.slice(pos + 1)}`;
        expect(problem(typo), typo).toBe('CHECK_DIGIT');
      }
    }
  });

  it('never accepts a single wrong digit anywhere: the birth date or region reports it, or the check digit does', () => {
    const id = makeIdNumber(JIANGHAI, '1990-01-01', 123);
    for (let pos = 0; pos < 17; pos++) {
      for (const c of '0123456789') {
        if (c === id[pos]) continue;
        expect(problem(`${id.slice(0, pos)}${c}${id.slice(pos + 1)}`), `position ${pos} → ${c}`).not.toBeNull();
      }
    }
  });

  it('detects every swap of two different adjacent digits', () => {
    const id = makeIdNumber('110105', '1987-11-23', 456);
    for (let pos = 0; pos < 17; pos++) {
      if (id[pos] === id[pos + 1]) continue;
      const swapped = `${id.slice(0, pos)}${id[pos + 1]}${id[pos]}${id.slice(pos + 2)}`;
      expect(problem(swapped), swapped).not.toBeNull();
    }
  });
});

describe('parseIdNumber: which problem is reported first', () => {
  const cases: Array<[string, IdNumberProblem, string]> = [
    ['00010519900230002', 'FORMAT', 'seventeen characters, even with a bad region and date'],
    ['000105199002300021', 'REGION', 'a bad region, birth date and check digit: the region'],
    ['440704199002300021', 'BIRTH_DATE_INVALID', 'a bad birth date and check digit: the birth date'],
    ['440704209001010021', 'BIRTH_DATE_FUTURE', 'a future birth date and a bad check digit: the birth date'],
  ];
  it.each(cases)('%s gives %s (%s)', (raw, expected) => {
    expect(problem(raw)).toBe(expected);
  });

  it('uses examples whose check digit is also wrong, so the order is what is tested', () => {
    for (const [raw] of cases.slice(1)) expect(idNumberCheckDigit(raw.slice(0, 17)), raw).not.toBe(raw[17]);
  });
});

describe('crossCheckIdNumber', () => {
  const parsed = ok(parseIdNumber(STANDARD_FEMALE, TODAY));

  it('finds nothing when the entered birth date and gender agree with the number', () => {
    expect(crossCheckIdNumber(parsed, { birthDate: '1949-12-31', gender: 'female' })).toEqual([]);
  });

  it('reports a birth date that differs from the number', () => {
    expect(crossCheckIdNumber(parsed, { birthDate: '1949-12-30', gender: 'female' })).toEqual(['BIRTH_DATE_MISMATCH']);
  });

  it('reports a gender that differs from the number', () => {
    expect(crossCheckIdNumber(parsed, { birthDate: '1949-12-31', gender: 'male' })).toEqual(['GENDER_MISMATCH']);
  });

  it('reports both, birth date first', () => {
    expect(crossCheckIdNumber(parsed, { birthDate: '1950-01-01', gender: 'male' })).toEqual([
      'BIRTH_DATE_MISMATCH',
      'GENDER_MISMATCH',
    ]);
  });

  it('takes a field left empty as agreeing: the number supplies it', () => {
    expect(crossCheckIdNumber(parsed, {})).toEqual([]);
    expect(crossCheckIdNumber(parsed, { birthDate: null, gender: null })).toEqual([]);
    expect(crossCheckIdNumber(parsed, { gender: 'male' })).toEqual(['GENDER_MISMATCH']);
    expect(crossCheckIdNumber(parsed, { birthDate: '1949-01-01' })).toEqual(['BIRTH_DATE_MISMATCH']);
  });
});

describe('makeIdNumber', () => {
  it('builds the standard examples from their parts', () => {
    expect(makeIdNumber('110105', '1949-12-31', 2)).toBe(STANDARD_FEMALE);
    expect(makeIdNumber('440524', '1880-01-01', 1)).toBe(STANDARD_MALE);
  });

  it('builds numbers that parse back to what they were made from, over many regions, dates and sequences', () => {
    const regions = ['110105', JIANGHAI, '152326', '650102', '540102', '810000', '820000', '830000'];
    let n = 0;
    for (const region of regions) {
      for (let day = 0; day < 2000; day += 37) {
        const birthDate = new Date(Date.UTC(1930, 0, 1) + day * 86_400_000 * 17).toISOString().slice(0, 10);
        const sequence = (day * 7 + n) % 1000;
        const parsed = ok(parseIdNumber(makeIdNumber(region, birthDate, sequence), TODAY));
        expect(parsed.regionCode).toBe(region);
        expect(parsed.birthDate).toBe(birthDate);
        expect(parsed.gender).toBe(sequence % 2 === 1 ? 'male' : 'female');
        expect(parsed.value.slice(14, 17)).toBe(String(sequence).padStart(3, '0'));
        n++;
      }
    }
    expect(n).toBeGreaterThan(400);
  });

  it('pads the sequence to three digits, from 000 to 999', () => {
    expect(makeIdNumber(JIANGHAI, '1990-01-01', 0).slice(14, 17)).toBe('000');
    expect(makeIdNumber(JIANGHAI, '1990-01-01', 7).slice(14, 17)).toBe('007');
    expect(makeIdNumber(JIANGHAI, '1990-01-01', 999).slice(14, 17)).toBe('999');
  });

  it.each([
    ['44070', '1990-01-01', 1, 'a five-digit region'],
    ['4407041', '1990-01-01', 1, 'a seven-digit region'],
    ['990704', '1990-01-01', 1, 'a region in no province'],
    [JIANGHAI, '1990-02-30', 1, 'a birth date that does not exist'],
    [JIANGHAI, '19900101', 1, 'a birth date without dashes'],
    [JIANGHAI, `${EARLIEST_BIRTH_YEAR - 1}-01-01`, 1, 'a birth date before the earliest plausible year'],
    [JIANGHAI, '1990-01-01', -1, 'a negative sequence'],
    [JIANGHAI, '1990-01-01', 1000, 'a four-digit sequence'],
    [JIANGHAI, '1990-01-01', 1.5, 'a fractional sequence'],
    [JIANGHAI, '1990-01-01', Number.NaN, 'NaN'],
  ])('refuses region %s, birth date %s, sequence %s (%s)', (region, birthDate, sequence) => {
    expect(() => makeIdNumber(region, birthDate, sequence)).toThrow(RangeError);
  });
});
