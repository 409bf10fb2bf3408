/**
 * Cases (事件): the public board (办结公示), satisfaction (满意度) and duplicates ("same problem?",
 * merging). The board is public and shows no reporter, no house number and only the photos of
 * the result; satisfaction comes from the monthly tally, never from the cases themselves.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CaseRef, CaseStatus } from './cases-intake.ts';
import { Page, PageQuery, Uid } from './common.ts';
import { Lat, Lng } from './registry.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
/** 'YYYY-MM': a calendar month in Asia/Shanghai. */
const YearMonth = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });

// ── Public board (办结公示) ───────────────────────────────────────────────────────────────
export const PublicCaseQuery = Obj({
  /** the community's code, e.g. 440704001001 */
  community: Type.String({ pattern: '^[0-9]{6,15}$' }),
  ...PageQuery,
});
export type PublicCaseQuery = Static<typeof PublicCaseQuery>;

export const PublicCaseParams = Obj({ receiptNo: Type.String({ pattern: '^\\d{8}-[0-9A-HJKMNP-TV-Z]{6}$' }) });

/** A resolved or closed case as anyone may see it: no reporter, no house number. */
export const PublicCase = Type.Object({
  receiptNo: Type.String(),
  title: Type.String(),
  category: Type.Object({ code: Type.String(), name: Type.String() }),
  community: Type.Object({ code: Type.String(), name: Type.String() }),
  status: Type.Union([Type.Literal('resolved'), Type.Literal('closed')]),
  /** the street or place, without house or room numbers */
  address: Nullable(Type.String()),
  /** the unit that handled it (the community or a department) */
  handler: Nullable(Type.Object({ name: Type.String() })),
  createdAt: DateTime,
  resolvedAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  result: Nullable(Type.String()),
  rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
});
export type PublicCase = Static<typeof PublicCase>;
export const PublicCaseList = Page(PublicCase);
export type PublicCaseList = Static<typeof PublicCaseList>;

/** One public case: its steps (what and when, never who or why) and the result's photos. */
export const PublicCaseDetail = Type.Composite([
  PublicCase,
  Type.Object({
    steps: Type.Array(Type.Object({ at: DateTime, action: Type.String() })),
    /** GET /api/public/cases/{receiptNo}/photos/{uid} */
    photos: Type.Array(Type.Object({ uid: Uid })),
  }),
]);
export type PublicCaseDetail = Static<typeof PublicCaseDetail>;
export const PublicCasePhotoParams = Obj({
  receiptNo: Type.String({ pattern: '^\\d{8}-[0-9A-HJKMNP-TV-Z]{6}$' }),
  uid: Uid,
});

// ── Satisfaction (满意度) ─────────────────────────────────────────────────────────────────
export const SatisfactionBy = Type.Union([
  Type.Literal('department'),
  Type.Literal('community'),
  Type.Literal('category'),
]);
export type SatisfactionBy = Static<typeof SatisfactionBy>;

export const SatisfactionQuery = Obj({
  /** the subtree (default: the caller's widest unit with cases:read) */
  unit: Type.Optional(Uid),
  /** months in Asia/Shanghai, inclusive; default the current month; at most 36 months */
  from: Type.Optional(YearMonth),
  to: Type.Optional(YearMonth),
  /** department: the handling unit (a community handling its own cases counts as itself) */
  by: Type.Optional(SatisfactionBy),
});
export type SatisfactionQuery = Static<typeof SatisfactionQuery>;

export const SatisfactionFigures = Type.Object({
  resolved: Type.Integer(),
  overdue: Type.Integer(),
  rated: Type.Integer(),
  /** ratings 4 and 5 */
  satisfied: Type.Integer(),
  /** satisfied / rated in percent, one decimal; null when nothing was rated */
  satisfactionPct: Nullable(Type.Number()),
  /** two decimals; null when nothing was rated */
  meanRating: Nullable(Type.Number()),
  /** the histogram bucket bound (hours) where the median / 90th percentile case falls; null when
   * nothing was resolved or it falls beyond the last bound (see `beyondHours`) */
  p50Hours: Nullable(Type.Number()),
  p90Hours: Nullable(Type.Number()),
  /** the last finite bucket bound: a null percentile with resolved > 0 means "more than this" */
  beyondHours: Type.Number(),
});
export type SatisfactionFigures = Static<typeof SatisfactionFigures>;

export const SatisfactionRow = Type.Composite([
  Type.Object({
    key: Type.Object({
      uid: Uid,
      name: Type.String(),
      code: Type.String({ description: "the unit's or the category's code" }),
    }),
  }),
  SatisfactionFigures,
]);
export type SatisfactionRow = Static<typeof SatisfactionRow>;

export const Satisfaction = Type.Object({
  unit: Type.Object({ uid: Uid, name: Type.String() }),
  from: YearMonth,
  to: YearMonth,
  by: SatisfactionBy,
  /** most resolved first */
  rows: Type.Array(SatisfactionRow),
  total: SatisfactionFigures,
});
export type Satisfaction = Static<typeof Satisfaction>;

// ── Duplicates ("same problem?") ──────────────────────────────────────────────────────────
export const NearbyQuery = Obj({ category: Uid, lng: Lng, lat: Lat });
export type NearbyQuery = Static<typeof NearbyQuery>;

/** An open case of the same category within 50 m reported in the last 3 days, masked. */
export const NearbyCase = Type.Object({
  uid: Uid,
  receiptNo: Type.String(),
  title: Type.String(),
  status: CaseStatus,
  /** without house or room numbers */
  address: Nullable(Type.String()),
  createdAt: DateTime,
  distanceMeters: Type.Integer(),
});
export type NearbyCase = Static<typeof NearbyCase>;
export const NearbyCases = Type.Object({ items: Type.Array(NearbyCase) });
export type NearbyCases = Static<typeof NearbyCases>;

/** POST /api/cases/{uid}/merge: this case is the same as `into` (an open case). */
export const MergeCaseBody = Obj({ into: Uid, note: Type.Optional(Type.String({ maxLength: 500 })) });
export type MergeCaseBody = Static<typeof MergeCaseBody>;
export const MergeCaseResult = Type.Object({
  uid: Uid,
  status: Type.Literal('merged'),
  mergedInto: CaseRef,
  /** reporters the target now has from merged cases (its own reporter not counted) */
  reporters: Type.Integer(),
});
export type MergeCaseResult = Static<typeof MergeCaseResult>;
