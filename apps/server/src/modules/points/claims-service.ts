/**
 * Earning points: residents' claims (积分申报) and their review, staff's direct awards and
 * deductions, and claims or awards other modules request through the `points.award_requested`
 * event. Owns points_claim and points_claim_event; reads the catalogue and the registry; moves
 * points only through ledger.ts (postTransfer), with caps checked under the holder's lock.
 */
import { randomUUID } from 'node:crypto';
import type {
  AwardBody,
  AwardResult,
  Claim,
  ClaimBody,
  ClaimList,
  ClaimReplyBody,
  ClaimStatus,
  ClaimSummary,
} from '@gongzhi/api';
import {
  CLAIM_EVENT_OF,
  type ClaimCommand,
  capPeriods,
  chinaDate,
  fitsCap,
  isWithin,
  missingEvidence,
  nextClaimStatus,
} from '@gongzhi/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { recordAudit } from '../../platform/audit/audit.ts';
import {
  actorOf,
  canAt,
  hasPermission,
  inSubtrees,
  pathsWith,
  requirePermission,
  type Scope,
} from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, messageFor } from '../../platform/errors.ts';
import { sniffImage } from '../../platform/files/sniff.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { unitForScope } from '../org/service.ts';
import { invalid } from '../registry/person-data.ts';
import * as rules from './catalogue-repo.ts';
import { versionOn } from './catalogue-service.ts';
import * as repo from './claims-repo.ts';
import { type AccountRef, communityAccount, holderAccount, postTransfer } from './ledger.ts';

export const POINTS_PHOTO_PURPOSE = 'points_photo';

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

type Issue = { field: string; code: keyof typeof CLAIM_PROBLEMS };

export interface ClaimsDeps {
  clock: Clock;
}

/** The earning request other modules send (outbox topic points.award_requested). */
export interface AwardRequest {
  source: string;
  sourceRef: string;
  personUid: string;
  /** the rule by its uid, or by its code and its owner's unit code */
  ruleUid?: string | null;
  ruleCode?: string | null;
  ruleOwner?: string | null;
  occurredOn: string;
  note?: string | null;
  mode: 'award' | 'claim';
  actorUid?: string | null;
}
export const AWARD_REQUESTED_TOPIC = 'points.award_requested';

class CapReached extends AppError {
  constructor(details: unknown) {
    super('POINTS_CAP_REACHED', 409, details);
  }
}

