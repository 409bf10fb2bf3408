/**
 * The points ledger (积分账本): the one place points move. Every movement is a transfer between
 * two accounts, written as two chained entries that sum to zero, with both account rows locked
 * in id order so concurrent transfers neither deadlock nor lose an update. Other parts of the
 * points module call only this to award, deduct, redeem, refund or reverse.
 *
 * A transfer is written by two statements: lock both accounts, then one statement (data-modifying
 * CTEs) that inserts the transfer and both entries, moves both balances and keeps the holder's
 * monthly earned total. With finding the two accounts, an award is four round trips.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type AccountKind,
  earnedDelta,
  entryHashInput,
  HOLDER_KINDS,
  shardFor,
  type TransferKind,
} from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';

export interface AccountRef {
  id: number;
  uid: string;
  kind: AccountKind;
  communityId: number;
  districtId: number;
  gridId: number | null;
  orgPath: string;
  personId: number | null;
  householdId: number | null;
}

/** An account row as locked for a transfer. */
export interface LockedAccount {
  id: number;
  uid: string;
  kind: AccountKind;
  balance: number;
  entryCount: number;
  lastHash: string;
  communityId: number;
  gridId: number | null;
  orgPath: string;
  personId: number | null;
  householdId: number | null;
}

export interface TransferInput {
  /** default: a random UUID */
  uid?: string;
  kind: TransferKind;
  from: AccountRef;
  to: AccountRef;
  /** > 0 */
  amount: number;
  ruleId?: number;
  ruleVersionId?: number;
  /** YYYY-MM-DD */
  occurredOn: string;
  reason?: string;
  source?: string;
  sourceRef?: string;
  reversesId?: number;
  actorId: number | null;
  /** runs after both account rows are locked, before anything is written: cap checks go here */
  check?: (trx: Db, locked: { from: LockedAccount; to: LockedAccount }) => Promise<void>;
}

export interface PostedTransfer {
  id: number;
  uid: string;
  createdAt: Date;
  entries: { accountId: number; seq: number; amount: number; balanceAfter: number; hash: string }[];
}

export type HolderOwner =
  | { kind: 'person' | 'party_member'; personId: number }
  | { kind: 'household'; householdId: number };

const HOLDERS: readonly string[] = HOLDER_KINDS;
/** The org units an account's community may be: 社区 or 村. */
const COMMUNITY_KINDS = sql`('community', 'village')`;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

interface AccountRow {
  id: number;
  uid: string;
  kind: string;
  community_id: number;
  district_id: number;
  grid_id: number | null;
  org_path: string;
  person_id: number | null;
  household_id: number | null;
}

const refColumns = sql`id, uid, kind, community_id, district_id, grid_id, org_path, person_id, household_id`;

function toRef(r: AccountRow): AccountRef {
  return {
    id: r.id,
    uid: r.uid,
    kind: r.kind as AccountKind,
    communityId: r.community_id,
    districtId: r.district_id,
    gridId: r.grid_id,
    orgPath: r.org_path,
    personId: r.person_id,
    householdId: r.household_id,
  };
}

async function findHolder(trx: Db, owner: HolderOwner): Promise<AccountRef | undefined> {
  const where =
    owner.kind === 'household'
      ? sql`household_id = ${owner.householdId}`
      : sql`person_id = ${owner.personId} and kind = ${owner.kind}`;
  const { rows } = await sql<AccountRow>`select ${refColumns} from points_account where ${where}`.execute(trx);
  return rows[0] ? toRef(rows[0]) : undefined;
}

/** An account by internal id (for reversals and for callers that stored one). */
export async function accountById(trx: Db, id: number): Promise<AccountRef | undefined> {
  const { rows } = await sql<AccountRow>`select ${refColumns} from points_account where id = ${id}`.execute(trx);
  return rows[0] ? toRef(rows[0]) : undefined;
}

