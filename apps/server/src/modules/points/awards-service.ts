/**
 * Points given rather than claimed: staff's direct awards and deductions, and the awards (or
 * claims to review) other modules request through the `points.award_requested` event. Moves
 * points only through ledger.ts (postTransfer), with caps checked under the holder's lock.
 */
import { randomUUID } from 'node:crypto';
import type { AwardBody, AwardResult } from '@gongzhi/api';
import { chinaDate, isWithin } from '@gongzhi/domain';
import { recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, type Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { invalid } from '../registry/person-data.ts';
import * as rules from './catalogue-repo.ts';
import { versionOn } from './catalogue-service.ts';
import * as repo from './claims-repo.ts';
import { CapReached, CLAIM_PROBLEMS, capCheck, holderFor, type Issue } from './earning.ts';
import { communityAccount, postTransfer } from './ledger.ts';

export interface AwardsDeps {
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

export function createAwardsService(deps: AwardsDeps) {
  const { clock } = deps;

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

  return { award, handleRequest };
}

export type AwardsService = ReturnType<typeof createAwardsService>;
