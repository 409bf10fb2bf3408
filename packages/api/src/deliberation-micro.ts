/**
 * Deliberation (议事协商): 民生微实事 — a community's yearly budget for small projects that residents
 * propose (提议), that the community reviews for feasibility and the council discusses (商议), and that
 * residents choose by vote (决议); then the chosen ones are carried out with milestones, spending and
 * photos and accepted (验收) — each stage public on the board (三议三公开).
 *
 * Phases of a budget, one step at a time: proposing → reviewing → voting → selected → closed.
 * Moving to 'voting' opens the residents' vote over the feasible projects (each option costs the
 * project's reviewed price); moving to 'selected' closes it and applies the domain's
 * `selectProjects` (greedy by votes; a project that does not fit is skipped and the next one tried),
 * storing each project's votes and selected / not_selected.
 *
 * Routes (every write takes an Idempotency-Key):
 *   GET  /api/deliberation/budgets?unit=&year=&phase=&page=      staff (deliberation:read) / resident (their community)
 *   POST /api/deliberation/budgets                               deliberation:manage
 *   GET  /api/deliberation/budgets/:uid                          BudgetDetail
 *   PATCH /api/deliberation/budgets/:uid                         deliberation:manage, before voting
 *   POST /api/deliberation/budgets/:uid/phase                    deliberation:manage {to, closesAt?}
 *   POST /api/deliberation/budgets/:uid/projects                 resident or staff, while proposing
 *   GET  /api/deliberation/projects?budget=&status=&mine=&page=  projects (mine: a resident's own proposals)
 *   GET  /api/deliberation/projects/:uid                         ProjectDetail
 *   PATCH /api/deliberation/projects/:uid                        the proposer, while proposing and not reviewed
 *   POST /api/deliberation/projects/:uid/review                  deliberation:manage, proposing or reviewing
 *   POST /api/deliberation/projects/:uid/start|complete|accept   deliberation:manage (accept = 验收, note required)
 *   POST /api/deliberation/projects/:uid/milestones              deliberation:manage, in progress or completed
 *   PUT/GET /api/deliberation/photos/:id                         milestone photos (raw image body), staff upload
 * Errors: DELIB_BUDGET_NOT_FOUND, DELIB_PROJECT_NOT_FOUND (404), DELIB_BUDGET_PHASE (409: not allowed
 * in this phase; details {phase, allowed}), DELIB_BUDGET_EXISTS (409: the community has one that year),
 * DELIB_BUDGET_UNREVIEWED (409: projects still to review before voting), DELIB_BUDGET_NO_FEASIBLE (409),
 * DELIB_PROJECT_STATUS (409: details {status, action}), DELIB_PROJECT_LOCKED (409: edited after the
 * vote opened or after review), DELIB_PHOTO_UNKNOWN (400: a milestone photo not uploaded).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
/** Money in fen (分); ≤ ¥100,000,000. */
const Cents = Type.Integer({ minimum: 1, maximum: 10_000_000_000 });
const UnitRef = Type.Object({ uid: Uid, name: Type.String(), code: Type.String() });

export const BudgetPhase = Type.Union([
  Type.Literal('proposing'),
  Type.Literal('reviewing'),
  Type.Literal('voting'),
  Type.Literal('selected'),
  Type.Literal('closed'),
]);
export type BudgetPhase = Static<typeof BudgetPhase>;

/** approval: pick up to maxChoices projects; knapsack: pick any whose prices fit the budget. */
export const BudgetBallotStyle = Type.Union([Type.Literal('approval'), Type.Literal('knapsack')]);
export type BudgetBallotStyle = Static<typeof BudgetBallotStyle>;

export const MicroProjectStatus = Type.Union([
  Type.Literal('proposed'),
  Type.Literal('feasible'),
  Type.Literal('unfeasible'),
  Type.Literal('selected'),
  Type.Literal('not_selected'),
  Type.Literal('in_progress'),
  Type.Literal('completed'),
  Type.Literal('accepted'),
]);
export type MicroProjectStatus = Static<typeof MicroProjectStatus>;

/** What this caller may do with a budget now. */
export const BudgetAction = Type.Union([
  Type.Literal('edit'),
  Type.Literal('propose'),
  Type.Literal('advance'),
  Type.Literal('vote'),
]);
export type BudgetAction = Static<typeof BudgetAction>;

/** What this caller may do with a project now. */
export const ProjectAction = Type.Union([
  Type.Literal('edit'),
  Type.Literal('review'),
  Type.Literal('start'),
  Type.Literal('complete'),
  Type.Literal('accept'),
  Type.Literal('milestone'),
]);
export type ProjectAction = Static<typeof ProjectAction>;

