/**
 * Deliberation (议事协商): meetings. Staff call a meeting of the council (or the two committees,
 * the party members, the representatives, all residents, a hearing) with an agenda of topics and
 * the people called; everyone called who has an account gets an in-app notice (会议通知), and again
 * when the time or place changes or the meeting is cancelled. At the door staff sign people in
 * (or a called resident signs themself in during the meeting window); the minutes with a decision
 * per topic mark the meeting held — the records a topic's step needs (minutes, attendance).
 * Calendars: /api/deliberation/meetings/{uid}/ics and /api/deliberation/councils/{uid}/ics
 * (text/calendar, UID stable per meeting, SEQUENCE bumped on every change of time or place).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** 议事会会议, 两委会议, 党员大会, 居民(村民)代表会议, 居民(村民)会议, 听证会. */
export const MeetingKind = Type.Union([
  Type.Literal('council'),
  Type.Literal('two_committees'),
  Type.Literal('party_members'),
  Type.Literal('representatives'),
  Type.Literal('residents'),
  Type.Literal('hearing'),
]);
export type MeetingKind = Static<typeof MeetingKind>;

/** scheduled → held (minutes recorded) | cancelled. */
export const MeetingStatus = Type.Union([Type.Literal('scheduled'), Type.Literal('held'), Type.Literal('cancelled')]);
export type MeetingStatus = Static<typeof MeetingStatus>;

/** Why a person is called: a council member, a stakeholder of an agenda topic, a guest, staff. */
export const MeetingAttendeeRole = Type.Union([
  Type.Literal('member'),
  Type.Literal('stakeholder'),
  Type.Literal('guest'),
  Type.Literal('staff'),
]);
export type MeetingAttendeeRole = Static<typeof MeetingAttendeeRole>;

/** What this caller may do with the meeting now. */
export const MeetingAction = Type.Union([
  Type.Literal('edit'),
  Type.Literal('cancel'),
  Type.Literal('sign_in'),
  Type.Literal('sign_in_me'),
  Type.Literal('minutes'),
]);
export type MeetingAction = Static<typeof MeetingAction>;

// ── Lists: GET /api/deliberation/meetings ─────────────────────────────────────────────────────
/**
 * Staff: meetings in their area (or under `unit`), of one council; residents: the meetings of
 * their community they are called to or that take up a public topic. `from`: meetings not yet
 * ended by then, soonest first (the calendar); `to`: starting before then. Without `from`: newest first.
 */
export const MeetingListQuery = Obj({
  unit: Type.Optional(Uid),
  council: Type.Optional(Uid),
  status: Type.Optional(MeetingStatus),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  ...PageQuery,
});
export type MeetingListQuery = Static<typeof MeetingListQuery>;

export const MeetingUnitRef = Type.Object({ uid: Uid, name: Type.String() });
export const MeetingCouncilRef = Type.Object({ uid: Uid, name: Type.String() });

export const MeetingSummary = Type.Object({
  uid: Uid,
  kind: MeetingKind,
  title: Type.String(),
  place: Type.String(),
  startsAt: DateTime,
  endsAt: DateTime,
  status: MeetingStatus,
  community: MeetingUnitRef,
  council: Nullable(MeetingCouncilRef),
  topicCount: Type.Integer(),
  calledCount: Type.Integer(),
  signedInCount: Type.Integer(),
  /** iCalendar SEQUENCE: how many times the time or place changed */
  icsSequence: Type.Integer(),
  /** for a resident: whether they are called to it */
  called: Type.Boolean(),
});
export type MeetingSummary = Static<typeof MeetingSummary>;
export const MeetingList = Page(MeetingSummary);
export type MeetingList = Static<typeof MeetingList>;

// ── One meeting: GET /api/deliberation/meetings/{uid} ─────────────────────────────────────────
export const MeetingAgendaItem = Type.Object({
  sort: Type.Integer(),
  topic: Type.Object({ uid: Uid, title: Type.String(), status: Type.String() }),
  /** what the meeting decided on this topic (from the minutes) */
  decision: Nullable(Type.String()),
});
export type MeetingAgendaItem = Static<typeof MeetingAgendaItem>;

