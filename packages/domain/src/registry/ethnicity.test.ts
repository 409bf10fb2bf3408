import { describe, expect, it } from 'vitest';
import { ETHNICITIES, ethnicityByCode, ethnicityName, parseEthnicity } from './ethnicity.ts';

describe('the GB 3304 table', () => {
  it('has the 56 ethnic groups coded 01 to 56, then 97 and 98', () => {
    const codes = ETHNICITIES.map((e) => e.code);
    expect(codes).toEqual([...Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')), '97', '98']);
  });

  it('names each of the 56 groups once, every name ending in 族, and labels each in English', () => {
    const groups = ETHNICITIES.slice(0, 56);
    expect(new Set(groups.map((e) => e.zh)).size).toBe(56);
    expect(new Set(ETHNICITIES.map((e) => e.en)).size).toBe(58);
    for (const e of groups) expect(e.zh, e.code).toMatch(/族$/);
    for (const e of ETHNICITIES) expect(e.en.length, e.code).toBeGreaterThan(0);
  });

  it.each([
    ['01', '汉族'],
    ['02', '蒙古族'],
    ['03', '回族'],
    ['05', '维吾尔族'],
    ['10', '朝鲜族'],
    ['17', '哈萨克族'],
    ['31', '达斡尔族'],
    ['36', '毛南族'],
    ['46', '德昂族'],
    ['52', '鄂伦春族'],
    ['56', '基诺族'],
    ['97', '其他'],
    ['98', '外国血统中国籍人士'],
  ])('ethnicityName(%s) is %s', (code, name) => {
    expect(ethnicityName(code)).toBe(name);
  });

  it.each(['00', '57', '96', '99', '1', '001', '', 'HA'])('ethnicityName(%j) is undefined', (code) => {
    expect(ethnicityName(code)).toBeUndefined();
    expect(ethnicityByCode(code)).toBeUndefined();
  });

  it('ethnicityByCode gives the whole entry', () => {
    expect(ethnicityByCode('02')).toEqual({ code: '02', zh: '蒙古族', en: 'Mongol' });
  });
});

describe('parseEthnicity', () => {
  it.each([
    ['01', '01', 'a code'],
    ['1', '01', 'a code that lost its leading zero'],
    [' 05 ', '05', 'a code with spaces'],
    ['汉族', '01', 'a full name'],
    ['汉', '01', 'a name without 族'],
    ['蒙古', '02', 'a two-character name without 族'],
    ['柯尔克孜族', '29', 'a long name'],
    ['毛难族', '36', 'the name used before 1986'],
    ['毛难', '36', 'the former name without 族'],
    ['崩龙族', '46', 'the former name of 德昂族'],
    ['其他', '97', '其他'],
    ['未识别民族', '97', 'an unrecognised group'],
    ['外国血统中国籍人士', '98', 'a naturalised citizen of foreign origin'],
  ])('reads %j as %s (%s)', (raw, code) => {
    expect(parseEthnicity(raw)).toBe(code);
  });

  it('reads every group by code, by full name and by name without 族', () => {
    for (const e of ETHNICITIES.slice(0, 56)) {
      expect(parseEthnicity(e.code)).toBe(e.code);
      expect(parseEthnicity(e.zh)).toBe(e.code);
      expect(parseEthnicity(e.zh.slice(0, -1))).toBe(e.code);
    }
  });

  it.each(['', '  ', '57', '0', '100', 'Han', '汉人', '族', '其他族', '火星族'])('does not guess at %j', (raw) => {
    expect(parseEthnicity(raw)).toBeUndefined();
  });
});