// ── Budgets ─────────────────────────────────────────────────────────────────────────────────────
export const BudgetListQuery = Obj({
  /** a community or any unit above it (staff); residents always see their own community's */
  unit: Type.Optional(Uid),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  phase: Type.Optional(BudgetPhase),
  ...PageQuery,
});
export type BudgetListQuery = Static<typeof BudgetListQuery>;

export const BudgetSummary = Type.Object({
  uid: Uid,
  title: Type.String(),
  year: Type.Integer(),
  community: UnitRef,
  amountCents: Type.Integer(),
  phase: BudgetPhase,
  ballotStyle: BudgetBallotStyle,
  /** approval: how many projects a voter may pick (null: any number) */
  maxChoices: Nullable(Type.Integer()),
  minProjects: Type.Integer(),
  maxProjects: Nullable(Type.Integer()),
  proposalsCloseOn: Nullable(DateOnly),
  /** every project proposed, and how many are selected or beyond */
  projectCount: Type.Integer(),
  selectedCount: Type.Integer(),
  /** the sum of the reviewed prices of the selected projects */
  allocatedCents: Type.Integer(),
  /** spent so far on the milestones of the selected projects */
  spentCents: Type.Integer(),
  /** the residents' vote (GET /api/deliberation/votes/:uid), once voting began */
  voteUid: Nullable(Uid),
  createdAt: DateTime,
  updatedAt: DateTime,
  allowedActions: Type.Array(BudgetAction),
});
export type BudgetSummary = Static<typeof BudgetSummary>;
export const BudgetPage = Page(BudgetSummary);
export type BudgetPage = Static<typeof BudgetPage>;

export const MilestoneView = Type.Object({
  uid: Uid,
  title: Type.String(),
  note: Nullable(Type.String()),
  spentCents: Type.Integer(),
  happenedOn: DateOnly,
  /** GET /api/deliberation/photos/{uid} (or, on the public board, the public photo route) */
  photos: Type.Array(Type.Object({ uid: Uid })),
  createdAt: DateTime,
});
export type MilestoneView = Static<typeof MilestoneView>;

export const ProjectSummary = Type.Object({
  uid: Uid,
  budgetUid: Uid,
  title: Type.String(),
  description: Type.String(),
  location: Nullable(Type.String()),
  estimateCents: Type.Integer(),
  /** the price the feasibility review set (the cost of choosing it in a knapsack vote) */
  priceCents: Nullable(Type.Integer()),
  status: MicroProjectStatus,
  /** the proposer's name, masked (张*明) unless it is the caller */
  proposerName: Nullable(Type.String()),
  /** the caller proposed it */
  mine: Type.Boolean(),
  /** the reviewer's note; for an unfeasible project the written explanation */
  reviewNote: Nullable(Type.String()),
  reviewedAt: Nullable(DateTime),
  /** the residents' votes, once the vote closed */
  votes: Nullable(Type.Integer()),
  spentCents: Type.Integer(),
  acceptanceNote: Nullable(Type.String()),
  acceptedAt: Nullable(DateTime),
  createdAt: DateTime,
  allowedActions: Type.Array(ProjectAction),
});
export type ProjectSummary = Static<typeof ProjectSummary>;
export const ProjectPage = Page(ProjectSummary);
export type ProjectPage = Static<typeof ProjectPage>;

export const ProjectDetail = Type.Composite([
  ProjectSummary,
  Type.Object({
    budget: Type.Object({ uid: Uid, title: Type.String(), year: Type.Integer(), phase: BudgetPhase }),
    community: UnitRef,
    milestones: Type.Array(MilestoneView),
  }),
]);
export type ProjectDetail = Static<typeof ProjectDetail>;

/** The outcome of the vote: the domain's selectProjects over the votes, with its rule in words. */
export const BudgetSelection = Type.Object({
  /** project uids in the order they were taken */
  selected: Type.Array(Uid),
  notSelected: Type.Array(Uid),
  spentCents: Type.Integer(),
  /** fewer projects were selected than the budget's minimum */
  shortOfMinimum: Type.Boolean(),
  /** the rule as shown to residents (greedy by votes, skipping what does not fit) */
  ruleText: Type.String(),
  ruleTextEn: Type.String(),
});
export type BudgetSelection = Static<typeof BudgetSelection>;

export const BudgetDetail = Type.Composite([
  BudgetSummary,
  Type.Object({
    /** every project (residents: all of their community's budget) by status, then votes, then time */
    projects: Type.Array(ProjectSummary),
    /** the vote's progress (turnout) while voting, its counts once closed */
    vote: Nullable(
      Type.Object({
        uid: Uid,
        status: Type.String(),
        eligibleCount: Type.Integer(),
        castCount: Type.Integer(),
        closesAt: Nullable(DateTime),
        closedAt: Nullable(DateTime),
      }),
    ),
    /** once selected */
    selection: Nullable(BudgetSelection),
  }),
]);
export type BudgetDetail = Static<typeof BudgetDetail>;

