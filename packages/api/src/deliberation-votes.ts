/**
 * Deliberation (议事协商): votes and public draws (抽签).
 *
 * For the micro-projects part (server side, apps/server/src/modules/deliberation/votes-service.ts):
 *
 *   createBudgetVote(trx: Db, input: BudgetVoteInput, actor: Actor, now: Date): Promise<{ id: number; uid: string }>
 *     BudgetVoteInput = { budgetId: number; communityId: number; orgPath: string; title: string;
 *       style: 'approval' | 'knapsack'; options: { key: string; label: string; costCents: number }[];
 *       maxChoices?: number | null; minChoices?: number; budgetCents?: number | null (required for knapsack);
 *       electorate?: 'households' | 'residents' (default 'residents'); closesAt?: Date | null; uid?: string }
 *     — creates the vote (budget_id set, open ballots, one per voter) and opens it in the same
 *     transaction: the roll is fixed, residents may cast at once. Audited as deliberation.vote_open.
 *
 *   openVote(trx: Db, voteId: number, actor: Actor, now: Date, closesAt?: Date | null): Promise<number>
 *     — opens a draft vote (the roll fixed); returns how many may vote. createBudgetVote calls it.
 *
 *   closeVote(trx: Db, voteId: number, actor: Actor, now: Date): Promise<VoteResult>
 *     — closes an open vote (any vote, not only a budget's): counts the ballots with the domain's
 *     tally and verdict, stores vote.result, emits 'deliberation.vote_closed', audits. The result's
 *     `counts` has one entry per option key (votes per project). Refused with 409 DELIB_VOTE_CLOSED
 *     when the vote is not open.
 *
 * A vote is created in 'draft' (from a topic's step its rule comes from the step's VoteRule), opened
 * (the roll of eligible voters fixed: vote_voter rows), cast (one ballot per voter; a secret ballot
 * holds no voter, only the SHA-256 of the receipt returned to the voter once), closed (the server
 * counts) or cancelled. A draw publishes the SHA-256 of its seed first; staff bring their own seed
 * (the staff page makes one in the browser with the domain's newDrawSeed and shows it to be kept
 * safe) and reveal it to draw, once; the order is the domain's drawOrder(seed, entrant keys), which
 * anyone can re-run from the public page.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Reason, Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const OptionKey = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });
/** [numerator, denominator], e.g. [2, 3] */
const Fraction = Type.Tuple([Type.Integer({ minimum: 0, maximum: 1000 }), Type.Integer({ minimum: 1, maximum: 1000 })]);
const Ref = Type.Object({ uid: Uid, title: Type.String() });
const UnitRef = Type.Object({ uid: Uid, name: Type.String() });

/** motion: 赞成/反对/弃权; choice: one option; approval: up to maxChoices options; knapsack: within the budget. */
export const VoteStyle = Type.Union([
  Type.Literal('motion'),
  Type.Literal('choice'),
  Type.Literal('approval'),
  Type.Literal('knapsack'),
]);
export type VoteStyle = Static<typeof VoteStyle>;

/** 到会人员, 议事会成员, 居民(村民)代表, 党员, 户代表 (one ballot per household), 成年居民. */
export const VoteElectorate = Type.Union([
  Type.Literal('present'),
  Type.Literal('members'),
  Type.Literal('representatives'),
  Type.Literal('party_members'),
  Type.Literal('households'),
  Type.Literal('residents'),
]);
export type VoteElectorate = Static<typeof VoteElectorate>;

export const VoteStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('cancelled'),
]);
export type VoteStatus = Static<typeof VoteStatus>;

/** What the majority is a fraction of: ballots cast, voters present, the whole electorate. */
export const VoteBase = Type.Union([Type.Literal('cast'), Type.Literal('present'), Type.Literal('electorate')]);
export type VoteBase = Static<typeof VoteBase>;

