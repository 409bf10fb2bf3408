/**
 * Points rankings (积分排行) and their publication as a public notice (公示) with an objection
 * window. A ranking is read live from the monthly totals; a publication freezes one (top N,
 * names masked 张*明, no ids) for a set period. The public board reads open publications only.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { PageQuery, Uid } from './common.ts';
import { DateOnly } from './registry.ts';
import { DateTime } from './visits.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

/** Whose points are ranked: persons, households (户), or party members' own points (党员积分). */
export const RankingSubject = Type.Union([
  Type.Literal('person'),
  Type.Literal('household'),
  Type.Literal('party_member'),
]);
export type RankingSubject = Static<typeof RankingSubject>;
export const RankingPeriodKind = Type.Union([Type.Literal('month'), Type.Literal('quarter')]);
export type RankingPeriodKind = Static<typeof RankingPeriodKind>;
/** 'YYYY-MM' (a month; with period=quarter, the quarter holding it) or 'YYYY-Qn' (a quarter). */
export const RankingAt = Type.String({
  pattern: '^\\d{4}-((0[1-9]|1[0-2])|Q[1-4])$',
  description: 'YYYY-MM or YYYY-Qn (China time)',
});

/** A ranking's period as resolved: its label, first and last day, and the months it covers. */
export const RankingPeriod = Type.Object({
  kind: RankingPeriodKind,
  /** '2026-11' or '2026-Q4' */
  label: Type.String(),
  start: DateOnly,
  end: DateOnly,
  months: Type.Array(Type.String({ description: 'YYYY-MM' })),
});
export type RankingPeriod = Static<typeof RankingPeriod>;

const UnitBrief = Type.Object({ id: Uid, name: Type.String(), kind: Type.String() });

// ── Live rankings ─────────────────────────────────────────────────────────────────────────
/**
 * `unit`: a community (village) or one of its grids. Staff (points:read) name a unit in their
 * area; a resident (points:self) sees their own community (the default) or one of its grids.
 * `period` defaults to 'quarter' when `at` is 'YYYY-Qn', else 'month'; `at` to the current month.
 */
export const RankingQuery = Obj({
  unit: Type.Optional(Uid),
  subject: Type.Optional(RankingSubject),
  period: Type.Optional(RankingPeriodKind),
  at: Type.Optional(RankingAt),
  ...PageQuery,
});
export type RankingQuery = Static<typeof RankingQuery>;

export const RankingRow = Type.Object({
  /** dense rank: equal points share a rank, the next rank follows on (1, 2, 2, 3) */
  rank: Type.Integer(),
  /** staff see the name as registry lists show it; residents see it masked (张*明, 张*明家) */
  name: Type.String(),
  /** earned in the period: awards minus deductions, store spending excluded */
  points: Type.Integer(),
  /** the holder's grid */
  grid: Nullable(Type.String()),
  /** the points account (GET /api/points/accounts/{uid}); staff only, absent for residents */
  account: Type.Optional(Uid),
});
export type RankingRow = Static<typeof RankingRow>;

export const Ranking = Type.Object({
  unit: UnitBrief,
  subject: RankingSubject,
  period: RankingPeriod,
  /** holders with points > 0 in the period, best first */
  rows: Type.Array(RankingRow),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** whether names are masked in this answer (always for residents) */
  masked: Type.Boolean(),
  /** the resident's own line (their account of this subject), null when they earned nothing */
  mine: Type.Optional(Type.Union([Type.Object({ rank: Type.Integer(), points: Type.Integer() }), Type.Null()])),
});
export type Ranking = Static<typeof Ranking>;

// ── Publications (公示) ───────────────────────────────────────────────────────────────────
export const PublicationBody = Obj({
  /** a community (village) or a grid: the ranking published */
  unit: Uid,
  subject: RankingSubject,
  period: RankingPeriodKind,
  at: RankingAt,
  title: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  /** objections are taken for this many days from publication (default 7) */
  objectionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30, default: 7 })),
  /** the notice stays up this many days (default 15); not fewer than objectionDays */
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 15 })),
  /** how many rows are published (default 50) */
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
});
export type PublicationBody = Static<typeof PublicationBody>;

