/**
 * Deliberation (议事协商): councils. A community's 居民议事会 / 议事委员会 / 工作协商委员会 for a term,
 * seated under "7+X": seven fixed seat categories (基层党组织、居委会、居务监督委员会、居民代表、妇女、
 * 社会组织、乡贤) and X stakeholders (利益相关方) who sit for one topic only. Members are registry
 * persons; residents see their names masked (张*明).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China)' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** 居(村)民议事会 | 议事委员会 | 工作协商委员会. */
export const CouncilKind = Type.Union([
  Type.Literal('council'),
  Type.Literal('committee'),
  Type.Literal('consultative'),
]);
export type CouncilKind = Static<typeof CouncilKind>;

/** The seven seats of "7+X" (the domain's COUNCIL_SEATS) and the stakeholder seat (the X). */
export const CouncilSeat = Type.Union([
  Type.Literal('party_org'),
  Type.Literal('residents_committee'),
  Type.Literal('supervisory_committee'),
  Type.Literal('representative'),
  Type.Literal('women'),
  Type.Literal('social_org'),
  Type.Literal('notable'),
  Type.Literal('stakeholder'),
]);
export type CouncilSeat = Static<typeof CouncilSeat>;

export const CouncilMemberRole = Type.Union([
  Type.Literal('chair'),
  Type.Literal('vice_chair'),
  Type.Literal('member'),
]);
export type CouncilMemberRole = Static<typeof CouncilMemberRole>;

/** What this caller may do with the council now. */
export const CouncilAction = Type.Union([Type.Literal('edit'), Type.Literal('add_member'), Type.Literal('end_member')]);
export type CouncilAction = Static<typeof CouncilAction>;

export const CouncilUnitRef = Type.Object({ uid: Uid, name: Type.String(), code: Type.String() });
export const CouncilTopicRef = Type.Object({ uid: Uid, title: Type.String() });

// ── GET /api/deliberation/councils ────────────────────────────────────────────────────────────
/** Staff: councils in their area (or under `unit`); residents: their community's. */
export const CouncilListQuery = Obj({
  unit: Type.Optional(Uid),
  active: Type.Optional(Type.Boolean()),
  ...PageQuery,
});
export type CouncilListQuery = Static<typeof CouncilListQuery>;

export const CouncilSummary = Type.Object({
  uid: Uid,
  kind: CouncilKind,
  name: Type.String(),
  community: CouncilUnitRef,
  termStart: CalendarDate,
  termEnd: CalendarDate,
  active: Type.Boolean(),
  /** members sitting today (stakeholders included) */
  memberCount: Type.Integer(),
  /** how many of the seven seats have someone today */
  seatsFilled: Type.Integer({ minimum: 0, maximum: 7 }),
  /** all seven seats filled */
  complete: Type.Boolean(),
});
export type CouncilSummary = Static<typeof CouncilSummary>;

export const CouncilList = Page(CouncilSummary);
export type CouncilList = Static<typeof CouncilList>;

export const CouncilMember = Type.Object({
  uid: Uid,
  person: Type.Object({ uid: Nullable(Uid), name: Type.String({ description: 'masked for residents' }) }),
  seat: CouncilSeat,
  seatName: Type.String(),
  seatNameEn: Type.String(),
  role: CouncilMemberRole,
  since: CalendarDate,
  until: Nullable(CalendarDate),
  /** sits today */
  sitting: Type.Boolean(),
  /** the topic a stakeholder sits for */
  topic: Nullable(CouncilTopicRef),
});
export type CouncilMember = Static<typeof CouncilMember>;

export const CouncilSeatView = Type.Object({
  seat: CouncilSeat,
  name: Type.String(),
  nameEn: Type.String(),
  filled: Type.Boolean(),
  /** sitting today */
  members: Type.Array(CouncilMember),
});
export type CouncilSeatView = Static<typeof CouncilSeatView>;

export const CouncilDetail = Type.Composite([
  CouncilSummary,
  Type.Object({
    /** the seven seats in order, each with who sits in it today */
    seats: Type.Array(CouncilSeatView),
    filled: Type.Array(CouncilSeat),
    empty: Type.Array(CouncilSeat),
    /** the X: stakeholders sitting today, per topic */
    stakeholders: Type.Array(Type.Object({ topic: CouncilTopicRef, members: Type.Array(CouncilMember) })),
    /** every membership, past ones too (staff only; residents get those sitting) */
    members: Type.Array(CouncilMember),
    createdAt: DateTime,
    updatedAt: DateTime,
    allowedActions: Type.Array(CouncilAction),
  }),
]);
export type CouncilDetail = Static<typeof CouncilDetail>;

// ── Writes (deliberation:manage at the community) ────────────────────────────────────────────
/** POST /api/deliberation/councils — `unit`: the community or village. */
export const CreateCouncilBody = Obj({
  uid: Uid,
  unit: Uid,
  kind: CouncilKind,
  name: Text(60),
  termStart: CalendarDate,
  termEnd: CalendarDate,
});
export type CreateCouncilBody = Static<typeof CreateCouncilBody>;

/** PATCH /api/deliberation/councils/{uid} */
export const PatchCouncilBody = Obj({
  kind: Type.Optional(CouncilKind),
  name: Type.Optional(Text(60)),
  termStart: Type.Optional(CalendarDate),
  termEnd: Type.Optional(CalendarDate),
  active: Type.Optional(Type.Boolean()),
});
export type PatchCouncilBody = Static<typeof PatchCouncilBody>;

/** POST /api/deliberation/councils/{uid}/members — `topicUid` exactly for stakeholders. */
export const AddCouncilMemberBody = Obj({
  personUid: Uid,
  seat: CouncilSeat,
  role: Type.Optional(CouncilMemberRole),
  since: CalendarDate,
  topicUid: Type.Optional(Uid),
});
export type AddCouncilMemberBody = Static<typeof AddCouncilMemberBody>;

/** POST /api/deliberation/councils/{uid}/members/{memberUid}/leave */
export const LeaveCouncilMemberBody = Obj({ until: CalendarDate });
export type LeaveCouncilMemberBody = Static<typeof LeaveCouncilMemberBody>;