/** POST /api/deliberation/budgets — one budget per community and year. */
export const BudgetCreateBody = Obj({
  uid: Uid,
  /** the community */
  unit: Uid,
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  title: Text(80),
  amountCents: Cents,
  ballotStyle: BudgetBallotStyle,
  maxChoices: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  minProjects: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  maxProjects: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  proposalsCloseOn: Type.Optional(Nullable(DateOnly)),
});
export type BudgetCreateBody = Static<typeof BudgetCreateBody>;

/** PATCH /api/deliberation/budgets/:uid — only before the vote opens (proposing, reviewing). */
export const BudgetPatchBody = Obj({
  title: Type.Optional(Text(80)),
  amountCents: Type.Optional(Cents),
  ballotStyle: Type.Optional(BudgetBallotStyle),
  maxChoices: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  minProjects: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  maxProjects: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100 }))),
  proposalsCloseOn: Type.Optional(Nullable(DateOnly)),
});
export type BudgetPatchBody = Static<typeof BudgetPatchBody>;

/**
 * POST /api/deliberation/budgets/:uid/phase — the next phase only. To 'voting': every project
 * reviewed and at least one feasible; the vote opens at once (closesAt optional). To 'selected':
 * the vote closes and the selection is made.
 */
export const BudgetPhaseBody = Obj({
  to: BudgetPhase,
  closesAt: Type.Optional(DateTime),
});
export type BudgetPhaseBody = Static<typeof BudgetPhaseBody>;

// ── Projects ────────────────────────────────────────────────────────────────────────────────────
export const ProjectListQuery = Obj({
  budget: Type.Optional(Uid),
  status: Type.Optional(MicroProjectStatus),
  /** only the caller's own proposals */
  mine: Type.Optional(Type.Boolean()),
  ...PageQuery,
});
export type ProjectListQuery = Static<typeof ProjectListQuery>;

/** POST /api/deliberation/budgets/:uid/projects — a resident of the community or staff, while proposing. */
export const ProjectCreateBody = Obj({
  uid: Uid,
  title: Text(80),
  description: Text(4000),
  location: Type.Optional(Nullable(Text(128))),
  estimateCents: Cents,
});
export type ProjectCreateBody = Static<typeof ProjectCreateBody>;

/** PATCH /api/deliberation/projects/:uid — the proposer, while proposing and before review. */
export const ProjectPatchBody = Obj({
  title: Type.Optional(Text(80)),
  description: Type.Optional(Text(4000)),
  location: Type.Optional(Nullable(Text(128))),
  estimateCents: Type.Optional(Cents),
});
export type ProjectPatchBody = Static<typeof ProjectPatchBody>;

/**
 * POST /api/deliberation/projects/:uid/review — feasible needs `priceCents`; unfeasible needs
 * `note`, the written explanation, which goes to the proposer as an in-app notice. A project may
 * be reviewed again until the vote opens.
 */
export const ProjectReviewBody = Obj({
  verdict: Type.Union([Type.Literal('feasible'), Type.Literal('unfeasible')]),
  priceCents: Type.Optional(Cents),
  note: Type.Optional(Text(2000)),
});
export type ProjectReviewBody = Static<typeof ProjectReviewBody>;

/** POST /api/deliberation/projects/:uid/start and /complete (kept as a milestone of the project). */
export const ProjectStepBody = Obj({ note: Type.Optional(Text(2000)) });
export type ProjectStepBody = Static<typeof ProjectStepBody>;

/** POST /api/deliberation/projects/:uid/accept — 验收, with its written result. */
export const ProjectAcceptBody = Obj({ note: Text(2000) });
export type ProjectAcceptBody = Static<typeof ProjectAcceptBody>;

/** POST /api/deliberation/projects/:uid/milestones — photos uploaded first to PUT /api/deliberation/photos/{uid}. */
export const MilestoneCreateBody = Obj({
  uid: Uid,
  title: Text(80),
  note: Type.Optional(Nullable(Text(2000))),
  spentCents: Type.Integer({ minimum: 0, maximum: 10_000_000_000 }),
  happenedOn: DateOnly,
  photos: Type.Array(Uid, { maxItems: 9, uniqueItems: true }),
});
export type MilestoneCreateBody = Static<typeof MilestoneCreateBody>;

/** The answer of PUT /api/deliberation/photos/:id. */
export const MicroPhoto = Type.Object({ id: Uid, contentType: Type.String(), bytes: Type.Integer() });
export type MicroPhoto = Static<typeof MicroPhoto>;
