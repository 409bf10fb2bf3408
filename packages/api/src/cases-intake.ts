/**
 * Cases (事件): intake and the case's reads. The shared shapes every part of cases answers
 * with — `CaseSummary` in lists, `CaseDetail` for one case — live here; the workflow, the
 * board and the web code against them. Reporters travel masked (张*明, 138****5678); an
 * anonymous report shows no reporter to anyone but the staff who took it in.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Uid } from './common.ts';
import { Lat, Lng } from './registry.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const CaseStatus = Type.Union([
  Type.Literal('reported'),
  Type.Literal('accepted'),
  Type.Literal('rejected'),
  Type.Literal('dispatched'),
  Type.Literal('in_progress'),
  Type.Literal('resolved'),
  Type.Literal('closed'),
  Type.Literal('merged'),
]);
export type CaseStatus = Static<typeof CaseStatus>;

/** 居民自报, 网格员上报, 窗口, 热线, Open311. */
export const CaseChannel = Type.Union([
  Type.Literal('resident'),
  Type.Literal('grid'),
  Type.Literal('window'),
  Type.Literal('hotline'),
  Type.Literal('open311'),
]);
export type CaseChannel = Static<typeof CaseChannel>;

/** How a grid worker or staff came to it: on a resident's behalf (代报), on patrol (巡查), during a visit. */
export const CaseOrigin = Type.Union([Type.Literal('on_behalf'), Type.Literal('patrol'), Type.Literal('visit')]);
export type CaseOrigin = Static<typeof CaseOrigin>;

export const SlaState = Type.Union([Type.Literal('ok'), Type.Literal('due_soon'), Type.Literal('overdue')]);
export type SlaState = Static<typeof SlaState>;

export const CaseCategoryRef = Type.Object({ uid: Uid, code: Type.String(), name: Type.String() });
export const CaseUnitRef = Type.Object({ uid: Uid, name: Type.String() });
export const CaseHandlerRef = Type.Object({
  uid: Uid,
  name: Type.String(),
  kind: Type.String({ description: "the org unit's kind: 'community' or 'department'" }),
});

// ── The shared shapes ─────────────────────────────────────────────────────────────────────
export const CaseSummary = Type.Object({
  uid: Uid,
  /** 回执号, e.g. 20261123-4K7Q2M */
  receiptNo: Type.String(),
  title: Type.String(),
  category: CaseCategoryRef,
  status: CaseStatus,
  channel: CaseChannel,
  origin: Nullable(CaseOrigin),
  createdAt: DateTime,
  address: Nullable(Type.String()),
  lng: Nullable(Type.Number()),
  lat: Nullable(Type.Number()),
  /** where it happened: the grid when known, always the community */
  grid: Nullable(CaseUnitRef),
  community: CaseUnitRef,
  /** the unit handling it once dispatched (the community itself or a department) */
  handler: Nullable(CaseHandlerRef),
  responseDueAt: DateTime,
  resolveDueAt: DateTime,
  /** against resolveDueAt while open; 'ok' once resolved or closed */
  slaState: SlaState,
  overdue: Type.Boolean(),
  /** 0 the community, 1 the street, 2 the district */
  escalationLevel: Type.Integer({ minimum: 0, maximum: 2 }),
  supervised: Type.Boolean(),
  rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
});
export type CaseSummary = Static<typeof CaseSummary>;

/**
 * Who reported, as this caller may see it: masked name and phone for staff; `self` true and
 * name "我" for the reporter; null when anonymous (except to the staff who took it in) or unknown.
 */
export const CaseReporter = Type.Object({
  name: Nullable(Type.String({ description: 'masked: 张*明; 我 for the reporter' })),
  phone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  self: Type.Boolean(),
  anonymous: Type.Boolean(),
});
export type CaseReporter = Static<typeof CaseReporter>;

export const CasePhotoStage = Type.Union([Type.Literal('report'), Type.Literal('result')]);
export const CasePhoto = Type.Object({ uid: Uid, stage: CasePhotoStage });

export const CaseTimelineEvent = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  actorName: Nullable(Type.String()),
  /** report, accept, reject, dispatch, transfer, return, start, resolve, rate, reopen, close, escalate, overdue … */
  action: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  note: Nullable(Type.String()),
  detail: Nullable(Type.Record(Type.String(), Type.Unknown())),
});
export type CaseTimelineEvent = Static<typeof CaseTimelineEvent>;

export const CaseRef = Type.Object({ uid: Uid, receiptNo: Type.String(), title: Type.String() });

/** 回访: the follow-up contact after a bad rating. */
export const CaseTaskSummary = Type.Object({
  uid: Uid,
  kind: Type.Literal('follow_up'),
  dueAt: DateTime,
  status: Type.Union([Type.Literal('open'), Type.Literal('done')]),
  note: Nullable(Type.String()),
  doneAt: Nullable(DateTime),
});