/**
 * The holder's account, created on first use (insert … on conflict do nothing; then select).
 * It hangs on the person's (household's) grid and the community above it. A party_member
 * account is opened only for a person the register records as a party member.
 */
export async function holderAccount(trx: Db, owner: HolderOwner, now: Date): Promise<AccountRef> {
  const found = await findHolder(trx, owner);
  if (found) return found;
  const source =
    owner.kind === 'household'
      ? sql`select h.district_id, c.id, g.id, g.path, 'household', null::bigint, h.id, ${now}::timestamptz
              from household h join org_unit g on g.id = h.grid_id
              join org_unit c on c.id = g.parent_id and c.kind in ${COMMUNITY_KINDS}
             where h.id = ${owner.householdId}`
      : sql`select p.district_id, c.id, g.id, g.path, ${owner.kind}, p.id, null::bigint, ${now}::timestamptz
              from person p join org_unit g on g.id = p.grid_id
              join org_unit c on c.id = g.parent_id and c.kind in ${COMMUNITY_KINDS}
             where p.id = ${owner.personId}
               ${owner.kind === 'party_member' ? sql`and p.party_member` : sql``}`;
  await sql`insert into points_account (district_id, community_id, grid_id, org_path, kind, person_id, household_id, created_at)
            ${source} on conflict do nothing`.execute(trx);
  const created = await findHolder(trx, owner);
  if (!created) {
    if (owner.kind === 'party_member') {
      const { rows } = await sql`select 1 from person where id = ${owner.personId}`.execute(trx);
      if (rows.length > 0) throw new AppError('POINTS_NOT_PARTY_MEMBER', 409, { field: 'person' });
    }
    throw new AppError('POINTS_HOLDER_NOT_FOUND', 404, { field: owner.kind === 'household' ? 'household' : 'person' });
  }
  return created;
}

/** The community's issuer (or store) shard that pairs with this holder account, created on first use. */
export async function communityAccount(
  trx: Db,
  kind: 'issuer' | 'store',
  holder: AccountRef,
  now: Date,
): Promise<AccountRef> {
  const shard = shardFor(holder.id);
  const find = async () => {
    const { rows } = await sql<AccountRow>`
      select ${refColumns} from points_account
       where community_id = ${holder.communityId} and kind = ${kind} and shard = ${shard}`.execute(trx);
    return rows[0] ? toRef(rows[0]) : undefined;
  };
  const found = await find();
  if (found) return found;
  await sql`
    insert into points_account (district_id, community_id, grid_id, org_path, kind, shard, created_at)
    select coalesce(c.district_id, c.id), c.id, null, c.path, ${kind}, ${shard}, ${now}
      from org_unit c where c.id = ${holder.communityId}
    on conflict do nothing`.execute(trx);
  const created = await find();
  if (!created) throw new AppError('POINTS_HOLDER_NOT_FOUND', 404, { field: 'community' });
  return created;
}

interface LockedRow {
  id: number;
  uid: string;
  kind: string;
  balance: number;
  entry_count: number;
  last_hash: string;
  community_id: number;
  grid_id: number | null;
  org_path: string;
  person_id: number | null;
  household_id: number | null;
}

function toLocked(r: LockedRow): LockedAccount {
  return {
    id: r.id,
    uid: r.uid,
    kind: r.kind as AccountKind,
    balance: Number(r.balance),
    entryCount: Number(r.entry_count),
    lastHash: r.last_hash,
    communityId: r.community_id,
    gridId: r.grid_id,
    orgPath: r.org_path,
    personId: r.person_id,
    householdId: r.household_id,
  };
}

/** The first day of a 'YYYY-MM-DD' day's month. */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/**
 * Locks both accounts (select … for update, in id order: no deadlocks), refuses a holder or
 * store debit beyond its balance (POINTS_BALANCE_TOO_LOW, 409, field 'points'), writes the
 * transfer, its two chained entries, the balances, and the holder side's points_month_total.
 */
