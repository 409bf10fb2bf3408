/**
 * Votes (表决): created in draft (from a topic's step, whose VoteRule fixes the electorate, quorum,
 * majority, base, secrecy and changeability; or standalone; or by a 民生微实事 budget through
 * `createBudgetVote`), opened (the roll of eligible voters fixed), cast by residents on the roll
 * (or recorded by staff from a show of hands), closed (the server counts the ballots with the
 * domain's tally and verdict) or cancelled.
 *
 * A cast is one short transaction: the vote with the caller's place on the roll, then one
 * statement marking the roll and inserting the ballot. No per-vote counter is updated (one hot
 * row would serialise every voter): the number of ballots is counted when asked and stored at
 * close. A secret ballot holds no voter, only the SHA-256 of a receipt token handed to the voter
 * once; the roll notes only that they voted; the audit record of the cast names the voter and
 * the vote, never the choice or the receipt.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type {
  BallotCastBody,
  BallotCastResult,
  BallotRecordBody,
  BallotRecordResult,
  BallotVerifyResult,
  PublicVoteBallots,
  VoteAction,
  VoteCancelBody,
  VoteCreateBody,
  VoteDetail,
  VoteListQuery,
  VoteOpenBody,
  VoteOption,
  VotePage,
  VoteResult,
  VoteRuleView,
  VoteSummary,
} from '@gongzhi/api';
import {
  DEFAULT_RULES,
  isWithin,
  MOTION_OPTION_NAMES,
  MOTION_OPTIONS,
  newReceiptToken,
  type ProcedureStep,
  parseReceiptToken,
  RECEIPT_RANDOM_BYTES,
  receiptHash,
  roleHas,
  ruleText,
  tally,
  VOTE_PROBLEMS,
  type VoteRule,
  type VoteStyle,
  validateChoice,
  validateVoteSetup,
  verdict,
} from '@gongzhi/domain';
import { type Actor, chainFor, recordAudit } from '../../platform/audit/audit.ts';
import { actorOf, canAt, hasPermission, pathsWith, type Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';
import { unitForScope } from '../org/service.ts';
import { type Catalogue, invalid, todayOf } from '../registry/person-data.ts';
import { findResident } from './residents.ts';
import * as repo from './votes-repo.ts';

const NOT_FOUND = 'DELIB_VOTE_NOT_FOUND';
const iso = (d: Date | null) => (d ? d.toISOString() : null);
type Issue = { field: string; code: string };
type Electorate = VoteRule['electorate'];

/**
 * Casts are audited on chains of their own, BALLOT_CHAINS per community, chosen by the voter's
 * account: the community's chain takes one lock per record until commit, and a community-wide
 * vote would queue every voter of the community on it (the hot row of a cast). Each chain is
 * hash-linked and verified like any other.
 */
export const BALLOT_CHAINS = 16;
export const ballotChain = (orgPath: string, userId: number) =>
  `${chainFor(orgPath)}/ballots.${String(userId % BALLOT_CHAINS).padStart(2, '0')}`;

/** Problems of a vote's fields; `{f}` is the field. */
export const VOTE_FIELD_PROBLEMS: Catalogue = {
  ...VOTE_PROBLEMS,
  TOPIC_NOT_FOUND: { 'zh-CN': '{f}:议题不存在或不在您的管辖范围内', en: '{f}: no such topic within your area' },
  TOPIC_NOT_OPEN: { 'zh-CN': '{f}:议题不在议事程序中', en: '{f}: the topic is not following its procedure' },
  STEP_REQUIRED: { 'zh-CN': '{f}:请指定议题的表决步骤', en: "{f}: name the topic's voting step" },
  STEP_NOT_VOTE: { 'zh-CN': '{f}:该步骤不以表决决定', en: '{f}: this step is not decided by a vote' },
  STEP_NOT_CURRENT: {
    'zh-CN': '{f}:只能为议题当前的步骤发起表决',
    en: "{f}: only the topic's current step may be put to a vote",
  },
  MEETING_NOT_FOUND: { 'zh-CN': '{f}:会议不存在或不属于本社区(村)', en: '{f}: no such meeting in this community' },
  MEETING_REQUIRED: { 'zh-CN': '{f}:到会人员表决须指定会议', en: '{f}: a vote of those present names the meeting' },
  COMMUNITY_REQUIRED: { 'zh-CN': '{f}:请指定社区(村)、议题或会议', en: '{f}: name a community, a topic or a meeting' },
  NOT_A_COMMUNITY: { 'zh-CN': '{f}:须为社区或村', en: '{f}: must be a community or a village' },
  DUPLICATE: { 'zh-CN': '{f}:重复', en: '{f}: listed twice' },
  RULE_FROM_STEP: {
    'zh-CN': '{f}:表决规则由议题步骤规定,不能另行设置',
    en: "{f}: the rule comes from the topic's step and cannot be set here",
  },
  FRACTION: { 'zh-CN': '{f}:比例须在 0 与 1 之间', en: '{f}: the fraction must lie between 0 and 1' },
  CLOSES_BEFORE_NOW: { 'zh-CN': '{f}:截止时间须晚于现在', en: '{f}: the closing time must be in the future' },
  NOT_ON_ROLL: { 'zh-CN': '{f}:此人不在本次表决的名单中', en: '{f}: this person is not on the roll of this vote' },
  ALREADY_VOTED: { 'zh-CN': '{f}:此人已投票', en: '{f}: this person has voted already' },
  PERSON_NOT_FOUND: { 'zh-CN': '{f}:人员不存在', en: '{f}: no such person' },
};

