import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DRAW_ALGORITHM,
  DRAW_PROBLEMS,
  drawIndex,
  drawOrder,
  drawResult,
  isDrawSeed,
  newDrawSeed,
  seedHash,
  seedMatches,
  validateDraw,
} from './draw.ts';

/** The algorithm re-written from its documentation alone, on Node's own SHA-256. */
function referenceOrder(seed: string, keys: string[]): string[] {
  const a = [...keys];
  for (let i = a.length - 1; i >= 1; i--) {
    const m = i + 1;
    const limit = 2 ** 32 - (2 ** 32 % m);
    let j = -1;
    for (let r = 0; j < 0; r++) {
      const d = createHash('sha256')
        .update(r === 0 ? `${seed}:${i}` : `${seed}:${i}:${r}`, 'utf8')
        .digest();
      for (let k = 0; k < 8 && j < 0; k++) {
        const w = d.readUInt32BE(4 * k);
        if (w < limit) j = w % m;
      }
    }
    [a[i], a[j]] = [a[j] as string, a[i] as string];
  }
  return a;
}

const households = Array.from({ length: 10 }, (_, i) => `h${String(i + 1).padStart(2, '0')}`);
const lotterySeed = '英南村农民公寓抽签-2026-11-23';

describe('drawOrder', () => {
  it('names its algorithm', () => {
    expect(DRAW_ALGORITHM).toBe('sha256-fisher-yates-v1');
  });

  it('gives the fixed vectors (the public page must agree)', () => {
    expect(drawOrder(lotterySeed, households)).toEqual([
      'h10',
      'h01',
      'h07',
      'h05',
      'h08',
      'h09',
      'h02',
      'h06',
      'h04',
      'h03',
    ]);
    expect(drawOrder('0123456789abcdef0123456789abcdef', ['a', 'b', 'c', 'd', 'e'])).toEqual(['b', 'a', 'e', 'd', 'c']);
    expect([drawIndex('abc', 1), drawIndex('abc', 2), drawIndex('abc', 6)]).toEqual([0, 2, 3]);
  });

  it('agrees with a re-implementation written from the documented steps', () => {
    for (let s = 0; s < 40; s++) {
      const keys = Array.from({ length: 1 + ((s * 7) % 23) }, (_, i) => `k${i}`);
      expect(drawOrder(`seed-${s}-公开抽签`, keys)).toEqual(referenceOrder(`seed-${s}-公开抽签`, keys));
    }
  });

  it('is a permutation of the entrants and leaves the input alone', () => {
    const input = [...households];
    const order = drawOrder(lotterySeed, input);
    expect([...order].sort()).toEqual([...households].sort());
    expect(input).toEqual(households);
  });

  it('handles no entrants and one entrant', () => {
    expect(drawOrder(lotterySeed, [])).toEqual([]);
    expect(drawOrder(lotterySeed, ['only'])).toEqual(['only']);
  });

  it('another seed gives another order', () => {
    expect(drawOrder(`${lotterySeed}x`, households)).not.toEqual(drawOrder(lotterySeed, households));
  });

  it('every index is in range and, over many seeds, roughly uniform', () => {
    const counts = [0, 0, 0];
    for (let s = 0; s < 3000; s++) {
      const j = drawIndex(`u${s}`, 2);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThanOrEqual(2);
      counts[j] = (counts[j] as number) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(850); // expectation 1000
  });

  it('drawResult takes the first winners of the order', () => {
    const r = drawResult(lotterySeed, households, 3);
    expect(r.winners).toEqual(['h10', 'h01', 'h07']);
    expect(r.order).toEqual(drawOrder(lotterySeed, households));
  });
});

describe('seeds', () => {
  it('seedHash is the hex SHA-256 of the seed', () => {
    expect(seedHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(seedHash(lotterySeed)).toBe(createHash('sha256').update(lotterySeed, 'utf8').digest('hex'));
  });

  it('a seed matches its published hash, in either case, and no other', () => {
    const h = seedHash(lotterySeed);
    expect(seedMatches(lotterySeed, h)).toBe(true);
    expect(seedMatches(lotterySeed, h.toUpperCase())).toBe(true);
    expect(seedMatches(`${lotterySeed} `, h)).toBe(false);
  });

  it('newDrawSeed is 64 hex characters from 32 random bytes', () => {
    const seed = newDrawSeed(Uint8Array.from({ length: 32 }, (_, i) => i));
    expect(seed).toBe('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    expect(isDrawSeed(seed)).toBe(true);
    expect(() => newDrawSeed(new Uint8Array(31))).toThrow(RangeError);
  });

  it('a seed staff bring is long enough not to be guessed from its hash', () => {
    expect(isDrawSeed(lotterySeed)).toBe(true);
    expect(isDrawSeed('short')).toBe(false);
    expect(isDrawSeed(' 0123456789abcdef')).toBe(false);
    expect(isDrawSeed('x'.repeat(201))).toBe(false);
  });
});

describe('validateDraw', () => {
  const entrants = households.map((key, i) => ({ key, label: `${['张', '李', '王'][i % 3]}*明` }));
  const codes = (d: Parameters<typeof validateDraw>[0]) => validateDraw(d).map((i) => `${i.field} ${i.code}`);

  it('accepts a sound draw', () => {
    expect(codes({ entrants, winners: 3, seedHash: seedHash(lotterySeed) })).toEqual([]);
  });

  it('names each problem', () => {
    expect(
      codes({
        entrants: [
          { key: 'a', label: '张*' },
          { key: 'a', label: ' ' },
          { key: ' b', label: '李*' },
        ],
        winners: 4,
        seedHash: 'ABC',
      }),
    ).toEqual([
      'entrants[1].key ENTRANT_KEY_DUPLICATE',
      'entrants[1].label ENTRANT_LABEL_EMPTY',
      'entrants[2].key ENTRANT_KEY_INVALID',
      'winners WINNERS_INVALID',
      'seedHash SEED_HASH_INVALID',
    ]);
    expect(codes({ entrants: [entrants[0] as (typeof entrants)[0]], winners: 0, seedHash: seedHash('x') })).toEqual([
      'entrants ENTRANTS_TOO_FEW',
      'winners WINNERS_INVALID',
    ]);
  });

  it('every problem code has a message in both languages', () => {
    for (const text of Object.values(DRAW_PROBLEMS)) {
      expect(text['zh-CN']).toContain('{f}');
      expect(text.en).toContain('{f}');
    }
  });
});
