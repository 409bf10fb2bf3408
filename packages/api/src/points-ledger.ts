/**
 * Points ledger (积分账本): holders' accounts with their balances, each account's entries, the
 * reversal of a transfer, and a resident's own points (/api/points/me). Names of other people
 * travel as the registry's lists show them; phones always masked.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Name, Page, PageQuery, Reason, Uid } from './common.ts';
import { DateOnly, GridRef } from './registry.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });

/** A resident's account: 个人, 家庭 (户), 党员 (party members' own points). */
export const PointsHolderKind = Type.Union([
  Type.Literal('person'),
  Type.Literal('household'),
  Type.Literal('party_member'),
]);
export type PointsHolderKind = Static<typeof PointsHolderKind>;

/** 奖励, 扣减, 申报, 事件 (from another module, e.g. a visit), 兑换, 退还, 冲正. */
export const PointsTransferKind = Type.Union([
  Type.Literal('award'),
  Type.Literal('deduct'),
  Type.Literal('claim'),
  Type.Literal('event'),
  Type.Literal('redeem'),
  Type.Literal('refund'),
  Type.Literal('reversal'),
]);
export type PointsTransferKind = Static<typeof PointsTransferKind>;

const UnitName = Type.Object({ id: Uid, name: Type.String() });

// ── Accounts ──────────────────────────────────────────────────────────────────────────────
export const PointsAccountsQuery = Obj({
  /** a unit of my scope: street, community or grid */
  unit: Type.Optional(Uid),
  kind: Type.Optional(PointsHolderKind),
  /** part of the holder's name (a household: its head's) or the household number */
  q: Type.Optional(Name(32)),
  /** one person's accounts: their own (个人, 党员) and their current household's */
  person: Type.Optional(Uid),
  /** 'balance' (highest first, the default) or 'name' */
  sort: Type.Optional(Type.Union([Type.Literal('balance'), Type.Literal('name')])),
  ...PageQuery,
});
export type PointsAccountsQuery = Static<typeof PointsAccountsQuery>;

export const PointsAccountItem = Type.Object({
  id: Uid,
  kind: PointsHolderKind,
  /** the person; for a household, its head (户主) */
  name: Type.String(),
  phone: Nullable(Type.String({ description: 'masked: 138****5678' })),
  /** the person's uid (person, party_member) or the household's head's */
  personId: Nullable(Uid),
  householdId: Nullable(Uid),
  householdNumber: Nullable(Type.String()),
  grid: GridRef,
  balance: Type.Integer(),
  entries: Type.Integer(),
  lastEntryAt: Nullable(DateTime),
});
export type PointsAccountItem = Static<typeof PointsAccountItem>;
export const PointsAccountList = Page(PointsAccountItem);
export type PointsAccountList = Static<typeof PointsAccountList>;

export const PointsAccountDetail = Type.Intersect([
  PointsAccountItem,
  Type.Object({
    community: UnitName,
    /** the household's current members (household accounts only) */
    members: Type.Array(Type.Object({ id: Uid, name: Type.String() })),
    /** earned (awards − deductions, reversals counted) in this calendar month and year, China time */
    earnedThisMonth: Type.Integer(),
    earnedThisYear: Type.Integer(),
    /** spent in the points store, net of refunds, all time */
    spent: Type.Integer(),
    canReverse: Type.Boolean({ description: 'the viewer may reverse this account’s transfers' }),
  }),
]);
export type PointsAccountDetail = Static<typeof PointsAccountDetail>;

// ── Entries ───────────────────────────────────────────────────────────────────────────────
export const PointsEntriesQuery = Obj({ ...PageQuery });

export const PointsEntry = Type.Object({
  /** the transfer's uid: what a reversal names */
  transferId: Uid,
  seq: Type.Integer(),
  at: DateTime,
  /** the day of the deed (caps and rankings count by it) */
  occurredOn: DateOnly,
  kind: PointsTransferKind,
  rule: Nullable(Type.Object({ id: Uid, code: Type.String(), title: Type.String(), version: Type.Integer() })),
  /** + into this account, − out of it */
  amount: Type.Integer(),
  balanceAfter: Type.Integer(),
  reason: Nullable(Type.String()),
  /** the transfer this one reverses (kind 'reversal') */
  reverses: Nullable(Uid),
  /** the reversal that undid this one */
  reversedBy: Nullable(Uid),
  /** can still be reversed (not itself a reversal, redemption or refund, and not reversed yet) */
  reversible: Type.Boolean(),
});
export type PointsEntry = Static<typeof PointsEntry>;
export const PointsEntryList = Page(PointsEntry);
export type PointsEntryList = Static<typeof PointsEntryList>;

// ── Reversal (冲正) ─────────────────────────────────────────────────────────────────────────
export const PointsReverseBody = Obj({ reason: Reason });
export type PointsReverseBody = Static<typeof PointsReverseBody>;

/** A posted transfer as its writer sees it. */
export const PointsTransfer = Type.Object({
  id: Uid,
  kind: PointsTransferKind,
  amount: Type.Integer(),
  occurredOn: DateOnly,
  createdAt: DateTime,
  reason: Nullable(Type.String()),
  reverses: Nullable(Uid),
  entries: Type.Array(
    Type.Object({
      account: Uid,
      accountKind: Type.String(),
      seq: Type.Integer(),
      amount: Type.Integer(),
      balanceAfter: Type.Integer(),
    }),
  ),
});
export type PointsTransfer = Static<typeof PointsTransfer>;

// ── My points (居民) ────────────────────────────────────────────────────────────────────────
export const PointsMyAccount = Type.Object({
  id: Uid,
  kind: PointsHolderKind,
  balance: Type.Integer(),
  earnedThisMonth: Type.Integer(),
  community: UnitName,
  grid: GridRef,
});
export type PointsMyAccount = Static<typeof PointsMyAccount>;

export const PointsMyEntry = Type.Intersect([
  Type.Omit(PointsEntry, ['reversible', 'reversedBy']),
  Type.Object({ account: Uid, accountKind: PointsHolderKind, reversed: Type.Boolean() }),
]);
export type PointsMyEntry = Static<typeof PointsMyEntry>;

export const PointsMe = Type.Object({
  person: Type.Object({ id: Uid, name: Type.String() }),
  /** my person account, my household's, and my party member account when I am one; an account
   *  opens with its first points, so one not opened yet is not listed (none yet: []) */
  accounts: Type.Array(PointsMyAccount),
  /** my last 20 entries across my accounts, newest first */
  recent: Type.Array(PointsMyEntry),
});
export type PointsMe = Static<typeof PointsMe>;

export const PointsMyEntriesQuery = Obj({ account: Type.Optional(Uid), ...PageQuery });
export type PointsMyEntriesQuery = Static<typeof PointsMyEntriesQuery>;
export const PointsMyEntryList = Page(PointsMyEntry);
export type PointsMyEntryList = Static<typeof PointsMyEntryList>;
