/**
 * Cases (事件): what a district admin keeps — the category tree with its time limits (时限) and
 * default handlers, reply templates (回复模板), the working calendar's exceptions (法定节假日 and
 * 调休), and Open311 clients (an API key is shown once, when made).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China)' });

// ── Categories (事件分类) ──────────────────────────────────────────────────────────────────
export const CaseSlaUnit = Type.Union([Type.Literal('hours'), Type.Literal('working_days')]);
export type CaseSlaUnit = Static<typeof CaseSlaUnit>;

/** A time limit: hours on the clock, or working days on the district's working calendar. */
export const CaseSla = Obj({
  amount: Type.Integer({ minimum: 1, maximum: 720 }),
  unit: CaseSlaUnit,
});
export type CaseSla = Static<typeof CaseSla>;

export const CaseCategoryCode = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,39}$',
  description: "stable; Open311's service_code, e.g. facilities.street-light",
});

export const CaseCategory = Type.Object({
  uid: Uid,
  code: Type.String(),
  name: Type.String(),
  nameEn: Nullable(Type.String()),
  description: Nullable(Type.String()),
  /** null for a top-level category */
  parentUid: Nullable(Uid),
  /** 'community': the case's community handles it; 'department': the named department */
  handlerKind: Type.Union([Type.Literal('community'), Type.Literal('department')]),
  department: Nullable(Type.Object({ uid: Uid, name: Type.String(), code: Type.String() })),
  /** respond (accept and contact the reporter) within */
  response: CaseSla,
  /** resolve within */
  resolve: CaseSla,
  /** may go to the council as a topic (议事) */
  deliberable: Type.Boolean(),
  active: Type.Boolean(),
  sort: Type.Integer(),
  /** the 兜底 category: what fits nowhere else, and where a case without a usable handler falls */
  fallback: Type.Boolean(),
});
export type CaseCategory = Static<typeof CaseCategory>;

/** A top-level category with its subcategories (the tree has two levels: 大类 and 小类). */
export const CaseCategoryGroup = Type.Composite([CaseCategory, Type.Object({ children: Type.Array(CaseCategory) })]);
export type CaseCategoryGroup = Static<typeof CaseCategoryGroup>;

/** The district's tree, by sort; inactive categories only for cases:admin. */
export const CaseCategoryTree = Type.Object({
  items: Type.Array(CaseCategoryGroup),
  /** the district's outline [west, south, east, north], for the phone's map; null when not set */
  bbox: Nullable(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()])),
});
export type CaseCategoryTree = Static<typeof CaseCategoryTree>;

