import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { sniffImage } from './sniff.ts';
import { createDiskFileStore, FileTooLargeError, relativePath, sha256Of } from './store.ts';

const bytes = (...parts: Array<number[] | string | Buffer>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p as number[]))));
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

/** The first bytes of real files of each kind, and of things that are not accepted images. */
const SAMPLES = {
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0]),
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', [0, 0, 0, 1, 0, 0, 0, 1]),
  webp: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0]),
  heic: bytes(be32(24), 'ftypheic', [0, 0, 0, 0], 'mif1heic'),
  heicCompatible: bytes(be32(24), 'ftypisom', [0, 0, 0, 0], 'mp41heix'),
  heifGeneric: bytes(be32(20), 'ftypmif1', [0, 0, 0, 0], 'heic'),
  avif: bytes(be32(28), 'ftypavif', [0, 0, 0, 0], 'avifmif1miaf'),
  mp4: bytes(be32(24), 'ftypisom', [0, 0, 2, 0], 'isomiso2'),
  gif: bytes('GIF89a', [1, 0, 1, 0]),
  pdf: bytes('%PDF-1.7\n%âãÏÓ'),
  text: bytes('独居老人王奶奶反映楼道灯坏了'),
  empty: bytes(),
};

describe('sniffing an image from its first bytes', () => {
  it.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['webp', 'image/webp'],
    ['heic', 'image/heic'],
    ['heicCompatible', 'image/heic'],
    ['heifGeneric', 'image/heic'],
    ['avif', null],
    ['mp4', null],
    ['gif', null],
    ['pdf', null],
    ['text', null],
    ['empty', null],
  ] as const)('%s → %s', (name, expected) => {
    expect(sniffImage(SAMPLES[name])).toBe(expected);
  });

  it('needs the whole signature: a truncated one is not an image', () => {
    expect(sniffImage(SAMPLES.jpeg.subarray(0, 2))).toBeNull();
    expect(sniffImage(SAMPLES.png.subarray(0, 7))).toBeNull();
    expect(sniffImage(SAMPLES.webp.subarray(0, 11))).toBeNull();
    expect(sniffImage(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBeNull();
  });
});

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('the disk file store', () => {
  const root = mkdtempSync(join(tmpdir(), 'gz-files-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const store = createDiskFileStore(root, { maxBytes: 1024 });

  it('keeps bytes under their SHA-256 at ab/cd/<sha256> and reads them back', async () => {
    const data = bytes(SAMPLES.jpeg, 'photo one');
    const stored = await store.put(data);
    expect(stored).toEqual({ sha256: sha256Of(data), bytes: data.length });
    expect(relativePath(stored.sha256)).toBe(join(stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256));
    expect(readFileSync(join(root, relativePath(stored.sha256)))).toEqual(data);
    expect(await store.has(stored.sha256)).toBe(true);
    const stream = await store.open(stored.sha256);
    expect(stream).not.toBeNull();
    expect(await drain(stream as Readable)).toEqual(data);
  });

  it('stores the same bytes once, and leaves no temporary files behind', async () => {
    const data = bytes(SAMPLES.png, 'photo two');
    const [a, b] = await Promise.all([store.put(data), store.put(data)]);
    expect(a).toEqual(b);
    expect(await store.put(data)).toEqual(a);
    expect(readdirSync(join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4)))).toEqual([a.sha256]);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('refuses a file over its limit and writes nothing', async () => {
    const big = Buffer.alloc(1025, 1);
    await expect(store.put(big)).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await store.has(sha256Of(big))).toBe(false);
  });

  it('answers null for bytes it does not have, and refuses a name that is not a hash', async () => {
    expect(await store.open('0'.repeat(64))).toBeNull();
    expect(await store.has('f'.repeat(64))).toBe(false);
    await expect(store.open('../../etc/passwd')).rejects.toThrow(/SHA-256/);
  });
});
