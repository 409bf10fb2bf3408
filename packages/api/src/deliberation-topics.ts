/**
 * Deliberation (议事协商): procedures, topics and the step engine.
 *
 * Procedures (议事程序) are data: ordered steps saying who acts, which meeting, which records must
 * exist (minutes, attendance, a closed vote, a public notice, a written result) and what decides
 * each step. The district's are seeded from the domain's PROCEDURES (四议两公开, 三议三公开, 五步工作法)
 * and may be edited; a topic copies the steps when it starts, so an edit only reaches new topics.
 *
 * A topic (议题) is proposed by a resident and gathers co-signatures (联名) until staff start it with
 * a procedure, or is opened by staff (also from a deliberable case). Its steps are completed one
 * by one, never skipped, each with the records it needs; a failed deciding vote rejects it; the two
 * 公开 publish the resolution (决议公开) and the outcome (实施结果公开) for a notice period.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Reason, Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' });

// ── Procedures ───────────────────────────────────────────────────────────────────────────────
export const StepActor = Type.Union([
  Type.Literal('party_branch'),
  Type.Literal('two_committees'),
  Type.Literal('party_members'),
  Type.Literal('representatives'),
  Type.Literal('residents'),
  Type.Literal('council'),
  Type.Literal('staff'),
  Type.Literal('proposer'),
]);
export type StepActor = Static<typeof StepActor>;

export const StepRecord = Type.Union([
  Type.Literal('minutes'),
  Type.Literal('attendance'),
  Type.Literal('vote'),
  Type.Literal('notice'),
  Type.Literal('result'),
]);
export type StepRecord = Static<typeof StepRecord>;

export const StepMeetingKind = Type.Union([
  Type.Literal('council'),
  Type.Literal('two_committees'),
  Type.Literal('party_members'),
  Type.Literal('representatives'),
  Type.Literal('residents'),
  Type.Literal('hearing'),
]);

export const Fraction = Type.Tuple([Type.Integer({ minimum: 0 }), Type.Integer({ minimum: 1 })]);

/** quorum: ≥ this share of the electorate takes part; majority: > this share of `base` approves. */
export const StepVoteRule = Obj({
  electorate: Type.Union([
    Type.Literal('present'),
    Type.Literal('members'),
    Type.Literal('representatives'),
    Type.Literal('party_members'),
    Type.Literal('households'),
    Type.Literal('residents'),
  ]),
  quorum: Fraction,
  majority: Fraction,
  base: Type.Union([Type.Literal('cast'), Type.Literal('present'), Type.Literal('electorate')]),
  secret: Type.Boolean(),
  changeable: Type.Boolean(),
});
export type StepVoteRule = Static<typeof StepVoteRule>;

/** The domain's ProcedureStep. */
export const ProcedureStep = Obj({
  key: Code,
  name: Text(40),
  nameEn: Type.String({ maxLength: 80 }),
  actor: StepActor,
  meetingKind: Type.Optional(StepMeetingKind),
  needs: Type.Array(StepRecord, { maxItems: 5 }),
  decidedBy: Type.Union([Type.Literal('record'), Type.Literal('vote'), Type.Literal('notice')]),
  vote: Type.Optional(StepVoteRule),
  noticeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  publishes: Type.Optional(Type.Union([Type.Literal('resolution'), Type.Literal('outcome')])),
});
export type ProcedureStep = Static<typeof ProcedureStep>;

export const ProcedureView = Type.Object({
  uid: Uid,
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  steps: Type.Array(ProcedureStep),
  active: Type.Boolean(),
  updatedAt: DateTime,
});
export type ProcedureView = Static<typeof ProcedureView>;

/** GET /api/deliberation/procedures — the caller's district's (`unit`: any unit in the district). */
export const ProcedureListQuery = Obj({ unit: Type.Optional(Uid) });
export type ProcedureListQuery = Static<typeof ProcedureListQuery>;

export const ProcedureList = Type.Object({ items: Type.Array(ProcedureView), defaultCode: Type.String() });
export type ProcedureList = Static<typeof ProcedureList>;

