/**
 * Deliberation (议事协商): the public board of the two 公开 — no login, personal data masked.
 * What a community published: the resolutions (决议公开) and the results of carrying them out
 * (实施结果公开) of its public topics, each with a summary of the records of every step (the
 * meeting and its attendance, the vote and its result, the notice and its period), and its
 * 民生微实事 budgets with the selection and the rule that made it, the votes per project, the
 * spending and the milestones.
 *
 * Routes (access 'public'):
 *   GET /api/public/deliberation?community=<code>&page=&pageSize=   PublicDeliberationBoard
 *   GET /api/public/deliberation/topics/:uid                          PublicTopicDetail (published, public topics only)
 *   GET /api/public/deliberation/budgets/:uid                         PublicBudgetDetail
 *   GET /api/public/deliberation/projects/:uid/photos/:photoUid       a milestone photo of a selected project
 * Unknown community: 404 UNIT_NOT_FOUND; a topic not public or not published, a budget or photo
 * unknown: 404 DELIB_TOPIC_NOT_FOUND / DELIB_BUDGET_NOT_FOUND / DELIB_PHOTO_NOT_FOUND.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Uid } from './common.ts';
import { BudgetBallotStyle, BudgetPhase, BudgetSelection, MicroProjectStatus } from './deliberation-micro.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Community = Type.Object({ code: Type.String(), name: Type.String() });

export const PublicBoardQuery = Obj({
  /** the community's code, e.g. 440704001001 */
  community: Type.String({ pattern: '^[0-9]{6,15}$' }),
  /** pages the topics; budgets are few and listed whole */
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type PublicBoardQuery = Static<typeof PublicBoardQuery>;

export const PublicUidParams = Obj({ uid: Uid });
export const PublicPhotoParams = Obj({ uid: Uid, photoUid: Uid });

/** A published topic in the list: its resolution and, once published, its outcome. */
export const PublicTopic = Type.Object({
  uid: Uid,
  title: Type.String(),
  community: Community,
  /** e.g. 四议两公开 */
  procedure: Nullable(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) })),
  status: Type.String(),
  resolution: Nullable(Type.String()),
  resolutionPublishedAt: Nullable(DateTime),
  outcome: Nullable(Type.String()),
  outcomePublishedAt: Nullable(DateTime),
  /** objections are taken until then (公示期) */
  noticeUntil: Nullable(DateTime),
  decidedAt: Nullable(DateTime),
});
export type PublicTopic = Static<typeof PublicTopic>;

/** What each held meeting, closed vote and publication of a step shows anyone. */
export const PublicStepRecords = Type.Object({
  meetings: Type.Array(
    Type.Object({
      title: Type.String(),
      kind: Type.String(),
      place: Type.String(),
      startsAt: DateTime,
      /** 应到 / 实到 */
      called: Type.Integer(),
      present: Type.Integer(),
      /** what the meeting decided on this topic */
      decision: Nullable(Type.String()),
    }),
  ),
  votes: Type.Array(
    Type.Object({
      uid: Uid,
      title: Type.String(),
      style: Type.String(),
      secret: Type.Boolean(),
      closedAt: Nullable(DateTime),
      eligible: Type.Integer(),
      cast: Type.Integer(),
      counts: Type.Record(Type.String(), Type.Integer()),
      quorumMet: Type.Boolean(),
      passed: Type.Boolean(),
      ruleText: Type.String(),
      ruleTextEn: Type.String(),
    }),
  ),
  /** a publication step: the text published and its period */
  notice: Nullable(
    Type.Object({
      publishes: Type.Union([Type.Literal('resolution'), Type.Literal('outcome')]),
      text: Nullable(Type.String()),
      from: Nullable(DateTime),
      until: Nullable(DateTime),
    }),
  ),
});
export type PublicStepRecords = Static<typeof PublicStepRecords>;

export const PublicTopicStep = Type.Object({
  index: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  state: Type.Union([Type.Literal('done'), Type.Literal('current'), Type.Literal('waiting')]),
  records: PublicStepRecords,
});
export type PublicTopicStep = Static<typeof PublicTopicStep>;

export const PublicTopicDetail = Type.Composite([
  PublicTopic,
  Type.Object({
    description: Type.String(),
    steps: Type.Array(PublicTopicStep),
  }),
]);
export type PublicTopicDetail = Static<typeof PublicTopicDetail>;

export const PublicMilestone = Type.Object({
  title: Type.String(),
  note: Nullable(Type.String()),
  spentCents: Type.Integer(),
  happenedOn: DateOnly,
  /** GET /api/public/deliberation/projects/{project uid}/photos/{uid} */
  photos: Type.Array(Type.Object({ uid: Uid })),
});
export type PublicMilestone = Static<typeof PublicMilestone>;

export const PublicProject = Type.Object({
  uid: Uid,
  title: Type.String(),
  description: Type.String(),
  location: Nullable(Type.String()),
  status: MicroProjectStatus,
  /** masked: 张*明 */
  proposerName: Nullable(Type.String()),
  estimateCents: Type.Integer(),
  priceCents: Nullable(Type.Integer()),
  /** why it was found unfeasible, or the reviewer's note */
  reviewNote: Nullable(Type.String()),
  votes: Nullable(Type.Integer()),
  spentCents: Type.Integer(),
  acceptanceNote: Nullable(Type.String()),
  acceptedAt: Nullable(DateTime),
  milestones: Type.Array(PublicMilestone),
});
export type PublicProject = Static<typeof PublicProject>;

export const PublicBudget = Type.Object({
  uid: Uid,
  title: Type.String(),
  year: Type.Integer(),
  community: Community,
  amountCents: Type.Integer(),
  phase: BudgetPhase,
  ballotStyle: BudgetBallotStyle,
  maxChoices: Nullable(Type.Integer()),
  projectCount: Type.Integer(),
  selectedCount: Type.Integer(),
  allocatedCents: Type.Integer(),
  spentCents: Type.Integer(),
});
export type PublicBudget = Static<typeof PublicBudget>;

export const PublicBudgetDetail = Type.Composite([
  PublicBudget,
  Type.Object({
    /** the residents' vote: turnout, and the public ballot list once closed
     * (GET /api/public/deliberation/votes/{uid}/ballots) */
    vote: Nullable(
      Type.Object({
        uid: Uid,
        status: Type.String(),
        eligible: Type.Integer(),
        cast: Type.Integer(),
        closedAt: Nullable(DateTime),
      }),
    ),
    /** once selected: the order taken, and the rule in words */
    selection: Nullable(BudgetSelection),
    projects: Type.Array(PublicProject),
  }),
]);
export type PublicBudgetDetail = Static<typeof PublicBudgetDetail>;

export const PublicDeliberationBoard = Type.Object({
  community: Community,
  /** published topics, the latest publication first */
  topics: Type.Object({
    items: Type.Array(PublicTopic),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  }),
  /** the community's budgets, the latest year first */
  budgets: Type.Array(PublicBudget),
});
export type PublicDeliberationBoard = Static<typeof PublicDeliberationBoard>;
