/**
 * The points ledger's arithmetic (积分账本): double entry, per-account hash chains, and the
 * check that recomputes them. Pure: the hash function is passed in, so the server hashes with
 * node:crypto and nothing here needs a runtime.
 */

export const ACCOUNT_KINDS = ['person', 'household', 'party_member', 'issuer', 'store'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** Accounts a resident holds; only these appear in rankings, and only these may never go below zero. */
export const HOLDER_KINDS = ['person', 'household', 'party_member'] as const;
export type HolderKind = (typeof HOLDER_KINDS)[number];

export const TRANSFER_KINDS = ['award', 'deduct', 'claim', 'event', 'redeem', 'refund', 'reversal'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

/**
 * A community's issuer and store accounts are split in this many shards; a transfer uses the
 * shard its holder account's id falls in, so awards to different people rarely wait on one row.
 */
export const LEDGER_SHARDS = 8;

export function shardFor(holderAccountId: number): number {
  return holderAccountId % LEDGER_SHARDS;
}

/** The fields an entry's hash covers, in a fixed order. */
export interface EntryFields {
  accountUid: string;
  seq: number;
  transferUid: string;
  amount: number;
  balanceAfter: number;
  createdAt: Date;
}

/** The text hashed for an entry: the previous hash first, so each entry seals all before it. */
export function entryHashInput(prevHash: string, e: EntryFields): string {
  return [prevHash, e.accountUid, e.seq, e.transferUid, e.amount, e.balanceAfter, e.createdAt.toISOString()].join('|');
}

export type Sha256Hex = (text: string) => string;

export interface ChainEntry extends EntryFields {
  prevHash: string;
  hash: string;
}

export type ChainProblem =
  | { seq: number; problem: 'seq_gap'; expected: number }
  | { seq: number; problem: 'prev_hash'; expected: string }
  | { seq: number; problem: 'hash'; expected: string }
  | { seq: number; problem: 'balance'; expected: number };

/**
 * Walks one account's entries in seq order and names the first thing that does not add up:
 * a missing entry, a broken link, an altered entry, or a balance that is not the running sum.
 * Returns the balance and last hash it arrived at, to compare with the account row.
 */
export function verifyChain(
  entries: Iterable<ChainEntry>,
  sha256: Sha256Hex,
): { balance: number; lastHash: string; count: number; problem: ChainProblem | null } {
  let balance = 0;
  let lastHash = '';
  let count = 0;
  for (const e of entries) {
    const expectedSeq = count + 1;
    if (e.seq !== expectedSeq)
      return { balance, lastHash, count, problem: { seq: e.seq, problem: 'seq_gap', expected: expectedSeq } };
    if (e.prevHash !== lastHash)
      return { balance, lastHash, count, problem: { seq: e.seq, problem: 'prev_hash', expected: lastHash } };
    const hash = sha256(entryHashInput(lastHash, e));
    if (e.hash !== hash) return { balance, lastHash, count, problem: { seq: e.seq, problem: 'hash', expected: hash } };
    balance += e.amount;
    if (e.balanceAfter !== balance)
      return { balance, lastHash, count, problem: { seq: e.seq, problem: 'balance', expected: balance } };
    lastHash = hash;
    count = expectedSeq;
  }
  return { balance, lastHash, count, problem: null };
}

/**
 * How a transfer moves a holder's earned total for rankings (points_month_total): awards add,
 * deductions subtract, a reversal undoes what it reverses; spending in the store and its refunds
 * are not earning and leave the ranking alone. `side` is the holder's side of the transfer.
 */
export function earnedDelta(
  kind: TransferKind,
  reversedKind: TransferKind | null,
  side: 'from' | 'to',
  amount: number,
): number {
  const sign = side === 'to' ? 1 : -1;
  if (kind === 'reversal') {
    if (reversedKind === null || reversedKind === 'reversal')
      throw new Error('a reversal names the transfer it reverses');
    return earnedDelta(reversedKind, null, side, amount);
  }
  if (kind === 'redeem' || kind === 'refund') return 0;
  return sign * amount;
}