/** PUT /api/deliberation/procedures/{code} — creates or replaces (deliberation:manage at the district). */
export const PutProcedureBody = Obj({
  /** the district (default: the caller's own) */
  unit: Type.Optional(Uid),
  name: Text(40),
  nameEn: Text(80),
  steps: Type.Array(ProcedureStep, { minItems: 1, maxItems: 20 }),
  active: Type.Optional(Type.Boolean()),
});
export type PutProcedureBody = Static<typeof PutProcedureBody>;

// ── Topics ───────────────────────────────────────────────────────────────────────────────────
export const TopicStatus = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('open'),
  Type.Literal('decided'),
  Type.Literal('done'),
  Type.Literal('rejected'),
  Type.Literal('withdrawn'),
]);
export type TopicStatus = Static<typeof TopicStatus>;

export const TopicSource = Type.Union([Type.Literal('proposal'), Type.Literal('case'), Type.Literal('staff')]);
export type TopicSource = Static<typeof TopicSource>;

/** What this caller may do with the topic now. */
export const TopicAction = Type.Union([
  Type.Literal('edit'),
  Type.Literal('support'),
  Type.Literal('start'),
  Type.Literal('reject'),
  Type.Literal('withdraw'),
  Type.Literal('complete_step'),
]);
export type TopicAction = Static<typeof TopicAction>;

export const TopicProcedureRef = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
});
export const TopicUnitRef = Type.Object({ uid: Uid, name: Type.String(), code: Type.String() });
export const TopicCouncilRef = Type.Object({ uid: Uid, name: Type.String() });

/** GET /api/deliberation/topics — staff: their area (or under `unit`); residents: their community's public ones. */
export const TopicListQuery = Obj({
  unit: Type.Optional(Uid),
  council: Type.Optional(Uid),
  status: Type.Optional(TopicStatus),
  /** words of the title or description */
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  ...PageQuery,
});
export type TopicListQuery = Static<typeof TopicListQuery>;

export const TopicSummary = Type.Object({
  uid: Uid,
  title: Type.String(),
  status: TopicStatus,
  source: TopicSource,
  public: Type.Boolean(),
  community: TopicUnitRef,
  council: Nullable(TopicCouncilRef),
  procedure: Nullable(TopicProcedureRef),
  /** index of the step now acted on (= steps.length when done) */
  currentStep: Type.Integer(),
  stepCount: Type.Integer(),
  currentStepName: Nullable(Type.String()),
  supportCount: Type.Integer(),
  supportThreshold: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
  decidedAt: Nullable(DateTime),
});
export type TopicSummary = Static<typeof TopicSummary>;

export const TopicList = Page(TopicSummary);
export type TopicList = Static<typeof TopicList>;

/** The records that completed a step (or, for the current one, those found so far). */
export const TopicStepRecords = Type.Object({
  meetings: Type.Array(
    Type.Object({
      uid: Uid,
      title: Type.String(),
      kind: Type.String(),
      startsAt: DateTime,
      status: Type.String(),
      /** what the meeting decided on this topic */
      decision: Nullable(Type.String()),
      attendance: Nullable(Type.Object({ called: Type.Integer(), present: Type.Integer() })),
    }),
  ),
  votes: Type.Array(
    Type.Object({
      uid: Uid,
      title: Type.String(),
      status: Type.String(),
      /** once closed */
      quorumMet: Nullable(Type.Boolean()),
      passed: Nullable(Type.Boolean()),
    }),
  ),
  /** a notice step's public notice */
  notice: Nullable(
    Type.Object({ text: Type.String(), from: DateTime, until: Nullable(DateTime), days: Type.Integer() }),
  ),
  /** the written result (办事) */
  result: Nullable(Type.String()),
  note: Nullable(Type.String()),
  completedAt: Nullable(DateTime),
  completedBy: Nullable(Type.String()),
});
export type TopicStepRecords = Static<typeof TopicStepRecords>;

export const TopicStepView = Type.Object({
  index: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  actor: StepActor,
  meetingKind: Nullable(StepMeetingKind),
  /** every record the step needs (its needs plus what decides it) */
  needs: Type.Array(StepRecord),
  decidedBy: Type.String(),
  vote: Nullable(StepVoteRule),
  noticeDays: Nullable(Type.Integer()),
  publishes: Nullable(Type.String()),
  state: Type.Union([Type.Literal('done'), Type.Literal('current'), Type.Literal('waiting')]),
  records: TopicStepRecords,
});
export type TopicStepView = Static<typeof TopicStepView>;

