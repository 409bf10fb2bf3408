import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_KINDS,
  type ChainEntry,
  earnedDelta,
  entryHashInput,
  HOLDER_KINDS,
  LEDGER_SHARDS,
  shardFor,
  TRANSFER_KINDS,
  type TransferKind,
  verifyChain,
} from './ledger.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ACCOUNT = '6f1c2b3a-0000-4000-8000-000000000001';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 2, minute, 0, 123));

/** A well-formed chain of the given amounts, as the server writes it. */
function chain(amounts: number[]): ChainEntry[] {
  const out: ChainEntry[] = [];
  let prev = '';
  let balance = 0;
  amounts.forEach((amount, i) => {
    balance += amount;
    const fields = {
      accountUid: ACCOUNT,
      seq: i + 1,
      transferUid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      amount,
      balanceAfter: balance,
      createdAt: at(i),
    };
    const hash = sha256(entryHashInput(prev, fields));
    out.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  });
  return out;
}

/** Re-seals an entry and everything after it, as a forger who knows the hash would. */
function reseal(entries: ChainEntry[], from: number): ChainEntry[] {
  const out = entries.map((e) => ({ ...e }));
  for (let i = from; i < out.length; i++) {
    const e = out[i] as ChainEntry;
    e.prevHash = i === 0 ? '' : (out[i - 1] as ChainEntry).hash;
    e.hash = sha256(entryHashInput(e.prevHash, e));
  }
  return out;
}

describe('kinds', () => {
  it('holders are the resident accounts, a subset of all accounts', () => {
    expect(HOLDER_KINDS).toEqual(['person', 'household', 'party_member']);
    for (const k of HOLDER_KINDS) expect(ACCOUNT_KINDS).toContain(k);
    expect(ACCOUNT_KINDS.filter((k) => !(HOLDER_KINDS as readonly string[]).includes(k))).toEqual(['issuer', 'store']);
  });
});

describe('shardFor', () => {
  it('always lands in 0 … LEDGER_SHARDS − 1', () => {
    for (let id = 1; id <= 1000; id++) {
      const s = shardFor(id);
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(LEDGER_SHARDS);
    }
  });

  it('spreads consecutive accounts over every shard evenly', () => {
    const seen = new Map<number, number>();
    for (let id = 1; id <= LEDGER_SHARDS * 50; id++) seen.set(shardFor(id), (seen.get(shardFor(id)) ?? 0) + 1);
    expect(seen.size).toBe(LEDGER_SHARDS);
    for (const n of seen.values()) expect(n).toBe(50);
  });

  it('is stable: one account always pairs with the same shard', () => {
    expect(shardFor(12345)).toBe(shardFor(12345));
    expect(shardFor(LEDGER_SHARDS)).toBe(0);
    expect(shardFor(LEDGER_SHARDS + 3)).toBe(3);
    expect(shardFor(Number.MAX_SAFE_INTEGER)).toBeLessThan(LEDGER_SHARDS);
  });
});

describe('entryHashInput', () => {
  const fields = {
    accountUid: ACCOUNT,
    seq: 3,
    transferUid: 'T',
    amount: -20,
    balanceAfter: 15,
    createdAt: at(5),
  };

  it('puts the previous hash first and every field in a fixed order', () => {
    expect(entryHashInput('abc', fields)).toBe(`abc|${ACCOUNT}|3|T|-20|15|2026-11-23T02:05:00.123Z`);
  });

  it('changes when any field changes', () => {
    const base = entryHashInput('p', fields);
    const variants = [
      entryHashInput('q', fields),
      entryHashInput('p', { ...fields, accountUid: 'other' }),
      entryHashInput('p', { ...fields, seq: 4 }),
      entryHashInput('p', { ...fields, transferUid: 'U' }),
      entryHashInput('p', { ...fields, amount: 20 }),
      entryHashInput('p', { ...fields, balanceAfter: 16 }),
      entryHashInput('p', { ...fields, createdAt: new Date(at(5).getTime() + 1) }),
    ];
    for (const v of variants) expect(v).not.toBe(base);
    expect(new Set(variants).size).toBe(variants.length);
  });
});

