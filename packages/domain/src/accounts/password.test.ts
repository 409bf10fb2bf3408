import { describe, expect, it } from 'vitest';
import {
  characterClasses,
  checkPassword,
  DENGBAO_ROTATION_DAYS,
  minimumLength,
  PASSWORD_MAX,
  type PasswordProblem,
  passwordExpired,
  type SecurityProfile,
} from './password.ts';

const PROFILES: SecurityProfile[] = ['asvs', 'dengbao'];
const codes = (problems: PasswordProblem[]) => problems.map((p) => p.code);
const resident = (profile: SecurityProfile, username = 'wangfang') => ({ profile, isStaff: false, username });
const staff = (profile: SecurityProfile, username = 'grid.zc01') => ({ profile, isStaff: true, username });

describe('password length, under both profiles', () => {
  it.each(PROFILES)('%s: a resident needs 8 characters and staff 12', (profile) => {
    expect(minimumLength(false)).toBe(8);
    expect(minimumLength(true)).toBe(12);
    expect(checkPassword('Tr0ub4d', resident(profile))).toContainEqual({ code: 'PASSWORD_TOO_SHORT', min: 8 });
    expect(checkPassword('Tr0ub4d!', resident(profile))).toEqual([]);
    expect(checkPassword('Tr0ub4dor&3', staff(profile))).toContainEqual({ code: 'PASSWORD_TOO_SHORT', min: 12 });
    expect(checkPassword('Tr0ub4dor&3x', staff(profile))).toEqual([]);
  });

  it.each(PROFILES)('%s: counts characters, not UTF-16 units, so four emoji are too short', (profile) => {
    const fourEmoji = '😀😁😂🤣';
    expect(fourEmoji.length).toBe(8);
    expect(codes(checkPassword(fourEmoji, resident(profile)))).toContain('PASSWORD_TOO_SHORT');
  });

  it.each(PROFILES)('%s: accepts up to 128 characters and refuses 129', (profile) => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => 'Ab3$xY'[i % 6]).join('');
    expect(codes(checkPassword(body(PASSWORD_MAX), staff(profile)))).toEqual([]);
    expect(checkPassword(body(PASSWORD_MAX + 1), staff(profile))).toEqual([{ code: 'PASSWORD_TOO_LONG', max: 128 }]);
    // 128 astral characters are 256 UTF-16 units and still allowed.
    const astral = Array.from({ length: PASSWORD_MAX }, (_, i) => String.fromCodePoint(0x1f600 + (i % 40))).join('');
    expect(codes(checkPassword(`${astral}`, resident('asvs')))).toEqual([]);
  });
});

describe('common and trivial passwords, under both profiles', () => {
  const common = [
    'password',
    'PASSWORD',
    'Password123',
    '12345678',
    'woaini1314',
    'qq5201314',
    '1qaz@wsx',
    'Admin@123456',
    'P@ssw0rd123',
    'gongzhi123',
  ];
  it.each(PROFILES.flatMap((p) => common.map((w) => [p, w] as const)))(
    '%s: %s is on the blocklist, whatever its case',
    (profile, word) => {
      expect(codes(checkPassword(word, resident(profile)))).toContain('PASSWORD_COMMON');
    },
  );

  it.each(PROFILES)('%s: a password of one or two repeated characters is refused as common', (profile) => {
    for (const word of ['aaaaaaaaaaaa', 'abababababab', '111111111111', '!!!!!!!!!!!!', '网格网格网格网格网格网格']) {
      expect(codes(checkPassword(word, staff(profile))), word).toContain('PASSWORD_COMMON');
    }
    expect(codes(checkPassword('abcabcabcabc', staff(profile)))).not.toContain('PASSWORD_COMMON');
  });

  it('a blocklisted word inside a longer passphrase is fine: only whole matches count', () => {
    expect(checkPassword('my password is a long sentence', resident('asvs'))).toEqual([]);
  });
});

