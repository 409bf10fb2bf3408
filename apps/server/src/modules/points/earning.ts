/**
 * What claims and awards share when points are earned: the field problems they report, the
 * holder account a rule credits, and the cap check run under the holder's lock.
 */
import { capPeriods, fitsCap } from '@gongzhi/domain';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './claims-repo.ts';
import { type AccountRef, holderAccount } from './ledger.ts';

/** Field problems of claims and awards, worded for the 400 that names them. */
export const CLAIM_PROBLEMS = {
  DATE_FUTURE: { 'zh-CN': '{f}:不能晚于今天', en: '{f} cannot be in the future' },
  RULE_NOT_VALID: {
    'zh-CN': '{f}:该日期不在积分项目的有效期内',
    en: '{f}: the rule is not in force on that day',
  },
  RULE_NOT_CLAIMABLE: { 'zh-CN': '{f}:该项目不能由居民申报', en: '{f}: residents cannot claim this rule' },
  RULE_IS_DEDUCTION: { 'zh-CN': '{f}:这是扣分项目', en: '{f}: this rule deducts points' },
  NOT_PARTY_MEMBER: { 'zh-CN': '{f}:党员积分项目仅限党员', en: '{f}: this rule is for party members only' },
  NO_HOUSEHOLD: {
    'zh-CN': '{f}:按户计分的项目需要先登记在某一户中',
    en: '{f}: this rule credits a household, and you belong to none',
  },
  PHOTO_NOT_FOUND: { 'zh-CN': '{f}:照片尚未上传或不是您上传的', en: '{f}: the photo was not uploaded, or not by you' },
  EVIDENCE_MISSING: { 'zh-CN': '{f}:该项目要求提供此项证明', en: '{f}: the rule requires this evidence' },
  REASON_REQUIRED: {
    'zh-CN': '{f}:扣分必须填写原因,原因会告知本人',
    en: '{f}: a deduction needs a reason, shown to the person',
  },
  ONE_HOLDER: { 'zh-CN': '{f}:请指定一位居民或一户(二者选一)', en: '{f}: name one person or one household' },
  HOLDER_KIND: {
    'zh-CN': '{f}:该项目的积分计入{kind},请按其指定对象',
    en: '{f}: this rule credits another kind of account',
  },
};

export type Issue = { field: string; code: keyof typeof CLAIM_PROBLEMS };

export class CapReached extends AppError {
  constructor(details: unknown) {
    super('POINTS_CAP_REACHED', 409, details);
  }
}

/**
 * The cap check for a transfer under a rule: run by postTransfer once the holder's account is
 * locked, so two approvals at once are counted one after the other.
 */
export function capCheck(
  v: { cap_month: number | null; cap_year: number | null },
  ruleId: number,
  points: number,
  occurredOn: string,
  holder: AccountRef,
) {
  return async (trx: Db) => {
    if (v.cap_month === null && v.cap_year === null) return;
    const earned = await repo.earnedFromRule(trx, holder.id, ruleId, capPeriods(occurredOn));
    const caps = { capMonth: v.cap_month, capYear: v.cap_year };
    if (!fitsCap(caps, points, earned.month, earned.year))
      throw new CapReached({ field: 'rule', ...caps, earnedThisMonth: earned.month, earnedThisYear: earned.year });
  };
}

/** The holder account a rule credits for a person (their household, or their party-member account). */
export async function holderFor(
  trx: Db,
  appliesTo: 'person' | 'household' | 'party_member',
  person: { id: number } | null,
  householdId: number | null,
  now: Date,
): Promise<AccountRef> {
  if (appliesTo === 'household') {
    if (householdId === null) throw new AppError('POINTS_NO_HOUSEHOLD', 409, { field: 'household' });
    return holderAccount(trx, { kind: 'household', householdId }, now);
  }
  if (!person) throw new AppError('POINTS_PERSON_NOT_FOUND', 404);
  return holderAccount(trx, { kind: appliesTo, personId: person.id }, now);
}
