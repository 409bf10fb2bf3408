/**
 * Party members' points (党员积分制): duty posts (党员责任岗, e.g. 政策宣传岗, 环境整治岗) that
 * members claim or are assigned per quarter, each member's quarterly score (their party_member
 * account's points earned in the quarter), and the grade that feeds 评优评先.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Uid } from './common.ts';
import { RankingPeriod } from './points-rankings.ts';
import { DateTime } from './visits.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

/** 'YYYY-Qn': a calendar quarter in China time. */
export const Quarter = Type.String({ pattern: '^\\d{4}-Q[1-4]$', description: 'YYYY-Qn' });

const UnitBrief = Type.Object({ id: Uid, name: Type.String(), kind: Type.String() });

// ── Duty posts (党员责任岗) ───────────────────────────────────────────────────────────────
export const DutyHolder = Type.Object({
  person: Uid,
  name: Type.String(),
  grid: Nullable(Type.String()),
  claimedAt: DateTime,
  /** true when the member claimed it; false when staff assigned it */
  selfClaimed: Type.Boolean(),
});
export type DutyHolder = Static<typeof DutyHolder>;

export const DutyPost = Type.Object({
  id: Uid,
  community: UnitBrief,
  name: Type.String(),
  duties: Type.String(),
  /** how many members may hold it in a quarter; null: any number */
  capacity: Nullable(Type.Integer()),
  active: Type.Boolean(),
  createdAt: DateTime,
  /** the quarter the holders are for */
  quarter: Quarter,
  held: Type.Integer(),
  /** staff see the holders; a member sees only whether they hold it (`mine`) */
  holders: Type.Array(DutyHolder),
  mine: Type.Boolean(),
});
export type DutyPost = Static<typeof DutyPost>;

/** Staff: the posts of the communities in my area (or of `unit`), holders for `quarter` (default: this one). */
export const DutyPostQuery = Obj({
  unit: Type.Optional(Uid),
  quarter: Type.Optional(Quarter),
  active: Type.Optional(Type.Boolean()),
});
/** A member: my community's active posts for `quarter` (default: this one). */
export const MyDutyPostQuery = Obj({ quarter: Type.Optional(Quarter) });
export const DutyPostList = Type.Object({ quarter: Quarter, items: Type.Array(DutyPost) });
export type DutyPostList = Static<typeof DutyPostList>;

export const DutyPostBody = Obj({
  /** the community (village) the post belongs to */
  community: Uid,
  name: Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' }),
  duties: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }),
  capacity: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
});
export type DutyPostBody = Static<typeof DutyPostBody>;

export const DutyPostPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' })),
    duties: Type.Optional(Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' })),
    /** not below the number holding it this quarter */
    capacity: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DutyPostPatch = Static<typeof DutyPostPatch>;

/** Staff assign a party member of the post's community for a quarter (default: this one). */
export const AssignBody = Obj({ person: Uid, quarter: Type.Optional(Quarter) });
export type AssignBody = Static<typeof AssignBody>;
/** A member claims a post for a quarter (default: this one). */
export const ClaimPostBody = Obj({ quarter: Type.Optional(Quarter) });
export type ClaimPostBody = Static<typeof ClaimPostBody>;

// ── Quarterly scores and grades (评优评先) ────────────────────────────────────────────────
/** 优秀, 合格, 基本合格, 不合格: the rule is `partyGrade` in @gongzhi/domain. */
export const PartyGrade = Type.Union([
  Type.Literal('excellent'),
  Type.Literal('qualified'),
  Type.Literal('basic'),
  Type.Literal('unqualified'),
]);
export type PartyGrade = Static<typeof PartyGrade>;

/** `unit`: a community (village) or a grid; grades are always relative to the whole community. */
export const PartyScoresQuery = Obj({ unit: Uid, quarter: Type.Optional(Quarter) });
export type PartyScoresQuery = Static<typeof PartyScoresQuery>;

export const PartyMemberScore = Type.Object({
  person: Uid,
  name: Type.String(),
  grid: Nullable(Type.String()),
  /** points earned on the member's party_member account in the quarter */
  score: Type.Integer(),
  /** names of the duty posts held in the quarter */
  posts: Type.Array(Type.String()),
  /** dense rank within the community */
  rank: Type.Integer(),
  grade: PartyGrade,
  /** 优秀 / 合格 / 基本合格 / 不合格 */
  gradeName: Type.String(),
});
export type PartyMemberScore = Static<typeof PartyMemberScore>;

export const PartyScores = Type.Object({
  unit: UnitBrief,
  quarter: RankingPeriod,
  members: Type.Array(PartyMemberScore),
  counts: Type.Object({
    excellent: Type.Integer(),
    qualified: Type.Integer(),
    basic: Type.Integer(),
    unqualified: Type.Integer(),
  }),
  /** the rule applied, in words (zh-CN or en) */
  rule: Type.String(),
});
export type PartyScores = Static<typeof PartyScores>;
