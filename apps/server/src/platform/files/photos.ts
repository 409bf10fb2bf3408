/**
 * Photos as modules keep them: the bytes in the file store, a stored_file row of who uploaded
 * what for which purpose under an id the client chose. Uploads are idempotent by that id (the
 * same bytes by the same user again answer with the photo already kept; anything else is a
 * conflict). A module says only who may upload and who, besides the uploader, may see a photo
 * (a visit in scope showing it, a claim showing it); the stored_file SQL lives here, the
 * module's own tables (visit_photo, points_claim) stay in its repo.
 */
import { sql } from 'kysely';
import type { Scope } from '../auth/scope.ts';
import type { Clock } from '../clock.ts';
import { type Db, PREPARED } from '../db/database.ts';
import { AppError, type Locale, messageFor } from '../errors.ts';
import { sniffImage } from './sniff.ts';
import type { FileStore } from './store.ts';

/** The body of an upload as the route's parser hands it over: the bytes stay out of JSON. */
export class PhotoUpload {
  readonly #data: Buffer;
  constructor(
    readonly sha256: string,
    readonly bytes: number,
    data: Buffer,
  ) {
    this.#data = data;
  }
  get data(): Buffer {
    return this.#data;
  }
}

/** The 400 of an upload that is no accepted image, naming the `photo`. */
export function notAnImage(locale: Locale): AppError {
  return new AppError('PHOTO_NOT_AN_IMAGE', 400, [
    { field: 'photo', rule: 'image', message: `photo: ${messageFor('PHOTO_NOT_AN_IMAGE', locale)}` },
  ]);
}

// ── stored_file ──────────────────────────────────────────────────────────────────────────────
export interface StoredFileRow {
  id: number;
  uid: string;
  sha256: string;
  content_type: string;
  bytes: number;
  purpose: string;
  created_by: number;
}

export interface NewStoredFile {
  uid: string;
  sha256: string;
  content_type: string;
  bytes: number;
  purpose: string;
  org_path: string;
  created_by: number;
}

const prepared = sql.raw(PREPARED);

export async function storedFileByUid(db: Db, uid: string): Promise<StoredFileRow | undefined> {
  const { rows } = await sql<StoredFileRow>`${prepared}
    select id, uid::text as uid, sha256, content_type, bytes, purpose, created_by
      from stored_file where uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function storedFilesByUid(db: Db, uids: string[]): Promise<StoredFileRow[]> {
  if (uids.length === 0) return [];
  const { rows } = await sql<StoredFileRow>`
    select id, uid::text as uid, sha256, content_type, bytes, purpose, created_by
      from stored_file where uid = any(${uids}::uuid[])`.execute(db);
  return rows;
}

/** False when the id is already taken (by a concurrent upload, or by other bytes). */
export async function insertStoredFile(db: Db, row: NewStoredFile, now: Date): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`
    insert into stored_file (uid, sha256, content_type, bytes, purpose, org_path, created_by, created_at)
    values (${row.uid}::uuid, ${row.sha256}, ${row.content_type}, ${row.bytes}, ${row.purpose}, ${row.org_path},
            ${row.created_by}, ${now})
    on conflict (uid) do nothing returning id`.execute(db);
  return rows.length > 0;
}

// ── The store of one purpose ─────────────────────────────────────────────────────────────────
export interface PhotoStoreDeps {
  files: FileStore;
  clock: Clock;
  /** stored_file.purpose of this module's photos, e.g. 'visit_photo'. */
  purpose: string;
  /** Throws when the user may not upload photos of this purpose at all (the route may suffice). */
  mayUpload?: (scope: Scope) => void;
  /** Whether a user other than the uploader may see the photo (something in scope shows it). */
  visibleTo: (db: Db, scope: Scope, uid: string) => Promise<boolean>;
}

export interface StoredPhoto {
  id: string;
  contentType: string;
  bytes: number;
}

const toPhoto = (f: { uid: string; content_type: string; bytes: number }): StoredPhoto => ({
  id: f.uid,
  contentType: f.content_type,
  bytes: f.bytes,
});

export function createPhotoStore(deps: PhotoStoreDeps) {
  const { files, clock, purpose, mayUpload, visibleTo } = deps;

  /**
   * The first step of an upload, outside any transaction: the bytes must be an image, and an
   * id already used answers at once — the same bytes by the same user again is the retry of an
   * upload whose answer was lost (200), anything else is a conflict.
   */
  async function check(
    db: Db,
    scope: Scope,
    uid: string,
    upload: PhotoUpload,
  ): Promise<{ contentType: string; existing: StoredPhoto | undefined }> {
    mayUpload?.(scope);
    const contentType = sniffImage(upload.data.subarray(0, 64));
    if (!contentType) throw notAnImage(scope.locale);
    const prior = await storedFileByUid(db, uid);
    if (prior) {
      if (prior.created_by === scope.user.id && prior.sha256 === upload.sha256 && prior.purpose === purpose)
        return { contentType, existing: toPhoto(prior) };
      throw new AppError('PHOTO_ID_TAKEN', 409);
    }
    return { contentType, existing: undefined };
  }

  /** Keeps the bytes (content-addressed, so a retry writes nothing new), then the row. */
  async function store(trx: Db, scope: Scope, uid: string, upload: PhotoUpload, contentType: string) {
    await files.put(upload.data);
    const row: NewStoredFile = {
      uid,
      sha256: upload.sha256,
      content_type: contentType,
      bytes: upload.bytes,
      purpose,
      org_path: scope.user.orgPath,
      created_by: scope.user.id,
    };
    if (!(await insertStoredFile(trx, row, clock()))) {
      // The same id arrived twice at once: the other upload committed first.
      const prior = await storedFileByUid(trx, uid);
      if (!prior || prior.created_by !== scope.user.id || prior.sha256 !== upload.sha256)
        throw new AppError('PHOTO_ID_TAKEN', 409);
    }
    return toPhoto(row);
  }

  /** A photo's bytes, for its uploader or a user the module lets see it; 404 to anyone else. */
  async function open(db: Db, scope: Scope, uid: string) {
    const row = await storedFileByUid(db, uid);
    const visible = row?.purpose === purpose && (row.created_by === scope.user.id || (await visibleTo(db, scope, uid)));
    if (!row || !visible) throw new AppError('PHOTO_NOT_FOUND', 404);
    const stream = await files.open(row.sha256);
    if (!stream) throw new AppError('PHOTO_NOT_FOUND', 404);
    return { stream, contentType: row.content_type, bytes: row.bytes, sha256: row.sha256 };
  }

  return { check, store, open };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;
