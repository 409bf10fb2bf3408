/**
 * The phone's own database (IndexedDB through `idb`): what the grid worker needs with no
 * signal. Nothing here is in the Cache API and nothing holds a token.
 *
 *   kv        deviceId, the last /api/auth/me answer per device (no csrf token), sync state
 *   lists     GET /api/visits/mine stored whole, one row per user and month
 *   outbox    visits recorded or edited on this phone and not yet accepted by the server
 *   photos    the outbox's photos as Blobs, already downscaled
 *   records   visits this phone synced (id, revision, body): so they can be edited again
 *   notices   conflicts the server reported, until the worker has read them
 *
 * Every row that belongs to someone carries `userId`: a phone handed to another worker shows
 * that worker nothing of the first one's, and the first one's unsynced work waits for them.
 */
import type { MyVisitList, VisitInput } from '@gongzhi/api';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/** What the phone keeps of /api/auth/me: who, never a credential. */
export interface CachedMe {
  userId: string;
  username: string;
  displayName: string;
  roles: Array<{ role: string; unitName: string }>;
  permissions: string[];
  savedAt: string;
}

export interface StoredList {
  key: string;
  userId: string;
  month: string;
  list: MyVisitList;
  /** when the server's answer reached the phone */
  fetchedAt: string;
}

/** A problem the server (or a photo upload) reported for a record; it stays until edited. */
export interface RecordProblem {
  code: string;
  message: string;
  details?: unknown;
}

export interface OutboxEntry {
  /** the visit's id (device-made uuid), also the key */
  id: string;
  userId: string;
  /** the must-visit item it was recorded from, to show it done; null when edited from a record */
  dueId: string | null;
  /** what the worker saw, kept for lists on the phone: the card's address and names */
  label: string;
  input: VisitInput;
  /** bumped on every edit on the phone: an answer to an older send must not drop a newer edit */
  version: number;
  status: 'pending' | 'rejected';
  problem: RecordProblem | null;
  queuedAt: string;
  attempts: number;
}

export interface StoredPhoto {
  id: string;
  visitId: string;
  userId: string;
  blob: Blob;
  width: number;
  height: number;
  uploaded: boolean;
}

export interface SyncedRecord {
  id: string;
  userId: string;
  dueId: string | null;
  label: string;
  input: VisitInput;
  revision: number;
  syncedAt: string;
}

export interface ConflictNotice {
  id: string;
  userId: string;
  visitId: string;
  label: string;
  summary: string;
  revision: number | null;
  at: string;
}

/** A batch sent and not yet answered: resent as it was, with the same Idempotency-Key. */
export interface InflightBatch {
  key: string;
  userId: string;
  deviceId: string;
  records: VisitInput[];
  versions: Record<string, number>;
  sentAt: string;
}

interface MobileDb extends DBSchema {
  kv: { key: string; value: unknown };
  lists: { key: string; value: StoredList; indexes: { byUser: string } };
  outbox: { key: string; value: OutboxEntry; indexes: { byUser: string } };
  photos: { key: string; value: StoredPhoto; indexes: { byVisit: string; byUser: string } };
  records: { key: string; value: SyncedRecord; indexes: { byUser: string } };
  notices: { key: string; value: ConflictNotice; indexes: { byUser: string } };
}

export type Store = IDBPDatabase<MobileDb>;

let opened: Promise<Store> | null = null;

export function store(): Promise<Store> {
  opened ??= openDB<MobileDb>('gongzhi-mobile', 1, {
    upgrade(db) {
      db.createObjectStore('kv');
      db.createObjectStore('lists', { keyPath: 'key' }).createIndex('byUser', 'userId');
      db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byUser', 'userId');
      const photos = db.createObjectStore('photos', { keyPath: 'id' });
      photos.createIndex('byVisit', 'visitId');
      photos.createIndex('byUser', 'userId');
      db.createObjectStore('records', { keyPath: 'id' }).createIndex('byUser', 'userId');
      db.createObjectStore('notices', { keyPath: 'id' }).createIndex('byUser', 'userId');
    },
    // Another tab opened a newer version of the app: let it upgrade, this tab reloads.
    blocking() {
      void opened?.then((db) => db.close());
      opened = null;
    },
  });
  return opened;
}

export async function kvGet<T>(key: string): Promise<T | undefined> {
  return (await (await store()).get('kv', key)) as T | undefined;
}

export async function kvSet(key: string, value: unknown): Promise<void> {
  await (await store()).put('kv', value, key);
}

export async function kvDelete(key: string): Promise<void> {
  await (await store()).delete('kv', key);
}

/** This phone's id, made once and kept: the server records which device made each edit. */
export async function deviceId(): Promise<string> {
  const known = await kvGet<string>('deviceId');
  if (known) return known;
  const made = `web-${crypto.randomUUID()}`;
  await kvSet('deviceId', made);
  return made;
}

// ── Identity ────────────────────────────────────────────────────────────────────────────
export async function loadCachedMe(): Promise<CachedMe | undefined> {
  return kvGet<CachedMe>('me');
}

export async function saveCachedMe(me: CachedMe): Promise<void> {
  await kvSet('me', me);
}

/**
 * Signed out or the session is gone: forget who it was and the cached lists (personal data
 * of residents), but never the outbox, which is the worker's unsynced work.
 */
export async function forgetUser(userId: string | null): Promise<void> {
  const db = await store();
  await db.delete('kv', 'me');
  if (!userId) return;
  const tx = db.transaction(['lists', 'records', 'notices'], 'readwrite');
  for (const name of ['lists', 'records', 'notices'] as const) {
    const keys = await tx.objectStore(name).index('byUser').getAllKeys(userId);
    for (const k of keys) await tx.objectStore(name).delete(k);
  }
  await tx.done;
}

// ── Lists ───────────────────────────────────────────────────────────────────────────────
export const listKey = (userId: string, month: string) => `${userId}|${month}`;

export async function loadList(userId: string, month: string): Promise<StoredList | undefined> {
  return (await store()).get('lists', listKey(userId, month));
}

export async function saveList(userId: string, list: MyVisitList, fetchedAt: string): Promise<StoredList> {
  const row: StoredList = { key: listKey(userId, list.month), userId, month: list.month, list, fetchedAt };
  await (await store()).put('lists', row);
  return row;
}