export const TopicEventView = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  action: Type.String(),
  actorName: Nullable(Type.String()),
  step: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
  detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export type TopicEventView = Static<typeof TopicEventView>;

export const TopicDetail = Type.Composite([
  TopicSummary,
  Type.Object({
    description: Type.String(),
    /** the proposer's name, masked for residents */
    proposer: Nullable(Type.Object({ name: Type.String(), me: Type.Boolean() })),
    steps: Type.Array(TopicStepView),
    resolution: Nullable(Type.String()),
    outcome: Nullable(Type.String()),
    resolutionPublishedAt: Nullable(DateTime),
    outcomePublishedAt: Nullable(DateTime),
    noticeUntil: Nullable(DateTime),
    /** the case it came from (staff see its uid; residents only that there is one) */
    case: Nullable(Type.Object({ uid: Nullable(Uid), title: Nullable(Type.String()) })),
    timeline: Type.Array(TopicEventView),
    /** the caller co-signed it */
    supportedByMe: Type.Boolean(),
    allowedActions: Type.Array(TopicAction),
  }),
]);
export type TopicDetail = Static<typeof TopicDetail>;

// ── Writes ───────────────────────────────────────────────────────────────────────────────────
/**
 * POST /api/deliberation/topics (staff): opens a topic at once under `procedure` (default: the
 * district's default). The community comes from `caseUid`, else `council`, else `unit`.
 * From a case: the case must be of a deliberable category; both are linked in one transaction.
 */
export const CreateTopicBody = Obj({
  uid: Uid,
  title: Text(80),
  description: Text(4000),
  unit: Type.Optional(Uid),
  council: Type.Optional(Uid),
  procedure: Type.Optional(Code),
  public: Type.Optional(Type.Boolean()),
  caseUid: Type.Optional(Uid),
});
export type CreateTopicBody = Static<typeof CreateTopicBody>;

/** POST /api/deliberation/topics/me (resident): a proposal gathering co-signatures. */
export const ProposeTopicBody = Obj({ uid: Uid, title: Text(80), description: Text(4000) });
export type ProposeTopicBody = Static<typeof ProposeTopicBody>;

/** PATCH /api/deliberation/topics/{uid} (proposer or staff; council and public: staff only). */
export const PatchTopicBody = Obj({
  title: Type.Optional(Text(80)),
  description: Type.Optional(Text(4000)),
  council: Type.Optional(Nullable(Uid)),
  public: Type.Optional(Type.Boolean()),
});
export type PatchTopicBody = Static<typeof PatchTopicBody>;

/** POST /api/deliberation/topics/{uid}/start (staff): a proposal takes a procedure. */
export const StartTopicBody = Obj({ procedure: Type.Optional(Code), council: Type.Optional(Uid) });
export type StartTopicBody = Static<typeof StartTopicBody>;

/** POST /api/deliberation/topics/{uid}/reject (staff) */
export const RejectTopicBody = Obj({ reason: Reason });
export type RejectTopicBody = Static<typeof RejectTopicBody>;

/** POST /api/deliberation/topics/{uid}/withdraw (the proposer) */
export const WithdrawTopicBody = Obj({ reason: Type.Optional(Reason) });
export type WithdrawTopicBody = Static<typeof WithdrawTopicBody>;

/**
 * POST /api/deliberation/topics/{uid}/steps/{index}/complete (staff). `meetingUid`: the meeting
 * held for the step (minutes, attendance, this topic on its agenda); `voteUid`: the step's vote
 * (default: the latest vote on this topic at this step); a notice step's text is `resolution`
 * (publishes 'resolution'), `outcome` (publishes 'outcome') or `notice`; `result`: what was done.
 */
export const CompleteStepBody = Obj({
  meetingUid: Type.Optional(Uid),
  voteUid: Type.Optional(Uid),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  resolution: Type.Optional(Text(4000)),
  outcome: Type.Optional(Text(4000)),
  notice: Type.Optional(Text(4000)),
  result: Type.Optional(Text(4000)),
  noticeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
});
export type CompleteStepBody = Static<typeof CompleteStepBody>;

export const TopicStepParams = Type.Object({ uid: Uid, index: Type.Integer({ minimum: 0, maximum: 100 }) });