let posted = 0;
/**
 * How many transfers this process has posted: a reader that keeps what it computed from the
 * month totals (the rankings) knows it is stale when the number moved.
 */
export const transfersPosted = () => posted;

export async function postTransfer(trx: Db, t: TransferInput, now: Date): Promise<PostedTransfer> {
  posted++;
  if (!Number.isSafeInteger(t.amount) || t.amount <= 0) throw new Error(`transfer amount must be > 0: ${t.amount}`);
  if (t.from.id === t.to.id) throw new Error('a transfer needs two different accounts');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t.occurredOn)) throw new Error(`occurredOn must be YYYY-MM-DD: ${t.occurredOn}`);

  const { rows: lockedRows } = await sql<LockedRow>`
    select id, uid, kind, balance, entry_count, last_hash, community_id, grid_id, org_path, person_id, household_id
      from points_account where id in (${t.from.id}, ${t.to.id}) order by id for update`.execute(trx);
  const rowOf = (id: number) => {
    const r = lockedRows.find((x) => x.id === id);
    if (!r) throw new AppError('POINTS_ACCOUNT_NOT_FOUND', 404);
    return toLocked(r);
  };
  const from = rowOf(t.from.id);
  const to = rowOf(t.to.id);

  let reversedKind: TransferKind | null = null;
  if (t.kind === 'reversal') {
    if (t.reversesId === undefined) throw new Error('a reversal names the transfer it reverses');
    const { rows } = await sql<{ kind: TransferKind }>`
      select kind from points_transfer where id = ${t.reversesId}`.execute(trx);
    if (!rows[0]) throw new AppError('POINTS_TRANSFER_NOT_FOUND', 404);
    reversedKind = rows[0].kind;
  }

  if (t.check) await t.check(trx, { from, to });

  if (from.kind !== 'issuer' && from.balance < t.amount) {
    throw new AppError('POINTS_BALANCE_TOO_LOW', 409, { field: 'points', balance: from.balance, required: t.amount });
  }

  const uid = t.uid ?? randomUUID();
  const entry = (a: LockedAccount, amount: number) => {
    const seq = a.entryCount + 1;
    const balanceAfter = a.balance + amount;
    const hash = sha256Hex(
      entryHashInput(a.lastHash, { accountUid: a.uid, seq, transferUid: uid, amount, balanceAfter, createdAt: now }),
    );
    return { accountId: a.id, seq, amount, balanceAfter, prevHash: a.lastHash, hash };
  };
  const entries = [entry(from, -t.amount), entry(to, t.amount)];

  // The resident side names the transfer's place (scoped reads); a transfer between two
  // community accounts (none in practice) takes the debited one's.
  const holderSide = HOLDERS.includes(to.kind) ? to : from;
  const holderRef = holderSide.id === t.to.id ? t.to : t.from;

  // Earned totals for the holder side(s): awards add, deductions subtract, store spending is not earning.
  const month = monthOf(t.occurredOn);
  const totals = [
    { a: from, side: 'from' as const },
    { a: to, side: 'to' as const },
  ]
    .filter(({ a }) => HOLDERS.includes(a.kind))
    .map(({ a, side }) => ({ a, delta: earnedDelta(t.kind, reversedKind, side, t.amount) }))
    .filter(({ delta }) => delta !== 0);

  const entryValues = sql.join(
    entries.map(
      (e) =>
        sql`(${e.accountId}::bigint, ${e.seq}::bigint, ${e.amount}::bigint, ${e.balanceAfter}::bigint, ${e.prevHash}::text, ${e.hash}::text)`,
    ),
  );
  const monthTotals =
    totals.length === 0
      ? sql``
      : sql`, totals as (
          insert into points_month_total (account_id, month, kind, community_id, grid_id, org_path, earned)
          values ${sql.join(
            totals.map(
              ({ a, delta }) =>
                sql`(${a.id}, ${month}, ${a.kind}, ${a.communityId}, ${a.gridId}, ${a.orgPath}, ${delta})`,
            ),
          )}
          on conflict (account_id, month) do update set earned = points_month_total.earned + excluded.earned
          returning 1)`;
  const { rows: inserted } = await sql<{ id: number }>`
    with tr as (
      insert into points_transfer (uid, district_id, community_id, org_path, kind, from_account_id, to_account_id,
        amount, rule_id, rule_version_id, occurred_on, reason, reverses_id, source, source_ref, actor_id, created_at)
      values (${uid}, ${holderRef.districtId}, ${holderSide.communityId}, ${holderSide.orgPath}, ${t.kind}, ${from.id},
        ${to.id}, ${t.amount}, ${t.ruleId ?? null}, ${t.ruleVersionId ?? null}, ${t.occurredOn}, ${t.reason ?? null},
        ${t.reversesId ?? null}, ${t.source ?? null}, ${t.sourceRef ?? null}, ${t.actorId}, ${now})
      returning id),
    e (account_id, seq, amount, balance_after, prev_hash, hash) as (values ${entryValues}),
    ins as (
      insert into points_entry (account_id, seq, transfer_id, amount, balance_after, prev_hash, hash, created_at)
      select e.account_id, e.seq, tr.id, e.amount, e.balance_after, e.prev_hash, e.hash, ${now}::timestamptz from e, tr
      returning 1),
    upd as (
      update points_account a set balance = e.balance_after, entry_count = e.seq, last_hash = e.hash
        from e where a.id = e.account_id
      returning 1)${monthTotals}
    select id from tr`.execute(trx);
  const transferId = (inserted[0] as { id: number }).id;

  return {
    id: transferId,
    uid,
    createdAt: now,
    entries: entries.map(({ accountId, seq, amount, balanceAfter, hash }) => ({
      accountId,
      seq,
      amount,
      balanceAfter,
      hash,
    })),
  };
}