describe('the username inside a password, under both profiles', () => {
  it.each(PROFILES)('%s: refuses a password containing the username in any case', (profile) => {
    expect(codes(checkPassword('Hello-WangFang-2026', resident(profile, 'wangfang')))).toContain(
      'PASSWORD_CONTAINS_USERNAME',
    );
    expect(codes(checkPassword('Hello-Zhang-2026!', resident(profile, 'ZHANG')))).toContain(
      'PASSWORD_CONTAINS_USERNAME',
    );
  });

  it.each(PROFILES)('%s: ignores usernames shorter than 3 characters', (profile) => {
    expect(codes(checkPassword('Li-Lei-Rides-Bikes-9', resident(profile, 'li')))).not.toContain(
      'PASSWORD_CONTAINS_USERNAME',
    );
  });
});

describe('complexity: asvs asks none, dengbao three of four classes', () => {
  it('counts lower, upper, digits and everything else (CJK included) as the four classes', () => {
    expect(characterClasses('')).toBe(0);
    expect(characterClasses('abc')).toBe(1);
    expect(characterClasses('abcDEF')).toBe(2);
    expect(characterClasses('abcDEF123')).toBe(3);
    expect(characterClasses('abcDEF123!')).toBe(4);
    expect(characterClasses('共治社区')).toBe(1);
    expect(characterClasses('共治社区abc')).toBe(2);
  });

  const passphrases: Array<[string, number]> = [
    ['correct horse battery staple', 2],
    ['correcthorsebatterystaple', 1],
    ['共治社区网格员每天走访居民', 1],
    ['2026 2027 2028 2029', 2],
  ];
  it.each(passphrases)('asvs accepts the long passphrase %j; dengbao refuses it with %i classes', (word, classes) => {
    expect(checkPassword(word, staff('asvs'))).toEqual([]);
    expect(checkPassword(word, staff('dengbao'))).toEqual([{ code: 'PASSWORD_TOO_SIMPLE', classes }]);
  });

  it.each(['Correct horse battery', 'correct horse 2026!', 'CORRECT HORSE 2026'])(
    'dengbao accepts %j with three classes',
    (word) => {
      expect(checkPassword(word, staff('dengbao'))).toEqual([]);
    },
  );
});

describe('several problems are reported together', () => {
  it('a short, common, username-bearing password under dengbao lists every problem', () => {
    expect(checkPassword('admin', { profile: 'dengbao', isStaff: true, username: 'admin' })).toEqual([
      { code: 'PASSWORD_TOO_SHORT', min: 12 },
      { code: 'PASSWORD_COMMON' },
      { code: 'PASSWORD_CONTAINS_USERNAME' },
      { code: 'PASSWORD_TOO_SIMPLE', classes: 1 },
    ]);
  });

  it('the same password under asvs has no complexity problem', () => {
    expect(codes(checkPassword('admin', { profile: 'asvs', isStaff: true, username: 'admin' }))).toEqual([
      'PASSWORD_TOO_SHORT',
      'PASSWORD_COMMON',
      'PASSWORD_CONTAINS_USERNAME',
    ]);
  });
});

describe('passwordExpired', () => {
  const changed = new Date('2026-01-01T00:00:00+08:00');
  const after = (ms: number) => new Date(changed.getTime() + ms);
  const DAY = 86_400_000;

  it('never expires a password under asvs, however old', () => {
    expect(passwordExpired('asvs', changed, after(10 * 365 * DAY))).toBe(false);
  });

  it('under dengbao keeps a password of exactly 90 days and expires it one millisecond later', () => {
    expect(DENGBAO_ROTATION_DAYS).toBe(90);
    expect(passwordExpired('dengbao', changed, after(89 * DAY))).toBe(false);
    expect(passwordExpired('dengbao', changed, after(90 * DAY))).toBe(false);
    expect(passwordExpired('dengbao', changed, after(90 * DAY + 1))).toBe(true);
    expect(passwordExpired('dengbao', changed, after(365 * DAY))).toBe(true);
  });

  it('under dengbao does not expire a password changed "in the future" (a clock skew)', () => {
    expect(passwordExpired('dengbao', changed, after(-DAY))).toBe(false);
  });
});