const PROBLEMS = VOTE_FIELD_PROBLEMS;

function optionsOf(v: { style: string; options: unknown }): VoteOption[] {
  if (v.style === 'motion') return MOTION_OPTIONS.map((key) => ({ key, label: MOTION_OPTION_NAMES[key].zh }));
  return (v.options ?? []) as VoteOption[];
}

function ruleView(v: repo.VoteRow): VoteRuleView {
  const rule = repo.ruleOf(v);
  return { ...rule, text: ruleText(rule, 'zh'), textEn: ruleText(rule, 'en') };
}

/** The ballot's shape as the domain checks a choice against it. */
function ballotShape(v: {
  style: string;
  options: unknown;
  max_choices: number | null;
  min_choices: number;
  budget_cents: string | number | null;
}) {
  return {
    style: v.style as VoteStyle,
    options: optionsOf(v),
    maxChoices: v.max_choices,
    minChoices: v.min_choices,
    budgetCents: v.budget_cents === null ? null : Number(v.budget_cents),
  };
}

/** The count and verdict of a vote from its ballots. */
export function countVote(v: repo.VoteRow, choices: string[][]): VoteResult {
  const style = v.style as VoteStyle;
  const counts = tally(style, optionsOf(v), choices);
  const cast = choices.length;
  const rule = repo.ruleOf(v);
  const out = verdict({ style, rule, eligible: v.eligible_count, present: v.present_count, cast, counts });
  const figures = { eligible: v.eligible_count, present: v.present_count, cast, approve: out.approve, style };
  return {
    counts,
    eligible: v.eligible_count,
    present: v.present_count,
    cast,
    quorumMet: out.quorumMet,
    passed: out.passed,
    approve: out.approve,
    base: out.base,
    needed: out.needed,
    turnout: out.turnout,
    winner: out.winner ?? null,
    ruleText: ruleText(rule, 'zh', figures),
    ruleTextEn: ruleText(rule, 'en', figures),
  };
}

// ── Used by the micro-projects part ─────────────────────────────────────────────────────────────
export interface BudgetVoteInput {
  budgetId: number;
  communityId: number;
  orgPath: string;
  title: string;
  style: 'approval' | 'knapsack';
  options: { key: string; label: string; costCents: number }[];
  maxChoices?: number | null;
  minChoices?: number;
  budgetCents?: number | null;
  electorate?: 'households' | 'residents';
  closesAt?: Date | null;
  uid?: string;
}

/**
 * Creates a budget's vote over its feasible projects and opens it at once (the roll fixed), in
 * the caller's transaction. Open ballots, one per voter; passed means quorum met (the budget's
 * own rule — selectProjects — decides which projects are chosen from the counts).
 */