describe('verifyChain', () => {
  it('accepts an empty chain', () => {
    expect(verifyChain([], sha256)).toEqual({ balance: 0, lastHash: '', count: 0, problem: null });
  });

  it('accepts a well-formed chain and arrives at its balance and last hash', () => {
    const entries = chain([10, 5, -3, 20, -32]);
    const r = verifyChain(entries, sha256);
    expect(r).toEqual({ balance: 0, lastHash: entries[4]?.hash, count: 5, problem: null });
  });

  it('accepts an issuer’s chain that runs negative', () => {
    const r = verifyChain(chain([-10, -5, 3]), sha256);
    expect(r.problem).toBeNull();
    expect(r.balance).toBe(-12);
  });

  it('finds a missing entry (seq gap) and stops before it', () => {
    const entries = chain([1, 2, 3, 4]);
    const r = verifyChain([entries[0], entries[1], entries[3]] as ChainEntry[], sha256);
    expect(r.problem).toEqual({ seq: 4, problem: 'seq_gap', expected: 3 });
    expect(r.count).toBe(2);
    expect(r.balance).toBe(3);
    expect(r.lastHash).toBe(entries[1]?.hash);
  });

  it('finds a chain that does not start at seq 1', () => {
    const entries = chain([1, 2]);
    expect(verifyChain(entries.slice(1), sha256).problem).toEqual({ seq: 2, problem: 'seq_gap', expected: 1 });
  });

  it('finds a duplicated entry', () => {
    const entries = chain([1, 2]);
    expect(verifyChain([entries[0], entries[0], entries[1]] as ChainEntry[], sha256).problem).toEqual({
      seq: 1,
      problem: 'seq_gap',
      expected: 2,
    });
  });

  it('finds a broken link (prev_hash does not name the entry before)', () => {
    const entries = chain([1, 2, 3]);
    (entries[2] as ChainEntry).prevHash = 'f'.repeat(64);
    expect(verifyChain(entries, sha256).problem).toEqual({ seq: 3, problem: 'prev_hash', expected: entries[1]?.hash });
  });

  it('finds a first entry that claims a predecessor', () => {
    const entries = chain([1]);
    (entries[0] as ChainEntry).prevHash = 'x';
    expect(verifyChain(entries, sha256).problem).toEqual({ seq: 1, problem: 'prev_hash', expected: '' });
  });

  it.each([
    ['amount', { amount: 99 }],
    ['balanceAfter', { balanceAfter: 99 }],
    ['transferUid', { transferUid: 'someone-else' }],
    ['accountUid', { accountUid: 'another-account' }],
    ['createdAt', { createdAt: at(59) }],
  ] as const)('finds an edited %s (hash)', (_field, change) => {
    const entries = chain([1, 2, 3]);
    Object.assign(entries[1] as ChainEntry, change);
    const r = verifyChain(entries, sha256);
    expect(r.problem).toMatchObject({ seq: 2, problem: 'hash' });
    expect(r.problem && 'expected' in r.problem && r.problem.expected).toBe(
      sha256(entryHashInput(entries[0]?.hash as string, entries[1] as ChainEntry)),
    );
    expect(r.count).toBe(1);
  });

  it('finds an edited hash', () => {
    const entries = chain([1, 2]);
    (entries[1] as ChainEntry).hash = '0'.repeat(64);
    expect(verifyChain(entries, sha256).problem).toMatchObject({ seq: 2, problem: 'hash' });
  });

  it('finds a balance that is not the running sum, even when the forger re-sealed the chain', () => {
    const entries = chain([10, 5, 3]);
    (entries[1] as ChainEntry).balanceAfter = 100;
    const resealed = reseal(entries, 1);
    expect(verifyChain(resealed, sha256).problem).toEqual({ seq: 2, problem: 'balance', expected: 15 });
  });

  it('a re-sealed edited amount is caught by the balance that follows', () => {
    const entries = chain([10, 5, 3]);
    (entries[1] as ChainEntry).amount = 50;
    expect(verifyChain(reseal(entries, 1), sha256).problem).toEqual({ seq: 2, problem: 'balance', expected: 60 });
  });

  it('a deleted last entry is not visible in the chain alone: the account row (count, hash) shows it', () => {
    const entries = chain([1, 2, 3]);
    const r = verifyChain(entries.slice(0, 2), sha256);
    expect(r.problem).toBeNull();
    expect(r.count).toBe(2);
    expect(r.lastHash).not.toBe(entries[2]?.hash);
  });

  it('reads any iterable, once', () => {
    const entries = chain([4, 4]);
    function* gen() {
      yield* entries;
    }
    expect(verifyChain(gen(), sha256)).toMatchObject({ balance: 8, count: 2, problem: null });
  });
});

describe('earnedDelta', () => {
  const expected: Record<Exclude<TransferKind, 'reversal'>, { to: number; from: number }> = {
    award: { to: 10, from: -10 },
    deduct: { to: 10, from: -10 },
    claim: { to: 10, from: -10 },
    event: { to: 10, from: -10 },
    redeem: { to: 0, from: 0 },
    refund: { to: 0, from: 0 },
  };

  for (const kind of TRANSFER_KINDS.filter((k) => k !== 'reversal')) {
    for (const side of ['to', 'from'] as const) {
      it(`${kind}, holder on the ${side} side → ${expected[kind][side]}`, () => {
        expect(earnedDelta(kind, null, side, 10)).toBe(expected[kind][side]);
      });
    }
  }

  it('a deduction takes from the holder: they are on the from side, so earned falls', () => {
    expect(earnedDelta('deduct', null, 'from', 7)).toBe(-7);
  });

  for (const reversed of TRANSFER_KINDS.filter((k) => k !== 'reversal')) {
    for (const side of ['to', 'from'] as const) {
      it(`a reversal of ${reversed}, holder now on the ${side} side, undoes exactly what it earned`, () => {
        // The reversal runs the other way: the holder now on `side` was on the other side before.
        const before = side === 'to' ? 'from' : 'to';
        const original = earnedDelta(reversed, null, before, 10);
        const undone = earnedDelta('reversal', reversed, side, 10);
        expect(undone).toBe(earnedDelta(reversed, null, side, 10));
        expect(original + undone).toBe(0);
      });
    }
  }

  it('a reversal must name what it reverses, and cannot reverse a reversal', () => {
    expect(() => earnedDelta('reversal', null, 'to', 1)).toThrow();
    expect(() => earnedDelta('reversal', 'reversal', 'from', 1)).toThrow();
  });

  it('ignores the reversed kind unless the transfer is a reversal', () => {
    expect(earnedDelta('award', 'redeem', 'to', 3)).toBe(3);
  });
});
