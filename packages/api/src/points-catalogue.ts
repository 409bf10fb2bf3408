/**
 * Points (积分制): the rule catalogue drawn from the village code (村规民约 / 居民公约). A rule
 * belongs to the unit that defined it (district, street or community); a community sees its
 * own rules and every rule of the units above it. A rule's content lives in versions: an entry
 * keeps the version it was awarded under, so editing a rule never changes what was awarded.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Uid } from './common.ts';
import { DateOnly } from './registry.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });

/** 社会公德, 环境卫生, 邻里和谐, 移风易俗, 志愿服务, 议事协商, 党员责任岗, 其他. */
export const RuleCategory = Type.Union([
  Type.Literal('morality'),
  Type.Literal('environment'),
  Type.Literal('harmony'),
  Type.Literal('customs'),
  Type.Literal('volunteering'),
  Type.Literal('deliberation'),
  Type.Literal('party_duty'),
  Type.Literal('other'),
]);
export type RuleCategory = Static<typeof RuleCategory>;

/** Whose account the points go to: the person, their household, or their party-member account. */
export const RuleAppliesTo = Type.Union([
  Type.Literal('person'),
  Type.Literal('household'),
  Type.Literal('party_member'),
]);
export type RuleAppliesTo = Static<typeof RuleAppliesTo>;

/** What a claim must carry: ≥ 1 photo, a witness's name, or a staff member's confirmation in person. */
export const RuleEvidence = Type.Union([Type.Literal('photo'), Type.Literal('witness'), Type.Literal('staff')]);
export type RuleEvidence = Static<typeof RuleEvidence>;

export const RuleCode = Type.String({ pattern: '^[A-Za-z0-9-]{1,32}$', description: 'e.g. ENV-01' });

/** Points of a rule: + earns, − deducts; never 0 (refused by the service, naming the field), never fractional. */
export const RulePoints = Type.Integer({ minimum: -10000, maximum: 10000 });

/** The content of one version of a rule (PUT makes a new version of it). */
export const RuleVersionBody = Obj({
  title: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  points: RulePoints,
  appliesTo: RuleAppliesTo,
  evidence: Type.Array(RuleEvidence, { maxItems: 3, uniqueItems: true }),
  /** residents may claim it from their phone; otherwise only staff award it */
  claimable: Type.Boolean(),
  /** the most points one account may earn from the rule in a calendar month / year (China time) */
  capMonth: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
  capYear: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
  /** default: today */
  validFrom: Type.Optional(DateOnly),
  validUntil: Type.Optional(Nullable(DateOnly)),
});
export type RuleVersionBody = Static<typeof RuleVersionBody>;

/** A new rule, owned by a district, street or community. */
export const RuleBody = Type.Composite([Obj({ unit: Uid, code: RuleCode, category: RuleCategory }), RuleVersionBody], {
  additionalProperties: false,
});
export type RuleBody = Static<typeof RuleBody>;

export const RuleVersion = Type.Object({
  version: Type.Integer(),
  title: Type.String(),
  description: Nullable(Type.String()),
  points: Type.Integer(),
  appliesTo: RuleAppliesTo,
  evidence: Type.Array(RuleEvidence),
  claimable: Type.Boolean(),
  capMonth: Nullable(Type.Integer()),
  capYear: Nullable(Type.Integer()),
  validFrom: DateOnly,
  validUntil: Nullable(DateOnly),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
});
export type RuleVersion = Static<typeof RuleVersion>;

export const RuleOwner = Type.Object({
  id: Uid,
  name: Type.String(),
  kind: Type.Union([Type.Literal('district'), Type.Literal('street'), Type.Literal('community')]),
  code: Type.String(),
});

/**
 * A rule with its newest version (`current`). In a catalogue, `inherited` says it was defined
 * by a unit above the community; `versions` (oldest first) only in GET /api/points/rules/{id}.
 */
export const Rule = Type.Object({
  id: Uid,
  code: RuleCode,
  category: RuleCategory,
  owner: RuleOwner,
  inherited: Type.Boolean(),
  retiredAt: Nullable(Type.String({ format: 'date-time' })),
  current: RuleVersion,
  /** the version valid today, when it is not the newest (a new version starting later) */
  validToday: Type.Boolean(),
  versions: Type.Optional(Type.Array(RuleVersion)),
});
export type Rule = Static<typeof Rule>;

export const CatalogueQuery = Obj({
  community: Uid,
  /** staff only: list retired rules too */
  retired: Type.Optional(Type.Boolean()),
});

export const CatalogueCategory = Type.Object({
  category: RuleCategory,
  /** the category's name in the request's language */
  name: Type.String(),
  rules: Type.Array(Rule),
});

/**
 * A community's catalogue: own and inherited rules grouped by category, in category order.
 * A resident sees only the rules they may claim today (valid, claimable, not retired).
 */
export const Catalogue = Type.Object({
  community: Type.Object({ id: Uid, name: Type.String(), code: Type.String() }),
  today: DateOnly,
  categories: Type.Array(CatalogueCategory),
});
export type Catalogue = Static<typeof Catalogue>;

export const RuleParams = Obj({ uid: Uid });
export const RetireRuleBody = Obj({ reason: Type.Optional(Type.String({ maxLength: 500 })) });