function toSummary(r: repo.ClaimRow): ClaimSummary {
  return {
    id: r.uid,
    status: r.status,
    source: r.source,
    rule: {
      id: r.rule_uid,
      code: r.rule_code,
      category: r.rule_category as ClaimSummary['rule']['category'],
      version: r.version,
      title: r.title,
      points: r.points,
      appliesTo: r.applies_to,
      evidence: r.evidence,
    },
    person: { id: r.person_uid, name: r.person_name },
    household: r.household_uid ? { id: r.household_uid } : null,
    community: { id: r.community_uid, name: r.community_name },
    grid: r.grid_uid ? { id: r.grid_uid, name: r.grid_name as string } : null,
    occurredOn: r.occurred_on,
    description: r.description,
    photos: r.photo_ids.length,
    reviewNote: r.review_note,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/**
 * The cap check for a transfer under a rule: run by postTransfer once the holder's account is
 * locked, so two approvals at once are counted one after the other.
 */
function capCheck(
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

export function createClaimsService(deps: ClaimsDeps) {
  const { clock } = deps;

  async function myPerson(db: Db, scope: Scope): Promise<repo.PersonRow> {
    requirePermission(scope, 'points:self');
    const me = await repo.personOfUser(db, scope.user.id);
    if (!me) throw new AppError('POINTS_NO_PERSON', 404);
    return me;
  }

  async function detail(db: Db, r: repo.ClaimRow): Promise<Claim> {
    const events = await repo.claimEvents(db, r.id);
    return {
      ...toSummary(r),
      photoIds: r.photo_ids,
      witness: r.witness,
      claimedBy: r.claimed_by_name,
      reviewedBy: r.reviewed_by_name,
      reviewedAt: r.reviewed_at ? r.reviewed_at.toISOString() : null,
      transfer: r.transfer_uid ? { id: r.transfer_uid, amount: r.transfer_amount as number } : null,
      missing: missingEvidence({ evidence: r.evidence }, { photos: r.photo_ids, witness: r.witness }),
      timeline: events.map((e) => ({
        action: e.action as Claim['timeline'][number]['action'],
        note: e.note,
        photos: e.photo_ids,
        actor: e.actor,
        at: e.at.toISOString(),
      })),
    };
  }

  /** The holder account a rule credits for a person (their household, or their party-member account). */
  async function holderFor(
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

  /** Checks photos uploaded for points by this user; their problems name photos[i]. */
  async function checkPhotos(db: Db, scope: Scope, uids: string[], field: string): Promise<Issue[]> {
    const found = new Map((await repo.storedFiles(db, uids)).map((f) => [f.uid, f]));
    const issues: Issue[] = [];
    uids.forEach((uid, i) => {
      const f = found.get(uid.toLowerCase());
      if (!f || f.purpose !== POINTS_PHOTO_PURPOSE || f.created_by !== scope.user.id)
        issues.push({ field: `${field}[${i}]`, code: 'PHOTO_NOT_FOUND' });
    });
    return issues;
  }

  async function audit(
    trx: Db,
    scope: Scope | null,
    action: string,
    claim: { uid: string; org_path: string },
    after: unknown,
    before?: unknown,
  ) {
    const actor = scope ? actorOf(scope) : { id: null, name: 'points', roles: [], ip: null, requestId: null };
    await recordAudit(
      trx,
      actor,
      { action, targetType: 'points_claim', targetId: claim.uid, orgPath: claim.org_path, before, after },
      clock(),
    );
  }

  // ── A resident's own claims ───────────────────────────────────────────────────────────────
  async function submit(trx: Db, scope: Scope, body: ClaimBody): Promise<Claim> {
    const now = clock();
    const today = chinaDate(now);
    const me = await myPerson(trx, scope);
    const rule = await rules.ruleByUid(trx, body.rule);
    if (!rule || !isWithin(me.community_path, rule.org_path)) throw new AppError('POINTS_RULE_NOT_FOUND', 404);
    const issues: Issue[] = [];
    const v = body.occurredOn > today ? undefined : versionOn(rule, body.occurredOn);
    if (body.occurredOn > today) issues.push({ field: 'occurredOn', code: 'DATE_FUTURE' });
    else if (!v) issues.push({ field: 'occurredOn', code: 'RULE_NOT_VALID' });
    if (v && (!v.claimable || v.points < 0)) issues.push({ field: 'rule', code: 'RULE_NOT_CLAIMABLE' });
    if (v?.applies_to === 'party_member' && !me.party_member) issues.push({ field: 'rule', code: 'NOT_PARTY_MEMBER' });
    if (v?.applies_to === 'household' && me.household_id === null) issues.push({ field: 'rule', code: 'NO_HOUSEHOLD' });
    const photos = body.photos.map((p) => p.toLowerCase());
    issues.push(...(await checkPhotos(trx, scope, photos, 'photos')));
    const witness = body.witness?.trim() || null;
    if (v)
      for (const m of missingEvidence({ evidence: v.evidence }, { photos, witness }))
        issues.push({ field: m === 'photo' ? 'photos' : 'witness', code: 'EVIDENCE_MISSING' });
    if (issues.length > 0) throw invalid(issues, scope.locale, CLAIM_PROBLEMS);
    const version = v as rules.VersionRow;
    // A claim the cap already rules out is refused now rather than after a review.
    if (version.cap_month !== null || version.cap_year !== null) {
      const holder = await holderFor(trx, version.applies_to, me, me.household_id, now);
      await capCheck(version, rule.id, version.points, body.occurredOn, holder)(trx);
    }
    const uid = randomUUID();
    const id = (await repo.insertClaim(
      trx,
      {
        uid,
        district_id: me.district_id,
        community_id: me.community_id,
        org_path: me.org_path,
        person_id: me.id,
        household_id: version.applies_to === 'household' ? me.household_id : null,
        rule_version_id: version.id,
        occurred_on: body.occurredOn,
        description: body.description.trim(),
        photo_ids: photos,
        witness,
        source: 'resident',
        source_ref: null,
        claimed_by: scope.user.id,
      },
      now,
    )) as number;
    await repo.insertClaimEvent(
      trx,
      { claim_id: id, action: 'submitted', note: null, photo_ids: photos, actor_id: scope.user.id },
      now,
    );
    await audit(
      trx,
      scope,
      'points.claim_submit',
      { uid, org_path: me.org_path },
      { rule: rule.code, version: version.version, occurredOn: body.occurredOn },
    );
    return detail(trx, (await repo.claimByUid(trx, uid)) as repo.ClaimRow);
  }

  async function mine(
    db: Db,
    scope: Scope,
    q: { status?: ClaimStatus; page?: number; pageSize?: number },
  ): Promise<ClaimList> {
    const me = await myPerson(db, scope);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const where: RawBuilder<SqlBool>[] = [sql<SqlBool>`c.person_id = ${me.id}`];
    if (q.status) where.push(sql<SqlBool>`c.status = ${q.status}`);
    const { rows, total } = await repo.claimPage(db, where, 'newest', {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: rows.map(toSummary), total, page, pageSize };
  }

  /** A claim of mine, locked for a command of mine (reply, withdraw). */
  async function myClaim(trx: Db, scope: Scope, uid: string): Promise<repo.ClaimRow> {
    const me = await myPerson(trx, scope);
    const c = await repo.claimByUid(trx, uid, true);
    if (!c || c.person_id !== me.id) throw new AppError('POINTS_CLAIM_NOT_FOUND', 404);
    return c;
  }

  function transition(c: repo.ClaimRow, command: ClaimCommand) {
    const next = nextClaimStatus(c.status, command);
    if (!next) throw new AppError('POINTS_CLAIM_STATUS', 409, { status: c.status, command });
    return next;
  }

  async function reply(trx: Db, scope: Scope, uid: string, body: ClaimReplyBody): Promise<Claim> {
    const now = clock();
    const c = await myClaim(trx, scope, uid);
    const next = transition(c, 'reply');
    const photos = body.photos.map((p) => p.toLowerCase());
    const issues = await checkPhotos(trx, scope, photos, 'photos');
    if (issues.length > 0) throw invalid(issues, scope.locale, CLAIM_PROBLEMS);
    const added = photos.filter((p) => !c.photo_ids.includes(p));
    await repo.updateClaim(trx, c.id, { status: next, add_photos: added }, now);
    await repo.insertClaimEvent(
      trx,
      {
        claim_id: c.id,
        action: CLAIM_EVENT_OF.reply,
        note: body.note.trim(),
        photo_ids: photos,
        actor_id: scope.user.id,
      },
      now,
    );
    await audit(trx, scope, 'points.claim_reply', c, { status: next, photos: added.length }, { status: c.status });
    return detail(trx, (await repo.claimByUid(trx, uid)) as repo.ClaimRow);
  }

  async function withdraw(trx: Db, scope: Scope, uid: string): Promise<Claim> {
    const now = clock();
    const c = await myClaim(trx, scope, uid);
    const next = transition(c, 'withdraw');
    await repo.updateClaim(trx, c.id, { status: next }, now);
    await repo.insertClaimEvent(
      trx,
      { claim_id: c.id, action: CLAIM_EVENT_OF.withdraw, note: null, photo_ids: [], actor_id: scope.user.id },
      now,
    );
    await audit(trx, scope, 'points.claim_withdraw', c, { status: next }, { status: c.status });
    return detail(trx, (await repo.claimByUid(trx, uid)) as repo.ClaimRow);
  }

  // ── Review ────────────────────────────────────────────────────────────────────────────────
  async function queue(
    db: Db,
    scope: Scope,
    q: { unit?: string; status?: ClaimStatus; page?: number; pageSize?: number },
  ): Promise<ClaimList> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const paths = q.unit
      ? [(await unitForScope(db, scope, { uid: q.unit }, 'points:review')).path]
      : pathsWith(scope, 'points:review');
    const where: RawBuilder<SqlBool>[] = [inSubtrees('c.org_path', paths)];
    where.push(q.status ? sql<SqlBool>`c.status = ${q.status}` : sql<SqlBool>`c.status in ('pending', 'needs_info')`);
    const { rows, total } = await repo.claimPage(db, where, 'oldest', {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: rows.map(toSummary), total, page, pageSize };
  }

  async function view(db: Db, scope: Scope, uid: string): Promise<Claim> {
    const c = await repo.claimByUid(db, uid);
    if (!c || !canAt(scope, 'points:read', c.org_path)) throw new AppError('POINTS_CLAIM_NOT_FOUND', 404);
    return detail(db, c);
  }

  async function reviewable(trx: Db, scope: Scope, uid: string): Promise<repo.ClaimRow> {
    const c = await repo.claimByUid(trx, uid, true);
    if (!c || !canAt(scope, 'points:review', c.org_path)) throw new AppError('POINTS_CLAIM_NOT_FOUND', 404);
    return c;
  }

  /** Approval: the claim's points move from the community's issuer to the holder, cap permitting. */
  async function approve(trx: Db, scope: Scope, uid: string, note: string | undefined): Promise<Claim> {
    const now = clock();
    const c = await reviewable(trx, scope, uid);
    const next = transition(c, 'approve');
    const missing = missingEvidence({ evidence: c.evidence }, { photos: c.photo_ids, witness: c.witness });
    if (missing.length > 0) throw new AppError('POINTS_EVIDENCE_MISSING', 409, { missing });
    if (c.points <= 0) throw new AppError('POINTS_CLAIM_STATUS', 409, { status: c.status, command: 'approve' });
    const holder = await holderFor(trx, c.applies_to, { id: c.person_id }, c.household_id, now);
    const issuer = await communityAccount(trx, 'issuer', holder, now);
    const posted = await postTransfer(
      trx,
      {
        kind: 'claim',
        from: issuer,
        to: holder,
        amount: c.points,
        ruleId: c.rule_id,
        ruleVersionId: c.rule_version_id,
        occurredOn: c.occurred_on,
        reason: c.title,
        source: 'claim',
        sourceRef: c.uid,
        actorId: scope.user.id,
        check: capCheck(c, c.rule_id, c.points, c.occurred_on, holder),
      },
      now,
    );
    const text = note?.trim() || null;
    await repo.updateClaim(
      trx,
      c.id,
      { status: next, reviewed_by: scope.user.id, review_note: text, transfer_id: posted.id },
      now,
    );
    await repo.insertClaimEvent(
      trx,
      { claim_id: c.id, action: CLAIM_EVENT_OF.approve, note: text, photo_ids: [], actor_id: scope.user.id },
      now,
    );
    await audit(
      trx,
      scope,
      'points.claim_approve',
      c,
      { status: next, transfer: posted.uid, amount: c.points, account: holder.uid },
      { status: c.status },
    );
    return detail(trx, (await repo.claimByUid(trx, uid)) as repo.ClaimRow);
  }

  async function decide(
    trx: Db,
    scope: Scope,
    uid: string,
    command: 'reject' | 'request_info',
    note: string,
  ): Promise<Claim> {
    const now = clock();
    const c = await reviewable(trx, scope, uid);
    const next = transition(c, command);
    const text = note.trim();
    await repo.updateClaim(
      trx,
      c.id,
      command === 'reject'
        ? { status: next, reviewed_by: scope.user.id, review_note: text }
        : { status: next, review_note: text },
      now,
    );
    await repo.insertClaimEvent(
      trx,
      { claim_id: c.id, action: CLAIM_EVENT_OF[command], note: text, photo_ids: [], actor_id: scope.user.id },
      now,
    );
    await audit(
      trx,
      scope,
      command === 'reject' ? 'points.claim_reject' : 'points.claim_request_info',
      c,
      { status: next, note: text },
      { status: c.status },
    );
    return detail(trx, (await repo.claimByUid(trx, uid)) as repo.ClaimRow);
  }

  // ── Direct awards and deductions ─────────────────────────────────────────────────────────
  async function award(trx: Db, scope: Scope, body: AwardBody): Promise<AwardResult> {
    const now = clock();
    const today = chinaDate(now);
    if ((body.person === undefined) === (body.household === undefined))
      throw invalid(
        [{ field: body.person ? 'household' : 'person', code: 'ONE_HOLDER' }],
        scope.locale,
        CLAIM_PROBLEMS,
      );
    const person = body.person ? await repo.personByUid(trx, body.person) : undefined;
    const household = body.household ? await repo.householdByUid(trx, body.household) : undefined;
    if (body.person && (!person || !canAt(scope, 'points:review', person.org_path)))
      throw new AppError('POINTS_PERSON_NOT_FOUND', 404);
    if (body.household && (!household || !canAt(scope, 'points:review', household.org_path)))
      throw new AppError('POINTS_HOUSEHOLD_NOT_FOUND', 404);
    const communityPath = (person?.community_path ?? household?.community_path) as string;
    const rule = await rules.ruleByUid(trx, body.rule);
    if (!rule || !isWithin(communityPath, rule.org_path)) throw new AppError('POINTS_RULE_NOT_FOUND', 404);
    const issues: Issue[] = [];
    const v = body.occurredOn > today ? undefined : versionOn(rule, body.occurredOn);
    if (body.occurredOn > today) issues.push({ field: 'occurredOn', code: 'DATE_FUTURE' });
    else if (!v) issues.push({ field: 'occurredOn', code: 'RULE_NOT_VALID' });
    if (v && household && v.applies_to !== 'household') issues.push({ field: 'household', code: 'HOLDER_KIND' });
    const reason = body.reason?.trim() || null;
    if (v && v.points < 0 && !reason) issues.push({ field: 'reason', code: 'REASON_REQUIRED' });
    if (issues.length > 0) throw invalid(issues, scope.locale, CLAIM_PROBLEMS);
    const version = v as rules.VersionRow;
    const holder = await holderFor(
      trx,
      version.applies_to,
      person ?? null,
      household?.id ?? person?.household_id ?? null,
      now,
    );
    const issuer = await communityAccount(trx, 'issuer', holder, now);
    const deduct = version.points < 0;
    const amount = Math.abs(version.points);
    const posted = await postTransfer(
      trx,
      {
        kind: deduct ? 'deduct' : 'award',
        from: deduct ? holder : issuer,
        to: deduct ? issuer : holder,
        amount,
        ruleId: rule.id,
        ruleVersionId: version.id,
        occurredOn: body.occurredOn,
        reason: reason ?? version.title,
        actorId: scope.user.id,
        ...(deduct ? {} : { check: capCheck(version, rule.id, amount, body.occurredOn, holder) }),
      },
      now,
    );
    const balance = posted.entries.find((e) => e.accountId === holder.id)?.balanceAfter ?? 0;
    await recordAudit(
      trx,
      actorOf(scope),
      {
        action: deduct ? 'points.deduct' : 'points.award',
        targetType: 'points_account',
        targetId: holder.uid,
        orgPath: holder.orgPath,
        after: {
          transfer: posted.uid,
          rule: rule.code,
          version: version.version,
          amount: deduct ? -amount : amount,
          occurredOn: body.occurredOn,
          reason,
          balance,
        },
      },
      now,
    );
    return {
      transfer: {
        id: posted.uid,
        kind: deduct ? 'deduct' : 'award',
        amount: deduct ? -amount : amount,
        occurredOn: body.occurredOn,
        reason: reason ?? version.title,
      },
      account: { id: holder.uid, kind: holder.kind as AwardResult['account']['kind'], balance },
      rule: {
        id: rule.uid,
        code: rule.code,
        category: rule.category as AwardResult['rule']['category'],
        version: version.version,
        title: version.title,
        points: version.points,
        appliesTo: version.applies_to,
        evidence: version.evidence,
      },
    };
  }

  // ── Requests from other modules (points.award_requested) ─────────────────────────────────
  /**
   * 'award' posts a transfer kind 'event' (once per source and reference; over the cap it is
   * skipped and audited); 'claim' files a pending claim for staff to review (once, likewise).
   * A request that cannot be honoured (unknown person or rule, rule not in force) is audited and
   * dropped: redelivering it would not make it valid.
   */
  async function handleRequest(trx: Db, req: AwardRequest): Promise<'awarded' | 'filed' | 'duplicate' | 'skipped'> {
    const now = clock();
    const skip = async (why: string, extra: Record<string, unknown> = {}) => {
      await recordAudit(
        trx,
        { id: null, name: 'points', roles: [], ip: null, requestId: null },
        {
          action: 'points.request_skipped',
          outcome: 'failed',
          targetType: req.source,
          targetId: req.sourceRef,
          orgPath: person?.org_path ?? null,
          after: { why, mode: req.mode, ...extra },
        },
        now,
      );
      return 'skipped' as const;
    };
    const person = req.personUid ? await repo.personByUid(trx, req.personUid) : undefined;
    if (!person) return skip('person');
    const rule = req.ruleUid
      ? await rules.ruleByUid(trx, req.ruleUid)
      : req.ruleOwner && req.ruleCode
        ? await rules.ruleByCode(trx, req.ruleOwner, req.ruleCode)
        : undefined;
    if (!rule || !isWithin(person.community_path, rule.org_path)) return skip('rule');
    const v = versionOn(rule, req.occurredOn);
    if (!v || v.points <= 0) return skip('rule_not_valid');
    const actor = req.actorUid ? await repo.userByUid(trx, req.actorUid) : undefined;
    const note = req.note?.trim() || null;

    if (req.mode === 'award') {
      if (await repo.transferBySource(trx, req.source, req.sourceRef)) return 'duplicate';
      try {
        const holder = await holderFor(trx, v.applies_to, person, person.household_id, now);
        const issuer = await communityAccount(trx, 'issuer', holder, now);
        await postTransfer(
          trx,
          {
            kind: 'event',
            from: issuer,
            to: holder,
            amount: v.points,
            ruleId: rule.id,
            ruleVersionId: v.id,
            occurredOn: req.occurredOn,
            reason: note ?? v.title,
            source: req.source,
            sourceRef: req.sourceRef,
            actorId: actor?.id ?? null,
            check: capCheck(v, rule.id, v.points, req.occurredOn, holder),
          },
          now,
        );
      } catch (err) {
        if (err instanceof CapReached) return skip('cap', { details: err.details });
        if (err instanceof AppError && err.status < 500) return skip(err.code);
        throw err;
      }
      return 'awarded';
    }

    if (!actor) return skip('actor');
    const source = (['resident', 'staff', 'visit'] as const).find((s) => s === req.source);
    if (!source) return skip('source');
    if (v.applies_to === 'household' && person.household_id === null) return skip('household');
    const uid = randomUUID();
    const id = await repo.insertClaim(
      trx,
      {
        uid,
        district_id: person.district_id,
        community_id: person.community_id,
        org_path: person.org_path,
        person_id: person.id,
        household_id: v.applies_to === 'household' ? person.household_id : null,
        rule_version_id: v.id,
        occurred_on: req.occurredOn,
        description: (note ?? v.title).slice(0, 500),
        photo_ids: [],
        // The worker who saw it is the witness.
        witness: actor.display_name.slice(0, 100),
        source,
        source_ref: req.sourceRef,
        claimed_by: actor.id,
      },
      now,
    );
    if (id === undefined) return 'duplicate';
    await repo.insertClaimEvent(
      trx,
      { claim_id: id, action: 'submitted', note, photo_ids: [], actor_id: actor.id },
      now,
    );
    await recordAudit(
      trx,
      { id: actor.id, name: actor.display_name, roles: [], ip: null, requestId: null },
      {
        action: 'points.claim_submit',
        targetType: 'points_claim',
        targetId: uid,
        orgPath: person.org_path,
        after: { rule: rule.code, version: v.version, occurredOn: req.occurredOn, source, sourceRef: req.sourceRef },
      },
      now,
    );
    return 'filed';
  }

  return { submit, mine, reply, withdraw, queue, view, approve, decide, award, handleRequest };
}

export type ClaimsService = ReturnType<typeof createClaimsService>;

// ── Photos (evidence), kept like the visits' photos: bytes in the file store, a stored_file row ─
/** An upload's body as the route's parser hands it over: the bytes stay out of JSON. */
export class PointsPhotoUpload {
  readonly #data: Buffer;
  constructor(
    readonly sha256: string,
    readonly bytes: number,
    data: Buffer,
  ) {
    this.#data = data;
  }
  get data(): Buffer {
    return this.#data;
  }
}

export function createClaimPhotos(deps: { clock: Clock; files: FileStore }) {
  const { clock, files } = deps;
  const toPhoto = (f: { uid: string; content_type: string; bytes: number }) => ({
    id: f.uid,
    contentType: f.content_type,
    bytes: f.bytes,
  });

  /** Residents upload their evidence, reviewers theirs; anyone else is refused. */
  function mayUpload(scope: Scope) {
    if (!hasPermission(scope, 'points:self') && !hasPermission(scope, 'points:review'))
      throw new AppError('FORBIDDEN', 403, { permission: 'points:self' });
  }

  /** Outside a transaction: an image, and an id not used yet (or used by the same bytes of mine: 200). */
  async function check(db: Db, scope: Scope, uid: string, upload: PointsPhotoUpload) {
    mayUpload(scope);
    const contentType = sniffImage(upload.data.subarray(0, 64));
    if (!contentType)
      throw new AppError('PHOTO_NOT_AN_IMAGE', 400, [
        { field: 'photo', rule: 'image', message: `photo: ${messageFor('PHOTO_NOT_AN_IMAGE', scope.locale)}` },
      ]);
    const prior = await repo.storedFileByUid(db, uid);
    if (prior) {
      if (
        prior.created_by === scope.user.id &&
        prior.sha256 === upload.sha256 &&
        prior.purpose === POINTS_PHOTO_PURPOSE
      )
        return { contentType, existing: toPhoto(prior) };
      throw new AppError('PHOTO_ID_TAKEN', 409);
    }
    return { contentType, existing: undefined };
  }

  async function store(trx: Db, scope: Scope, uid: string, upload: PointsPhotoUpload, contentType: string) {
    await files.put(upload.data);
    const row = {
      uid,
      sha256: upload.sha256,
      content_type: contentType,
      bytes: upload.bytes,
      purpose: POINTS_PHOTO_PURPOSE,
      org_path: scope.user.orgPath,
      created_by: scope.user.id,
    };
    if (!(await repo.insertStoredFile(trx, row, clock()))) {
      const prior = await repo.storedFileByUid(trx, uid);
      if (!prior || prior.created_by !== scope.user.id || prior.sha256 !== upload.sha256)
        throw new AppError('PHOTO_ID_TAKEN', 409);
    }
    return toPhoto(row);
  }

  /** The bytes, for the uploader or a reader of a claim showing the photo. */
  async function open(db: Db, scope: Scope, uid: string) {
    const row = await repo.storedFileByUid(db, uid);
    const visible =
      row?.purpose === POINTS_PHOTO_PURPOSE &&
      (row.created_by === scope.user.id ||
        (await repo.photoClaimPaths(db, uid)).some((p) => canAt(scope, 'points:read', p)));
    if (!row || !visible) throw new AppError('PHOTO_NOT_FOUND', 404);
    const stream = await files.open(row.sha256);
    if (!stream) throw new AppError('PHOTO_NOT_FOUND', 404);
    return { stream, contentType: row.content_type, bytes: row.bytes, sha256: row.sha256 };
  }

  return { check, store, open };
}