export const CaseDetail = Type.Composite([
  CaseSummary,
  Type.Object({
    description: Type.String(),
    anonymous: Type.Boolean(),
    reporter: Nullable(CaseReporter),
    /** 首问负责: who first received it */
    owner: Nullable(Type.Object({ name: Type.String() })),
    assignee: Nullable(Type.Object({ uid: Uid, name: Type.String() })),
    building: Nullable(Type.Object({ uid: Uid, name: Type.String() })),
    visitUid: Nullable(Uid),
    photos: Type.Array(CasePhoto),
    result: Nullable(Type.String()),
    ratingComment: Nullable(Type.String()),
    reopenCount: Type.Integer(),
    acceptedAt: Nullable(DateTime),
    dispatchedAt: Nullable(DateTime),
    resolvedAt: Nullable(DateTime),
    closedAt: Nullable(DateTime),
    updatedAt: DateTime,
    /** oldest first */
    timeline: Type.Array(CaseTimelineEvent),
    /** the domain's allowed actions in this status, filtered by what THIS caller may do */
    allowedActions: Type.Array(Type.String()),
    /** the case this one was merged into (status 'merged') */
    mergedInto: Nullable(CaseRef),
    /** cases merged into this one: their reporters hear this case's result */
    duplicatesOf: Type.Array(CaseRef),
    /** the deliberation topic the case became (议事) */
    topicUid: Nullable(Uid),
    tasks: Type.Array(CaseTaskSummary),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

// ── Intake ────────────────────────────────────────────────────────────────────────────────
/** Photo uids come from PUT /api/cases/photos/{uid}, uploaded before the report. */
export const CasePhotoIds = Type.Array(Uid, { maxItems: 6, uniqueItems: true });

export const CaseReporterInput = Obj({
  name: Text(40),
  phone: Type.Optional(Type.String({ minLength: 5, maxLength: 20, pattern: '^[0-9+\\- ()]+$' })),
  /** the registry person, when the worker knows them */
  person: Type.Optional(Uid),
});
export type CaseReporterInput = Static<typeof CaseReporterInput>;

const reportFields = {
  /** made by the client: a retry with the same uid finds the same case */
  uid: Uid,
  category: Uid,
  title: Text(60),
  description: Text(2000),
  photos: Type.Optional(CasePhotoIds),
  /** lng + lat and/or address: at least one of them */
  lng: Type.Optional(Lng),
  lat: Type.Optional(Lat),
  address: Type.Optional(Text(128)),
  anonymous: Type.Optional(Type.Boolean()),
};

/**
 * POST /api/cases: staff or a grid worker takes a report in (首问负责: they own it). The grid
 * comes from `grid`, else from the nearest registry building within 300 m of lng/lat, else the
 * receiver's own grid (or the community).
 */
export const CreateCaseBody = Obj({
  ...reportFields,
  channel: Type.Union([Type.Literal('grid'), Type.Literal('window'), Type.Literal('hotline')]),
  origin: Type.Optional(CaseOrigin),
  building: Type.Optional(Uid),
  grid: Type.Optional(Uid),
  visitUid: Type.Optional(Uid),
  /** who reported, when on a resident's behalf, at the window or on the hotline */
  reporter: Type.Optional(CaseReporterInput),
});
export type CreateCaseBody = Static<typeof CreateCaseBody>;

/** POST /api/cases/me: a resident reports (channel 'resident'; the reporter is the account). */
export const ReportCaseBody = Obj(reportFields);
export type ReportCaseBody = Static<typeof ReportCaseBody>;

export const CaseStoredPhoto = Type.Object({ id: Uid, contentType: Type.String(), bytes: Type.Integer() });

// ── Reads ─────────────────────────────────────────────────────────────────────────────────
/** 'open' (the default): reported, accepted, dispatched, in progress, resolved; 'all': every status. */
export const CaseStatusFilter = Type.Union([CaseStatus, Type.Literal('open'), Type.Literal('all')]);
export type CaseStatusFilter = Static<typeof CaseStatusFilter>;

export const CaseListQuery = Obj({
  unit: Type.Optional(Uid),
  status: Type.Optional(CaseStatusFilter),
  category: Type.Optional(Uid),
  grid: Type.Optional(Uid),
  overdue: Type.Optional(Type.Boolean()),
  channel: Type.Optional(CaseChannel),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  ...PageQuery,
});
export type CaseListQuery = Static<typeof CaseListQuery>;

/** The console's list: newest first; `hasMore` instead of a total (no count over a subtree per page). */
export const CaseList = Type.Object({
  items: Type.Array(CaseSummary),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  hasMore: Type.Boolean(),
});
export type CaseList = Static<typeof CaseList>;

export const MyCasesQuery = Obj({ ...PageQuery });
export type MyCasesQuery = Static<typeof MyCasesQuery>;
/** My reports with their live status, including reports merged into another case (`mergedInto`). */
export const MyCaseItem = Type.Composite([
  CaseSummary,
  Type.Object({
    /** the case mine went into, with its live status: I hear its result */
    mergedInto: Nullable(Type.Composite([CaseRef, Type.Object({ status: CaseStatus })])),
  }),
]);
export type MyCaseItem = Static<typeof MyCaseItem>;
export const MyCaseList = Page(MyCaseItem);
export type MyCaseList = Static<typeof MyCaseList>;

export const CaseMapQuery = Obj({
  unit: Type.Optional(Uid),
  /** 'open' (the default) or one open status */
  status: Type.Optional(
    Type.Union([
      Type.Literal('open'),
      Type.Literal('reported'),
      Type.Literal('accepted'),
      Type.Literal('dispatched'),
      Type.Literal('in_progress'),
      Type.Literal('resolved'),
    ]),
  ),
});
export type CaseMapQuery = Static<typeof CaseMapQuery>;

/** GeoJSON (RFC 7946) of a subtree's open cases with coordinates, newest first, ≤ 2,000 points. */
export const CaseMapFeature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: Type.Object({
    type: Type.Literal('Point'),
    coordinates: Type.Tuple([Type.Number(), Type.Number()]),
  }),
  properties: Type.Object({
    uid: Uid,
    receiptNo: Type.String(),
    title: Type.String(),
    status: CaseStatus,
    category: Type.String({ description: 'the category name' }),
    overdue: Type.Boolean(),
    createdAt: DateTime,
  }),
});
export const CaseMap = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(CaseMapFeature),
  /** more open cases with coordinates than the 2,000 shown */
  truncated: Type.Boolean(),
});
export type CaseMap = Static<typeof CaseMap>;