/** A published row: frozen at publication, masked, no ids. */
export const PublishedRow = Type.Object({
  rank: Type.Integer(),
  name: Type.String(),
  points: Type.Integer(),
  grid: Nullable(Type.String()),
});
export type PublishedRow = Static<typeof PublishedRow>;

export const PublicationStatus = Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('withdrawn')]);
export type PublicationStatus = Static<typeof PublicationStatus>;
export const ObjectionStatus = Type.Union([Type.Literal('open'), Type.Literal('answered')]);

export const Objection = Type.Object({
  id: Uid,
  text: Type.String(),
  status: ObjectionStatus,
  /** who raised it: staff see the account's display name; a resident sees only their own objections */
  raisedBy: Type.String(),
  mine: Type.Boolean(),
  createdAt: DateTime,
  answer: Nullable(Type.String()),
  answeredBy: Nullable(Type.String()),
  answeredAt: Nullable(DateTime),
});
export type Objection = Static<typeof Objection>;

export const PublicationSummary = Type.Object({
  id: Uid,
  unit: UnitBrief,
  subject: RankingSubject,
  period: RankingPeriod,
  title: Type.String(),
  status: PublicationStatus,
  publishedBy: Type.String(),
  publishedAt: DateTime,
  objectionUntil: DateTime,
  endsAt: DateTime,
  closedAt: Nullable(DateTime),
  withdrawnReason: Nullable(Type.String()),
  rowCount: Type.Integer(),
  /** all objections (staff) or my own (a resident) */
  objectionCount: Type.Integer(),
  openObjections: Type.Integer(),
  /** open and still within its objection window */
  acceptsObjections: Type.Boolean(),
});
export type PublicationSummary = Static<typeof PublicationSummary>;

export const Publication = Type.Composite([
  PublicationSummary,
  Type.Object({ rows: Type.Array(PublishedRow), objections: Type.Array(Objection) }),
]);
export type Publication = Static<typeof Publication>;

/** `unit`: a community or grid (default: the resident's community; staff: all in their area). */
export const PublicationListQuery = Obj({
  unit: Type.Optional(Uid),
  status: Type.Optional(PublicationStatus),
  ...PageQuery,
});
export const PublicationList = Type.Object({
  items: Type.Array(PublicationSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type PublicationList = Static<typeof PublicationList>;

export const WithdrawPublicationBody = Obj({ reason: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }) });
export const ObjectionBody = Obj({ text: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) });
export type ObjectionBody = Static<typeof ObjectionBody>;
export const AnswerBody = Obj({ answer: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) });
export type AnswerBody = Static<typeof AnswerBody>;

// ── The public board ──────────────────────────────────────────────────────────────────────
export const PublicPublicationQuery = Obj({
  community: Type.String({ pattern: '^\\d{12}$', description: 'the community’s 12-digit code' }),
});
/** What anyone may read: open notices only, names masked, no ids of persons or accounts. */
export const PublicPublicationSummary = Type.Object({
  id: Uid,
  community: Type.String(),
  grid: Nullable(Type.String()),
  subject: RankingSubject,
  period: RankingPeriod,
  title: Type.String(),
  publishedAt: DateTime,
  objectionUntil: DateTime,
  endsAt: DateTime,
});
export const PublicPublication = Type.Composite([
  PublicPublicationSummary,
  Type.Object({ rows: Type.Array(PublishedRow) }),
]);
export type PublicPublication = Static<typeof PublicPublication>;
export const PublicPublicationList = Type.Object({ items: Type.Array(PublicPublicationSummary) });
export type PublicPublicationList = Static<typeof PublicPublicationList>;
