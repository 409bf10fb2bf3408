/**
 * The file store: bytes addressed by their SHA-256. A module keeps its own row of who stored
 * what for which purpose (stored_file); the store only keeps bytes, so the same photo uploaded
 * twice is kept once, and a retried upload finds its bytes already there.
 *
 * On disk a file lives at <root>/ab/cd/<sha256>. It is written to a temporary file in
 * <root>/tmp (the same file system), flushed, then renamed into place: a reader never sees half
 * a file, and a crash leaves at most a temporary file behind. The interface is small so that an
 * S3-compatible store (key = the same path) can stand in for the disk later.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredBytes {
  sha256: string;
  bytes: number;
}

export interface FileStore {
  /** The largest file the store takes, in bytes. */
  readonly maxBytes: number;
  /** Stores the bytes under their SHA-256; the same bytes stored again are not written twice. */
  put(data: Uint8Array): Promise<StoredBytes>;
  /** The bytes stored under the hash, as a stream, or null when there are none. */
  open(sha256: string): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
}

export class FileTooLargeError extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`file of ${bytes} bytes exceeds the store's limit of ${limit}`);
    this.name = 'FileTooLargeError';
  }
}

/** 10 MB: a phone photo at full resolution fits; anything bigger is refused before it is read. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Where a hash lives under the root: two levels of fan-out keep directories small. */
export function relativePath(sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error('not a SHA-256 hex digest');
  return join(sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

export function createDiskFileStore(root: string, opts: { maxBytes?: number } = {}): FileStore {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  const tmpDir = join(root, 'tmp');
  const pathOf = (sha256: string) => join(root, relativePath(sha256));

  async function exists(path: string): Promise<boolean> {
    try {
      return (await stat(path)).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  return {
    maxBytes,
    async put(data) {
      if (data.byteLength > maxBytes) throw new FileTooLargeError(data.byteLength, maxBytes);
      const sha256 = sha256Of(data);
      const target = pathOf(sha256);
      if (await exists(target)) return { sha256, bytes: data.byteLength };
      await mkdir(tmpDir, { recursive: true });
      const temp = join(tmpDir, `${sha256}.${randomUUID()}`);
      try {
        const fh = await open(temp, 'wx', 0o640);
        try {
          await fh.writeFile(data);
          await fh.datasync();
        } finally {
          await fh.close();
        }
        await mkdir(join(target, '..'), { recursive: true });
        // Two uploads of the same bytes may race here: both renames put the same bytes in place.
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return { sha256, bytes: data.byteLength };
    },
    async open(sha256) {
      const path = pathOf(sha256);
      if (!(await exists(path))) return null;
      return createReadStream(path);
    },
    has: (sha256) => exists(pathOf(sha256)),
  };
}

/** The store of a server: `<dataDir>/files`. */
export function fileStoreIn(dataDir: string, opts: { maxBytes?: number } = {}): FileStore {
  return createDiskFileStore(join(dataDir, 'files'), opts);
}
