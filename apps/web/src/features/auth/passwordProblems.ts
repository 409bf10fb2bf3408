/**
 * Password policy problems in words. The same codes come from `checkPassword` (the instant
 * hint while typing) and from the server's 400 PASSWORD_POLICY answer, which is the one
 * that counts: the browser does not know the deployment's profile (ASVS or 等保).
 */
import type { Me } from '@gongzhi/api';
import { checkPassword, type PasswordProblem } from '@gongzhi/domain';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.ts';

export function describePasswordProblem(problem: PasswordProblem, t: TFunction): string {
  switch (problem.code) {
    case 'PASSWORD_TOO_SHORT':
      return t('password.problem.tooShort', { min: problem.min });
    case 'PASSWORD_TOO_LONG':
      return t('password.problem.tooLong', { max: problem.max });
    case 'PASSWORD_COMMON':
      return t('password.problem.common');
    case 'PASSWORD_CONTAINS_USERNAME':
      return t('password.problem.containsUsername');
    case 'PASSWORD_TOO_SIMPLE':
      return t('password.problem.tooSimple');
  }
}

function isProblem(value: unknown): value is PasswordProblem {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

/** The problems of a 400 PASSWORD_POLICY answer, or none for any other error. */
export function serverPasswordProblems(err: unknown): PasswordProblem[] {
  if (!(err instanceof ApiError) || err.code !== 'PASSWORD_POLICY') return [];
  const problems = (err.details as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(problems) ? problems.filter(isProblem) : [];
}

/**
 * The instant hint under a new-password field. Staff need the longer minimum. The browser
 * cannot know the deployment's profile; a session forced to rotate its password runs under
 * 等保, so that case also checks character classes.
 */
export interface HintContext {
  username: string;
  isStaff: boolean;
  dengbao: boolean;
}

export function ownHintContext(me: Me): HintContext {
  return {
    username: me.user.username,
    isStaff: me.roles.some((g) => g.role !== 'resident'),
    dengbao: me.passwordChangeRequired,
  };
}

export function passwordHint(password: string, ctx: HintContext): PasswordProblem[] {
  return checkPassword(password, {
    profile: ctx.dengbao ? 'dengbao' : 'asvs',
    isStaff: ctx.isStaff,
    username: ctx.username,
  });
}
