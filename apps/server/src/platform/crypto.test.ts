import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blindIndex,
  DUMMY_PASSWORD_HASH,
  deriveKeys,
  hashPassword,
  loadKeys,
  randomToken,
  seal,
  sha256,
  unseal,
  verifyPassword,
} from './crypto.ts';

const keys = deriveKeys(randomBytes(32));
const otherKeys = deriveKeys(randomBytes(32));
const ID_NUMBER = '110105194912310021';

/** Flips one bit in the n-th part (0 version, 1 iv, 2 tag, 3 ciphertext) of a sealed value. */
function flipBit(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] as string, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('deriveKeys', () => {
  it.each([0, 16, 31, 33, 64])('refuses a master key of %i bytes', (length) => {
    expect(() => deriveKeys(Buffer.alloc(length, 7))).toThrow(/32 bytes/);
  });

  it('derives the same two keys from the same master, different from each other and from another master', () => {
    const master = randomBytes(32);
    const a = deriveKeys(master);
    const b = deriveKeys(Buffer.from(master));
    expect(a.seal.equals(b.seal)).toBe(true);
    expect(a.index.equals(b.index)).toBe(true);
    expect(a.seal.equals(a.index)).toBe(false);
    expect(a.seal.equals(master)).toBe(false);
    expect(a.seal).toHaveLength(32);
    expect(a.index).toHaveLength(32);
    const c = deriveKeys(randomBytes(32));
    expect(c.seal.equals(a.seal)).toBe(false);
  });
});

describe('seal and unseal (AES-256-GCM)', () => {
  it.each([
    ['an ID number', ID_NUMBER],
    ['a phone number', '13800138000'],
    ['Chinese text', '广东省江门市江海区外海街道直冲社区 3 栋 502'],
    ['an empty string', ''],
    ['a long text', '网格'.repeat(5000)],
  ])('gives back %s exactly', (_what, plaintext) => {
    const sealed = seal(keys, plaintext);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/);
    expect(unseal(keys, sealed)).toBe(plaintext);
  });

  it('seals the same value differently every time (a fresh IV each time)', () => {
    const sealed = Array.from({ length: 50 }, () => seal(keys, ID_NUMBER));
    expect(new Set(sealed).size).toBe(50);
    expect(new Set(sealed.map((s) => s.split('.')[1])).size).toBe(50);
    for (const s of sealed) expect(unseal(keys, s)).toBe(ID_NUMBER);
  });

  it.each([
    ['the IV', 1],
    ['the authentication tag', 2],
    ['the ciphertext', 3],
  ])('refuses a value with one bit of %s flipped', (_what, part) => {
    const sealed = seal(keys, ID_NUMBER);
    expect(() => unseal(keys, flipBit(sealed, part))).toThrow();
  });

  it('refuses a ciphertext moved under another value’s IV and tag', () => {
    const a = seal(keys, ID_NUMBER).split('.');
    const b = seal(keys, '110105194912310038').split('.');
    expect(() => unseal(keys, [a[0], a[1], a[2], b[3]].join('.'))).toThrow();
  });

  it.each([4, 8, 12, 15])('refuses the genuine tag cut down to its first %i bytes', (length) => {
    const [version, iv, tag, body] = seal(keys, ID_NUMBER).split('.');
    const short = Buffer.from(tag as string, 'base64url')
      .subarray(0, length)
      .toString('base64url');
    expect(() => unseal(keys, [version, iv, short, body].join('.'))).toThrow();
  });

  it('refuses a value sealed under another key', () => {
    expect(() => unseal(otherKeys, seal(keys, ID_NUMBER))).toThrow();
  });

  it('refuses a truncated ciphertext', () => {
    const sealed = seal(keys, ID_NUMBER);
    expect(() => unseal(keys, sealed.slice(0, -4))).toThrow();
  });

  it.each([['plain text'], ['v2.aaaa.bbbb.cccc'], ['v1.aaaa.bbbb'], ['']])(
    'refuses %j as not a sealed value',
    (value) => {
      expect(() => unseal(keys, value)).toThrow('not a sealed value');
    },
  );
});

describe('blindIndex', () => {
  it('is the same for the same value under one key, so a sealed ID number can be found again', () => {
    expect(blindIndex(keys, ID_NUMBER)).toBe(blindIndex(keys, ID_NUMBER));
    expect(blindIndex(keys, ID_NUMBER)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('differs between values, even ones a digit apart', () => {
    expect(blindIndex(keys, '13800138000')).not.toBe(blindIndex(keys, '13800138001'));
  });

  it('differs between keys: an index leaked from one deployment matches nothing in another', () => {
    expect(blindIndex(keys, ID_NUMBER)).not.toBe(blindIndex(otherKeys, ID_NUMBER));
  });

  it('is not a plain hash of the value', () => {
    expect(Buffer.from(blindIndex(keys, ID_NUMBER), 'base64url').toString('hex')).not.toBe(sha256(ID_NUMBER));
  });
});

describe('hashPassword and verifyPassword (scrypt)', () => {
  it('accepts the password and refuses any other', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('Correct horse battery staple', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash: the same password hashes differently twice', async () => {
    const [a, b] = await Promise.all([hashPassword('网格员密码很长很长'), hashPassword('网格员密码很长很长')]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('网格员密码很长很长', a)).toBe(true);
    expect(await verifyPassword('网格员密码很长很长', b)).toBe(true);
  });

  it('accepts the same password typed with full-width characters (NFKC), as a Chinese IME may send it', async () => {
    const stored = await hashPassword('Gongzhi2026');
    expect(await verifyPassword('Ｇｏｎｇｚｈｉ２０２６', stored)).toBe(true);
  });

  it('refuses when the stored hash was altered, malformed or is the dummy hash', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const parts = stored.split('$');
    const altered = [...parts.slice(0, 5), Buffer.alloc(32, 1).toString('base64url')].join('$');
    expect(await verifyPassword('correct horse battery staple', altered)).toBe(false);
    expect(await verifyPassword('correct horse battery staple', 'bcrypt$whatever')).toBe(false);
    expect(await verifyPassword('correct horse battery staple', '')).toBe(false);
    expect(await verifyPassword('correct horse battery staple', DUMMY_PASSWORD_HASH)).toBe(false);
  });
});

describe('loadKeys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses GONGZHI_DATA_KEY when given, and refuses one of the wrong length', () => {
    const master = randomBytes(32);
    const fromEnv = loadKeys(master.toString('base64'), join(dir, 'unused'));
    expect(fromEnv.seal.equals(deriveKeys(master).seal)).toBe(true);
    expect(() => loadKeys(randomBytes(16).toString('base64'), dir)).toThrow(/32 bytes/);
  });

  it('creates a private key file on first start and reads the same key afterwards', () => {
    const first = loadKeys(undefined, join(dir, 'data'));
    const file = join(dir, 'data', 'data.key');
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadKeys(undefined, join(dir, 'data'));
    expect(unseal(second, seal(first, ID_NUMBER))).toBe(ID_NUMBER);
    expect(blindIndex(second, ID_NUMBER)).toBe(blindIndex(first, ID_NUMBER));
  });
});

describe('randomToken and sha256', () => {
  it('makes url-safe tokens of the asked size that do not repeat', () => {
    const tokens = Array.from({ length: 200 }, () => randomToken());
    expect(new Set(tokens).size).toBe(200);
    for (const token of tokens) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(Buffer.from(randomToken(12), 'base64url')).toHaveLength(12);
  });

  it('hashes to the standard SHA-256 digest', () => {
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