/** Transfers that are undone another way (an order's cancellation refunds it), or not at all. */
const NOT_REVERSIBLE: readonly string[] = ['reversal', 'redeem', 'refund'];

/**
 * Reverses a transfer (to → from, same amount, kind 'reversal', reverses_id): once only
 * (POINTS_ALREADY_REVERSED 409). The original is locked first, so two reversals at once
 * queue and the second is refused.
 */
export async function reverseTransfer(
  trx: Db,
  transferId: number,
  reason: string,
  actorId: number | null,
  now: Date,
): Promise<PostedTransfer> {
  const { rows } = await sql<{
    id: number;
    kind: string;
    from_account_id: number;
    to_account_id: number;
    amount: number;
    rule_id: number | null;
    rule_version_id: number | null;
    occurred_on: string;
  }>`select id, kind, from_account_id, to_account_id, amount, rule_id, rule_version_id, occurred_on
       from points_transfer where id = ${transferId} for update`.execute(trx);
  const original = rows[0];
  if (!original) throw new AppError('POINTS_TRANSFER_NOT_FOUND', 404);
  if (NOT_REVERSIBLE.includes(original.kind)) {
    throw new AppError('POINTS_NOT_REVERSIBLE', 409, { kind: original.kind });
  }
  const { rows: prior } = await sql`select 1 from points_transfer where reverses_id = ${transferId}`.execute(trx);
  if (prior.length > 0) throw new AppError('POINTS_ALREADY_REVERSED', 409);
  const from = await accountById(trx, original.to_account_id);
  const to = await accountById(trx, original.from_account_id);
  if (!from || !to) throw new AppError('POINTS_ACCOUNT_NOT_FOUND', 404);
  return postTransfer(
    trx,
    {
      kind: 'reversal',
      from,
      to,
      amount: Number(original.amount),
      ruleId: original.rule_id ?? undefined,
      ruleVersionId: original.rule_version_id ?? undefined,
      // Counted in the month of the deed it undoes, so a ranking loses exactly what it gained.
      occurredOn: original.occurred_on,
      reason,
      reversesId: original.id,
      actorId,
    },
    now,
  );
}
