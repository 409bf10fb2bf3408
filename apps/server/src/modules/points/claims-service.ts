/**
 * Earning points by claiming them: residents' claims (积分申报), their review, and the evidence
 * photos. Owns points_claim and points_claim_event; reads the catalogue and the registry; moves
 * points only through ledger.ts (postTransfer), with caps checked under the holder's lock.
 * Direct awards and the requests of other modules are awards-service.ts'.
 */

import { randomUUID } from 'node:crypto';
import type { Claim, ClaimBody, ClaimList, ClaimReplyBody, ClaimStatus, ClaimSummary } from '@gongzhi/api';
import {
  CLAIM_EVENT_OF,
  type ClaimCommand,
  chinaDate,
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
import { AppError } from '../../platform/errors.ts';
import { createPhotoStore, storedFilesByUid } from '../../platform/files/photos.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { unitForScope } from '../org/service.ts';
import { invalid } from '../registry/person-data.ts';
import * as rules from './catalogue-repo.ts';
import { versionOn } from './catalogue-service.ts';
import * as repo from './claims-repo.ts';
import { CLAIM_PROBLEMS, capCheck, holderFor, type Issue } from './earning.ts';
import { communityAccount, postTransfer } from './ledger.ts';

export const POINTS_PHOTO_PURPOSE = 'points_photo';

export interface ClaimsDeps {
  clock: Clock;
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

  /** Checks photos uploaded for points by this user; their problems name photos[i]. */
  async function checkPhotos(db: Db, scope: Scope, uids: string[], field: string): Promise<Issue[]> {
    const found = new Map((await storedFilesByUid(db, uids)).map((f) => [f.uid, f]));
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

  return { submit, mine, reply, withdraw, queue, view, approve, decide };
}

export type ClaimsService = ReturnType<typeof createClaimsService>;

// ── Photos (evidence), kept like the visits' photos: bytes in the file store, a stored_file row ─
export function createClaimPhotos(deps: { clock: Clock; files: FileStore }) {
  return createPhotoStore({
    ...deps,
    purpose: POINTS_PHOTO_PURPOSE,
    /** Residents upload their evidence, reviewers theirs; anyone else is refused. */
    mayUpload(scope) {
      if (!hasPermission(scope, 'points:self') && !hasPermission(scope, 'points:review'))
        throw new AppError('FORBIDDEN', 403, { permission: 'points:self' });
    },
    /** Besides the uploader, a reader of a claim showing the photo. */
    visibleTo: async (db, scope, uid) =>
      (await repo.photoClaimPaths(db, uid)).some((p) => canAt(scope, 'points:read', p)),
  });
}
