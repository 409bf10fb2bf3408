import { describe, expect, it } from 'vitest';
import { makeIdNumber } from './id-number.ts';
import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking.ts';

describe('maskIdNumber', () => {
  it('keeps the first six and the last four characters of an 18-character number', () => {
    expect(maskIdNumber('110105199001011234')).toBe('110105********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('hides the whole birth date of every generated number', () => {
    for (const birthDate of ['1949-12-31', '1990-01-01', '2024-02-29']) {
      const id = makeIdNumber('440704', birthDate, 123);
      const masked = maskIdNumber(id);
      expect(masked).toHaveLength(18);
      expect(masked.slice(6, 14)).toBe('********');
      expect(masked).not.toContain(birthDate.replaceAll('-', '').slice(0, 6));
    }
  });

  it.each([
    ['110105491231002', '***************', 'a 15-digit first-generation number'],
    ['11010519900101123', '*****************', 'seventeen characters'],
    ['110105 199001011234', '*******************', 'a number with a space left in it'],
    ['1234', '****', 'a fragment'],
    ['', '', 'nothing'],
  ])('masks %j whole as %j (%s): the 6+4 rule is known only for 18 characters', (value, masked) => {
    expect(maskIdNumber(value)).toBe(masked);
  });
});

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678', 'a mobile'],
    ['+86 138 1234 5678', '138****5678', 'a mobile with country code and spaces, normalised first'],
    ['0086-19912345678', '199****5678', 'a mobile with 0086'],
    ['0755-83451234', '0755-****1234', 'a landline with an 8-digit local number'],
    ['(0771)5123456', '0771-***3456', 'a landline with a 7-digit local number'],
    ['010 6512 3456', '010-****3456', 'a Beijing landline'],
  ])('masks %j as %j (%s)', (value, masked) => {
    expect(maskPhone(value)).toBe(masked);
  });

  it.each([
    ['12345678901', '***********', 'an 11-digit number that is no mobile'],
    ['83451234', '********', 'a local number without its area code'],
    ['4008001234', '**********', 'a service number'],
    ['+1 415 555 0100', '***************', 'a foreign number'],
    ['  ', '', 'blank'],
  ])('masks %j whole as %j (%s)', (value, masked) => {
    expect(maskPhone(value)).toBe(masked);
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*', 'two characters keep the surname'],
    ['张小明', '张*明', 'three characters keep the first and the last'],
    ['欧阳娜娜', '欧**娜', 'a compound surname keeps its first character only'],
    ['司马相如然', '司***然', 'five characters'],
    ['王', '*', 'a single character is hidden'],
    [' 李四 ', '李*', 'spaces around are dropped'],
    ['𠈌小明', '𠈌*明', 'a character outside the BMP counts as one'],
    ['李𡒄', '李*', 'a rare last character is hidden like any other'],
    ['', '', 'nothing'],
  ])('masks %j as %j (%s)', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it.each([
    ['买买提·艾力', '买**·艾*', 'given name · father’s name'],
    ['阿依古丽·买买提', '阿***·买**', 'a longer given name'],
    ['阿卜杜热合曼·买买提·吐尔逊', '阿*****·买**·吐**', 'three parts'],
    ['买买提•艾力', '买**•艾*', 'a bullet typed for the dot'],
    ['买买提・艾力', '买**・艾*', 'a katakana middle dot from a Japanese-style IME'],
    ['买买提.艾力', '买**.艾*', 'a full stop from an old system'],
    ['买买提．艾力', '买**．艾*', 'a full-width full stop'],
    ['John Smith', 'J*** S****', 'a foreign name split by a space'],
  ])('masks %j as %j (%s): each part keeps its first character', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('hides a later part of one character whole, so no name is ever shown in full', () => {
    expect(maskName('阿·买')).toBe('阿·*');
    expect(maskName('A·B·C')).toBe('A·*·*');
    expect(maskName('买买提·艾')).toBe('买**·*');
  });

  it('treats a dot at either end as no second part, and masks the name as a single part', () => {
    expect(maskName('张三·')).toBe('张*·');
    expect(maskName('·张小明')).toBe('·张*明');
    expect(maskName('张·')).toBe('*·');
  });

  it('always hides at least one character of a name of two or more characters', () => {
    const names = ['张三', '欧阳娜娜', '买买提·艾力', '阿·买', 'A·B', 'Li Na', '张三·', '𠈌𠈌'];
    for (const name of names) expect(maskName(name), name).toContain('*');
  });
});

describe('maskAddress', () => {
  it('shows the community and building and hides the unit and room', () => {
    expect(maskAddress({ community: '金溪社区', building: '3栋', unit: '2单元', room: '501' })).toBe('金溪社区3栋**');
  });

  it('hides a room even without a unit, and a unit even without a room', () => {
    expect(maskAddress({ community: '金溪社区', building: '3栋', room: '501' })).toBe('金溪社区3栋**');
    expect(maskAddress({ community: '金溪社区', building: '3栋', unit: '2单元' })).toBe('金溪社区3栋**');
  });

  it('hides a door number in a village without buildings', () => {
    expect(maskAddress({ community: '英南村', building: null, unit: null, room: '十二巷5号' })).toBe('英南村**');
  });

  it('shows a whole building (a shop, a facility) with nothing to hide and no stars', () => {
    expect(maskAddress({ community: '金溪社区', building: '3栋' })).toBe('金溪社区3栋');
    expect(maskAddress({ community: '金溪社区', building: '3栋', unit: '', room: '  ' })).toBe('金溪社区3栋');
    expect(maskAddress({ community: '金溪社区' })).toBe('金溪社区');
  });

  it('does not say how many parts were hidden', () => {
    const both = maskAddress({ community: '金溪社区', building: '3栋', unit: '2单元', room: '501' });
    const roomOnly = maskAddress({ community: '金溪社区', building: '3栋', room: '501' });
    expect(both).toBe(roomOnly);
  });
});
