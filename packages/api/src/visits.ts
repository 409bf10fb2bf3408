/**
 * Home visits (六必访, 民情日记): visit rules, must-visit lists with the household cards the
 * phone app keeps offline, the sync of visit records made offline, photos, diaries and
 * coverage. Persons travel masked here as everywhere.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Uid } from './common.ts';
import { DateOnly, GridRef, Lat, Lng } from './registry.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

/** 'YYYY-MM': a calendar month in Asia/Shanghai. */
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
export const DateTime = Type.String({ format: 'date-time' });

export const VisitFrequency = Type.Union([
  Type.Literal('weekly'),
  Type.Literal('monthly'),
  Type.Literal('quarterly'),
  Type.Literal('none'),
]);
export type VisitFrequency = Static<typeof VisitFrequency>;

/** 入户走访, 电话, 视频, 外出偶遇. */
export const VisitMethod = Type.Union([
  Type.Literal('home'),
  Type.Literal('phone'),
  Type.Literal('video'),
  Type.Literal('outside'),
]);
export type VisitMethod = Static<typeof VisitMethod>;

/** What was found (四到四清): 需求, 隐患, 矛盾纠纷, 生活状况, 其他. */
export const FindingKind = Type.Union([
  Type.Literal('need'),
  Type.Literal('risk'),
  Type.Literal('conflict'),
  Type.Literal('living'),
  Type.Literal('other'),
]);
export type FindingKind = Static<typeof FindingKind>;
export const Finding = Obj({ kind: FindingKind, text: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) });

const TagName = Type.Object({ code: Type.String(), name: Type.String() });
const UnitName = Type.Object({ id: Uid, name: Type.String() });
const WorkerRef = Type.Object({ id: Uid, name: Type.String() });

// ── Rules ─────────────────────────────────────────────────────────────────────────────────
export const VisitRulesQuery = Obj({ community: Uid });
export const VisitRule = Type.Object({
  tag: TagName,
  frequency: VisitFrequency,
  /** what the domain prescribes (六必访: monthly) and whether this community changed it */
  defaultFrequency: VisitFrequency,
  source: Type.Union([Type.Literal('default'), Type.Literal('community')]),
});
export const VisitRules = Type.Object({ community: UnitName, rules: Type.Array(VisitRule) });
export type VisitRules = Static<typeof VisitRules>;
export const VisitRulesBody = Obj({
  community: Uid,
  rules: Type.Array(Obj({ tag: Type.String({ minLength: 1, maxLength: 40 }), frequency: VisitFrequency }), {
    minItems: 1,
    maxItems: 100,
  }),
});

// ── Must-visit lists (必访清单) ───────────────────────────────────────────────────────────
export const RebuildPlansBody = Obj({ unit: Uid, month: Type.Optional(Month) });
export const RebuildPlansResult = Type.Object({
  month: Month,
  created: Type.Integer(),
  updated: Type.Integer(),
  cancelled: Type.Integer(),
});

export const DueStatus = Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]);

/** A person on a household card: enough to greet them at the door, masked. */
export const CardPerson = Type.Object({
  id: Uid,
  name: Type.String(),
  gender: Nullable(Type.Union([Type.Literal('male'), Type.Literal('female')])),
  age: Nullable(Type.Integer()),
  relationName: Nullable(Type.String()),
  phone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  tags: Type.Array(TagName),
});
export const LastVisit = Type.Object({
  id: Uid,
  visitedAt: DateTime,
  method: VisitMethod,
  worker: Type.String(),
  summary: Type.String({ description: 'the first 200 characters' }),
});
/** 户情卡: what the worker needs at the door, cached on the phone for offline use. */
export const HouseholdCard = Type.Object({
  householdId: Nullable(Uid),
  address: Nullable(Type.String()),
  members: Type.Array(CardPerson),
  lastVisit: Nullable(LastVisit),
});

export const DueItem = Type.Object({
  id: Uid,
  grid: GridRef,
  assignee: Nullable(WorkerRef),
  reasons: Type.Array(TagName),
  frequency: VisitFrequency,
  periodStart: DateOnly,
  periodEnd: DateOnly,
  status: DueStatus,
  /** open after its period ended */
  overdue: Type.Boolean(),
  visitId: Nullable(Uid),
  card: HouseholdCard,
});
export type DueItem = Static<typeof DueItem>;

/** The grid worker's own list for a month, cards included: the phone app stores it whole. */
export const MyVisitListQuery = Obj({ month: Type.Optional(Month) });
export const MyVisitList = Type.Object({
  month: Month,
  today: DateOnly,
  generatedAt: DateTime,
  items: Type.Array(DueItem),
});
export type MyVisitList = Static<typeof MyVisitList>;

/** Supervisors' lists: a unit's items for a month, e.g. the overdue ones (督访). */
export const DueListQuery = Obj({
  unit: Type.Optional(Uid),
  month: Type.Optional(Month),
  status: Type.Optional(Type.Union([DueStatus, Type.Literal('overdue')])),
  ...PageQuery,
});
export const DueList = Page(DueItem);

// ── Records (民情日记) and sync ───────────────────────────────────────────────────────────
/**
 * A visit as the device holds it. `id` is made by the device; `baseRevision` is the revision
 * the edit started from (0 for a new record); `recordedAt` is the device's clock at the edit.
 */