const CategoryFields = {
  // lengths checked by the service (≤ 20 and ≤ 80), which names the field in the 400
  name: Type.String({ minLength: 1, maxLength: 200 }),
  nameEn: Type.Optional(Nullable(Type.String({ maxLength: 400 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  /** a top-level category's uid, or null for a top-level one */
  parent: Type.Optional(Nullable(Uid)),
  /** a department of the district; null: the community handles it */
  department: Type.Optional(Nullable(Uid)),
  response: CaseSla,
  resolve: CaseSla,
  deliberable: Type.Optional(Type.Boolean()),
  active: Type.Optional(Type.Boolean()),
  sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
};

export const CaseCategoryBody = Obj({ code: CaseCategoryCode, ...CategoryFields });
export type CaseCategoryBody = Static<typeof CaseCategoryBody>;

/** A change: only the fields given change; the code never does (Open311 clients hold it). */
export const CaseCategoryPatch = Type.Partial(Obj(CategoryFields), { additionalProperties: false });
export type CaseCategoryPatch = Static<typeof CaseCategoryPatch>;

export const CaseAdminParams = Obj({ uid: Uid });

// ── Reply templates (回复模板) ──────────────────────────────────────────────────────────────
export const CaseTemplatePurpose = Type.Union([
  Type.Literal('accept'),
  Type.Literal('reject'),
  Type.Literal('resolve'),
  Type.Literal('return'),
  Type.Literal('follow_up'),
]);
export type CaseTemplatePurpose = Static<typeof CaseTemplatePurpose>;

export const CaseTemplate = Type.Object({
  uid: Uid,
  /** null: for every category */
  category: Nullable(Type.Object({ uid: Uid, code: Type.String(), name: Type.String() })),
  purpose: CaseTemplatePurpose,
  title: Type.String(),
  body: Type.String(),
  active: Type.Boolean(),
  updatedBy: Nullable(Type.String()),
  updatedAt: DateTime,
});
export type CaseTemplate = Static<typeof CaseTemplate>;

export const CaseTemplateList = Type.Object({ items: Type.Array(CaseTemplate) });
export type CaseTemplateList = Static<typeof CaseTemplateList>;

/** With a category: its own templates first, then those for every category. */
export const CaseTemplateQuery = Obj({
  category: Type.Optional(Uid),
  purpose: Type.Optional(CaseTemplatePurpose),
});

const TemplateFields = {
  /** a category uid; null or absent: for every category */
  category: Type.Optional(Nullable(Uid)),
  purpose: CaseTemplatePurpose,
  title: Type.String({ minLength: 1, maxLength: 40, pattern: '\\S' }),
  body: Type.String({ minLength: 1, maxLength: 1000, pattern: '\\S' }),
  active: Type.Optional(Type.Boolean()),
};
export const CaseTemplateBody = Obj(TemplateFields);
export type CaseTemplateBody = Static<typeof CaseTemplateBody>;
export const CaseTemplatePatch = Type.Partial(Obj(TemplateFields), { additionalProperties: false });
export type CaseTemplatePatch = Static<typeof CaseTemplatePatch>;

// ── The working calendar (工作日历) ─────────────────────────────────────────────────────────
export const CalendarDayKind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')]);
export type CalendarDayKind = Static<typeof CalendarDayKind>;

/**
 * An exception to Monday–Friday: a holiday (a weekday off) or a 调休 workday (a weekend day
 * worked). `source` says whose: the State Council's schedule or the district's own row; a
 * district row over an official day carries the official one in `official`.
 */
export const CalendarDay = Type.Object({
  day: Day,
  kind: CalendarDayKind,
  name: Type.String(),
  source: Type.Union([Type.Literal('official'), Type.Literal('district')]),
  official: Nullable(Type.Object({ kind: CalendarDayKind, name: Type.String() })),
});
export type CalendarDay = Static<typeof CalendarDay>;

export const CalendarYear = Type.Object({
  year: Type.Integer(),
  /** by day */
  days: Type.Array(CalendarDay),
});
export type CalendarYear = Static<typeof CalendarYear>;

export const CalendarQuery = Obj({ year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) });
export const CalendarDayParams = Obj({ day: Day });
export const CalendarDayBody = Obj({
  kind: CalendarDayKind,
  /** e.g. 国庆节, 春节调休, 台风停工 */
  name: Type.String({ minLength: 1, maxLength: 20, pattern: '\\S' }),
});
export type CalendarDayBody = Static<typeof CalendarDayBody>;

/** After DELETE: the day as it now stands (the official entry, or null for an ordinary day). */
export const CalendarDayReset = Type.Object({ day: Day, now: Nullable(CalendarDay) });
export type CalendarDayReset = Static<typeof CalendarDayReset>;

// ── Open311 clients ──────────────────────────────────────────────────────────────────────
export const Open311Client = Type.Object({
  uid: Uid,
  name: Type.String(),
  /** the key's last characters, to tell keys apart; the key itself is never shown again */
  keyHint: Type.String(),
  active: Type.Boolean(),
  createdAt: DateTime,
  createdBy: Nullable(Type.String()),
  /** the technical account its requests are reported as */
  username: Type.String(),
});
export type Open311Client = Static<typeof Open311Client>;

export const Open311ClientList = Type.Object({ items: Type.Array(Open311Client) });
export type Open311ClientList = Static<typeof Open311ClientList>;

export const Open311ClientBody = Obj({ name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }) });
export type Open311ClientBody = Static<typeof Open311ClientBody>;

/** The new client with its api_key: shown this once, only its SHA-256 is kept. */
export const Open311ClientCreated = Type.Composite([Open311Client, Type.Object({ apiKey: Type.String() })]);
export type Open311ClientCreated = Static<typeof Open311ClientCreated>;