export const MeetingAttendee = Type.Object({
  /** the registry person's uid (staff only; null for residents) */
  personUid: Nullable(Uid),
  /** masked (张*明) for residents; 我 for the caller themself */
  name: Type.String(),
  role: MeetingAttendeeRole,
  signedInAt: Nullable(DateTime),
  self: Type.Boolean(),
});
export type MeetingAttendee = Static<typeof MeetingAttendee>;

export const MeetingDetail = Type.Object({
  ...MeetingSummary.properties,
  agenda: Type.Array(MeetingAgendaItem),
  attendees: Type.Array(MeetingAttendee),
  minutes: Nullable(Type.String()),
  minutesBy: Nullable(Type.String()),
  cancelReason: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** for the caller: signed in (when called) */
  signedIn: Type.Boolean(),
  allowedActions: Type.Array(MeetingAction),
});
export type MeetingDetail = Static<typeof MeetingDetail>;

// ── Writes (each answers the MeetingDetail as it now is) ──────────────────────────────────────
export const MeetingAttendeeInput = Obj({ personUid: Uid, role: Type.Optional(MeetingAttendeeRole) });
export type MeetingAttendeeInput = Static<typeof MeetingAttendeeInput>;

/**
 * POST /api/deliberation/meetings. The community is the council's, else `unit` (a community),
 * else the first agenda topic's. Without `attendees`: the council's current members plus the
 * stakeholders of the agenda's topics; for 'party_members' the party members living in the
 * community, for 'representatives' the council's representatives (seat 'representative').
 */
export const CreateMeetingBody = Obj({
  uid: Uid,
  council: Type.Optional(Uid),
  unit: Type.Optional(Uid),
  kind: MeetingKind,
  title: Text(80),
  place: Text(80),
  startsAt: DateTime,
  endsAt: DateTime,
  topics: Type.Array(Uid, { maxItems: 30, uniqueItems: true }),
  attendees: Type.Optional(Type.Array(MeetingAttendeeInput, { maxItems: 2000 })),
});
export type CreateMeetingBody = Static<typeof CreateMeetingBody>;

/**
 * PATCH /api/deliberation/meetings/{uid}, while scheduled. A change of time or place bumps the
 * iCalendar SEQUENCE and notifies everyone called again; `topics` replaces the agenda;
 * `addAttendees` / `removeAttendees` change who is called (the newly called are notified).
 */
export const UpdateMeetingBody = Obj({
  title: Type.Optional(Text(80)),
  place: Type.Optional(Text(80)),
  startsAt: Type.Optional(DateTime),
  endsAt: Type.Optional(DateTime),
  topics: Type.Optional(Type.Array(Uid, { maxItems: 30, uniqueItems: true })),
  addAttendees: Type.Optional(Type.Array(MeetingAttendeeInput, { maxItems: 2000 })),
  removeAttendees: Type.Optional(Type.Array(Uid, { maxItems: 2000, uniqueItems: true })),
});
export type UpdateMeetingBody = Static<typeof UpdateMeetingBody>;

/** POST .../cancel: everyone called is told, with the reason. */
export const CancelMeetingBody = Obj({ reason: Text(500) });
export type CancelMeetingBody = Static<typeof CancelMeetingBody>;

/** POST .../sign-in: staff at the door sign in people who are called (already signed in: kept). */
export const MeetingSignInBody = Obj({
  personUids: Type.Array(Uid, { minItems: 1, maxItems: 2000, uniqueItems: true }),
});
export type MeetingSignInBody = Static<typeof MeetingSignInBody>;

/**
 * PUT .../minutes: the minutes and a decision per agenda topic; marks the meeting held (allowed
 * once it has started; may be corrected afterwards).
 */
export const MeetingMinutesBody = Obj({
  minutes: Text(20000),
  decisions: Type.Array(Obj({ topicUid: Uid, decision: Text(4000) }), { maxItems: 30 }),
});
export type MeetingMinutesBody = Static<typeof MeetingMinutesBody>;
