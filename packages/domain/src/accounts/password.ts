/**
 * Password rules under the two security profiles:
 * - `asvs` (default, OWASP ASVS 5): length over complexity, a blocklist of common passwords,
 *   no forced rotation. Residents ≥ 8 characters, staff ≥ 12.
 * - `dengbao` (MLPS 2.0 level 3, 等保三级): the same lengths plus three of four character
 *   classes, and rotation every 90 days.
 */
export type SecurityProfile = 'asvs' | 'dengbao';

export type PasswordProblem =
  | { code: 'PASSWORD_TOO_SHORT'; min: number }
  | { code: 'PASSWORD_TOO_LONG'; max: number }
  | { code: 'PASSWORD_COMMON' }
  | { code: 'PASSWORD_CONTAINS_USERNAME' }
  | { code: 'PASSWORD_TOO_SIMPLE'; classes: number };

export const PASSWORD_MAX = 128;
export const DENGBAO_ROTATION_DAYS = 90;

/** Passwords seen again and again in leaks, including the ones popular in China. */
const COMMON = new Set(
  [
    '123456',
    '12345678',
    '123456789',
    '1234567890',
    '12345678910',
    '111111',
    '11111111',
    '000000',
    '00000000',
    '88888888',
    '66666666',
    '666666',
    '888888',
    '123123',
    '123123123',
    '123321',
    '654321',
    '987654321',
    '112233',
    '5201314',
    '520520',
    '1314520',
    'woaini',
    'woaini1314',
    'woaini520',
    'iloveyou',
    'password',
    'password1',
    'password123',
    'passw0rd',
    'p@ssw0rd',
    'p@ssword',
    'qwerty',
    'qwerty123',
    'qwertyuiop',
    '1qaz2wsx',
    '1qaz@wsx',
    '1q2w3e4r',
    '1q2w3e4r5t',
    'q1w2e3r4',
    'zxcvbnm',
    'asdfghjkl',
    'abc123',
    'abc123456',
    'abcd1234',
    'a123456',
    'a12345678',
    'aa123456',
    'admin',
    'admin123',
    'admin@123',
    'administrator',
    'root',
    'root123',
    'welcome',
    'welcome1',
    'letmein',
    'monkey',
    'dragon',
    'football',
    'baseball',
    'sunshine',
    'princess',
    'superman',
    'michael',
    'shadow',
    'master',
    'qazwsx',
    'qazwsxedc',
    'zaq12wsx',
    'changeme',
    'test123',
    'test1234',
    'guest',
    'default',
    'secret',
    'trustno1',
    'hello123',
    'aini1314',
    'wang123456',
    'zhang123',
    'li123456',
    'liu123456',
    'chen123456',
    'huang123',
    'zhou123456',
    'asd123456',
    'qq123456',
    'qq5201314',
    'a1b2c3d4',
    'abcdefg',
    'abcdefgh',
    'password1234',
    'admin123456',
    'qwer1234',
    'asdf1234',
    'zxcv1234',
    '147258369',
    '159357',
    '741852963',
    '7758521',
    '1234qwer',
    'gongzhi',
    'gongzhi123',
    'shequ123',
    'wangge123',
    'Aa123456',
    'Aa12345678',
    'Admin@123',
    'Admin@123456',
    'P@ssw0rd123',
    'Password@123',
    'Qwer@1234',
    'Abc@123456',
    'Welcome@123',
    'Root@123456',
  ].map((p) => p.toLowerCase()),
);

function isTrivialRepeat(password: string): boolean {
  return new Set(password).size <= 2;
}

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

export function minimumLength(isStaff: boolean): number {
  return isStaff ? 12 : 8;
}

export function checkPassword(
  password: string,
  opts: { profile: SecurityProfile; isStaff: boolean; username: string },
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const min = minimumLength(opts.isStaff);
  const length = [...password].length;
  if (length < min) problems.push({ code: 'PASSWORD_TOO_SHORT', min });
  if (length > PASSWORD_MAX) problems.push({ code: 'PASSWORD_TOO_LONG', max: PASSWORD_MAX });
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || isTrivialRepeat(password)) problems.push({ code: 'PASSWORD_COMMON' });
  if (opts.username.length >= 3 && lower.includes(opts.username.toLowerCase())) {
    problems.push({ code: 'PASSWORD_CONTAINS_USERNAME' });
  }
  if (opts.profile === 'dengbao') {
    const classes = characterClasses(password);
    if (classes < 3) problems.push({ code: 'PASSWORD_TOO_SIMPLE', classes });
  }
  return problems;
}

/** Under 等保 a password older than 90 days must be changed before anything else. */
export function passwordExpired(profile: SecurityProfile, changedAt: Date, now: Date): boolean {
  if (profile !== 'dengbao') return false;
  return now.getTime() - changedAt.getTime() > DENGBAO_ROTATION_DAYS * 86_400_000;
}