export const VisitInput = Obj({
  id: Uid,
  baseRevision: Type.Integer({ minimum: 0 }),
  householdId: Type.Optional(Nullable(Uid)),
  personIds: Type.Array(Uid, { maxItems: 30 }),
  visitedAt: DateTime,
  recordedAt: DateTime,
  method: VisitMethod,
  summary: Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S' }),
  findings: Type.Array(Finding, { maxItems: 20 }),
  location: Type.Optional(Nullable(Obj({ lng: Lng, lat: Lat }))),
  /** stored_file ids of photos uploaded before the record (PUT /api/visits/photos/{id}) */
  photoIds: Type.Array(Uid, { maxItems: 9 }),
  /**
   * A points claim started from the visit (积分): the person visited did what the rule rewards.
   * Filed as a pending claim (source 'visit') for staff to review; `uid` is made by the device.
   */
  award: Type.Optional(
    Obj({
      uid: Uid,
      personId: Uid,
      ruleUid: Uid,
      note: Type.Optional(Type.String({ maxLength: 500 })),
    }),
  ),
});
export type VisitInput = Static<typeof VisitInput>;

export const SyncBody = Obj({
  deviceId: Type.String({ minLength: 1, maxLength: 64 }),
  records: Type.Array(VisitInput, { minItems: 1, maxItems: 50 }),
});
export type SyncBody = Static<typeof SyncBody>;

/**
 * What became of each record. `conflict`: another device edited the same revision first;
 * both edits are kept and the one made later (device time) is the current one.
 */
export const SyncOutcome = Type.Union([
  Type.Literal('created'),
  Type.Literal('updated'),
  Type.Literal('unchanged'),
  Type.Literal('conflict'),
  Type.Literal('rejected'),
]);
export const SyncResult = Type.Object({
  id: Uid,
  outcome: SyncOutcome,
  revision: Nullable(Type.Integer()),
  error: Type.Optional(
    Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
  ),
});
export type SyncResult = Static<typeof SyncResult>;
export const SyncResponse = Type.Object({ serverTime: DateTime, results: Type.Array(SyncResult) });
export type SyncResponse = Static<typeof SyncResponse>;

export const StoredPhoto = Type.Object({ id: Uid, contentType: Type.String(), bytes: Type.Integer() });

export const VisitSummary = Type.Object({
  id: Uid,
  grid: GridRef,
  worker: WorkerRef,
  household: Nullable(Type.Object({ id: Uid, address: Nullable(Type.String()) })),
  persons: Type.Array(Type.Object({ id: Uid, name: Type.String() })),
  visitedAt: DateTime,
  method: VisitMethod,
  summary: Type.String(),
  findings: Type.Array(Finding),
  photos: Type.Integer(),
  revision: Type.Integer(),
  conflict: Type.Boolean(),
  receivedAt: DateTime,
});
export type VisitSummary = Static<typeof VisitSummary>;

export const VisitRevision = Type.Object({
  baseRevision: Type.Integer(),
  applied: Type.Boolean(),
  deviceId: Nullable(Type.String()),
  recordedAt: DateTime,
  receivedAt: DateTime,
  summary: Type.String(),
  findings: Type.Array(Finding),
  method: VisitMethod,
  visitedAt: DateTime,
});
export const VisitDetail = Type.Composite([
  VisitSummary,
  Type.Object({
    location: Nullable(Type.Object({ lng: Type.Number(), lat: Type.Number() })),
    photoIds: Type.Array(Uid),
    deviceId: Nullable(Type.String()),
    recordedAt: DateTime,
    createdAt: DateTime,
    /** every edit that reached the server, oldest first; more than one when edited twice */
    revisions: Type.Array(VisitRevision),
    /** what was started from this visit in other modules */
    links: Type.Object({ caseId: Nullable(Uid), awardId: Nullable(Uid) }),
    canEdit: Type.Boolean(),
  }),
]);
export type VisitDetail = Static<typeof VisitDetail>;

export const VisitListQuery = Obj({
  unit: Type.Optional(Uid),
  household: Type.Optional(Uid),
  person: Type.Optional(Uid),
  worker: Type.Optional(Uid),
  from: Type.Optional(DateOnly),
  to: Type.Optional(DateOnly),
  finding: Type.Optional(FindingKind),
  ...PageQuery,
});
export const VisitList = Page(VisitSummary);

// ── Coverage ──────────────────────────────────────────────────────────────────────────────
export const CoverageQuery = Obj({ unit: Type.Optional(Uid), month: Type.Optional(Month) });
export const CoverageRow = Type.Object({
  unit: Type.Object({ id: Uid, name: Type.String(), kind: Type.String() }),
  due: Type.Integer(),
  done: Type.Integer(),
  /** open after the end of their period */
  overdue: Type.Integer(),
  /** done / due, 0..1; null when nothing was due */
  rate: Nullable(Type.Number()),
  visits: Type.Integer(),
});
export const Coverage = Type.Object({
  unit: Type.Object({ id: Uid, name: Type.String(), kind: Type.String() }),
  month: Month,
  total: CoverageRow,
  /** the unit's children: streets of a district, communities of a street, grids of a community */
  rows: Type.Array(CoverageRow),
  workers: Type.Array(Type.Object({ worker: WorkerRef, grid: Type.String(), visits: Type.Integer() })),
  findings: Type.Array(Type.Object({ kind: FindingKind, count: Type.Integer() })),
});
export type Coverage = Static<typeof Coverage>;
