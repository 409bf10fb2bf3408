/**
 * 公开抽签: a public draw that anyone can re-run (the public page does, in the browser).
 *
 * Before the draw the seed's SHA-256 is published (`seedHash`), so the seed cannot be chosen after
 * the entrants are known; at the draw the seed itself is published and the order follows from the
 * seed and the published list of entrants alone. Algorithm 'sha256-fisher-yates-v1':
 *
 *  1. Start from the entrant keys in their published order: a[0], …, a[n−1].
 *  2. For i = n−1 down to 1 (Fisher–Yates, Durstenfeld's form):
 *     a. Compute D = SHA-256(UTF-8(seed + ':' + i)), i in decimal (e.g. 'abc:7').
 *     b. Read D as eight 32-bit unsigned big-endian numbers w₀ … w₇.
 *     c. Let m = i + 1 and limit = 2³² − (2³² mod m). Take the first wₖ below limit (rejection
 *        sampling: every j in 0 … i is then equally likely, no modulo bias); j = wₖ mod m.
 *     d. If all eight are at or above limit (rare), compute D again from seed + ':' + i + ':' + r
 *        for r = 1, 2, … and go on with its eight numbers.
 *     e. Swap a[i] and a[j].
 *  3. The result is a[0], …, a[n−1]; the first `winners` of it win, in that order.
 *
 * Pure; SHA-256 from @noble/hashes runs the same in Node and in the browser.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export const DRAW_ALGORITHM = 'sha256-fisher-yates-v1';

const TWO_32 = 2 ** 32;

/** An index in 0 … i (inclusive) for step i, as steps 2a–2d describe. */
export function drawIndex(seed: string, i: number): number {
  const m = i + 1;
  const limit = TWO_32 - (TWO_32 % m);
  for (let r = 0; ; r++) {
    const digest = sha256(utf8ToBytes(r === 0 ? `${seed}:${i}` : `${seed}:${i}:${r}`));
    for (let k = 0; k < 8; k++) {
      const w =
        ((digest[4 * k] as number) * 2 ** 24 +
          ((digest[4 * k + 1] as number) << 16) +
          ((digest[4 * k + 2] as number) << 8) +
          (digest[4 * k + 3] as number)) >>>
        0;
      if (w < limit) return w % m;
    }
  }
}

/** The drawn order of the entrant keys (given in their published order); see the steps above. */
export function drawOrder(seed: string, entrantKeys: readonly string[]): string[] {
  const a = [...entrantKeys];
  for (let i = a.length - 1; i >= 1; i--) {
    const j = drawIndex(seed, i);
    [a[i], a[j]] = [a[j] as string, a[i] as string];
  }
  return a;
}

/** The drawn order and the winners (the first `winners` of it). */
export function drawResult(
  seed: string,
  entrantKeys: readonly string[],
  winners: number,
): { order: string[]; winners: string[] } {
  const order = drawOrder(seed, entrantKeys);
  return { order, winners: order.slice(0, Math.max(0, winners)) };
}

/** The hex SHA-256 of the seed, published before the draw. */
export function seedHash(seed: string): string {
  return bytesToHex(sha256(utf8ToBytes(seed)));
}

/** Whether a seed matches the hash published before the draw. */
export function seedMatches(seed: string, publishedHash: string): boolean {
  return seedHash(seed) === publishedHash.toLowerCase();
}

export const DRAW_SEED_RANDOM_BYTES = 32;

/** A new seed: 32 random bytes (crypto.getRandomValues) as 64 hex characters. */
export function newDrawSeed(randomBytes: Uint8Array): string {
  if (randomBytes.length < DRAW_SEED_RANDOM_BYTES) throw new RangeError(`need ${DRAW_SEED_RANDOM_BYTES} random bytes`);
  return bytesToHex(randomBytes.subarray(0, DRAW_SEED_RANDOM_BYTES));
}

/**
 * A seed staff may bring: 16–200 characters, no surrounding spaces. A short seed could be found
 * from its published hash by trying every guess, and the result known before the draw.
 */
export function isDrawSeed(seed: string): boolean {
  return seed.length >= 16 && seed.length <= 200 && seed.trim() === seed;
}

export interface DrawIssue {
  field: string;
  code: keyof typeof DRAW_PROBLEMS;
}

export const DRAW_PROBLEMS = {
  ENTRANTS_TOO_FEW: { 'zh-CN': '{f}:至少需要两个参与抽签者', en: '{f}: a draw needs at least two entrants' },
  ENTRANT_KEY_INVALID: {
    'zh-CN': '{f}:标识应为 1–80 个字符且不含首尾空格',
    en: '{f}: a key has 1–80 characters without surrounding spaces',
  },
  ENTRANT_KEY_DUPLICATE: { 'zh-CN': '{f}:标识重复', en: '{f}: the key is used twice' },
  ENTRANT_LABEL_EMPTY: { 'zh-CN': '{f}:名称不能为空', en: '{f}: the label is empty' },
  WINNERS_INVALID: {
    'zh-CN': '{f}:中签数应为 1 到参与人数之间的整数',
    en: '{f}: winners is a whole number from 1 to the number of entrants',
  },
  SEED_INVALID: {
    'zh-CN': '{f}:种子应为 16–200 个字符且不含首尾空格',
    en: '{f}: a seed has 16–200 characters without surrounding spaces',
  },
  SEED_HASH_INVALID: { 'zh-CN': '{f}:应为 64 位十六进制 SHA-256', en: '{f}: a SHA-256 in 64 hex characters' },
} as const;

/** Problems with a draw before it is published: entrants, winners and the seed's hash. */
export function validateDraw(draw: {
  entrants: readonly { key: string; label: string }[];
  winners: number;
  seedHash: string;
}): DrawIssue[] {
  const issues: DrawIssue[] = [];
  if (draw.entrants.length < 2) issues.push({ field: 'entrants', code: 'ENTRANTS_TOO_FEW' });
  const keys = new Set<string>();
  draw.entrants.forEach((e, i) => {
    if (typeof e.key !== 'string' || e.key.length === 0 || e.key.length > 80 || e.key.trim() !== e.key)
      issues.push({ field: `entrants[${i}].key`, code: 'ENTRANT_KEY_INVALID' });
    else if (keys.has(e.key)) issues.push({ field: `entrants[${i}].key`, code: 'ENTRANT_KEY_DUPLICATE' });
    keys.add(e.key);
    if (typeof e.label !== 'string' || e.label.trim() === '')
      issues.push({ field: `entrants[${i}].label`, code: 'ENTRANT_LABEL_EMPTY' });
  });
  if (!Number.isInteger(draw.winners) || draw.winners < 1 || draw.winners > draw.entrants.length)
    issues.push({ field: 'winners', code: 'WINNERS_INVALID' });
  if (!/^[0-9a-f]{64}$/.test(draw.seedHash)) issues.push({ field: 'seedHash', code: 'SEED_HASH_INVALID' });
  return issues;
}