export const VoteOption = Type.Object({
  key: OptionKey,
  label: Text(120),
  /** knapsack: what choosing it costs against budgetCents */
  costCents: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type VoteOption = Static<typeof VoteOption>;

/** What this caller may do with the vote now. */
export const VoteAction = Type.Union([
  Type.Literal('open'),
  Type.Literal('close'),
  Type.Literal('cancel'),
  Type.Literal('cast'),
  Type.Literal('change'),
  Type.Literal('record'),
]);
export type VoteAction = Static<typeof VoteAction>;

export const VoteRuleView = Type.Object({
  electorate: VoteElectorate,
  quorum: Fraction,
  majority: Fraction,
  base: VoteBase,
  secret: Type.Boolean(),
  changeable: Type.Boolean(),
  /** the rule in words, e.g. 应到过半数参加，赞成票超过实到人数的 1/2 */
  text: Type.String(),
  textEn: Type.String(),
});
export type VoteRuleView = Static<typeof VoteRuleView>;

/** The server's count and verdict, stored when the vote closes. */
export const VoteResult = Type.Object({
  /** ballots per option key (motion: approve / oppose / abstain) */
  counts: Type.Record(Type.String(), Type.Integer()),
  eligible: Type.Integer(),
  present: Nullable(Type.Integer()),
  cast: Type.Integer(),
  quorumMet: Type.Boolean(),
  passed: Type.Boolean(),
  /** votes for (motion: approve; choice: the winner's) */
  approve: Type.Integer(),
  /** the number the majority is counted against */
  base: Type.Integer(),
  /** the least number of approving votes that passes */
  needed: Type.Integer(),
  /** cast / eligible, 0..1 */
  turnout: Type.Number(),
  /** choice: the winning option's key (null on a tie or no ballots) */
  winner: Nullable(Type.String()),
  /** e.g. 应到 30 人，实到 24 人（≥ 2/3），赞成 15 票（> 1/2 实到） */
  ruleText: Type.String(),
  ruleTextEn: Type.String(),
});
export type VoteResult = Static<typeof VoteResult>;

// ── Lists: GET /api/deliberation/votes ────────────────────────────────────────────────────────
/** Staff: votes in their area (or under `unit`); residents: their community's open and closed votes. */
export const VoteListQuery = Obj({
  unit: Type.Optional(Uid),
  topic: Type.Optional(Uid),
  status: Type.Optional(VoteStatus),
  ...PageQuery,
});
export type VoteListQuery = Static<typeof VoteListQuery>;

export const VoteSummary = Type.Object({
  uid: Uid,
  title: Type.String(),
  community: UnitRef,
  topic: Nullable(Ref),
  /** the index of the topic's step this vote decides */
  step: Nullable(Type.Integer()),
  meeting: Nullable(Ref),
  budgetUid: Nullable(Uid),
  style: VoteStyle,
  electorate: VoteElectorate,
  secret: Type.Boolean(),
  changeable: Type.Boolean(),
  status: VoteStatus,
  opensAt: Nullable(DateTime),
  closesAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  eligibleCount: Type.Integer(),
  /** ballots accepted so far (counted when asked) */
  castCount: Type.Integer(),
  createdAt: DateTime,
  /** a resident: whether they are on the roll and have voted (null for staff) */
  me: Nullable(Type.Object({ eligible: Type.Boolean(), voted: Type.Boolean() })),
});
export type VoteSummary = Static<typeof VoteSummary>;
export const VotePage = Page(VoteSummary);
export type VotePage = Static<typeof VotePage>;

// ── Detail: GET /api/deliberation/votes/:uid ──────────────────────────────────────────────────
export const VoteDetail = Type.Composite([
  VoteSummary,
  Type.Object({
    /** every style but motion; motion: approve / oppose / abstain with their names */
    options: Type.Array(VoteOption),
    maxChoices: Nullable(Type.Integer()),
    minChoices: Type.Integer(),
    budgetCents: Nullable(Type.Integer()),
    rule: VoteRuleView,
    presentCount: Nullable(Type.Integer()),
    /** cast / eligible; an open secret vote shows this and nothing more */
    turnout: Type.Number(),
    /** once closed */
    result: Nullable(VoteResult),
    /** a resident's own ballot: their choice for an open ballot (a secret one's only with its receipt) */
    myBallot: Nullable(
      Type.Object({
        eligible: Type.Boolean(),
        voted: Type.Boolean(),
        votedAt: Nullable(DateTime),
        choice: Nullable(Type.Array(Type.String())),
        changes: Type.Integer(),
      }),
    ),
    allowedActions: Type.Array(VoteAction),
  }),
]);
export type VoteDetail = Static<typeof VoteDetail>;

// ── Writes (staff, deliberation:manage; every write takes an Idempotency-Key) ─────────────────
/**
 * POST /api/deliberation/votes. From a topic's step (`topicUid` + `step`, a step with decidedBy
 * 'vote'): the rule (electorate, quorum, majority, base, secret, changeable) is the step's VoteRule
 * and the fields below for it are refused if they differ. Otherwise `unit` (a community) or the
 * topic's / meeting's community, and the rule from the fields, defaulting to the domain's
 * DEFAULT_RULES for the electorate. 'present' needs `meetingUid`.
 */
export const VoteCreateBody = Obj({
  uid: Uid,
  title: Text(120),
  unit: Type.Optional(Uid),
  topicUid: Type.Optional(Uid),
  step: Type.Optional(Type.Integer({ minimum: 0, maximum: 50 })),
  meetingUid: Type.Optional(Uid),
  style: VoteStyle,
  options: Type.Optional(Type.Array(VoteOption, { minItems: 2, maxItems: 100 })),
  maxChoices: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  minChoices: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  budgetCents: Type.Optional(Type.Integer({ minimum: 1 })),
  electorate: Type.Optional(VoteElectorate),
  secret: Type.Optional(Type.Boolean()),
  changeable: Type.Optional(Type.Boolean()),
  quorum: Type.Optional(Fraction),
  majority: Type.Optional(Fraction),
  base: Type.Optional(VoteBase),
  closesAt: Type.Optional(DateTime),
});
export type VoteCreateBody = Static<typeof VoteCreateBody>;

/** POST /api/deliberation/votes/:uid/open — fixes the roll. */
export const VoteOpenBody = Obj({ closesAt: Type.Optional(DateTime) });
export type VoteOpenBody = Static<typeof VoteOpenBody>;

/** POST /api/deliberation/votes/:uid/cancel */
export const VoteCancelBody = Obj({ reason: Reason });
export type VoteCancelBody = Static<typeof VoteCancelBody>;

// ── Casting ─────────────────────────────────────────────────────────────────────────────────────
/**
 * POST /api/deliberation/votes/:uid/ballots (a resident on the roll, Idempotency-Key). Motion:
 * ['approve'|'oppose'|'abstain']. Changing a secret ballot (changeable votes only) needs its receipt.
 * Errors: 403 DELIB_NOT_ELIGIBLE, 409 DELIB_ALREADY_VOTED, 409 DELIB_VOTE_CLOSED (not open),
 * 400 naming `choice`, 403 DELIB_RECEIPT_INVALID (a change with a wrong receipt).
 */
export const BallotCastBody = Obj({
  choice: Type.Array(OptionKey, { maxItems: 100 }),
  receipt: Type.Optional(Type.String({ minLength: 8, maxLength: 80 })),
});
export type BallotCastBody = Static<typeof BallotCastBody>;

export const BallotCastResult = Type.Object({
  accepted: Type.Literal(true),
  /** true when this replaced an earlier ballot (changeable votes) */
  changed: Type.Boolean(),
  /** a secret ballot's receipt (e.g. GZV-7K2M-Q9TD-…), shown ONCE: the server keeps only its SHA-256 */
  receipt: Nullable(Type.String()),
  /** the SHA-256 of the receipt, as the public bulletin board lists it */
  receiptHash: Nullable(Type.String()),
});
export type BallotCastResult = Static<typeof BallotCastResult>;

/** POST /api/deliberation/votes/:uid/ballots/recorded — staff record a show of hands (open votes only). */
export const BallotRecordBody = Obj({
  ballots: Type.Array(Obj({ personUid: Uid, choice: Type.Array(OptionKey, { maxItems: 100 }) }), {
    minItems: 1,
    maxItems: 500,
  }),
});
export type BallotRecordBody = Static<typeof BallotRecordBody>;
export const BallotRecordResult = Type.Object({ recorded: Type.Integer() });
export type BallotRecordResult = Static<typeof BallotRecordResult>;

/** GET /api/deliberation/votes/:uid/verify?receipt= (session): was the ballot with this receipt counted? */
export const BallotVerifyQuery = Obj({ receipt: Type.String({ minLength: 8, maxLength: 80 }) });
export type BallotVerifyQuery = Static<typeof BallotVerifyQuery>;
export const BallotVerifyResult = Type.Object({
  counted: Type.Boolean(),
  choice: Nullable(Type.Array(Type.String())),
  receiptHash: Type.String(),
  voteStatus: VoteStatus,
});
export type BallotVerifyResult = Static<typeof BallotVerifyResult>;

/**
 * GET /api/public/deliberation/votes/:uid/ballots (no login, closed votes of public interest): the
 * bulletin board. Every ballot's choice — a secret one with its receipt hash, an open one without
 * any voter — so each voter can find theirs and anyone can recount.
 */
export const PublicVoteBallots = Type.Object({
  uid: Uid,
  title: Type.String(),
  community: UnitRef,
  style: VoteStyle,
  secret: Type.Boolean(),
  options: Type.Array(VoteOption),
  closedAt: Nullable(DateTime),
  result: Nullable(VoteResult),
  ballots: Type.Array(Type.Object({ receiptHash: Nullable(Type.String()), choice: Type.Array(Type.String()) })),
});
export type PublicVoteBallots = Static<typeof PublicVoteBallots>;

// ── Draws (抽签) ────────────────────────────────────────────────────────────────────────────────
export const DrawEntrant = Type.Object({
  /** 1–80 characters, e.g. a household number or an option key */
  key: Type.String({ minLength: 1, maxLength: 80 }),
  /** shown on the public page: mask persons' names (张*明) */
  label: Text(120),
});
export type DrawEntrant = Static<typeof DrawEntrant>;

/**
 * POST /api/deliberation/draws — publish the draw and the SHA-256 of its seed (64 hex). Entrants
 * are listed, or `fromVote`: the options of that vote (e.g. to break a tie). `unit` or the topic's
 * community.
 */
export const DrawCreateBody = Obj({
  uid: Uid,
  title: Text(120),
  unit: Type.Optional(Uid),
  topicUid: Type.Optional(Uid),
  entrants: Type.Optional(Type.Array(DrawEntrant, { minItems: 2, maxItems: 5000 })),
  fromVote: Type.Optional(Uid),
  winners: Type.Integer({ minimum: 1, maximum: 5000 }),
  seedHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
export type DrawCreateBody = Static<typeof DrawCreateBody>;

/** POST /api/deliberation/draws/:uid/draw — the seed, which must hash to seedHash; once only. */
export const DrawDoBody = Obj({ seed: Type.String({ minLength: 16, maxLength: 200 }) });
export type DrawDoBody = Static<typeof DrawDoBody>;

export const DrawListQuery = Obj({ unit: Type.Optional(Uid), topic: Type.Optional(Uid), ...PageQuery });
export type DrawListQuery = Static<typeof DrawListQuery>;

export const DrawView = Type.Object({
  uid: Uid,
  title: Type.String(),
  community: UnitRef,
  topic: Nullable(Ref),
  status: Type.Union([Type.Literal('sealed'), Type.Literal('drawn')]),
  entrants: Type.Array(DrawEntrant),
  winners: Type.Integer(),
  seedHash: Type.String(),
  /** revealed when drawn */
  seed: Nullable(Type.String()),
  /** 'sha256-fisher-yates-v1' */
  algorithm: Type.String(),
  /** every entrant key in the drawn order; the first `winners` win */
  result: Nullable(Type.Array(Type.String())),
  winnerList: Type.Array(Type.Object({ rank: Type.Integer(), key: Type.String(), label: Type.String() })),
  drawnAt: Nullable(DateTime),
  createdAt: DateTime,
  /** staff: 'draw' while sealed */
  allowedActions: Type.Array(Type.Literal('draw')),
});
export type DrawView = Static<typeof DrawView>;
export const DrawPage = Page(DrawView);
export type DrawPage = Static<typeof DrawPage>;
