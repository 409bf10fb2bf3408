/**
 * Points (积分制): earning. A resident claims a rule with evidence from their phone (申报), staff
 * review the claim (approve / reject with a reason / ask for more), and an approved claim becomes
 * a ledger transfer. Staff may also award or deduct directly; a deduction's reason is shown to
 * the person.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Page, PageQuery, Uid } from './common.ts';
import { RuleAppliesTo, RuleCategory, RuleCode, RuleEvidence } from './points-catalogue.ts';
import { DateOnly } from './registry.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/**
 * pending → approved | rejected | needs_info; needs_info → pending (the resident replies);
 * pending | needs_info → withdrawn (by the claimant). Approved, rejected and withdrawn are final.
 */
export const ClaimStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('needs_info'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('withdrawn'),
]);
export type ClaimStatus = Static<typeof ClaimStatus>;

/** A resident on their phone, staff on someone's behalf, or a grid worker during a visit. */
export const ClaimSource = Type.Union([Type.Literal('resident'), Type.Literal('staff'), Type.Literal('visit')]);
export type ClaimSource = Static<typeof ClaimSource>;

export const ClaimAction = Type.Union([
  Type.Literal('submitted'),
  Type.Literal('info_requested'),
  Type.Literal('info_added'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('withdrawn'),
]);
export type ClaimAction = Static<typeof ClaimAction>;

/** Photo ids come from PUT /api/points/photos/{id}, uploaded before the claim. */
export const PointsPhotoIds = Type.Array(Uid, { maxItems: 9, uniqueItems: true });

/** POST /api/points/me/claims: I did this (the rule), on that day, and here is the evidence. */
export const ClaimBody = Obj({
  rule: Uid,
  occurredOn: DateOnly,
  description: Text(500),
  photos: PointsPhotoIds,
  witness: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
});
export type ClaimBody = Static<typeof ClaimBody>;

/** The answer to "please add …" (needs_info → pending). */
export const ClaimReplyBody = Obj({ note: Text(500), photos: PointsPhotoIds });
export type ClaimReplyBody = Static<typeof ClaimReplyBody>;

export const ApproveClaimBody = Obj({ note: Type.Optional(Type.String({ maxLength: 500 })) });
export const RejectClaimBody = Obj({ reason: Text(500) });
export const RequestInfoBody = Obj({ note: Text(500) });
export type ApproveClaimBody = Static<typeof ApproveClaimBody>;
export type RejectClaimBody = Static<typeof RejectClaimBody>;
export type RequestInfoBody = Static<typeof RequestInfoBody>;

/** The rule as the claim was made under it (the version stays, whatever the rule became). */
export const ClaimRule = Type.Object({
  id: Uid,
  code: RuleCode,
  category: RuleCategory,
  version: Type.Integer(),
  title: Type.String(),
  points: Type.Integer(),
  appliesTo: RuleAppliesTo,
  evidence: Type.Array(RuleEvidence),
});

export const ClaimEvent = Type.Object({
  action: ClaimAction,
  note: Nullable(Type.String()),
  photos: Type.Array(Uid),
  actor: Type.String(),
  at: DateTime,
});

export const ClaimSummary = Type.Object({
  id: Uid,
  status: ClaimStatus,
  source: ClaimSource,
  rule: ClaimRule,
  person: Type.Object({ id: Uid, name: Type.String() }),
  household: Nullable(Type.Object({ id: Uid })),
  community: Type.Object({ id: Uid, name: Type.String() }),
  grid: Nullable(Type.Object({ id: Uid, name: Type.String() })),
  occurredOn: DateOnly,
  description: Type.String(),
  photos: Type.Integer(),
  /** the reviewer's last word: what to add, or why it was refused */
  reviewNote: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type ClaimSummary = Static<typeof ClaimSummary>;

/** A claim with its evidence and timeline (submitted, asked for more, answered, decided). */
export const Claim = Type.Composite([
  ClaimSummary,
  Type.Object({
    photoIds: Type.Array(Uid),
    witness: Nullable(Type.String()),
    claimedBy: Type.String(),
    reviewedBy: Nullable(Type.String()),
    reviewedAt: Nullable(DateTime),
    /** the transfer an approval made */
    transfer: Nullable(Type.Object({ id: Uid, amount: Type.Integer() })),
    /** evidence the rule asks for that the claim lacks (reviewers see it before approving) */
    missing: Type.Array(RuleEvidence),
    timeline: Type.Array(ClaimEvent),
  }),
]);
export type Claim = Static<typeof Claim>;

/** The review queue: claims in my area (or one unit of it), oldest first. */
export const ClaimListQuery = Obj({
  unit: Type.Optional(Uid),
  status: Type.Optional(ClaimStatus),
  ...PageQuery,
});
/** My own claims, newest first. */
export const MyClaimsQuery = Obj({ status: Type.Optional(ClaimStatus), ...PageQuery });
export const ClaimList = Page(ClaimSummary);
export type ClaimList = Static<typeof ClaimList>;

/**
 * POST /api/points/awards: staff award (rule points > 0) or deduct (< 0) directly, to a person
 * or a household (exactly one). A deduction needs a reason, which the person sees.
 */
export const AwardBody = Obj({
  person: Type.Optional(Uid),
  household: Type.Optional(Uid),
  rule: Uid,
  occurredOn: DateOnly,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});
export type AwardBody = Static<typeof AwardBody>;

export const AwardResult = Type.Object({
  transfer: Type.Object({
    id: Uid,
    kind: Type.Union([Type.Literal('award'), Type.Literal('deduct')]),
    /** signed: + awarded, − deducted */
    amount: Type.Integer(),
    occurredOn: DateOnly,
    reason: Nullable(Type.String()),
  }),
  account: Type.Object({ id: Uid, kind: RuleAppliesTo, balance: Type.Integer() }),
  rule: ClaimRule,
});
export type AwardResult = Static<typeof AwardResult>;

export const PointsPhoto = Type.Object({ id: Uid, contentType: Type.String(), bytes: Type.Integer() });