export async function createBudgetVote(
  trx: Db,
  input: BudgetVoteInput,
  actor: Actor,
  now: Date,
): Promise<{ id: number; uid: string }> {
  const electorate = input.electorate ?? 'residents';
  const base = DEFAULT_RULES[electorate];
  const uid = input.uid ?? randomUUID();
  const row = await trx
    .insertInto('vote')
    .values({
      uid,
      community_id: input.communityId,
      org_path: input.orgPath,
      budget_id: input.budgetId,
      title: input.title.slice(0, 120),
      style: input.style,
      options: JSON.stringify(input.options) as never,
      max_choices: input.style === 'approval' ? (input.maxChoices ?? input.options.length) : (input.maxChoices ?? null),
      min_choices: input.minChoices ?? 0,
      budget_cents: input.budgetCents ?? null,
      ...repo.ruleColumns({ ...base, electorate, secret: false, changeable: false }),
      status: 'draft',
      closes_at: input.closesAt ?? null,
      created_by: actor.id ?? 0,
      created_at: now,
      updated_at: now,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  await openVote(trx, id, actor, now);
  return { id, uid };
}

/** Opens a draft vote (the roll fixed now), in the caller's transaction; returns how many may vote. */
export async function openVote(trx: Db, voteId: number, actor: Actor, now: Date, closesAt: Date | null = null) {
  const locked = await repo.lockVote(trx, voteId);
  if (!locked) throw new AppError(NOT_FOUND, 404);
  if (locked.status !== 'draft') throw new AppError('DELIB_VOTE_NOT_DRAFT', 409, { status: locked.status });
  return openRoll(trx, (await repo.voteById(trx, voteId)) as repo.VoteRow, actor, now, closesAt);
}

/** Fixes the roll and opens the vote. */
async function openRoll(trx: Db, v: repo.VoteRow, actor: Actor, now: Date, closesAt: Date | null): Promise<number> {
  const councilIds =
    v.electorate === 'members' || v.electorate === 'representatives'
      ? await repo.councilsFor(trx, v.community_id, v.topic_id, v.meeting_id)
      : [];
  const today = todayOf(now);
  const adultBorn = `${Number(today.slice(0, 4)) - 18}${today.slice(4)}`;
  const eligible = await repo.fillRoll(trx, {
    id: v.id,
    electorate: v.electorate,
    orgPath: v.org_path,
    meetingId: v.meeting_id,
    councilIds,
    topicId: v.topic_id,
    today,
    adultBorn,
  });
  if (eligible === 0) throw new AppError('DELIB_ROLL_EMPTY', 409, { electorate: v.electorate });
  const present = v.meeting_id !== null ? await repo.signedInCount(trx, v.meeting_id) : null;
  await trx
    .updateTable('vote')
    .set({
      status: 'open',
      opens_at: now,
      closes_at: closesAt ?? v.closes_at,
      eligible_count: eligible,
      present_count: v.electorate === 'present' ? present : null,
      updated_at: now,
    })
    .where('id', '=', v.id)
    .execute();
  await recordAudit(
    trx,
    actor,
    {
      action: 'deliberation.vote_open',
      targetType: 'vote',
      targetId: v.uid,
      orgPath: v.org_path,
      after: { eligible, electorate: v.electorate, present },
    },
    now,
  );
  await emitEvent(
    trx,
    'deliberation.vote_opened',
    { voteUid: v.uid, topicUid: v.topic_uid, step: v.step, budgetUid: v.budget_uid, eligible },
    v.org_path,
    now,
  );
  return eligible;
}

/**
 * Closes an open vote: counts its ballots (the domain's tally and verdict), stores the result,
 * emits 'deliberation.vote_closed'. Casts under way finish first (they key-share lock the vote);
 * later ones find it closed. Any vote, a budget's or a topic's.
 */
export async function closeVote(trx: Db, voteId: number, actor: Actor, now: Date): Promise<VoteResult> {
  const locked = await repo.lockVote(trx, voteId);
  if (!locked) throw new AppError(NOT_FOUND, 404);
  if (locked.status !== 'open')
    throw new AppError(locked.status === 'draft' ? 'DELIB_VOTE_NOT_OPEN' : 'DELIB_VOTE_CLOSED', 409);
  const v = (await repo.voteById(trx, voteId)) as repo.VoteRow;
  const result = countVote(v, await repo.ballotChoices(trx, voteId));
  await trx
    .updateTable('vote')
    .set({
      status: 'closed',
      closed_at: now,
      cast_count: result.cast,
      result: JSON.stringify(result) as never,
      updated_at: now,
    })
    .where('id', '=', voteId)
    .execute();
  await recordAudit(
    trx,
    actor,
    {
      action: 'deliberation.vote_close',
      targetType: 'vote',
      targetId: v.uid,
      orgPath: v.org_path,
      after: { counts: result.counts, cast: result.cast, quorumMet: result.quorumMet, passed: result.passed },
    },
    now,
  );
  await emitEvent(
    trx,
    'deliberation.vote_closed',
    {
      voteUid: v.uid,
      topicUid: v.topic_uid,
      step: v.step,
      budgetUid: v.budget_uid,
      quorumMet: result.quorumMet,
      passed: result.passed,
      counts: result.counts,
    },
    v.org_path,
    now,
  );
  return result;
}

// ── The service ─────────────────────────────────────────────────────────────────────────────────
interface Viewer {
  staff: boolean;
  manage: boolean;
  /** a resident of the vote's community (deliberation:self on a unit within it) */
  resident: boolean;
}

/** deliberation:self on the community or a unit below it (a resident's grant is on their grid). */
function residentWithin(scope: Scope, path: string): boolean {
  return scope.grants.some((g) => roleHas(g.role, 'deliberation:self') && isWithin(g.path, path));
}

function viewerOf(scope: Scope, v: repo.VoteRow): Viewer {
  const staff = canAt(scope, 'deliberation:read', v.org_path);
  const resident = !staff && residentWithin(scope, v.org_path) && v.status !== 'draft' && (v.topic_public ?? true);
  return { staff, manage: canAt(scope, 'deliberation:manage', v.org_path), resident };
}

export function createVotesService(deps: { clock: () => Date }) {
  const { clock } = deps;

  async function visible(db: Db, scope: Scope, uid: string): Promise<{ v: repo.VoteRow; viewer: Viewer }> {
    if (!hasPermission(scope, 'deliberation:read') && !hasPermission(scope, 'deliberation:self'))
      throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
    const v = await repo.voteByUid(db, uid);
    if (!v) throw new AppError(NOT_FOUND, 404);
    const viewer = viewerOf(scope, v);
    if (!viewer.staff && !viewer.resident) throw new AppError(NOT_FOUND, 404);
    return { v, viewer };
  }

  async function manageable(db: Db, scope: Scope, uid: string): Promise<repo.VoteRow> {
    const v = await repo.voteByUid(db, uid);
    if (!v || !canAt(scope, 'deliberation:manage', v.org_path)) throw new AppError(NOT_FOUND, 404);
    return v;
  }

  function summary(v: repo.VoteRow, me: VoteSummary['me']): VoteSummary {
    return {
      uid: v.uid,
      title: v.title,
      community: { uid: v.community_uid, name: v.community_name },
      topic: v.topic_uid ? { uid: v.topic_uid, title: v.topic_title ?? '' } : null,
      step: v.step,
      meeting: v.meeting_uid ? { uid: v.meeting_uid, title: v.meeting_title ?? '' } : null,
      budgetUid: v.budget_uid,
      style: v.style as VoteStyle,
      electorate: v.electorate as Electorate,
      secret: v.secret,
      changeable: v.changeable,
      status: v.status as VoteSummary['status'],
      opensAt: iso(v.opens_at),
      closesAt: iso(v.closes_at),
      closedAt: iso(v.closed_at),
      eligibleCount: v.eligible_count,
      castCount: v.ballots,
      createdAt: v.created_at.toISOString(),
      me,
    };
  }

  async function detail(db: Db, scope: Scope, v: repo.VoteRow, viewer: Viewer): Promise<VoteDetail> {
    let myBallot: VoteDetail['myBallot'] = null;
    if (viewer.resident) {
      const me = await repo.personOfUser(db, scope.user.id);
      const [entry] = await repo.rollEntries(db, [v.id], me.person_id, me.household_id);
      myBallot = {
        eligible: entry !== undefined,
        voted: !!entry?.voted_at,
        votedAt: iso(entry?.voted_at ?? null),
        choice: v.secret ? null : ((entry?.choice as string[] | null) ?? null),
        changes: entry?.changes ?? 0,
      };
    }
    const actions: VoteAction[] = [];
    if (viewer.manage) {
      if (v.status === 'draft') actions.push('open', 'cancel');
      if (v.status === 'open') actions.push('close', 'cancel', ...(v.secret ? [] : (['record'] as const)));
    }
    if (myBallot?.eligible && v.status === 'open') {
      if (!myBallot.voted) actions.push('cast');
      else if (v.changeable) actions.push('change');
    }
    return {
      ...summary(v, myBallot ? { eligible: myBallot.eligible, voted: myBallot.voted } : null),
      options: optionsOf(v),
      maxChoices: v.max_choices,
      minChoices: v.min_choices,
      budgetCents: v.budget_cents === null ? null : Number(v.budget_cents),
      rule: ruleView(v),
      presentCount: v.present_count,
      turnout: v.eligible_count > 0 ? v.ballots / v.eligible_count : 0,
      result: v.status === 'closed' ? (v.result as VoteResult | null) : null,
      myBallot,
      allowedActions: actions,
    };
  }

  /** Where the vote stands: the community from the topic, the meeting or `unit`, in the caller's area. */
  async function placeOf(trx: Db, scope: Scope, body: VoteCreateBody, issues: Issue[]) {
    let communityId: number | null = null;
    let path: string | null = null;
    let topic: Awaited<ReturnType<typeof repo.topicForVote>> | undefined;
    let meeting: Awaited<ReturnType<typeof repo.meetingForVote>> | undefined;
    if (body.topicUid) {
      topic = await repo.topicForVote(trx, body.topicUid);
      if (!topic || !canAt(scope, 'deliberation:manage', topic.org_path))
        issues.push({ field: 'topicUid', code: 'TOPIC_NOT_FOUND' });
      else {
        communityId = topic.community_id;
        path = topic.org_path;
      }
    }
    if (body.meetingUid) {
      meeting = await repo.meetingForVote(trx, body.meetingUid);
      if (
        !meeting ||
        !canAt(scope, 'deliberation:manage', meeting.org_path) ||
        (communityId !== null && meeting.community_id !== communityId)
      )
        issues.push({ field: 'meetingUid', code: 'MEETING_NOT_FOUND' });
      else if (communityId === null) {
        communityId = meeting.community_id;
        path = meeting.org_path;
      }
    }
    if (body.unit && communityId === null && !issues.length) {
      const unit = await unitForScope(trx, scope, { uid: body.unit }, 'deliberation:manage', NOT_FOUND);
      if (unit.kind !== 'community' && unit.kind !== 'village') issues.push({ field: 'unit', code: 'NOT_A_COMMUNITY' });
      else {
        communityId = unit.id;
        path = unit.path;
      }
    }
    if (communityId === null && !issues.length) issues.push({ field: 'unit', code: 'COMMUNITY_REQUIRED' });
    return { communityId, path, topic, meeting };
  }

  return {
    async create(trx: Db, scope: Scope, body: VoteCreateBody): Promise<{ created: boolean; detail: VoteDetail }> {
      const now = clock();
      const existing = await repo.voteByUid(trx, body.uid);
      if (existing) {
        if (existing.created_by !== scope.user.id || !canAt(scope, 'deliberation:manage', existing.org_path))
          throw new AppError('DELIB_VOTE_EXISTS', 409);
        return { created: false, detail: await detail(trx, scope, existing, viewerOf(scope, existing)) };
      }
      const issues: Issue[] = [];
      const place = await placeOf(trx, scope, body, issues);
      // The rule: from the topic's step, or from the body over the electorate's defaults.
      let rule: VoteRule;
      let step: number | null = null;
      if (place.topic) {
        const steps = (place.topic.steps ?? []) as ProcedureStep[];
        if (place.topic.status !== 'open') issues.push({ field: 'topicUid', code: 'TOPIC_NOT_OPEN' });
        if (body.step === undefined) issues.push({ field: 'step', code: 'STEP_REQUIRED' });
        const s = body.step === undefined ? undefined : steps[body.step];
        if (body.step !== undefined && (s?.decidedBy !== 'vote' || !s.vote))
          issues.push({ field: 'step', code: 'STEP_NOT_VOTE' });
        else if (body.step !== undefined && body.step !== place.topic.current_step)
          issues.push({ field: 'step', code: 'STEP_NOT_CURRENT' });
        rule = s?.vote ?? DEFAULT_RULES.present;
        step = body.step ?? null;
        for (const f of ['electorate', 'quorum', 'majority', 'base', 'secret', 'changeable'] as const) {
          const given = body[f];
          if (given !== undefined && JSON.stringify(given) !== JSON.stringify(rule[f]))
            issues.push({ field: f, code: 'RULE_FROM_STEP' });
        }
      } else {
        if (body.step !== undefined) issues.push({ field: 'topicUid', code: 'REQUIRED' });
        const electorate = body.electorate ?? (body.meetingUid ? 'present' : 'households');
        const d = DEFAULT_RULES[electorate];
        rule = {
          electorate,
          quorum: body.quorum ?? d.quorum,
          majority: body.majority ?? d.majority,
          base: body.base ?? d.base,
          secret: body.secret ?? d.secret,
          changeable: body.changeable ?? d.changeable,
        };
        for (const f of ['quorum', 'majority'] as const)
          if (rule[f][0] > rule[f][1]) issues.push({ field: f, code: 'FRACTION' });
      }
      // 'present' counts those signed in at a meeting (unless the step itself is wrong: its rule is unknown).
      if (rule.electorate === 'present' && !body.meetingUid && !issues.some((i) => i.field === 'step'))
        issues.push({ field: 'meetingUid', code: 'MEETING_REQUIRED' });
      // The ballot.
      const style = body.style;
      const options: VoteOption[] | null = style === 'motion' ? null : (body.options ?? []);
      let maxChoices: number | null = body.maxChoices ?? null;
      let minChoices = body.minChoices ?? 0;
      if (style === 'motion' || style === 'choice') {
        maxChoices = 1;
        minChoices = 1;
      } else if (style === 'approval') maxChoices = Math.min(maxChoices ?? options?.length ?? 1, options?.length ?? 1);
      const budgetCents = style === 'knapsack' ? (body.budgetCents ?? null) : null;
      issues.push(
        ...validateVoteSetup({
          style,
          options: style === 'motion' ? body.options : options,
          maxChoices,
          minChoices,
          budgetCents,
        }),
      );
      if (body.closesAt && new Date(body.closesAt) <= now)
        issues.push({ field: 'closesAt', code: 'CLOSES_BEFORE_NOW' });
      if (issues.length) throw invalid(issues, scope.locale, PROBLEMS);
      if (place.topic && step !== null) {
        const other = await repo.voteOnStep(trx, place.topic.id, step);
        if (other) throw new AppError('DELIB_VOTE_EXISTS', 409, { vote: other });
      }
      const row = await trx
        .insertInto('vote')
        .values({
          uid: body.uid,
          community_id: place.communityId as number,
          org_path: place.path as string,
          topic_id: place.topic?.id ?? null,
          step,
          meeting_id: place.meeting?.id ?? null,
          title: body.title,
          style,
          options: options === null ? null : (JSON.stringify(options) as never),
          max_choices: maxChoices,
          min_choices: minChoices,
          budget_cents: budgetCents,
          ...repo.ruleColumns(rule),
          closes_at: body.closesAt ? new Date(body.closesAt) : null,
          created_by: scope.user.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const v = (await repo.voteById(trx, Number(row.id))) as repo.VoteRow;
      await recordAudit(
        trx,
        actorOf(scope),
        {
          action: 'deliberation.vote_create',
          targetType: 'vote',
          targetId: v.uid,
          orgPath: v.org_path,
          after: { title: v.title, style, rule, topic: v.topic_uid, step, meeting: v.meeting_uid },
        },
        now,
      );
      return { created: true, detail: await detail(trx, scope, v, viewerOf(scope, v)) };
    },

    async open(trx: Db, scope: Scope, uid: string, body: VoteOpenBody): Promise<VoteDetail> {
      const now = clock();
      const v = await manageable(trx, scope, uid);
      const closesAt = body.closesAt ? new Date(body.closesAt) : null;
      if (closesAt && closesAt <= now)
        throw invalid([{ field: 'closesAt', code: 'CLOSES_BEFORE_NOW' }], scope.locale, PROBLEMS);
      await openVote(trx, v.id, actorOf(scope), now, closesAt);
      const after = (await repo.voteById(trx, v.id)) as repo.VoteRow;
      return detail(trx, scope, after, viewerOf(scope, after));
    },

    async close(trx: Db, scope: Scope, uid: string): Promise<VoteDetail> {
      const v = await manageable(trx, scope, uid);
      await closeVote(trx, v.id, actorOf(scope), clock());
      const after = (await repo.voteById(trx, v.id)) as repo.VoteRow;
      return detail(trx, scope, after, viewerOf(scope, after));
    },

    async cancel(trx: Db, scope: Scope, uid: string, body: VoteCancelBody): Promise<VoteDetail> {
      const now = clock();
      const v = await manageable(trx, scope, uid);
      const locked = await repo.lockVote(trx, v.id);
      if (locked?.status !== 'draft' && locked?.status !== 'open') throw new AppError('DELIB_VOTE_CLOSED', 409);
      const cast = (await repo.ballotChoices(trx, v.id)).length;
      await trx
        .updateTable('vote')
        .set({ status: 'cancelled', closed_at: now, cast_count: cast, updated_at: now })
        .where('id', '=', v.id)
        .execute();
      await recordAudit(
        trx,
        actorOf(scope),
        {
          action: 'deliberation.vote_cancel',
          targetType: 'vote',
          targetId: v.uid,
          orgPath: v.org_path,
          before: { status: locked.status },
          after: { reason: body.reason, ballots: cast },
        },
        now,
      );
      await emitEvent(
        trx,
        'deliberation.vote_cancelled',
        { voteUid: v.uid, topicUid: v.topic_uid, budgetUid: v.budget_uid },
        v.org_path,
        now,
      );
      const after = (await repo.voteById(trx, v.id)) as repo.VoteRow;
      return detail(trx, scope, after, viewerOf(scope, after));
    },

    /**
     * A resident casts (or, where the vote allows, changes) their ballot. The answer with a
     * secret ballot's receipt is given once; what the route stores for an Idempotency-Key replay
     * leaves the receipt and its hash out (see votes-routes.ts).
     */
    async cast(trx: Db, scope: Scope, uid: string, body: BallotCastBody): Promise<BallotCastResult> {
      const now = clock();
      // Written first, checked after: one statement for the common case; any refusal below throws,
      // and the transaction takes back whatever it wrote.
      const receipt = newReceiptToken(randomBytes(RECEIPT_RANDOM_BYTES));
      const hash = receiptHash(receipt);
      const v = await repo.castOnce(trx, {
        uid,
        userId: scope.user.id,
        ballotId: randomUUID(),
        choice: body.choice,
        receiptHash: hash,
        now,
      });
      if (!v || !residentWithin(scope, v.org_path) || v.status === 'draft') throw new AppError(NOT_FOUND, 404);
      if (v.status !== 'open' || (v.closes_at !== null && v.closes_at <= now))
        throw new AppError('DELIB_VOTE_CLOSED', 409);
      if (v.voter_key === null) throw new AppError('DELIB_NOT_ELIGIBLE', 403);
      const issues = validateChoice(ballotShape(v), body.choice);
      if (issues.length) throw invalid(issues, scope.locale, PROBLEMS);
      const audit = (changed: boolean) =>
        recordAudit(
          trx,
          actorOf(scope),
          {
            action: 'deliberation.ballot_cast',
            targetType: 'vote',
            targetId: uid,
            orgPath: v.org_path,
            // A secret ballot: that they voted, never what or with which receipt.
            after: v.secret ? { changed } : { changed, choice: body.choice },
            chain: ballotChain(v.org_path, scope.user.id),
          },
          now,
        );
      if (v.inserted === 1) {
        await audit(false);
        return v.secret
          ? { accepted: true, changed: false, receipt, receiptHash: hash }
          : { accepted: true, changed: false, receipt: null, receiptHash: null };
      }
      // Voted before (or a concurrent cast for the same voter committed first).
      if (v.voted_at === null || !v.changeable) throw new AppError('DELIB_ALREADY_VOTED', 409);
      if (v.secret) {
        const token = body.receipt ? parseReceiptToken(body.receipt) : null;
        if (!token) throw new AppError('DELIB_RECEIPT_INVALID', 403);
        const held = receiptHash(token);
        if (!(await repo.changeSecretBallot(trx, v.id, v.voter_key, held, body.choice)))
          throw new AppError('DELIB_RECEIPT_INVALID', 403);
        await audit(true);
        return { accepted: true, changed: true, receipt: null, receiptHash: held };
      }
      await repo.changeOpenBallot(trx, v.id, v.voter_key, body.choice, scope.user.id);
      await audit(true);
      return { accepted: true, changed: true, receipt: null, receiptHash: null };
    },

    /** Staff record a show of hands at the meeting (open ballots only). */
    async record(trx: Db, scope: Scope, uid: string, body: BallotRecordBody): Promise<BallotRecordResult> {
      const now = clock();
      const v = await manageable(trx, scope, uid);
      const target = await repo.castTarget(trx, uid, scope.user.id);
      if (target?.status !== 'open')
        throw new AppError(v.status === 'draft' ? 'DELIB_VOTE_NOT_OPEN' : 'DELIB_VOTE_CLOSED', 409);
      if (v.secret) throw new AppError('DELIB_VOTE_SECRET', 409);
      const persons = new Map(
        (
          await repo.personsByUid(
            trx,
            body.ballots.map((b) => b.personUid),
          )
        ).map((p) => [p.uid, p]),
      );
      const issues: Issue[] = [];
      const keys: (number | null)[] = [];
      const seen = new Set<number>();
      const shape = ballotShape(v);
      body.ballots.forEach((b, i) => {
        const p = persons.get(b.personUid.toLowerCase());
        const key = !p ? null : v.electorate === 'households' ? p.household_id : p.id;
        if (!p) issues.push({ field: `ballots[${i}].personUid`, code: 'PERSON_NOT_FOUND' });
        else if (key === null) issues.push({ field: `ballots[${i}].personUid`, code: 'NOT_ON_ROLL' });
        else if (seen.has(key)) issues.push({ field: `ballots[${i}].personUid`, code: 'DUPLICATE' });
        if (key !== null) seen.add(key);
        keys.push(key);
        for (const issue of validateChoice(shape, b.choice))
          issues.push({ field: `ballots[${i}].${issue.field}`, code: issue.code });
      });
      if (issues.length) throw invalid(issues, scope.locale, PROBLEMS);
      const roll = new Map(
        (
          await trx
            .selectFrom('vote_voter')
            .select(['voter_key', 'voted_at'])
            .where('vote_id', '=', v.id)
            .where('voter_key', 'in', keys as number[])
            .execute()
        ).map((r) => [Number(r.voter_key), r.voted_at]),
      );
      keys.forEach((k, i) => {
        if (!roll.has(k as number)) issues.push({ field: `ballots[${i}].personUid`, code: 'NOT_ON_ROLL' });
        else if (roll.get(k as number) !== null)
          issues.push({ field: `ballots[${i}].personUid`, code: 'ALREADY_VOTED' });
      });
      if (issues.length) throw invalid(issues, scope.locale, PROBLEMS);
      for (const [i, b] of body.ballots.entries()) {
        const ok = await repo.castBallot(trx, {
          voteId: v.id,
          voterKey: keys[i] as number,
          userId: scope.user.id,
          ballotId: randomUUID(),
          choice: b.choice,
          secret: false,
          receiptHash: null,
          now,
        });
        if (!ok) throw invalid([{ field: `ballots[${i}].personUid`, code: 'ALREADY_VOTED' }], scope.locale, PROBLEMS);
      }
      await recordAudit(
        trx,
        actorOf(scope),
        {
          action: 'deliberation.ballots_record',
          targetType: 'vote',
          targetId: v.uid,
          orgPath: v.org_path,
          after: { ballots: body.ballots },
        },
        now,
      );
      return { recorded: body.ballots.length };
    },

    async list(db: Db, scope: Scope, q: VoteListQuery): Promise<VotePage> {
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      const paths = pathsWith(scope, 'deliberation:read');
      let residentPath: string | null = null;
      let unitPath: string | null = null;
      if (paths.length === 0) {
        if (!hasPermission(scope, 'deliberation:self'))
          throw new AppError('FORBIDDEN', 403, { permission: 'deliberation:read' });
        residentPath = (await findResident(db, scope.user.id))?.communityPath ?? null;
        if (residentPath === null) return { items: [], total: 0, page, pageSize };
      } else if (q.unit) unitPath = (await unitForScope(db, scope, { uid: q.unit }, 'deliberation:read')).path;
      const { rows, total } = await repo.listVotes(
        db,
        { paths, residentPath, unitPath, topicUid: q.topic ?? null, status: q.status ?? null },
        pageSize,
        (page - 1) * pageSize,
      );
      let mine = new Map<number, repo.RollEntry>();
      if (residentPath !== null) {
        const me = await repo.personOfUser(db, scope.user.id);
        mine = new Map(
          (
            await repo.rollEntries(
              db,
              rows.map((r) => r.id),
              me.person_id,
              me.household_id,
            )
          ).map((e) => [e.vote_id, e]),
        );
      }
      return {
        items: rows.map((r) =>
          summary(r, residentPath === null ? null : { eligible: mine.has(r.id), voted: !!mine.get(r.id)?.voted_at }),
        ),
        total,
        page,
        pageSize,
      };
    },

    async get(db: Db, scope: Scope, uid: string): Promise<VoteDetail> {
      const { v, viewer } = await visible(db, scope, uid);
      return detail(db, scope, v, viewer);
    },

    /** Anyone with the receipt: was the ballot counted, and what does it hold. */
    async verify(db: Db, uid: string, receipt: string): Promise<BallotVerifyResult> {
      const v = await repo.voteByUid(db, uid);
      if (!v || v.status === 'draft') throw new AppError(NOT_FOUND, 404);
      const token = parseReceiptToken(receipt);
      const hash = receiptHash(token ?? receipt);
      const b = token ? await repo.ballotByReceipt(db, v.id, hash) : undefined;
      return {
        counted: b !== undefined && v.status !== 'cancelled',
        choice: b?.choice ?? null,
        receiptHash: hash,
        voteStatus: v.status as BallotVerifyResult['voteStatus'],
      };
    },

    /** The bulletin board of a closed vote (not of a non-public topic). */
    async publicBallots(db: Db, uid: string): Promise<PublicVoteBallots> {
      const v = await repo.voteByUid(db, uid);
      if (v?.status !== 'closed' || v.topic_public === false) throw new AppError(NOT_FOUND, 404);
      const ballots = await repo.publicBallots(db, v.id);
      return {
        uid: v.uid,
        title: v.title,
        community: { uid: v.community_uid, name: v.community_name },
        style: v.style as VoteStyle,
        secret: v.secret,
        options: optionsOf(v),
        closedAt: iso(v.closed_at),
        result: v.result as VoteResult | null,
        ballots: ballots.map((b) => ({ receiptHash: b.receipt_hash, choice: b.choice })),
      };
    },
  };
}

export type VotesService = ReturnType<typeof createVotesService>;
