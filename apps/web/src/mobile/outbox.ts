/**
 * The outbox: visits recorded on the phone wait here (IndexedDB) until the server has them.
 * Plain TypeScript, no React: the pages read `outboxState()` and call `saveVisit` / `syncNow`.
 *
 * Sync, one step after the other, never two at once:
 *   1. a batch sent earlier and not answered (the phone lost signal mid-request) is sent
 *      again exactly as it was, with the same Idempotency-Key: the server answers it once;
 *   2. each waiting record's photos are uploaded (PUT /api/visits/photos/:id, idempotent);
 *   3. up to 50 records go in one POST /api/visits/sync with a fresh Idempotency-Key, kept
 *      with the batch before it is sent (step 1 on the next try);
 *   4. each record's outcome: created/updated/unchanged → out of the outbox, the must-visit
 *      item done; conflict → out, and a notice with the rule; rejected → kept with the
 *      reason, for the worker to correct.
 * A record edited on the phone while its batch was on the way keeps the newer edit (its
 * `version` moved on): the answer only moves its baseRevision to what the server now has.
 */
import type { SyncBody, SyncResponse, SyncResult, VisitInput } from '@gongzhi/api';
import { ApiError, api } from '../api/client.ts';
import { markVisitedLocally } from './list.ts';
import {
  type ConflictNotice,
  deviceId,
  type InflightBatch,
  kvDelete,
  kvGet,
  kvSet,
  type OutboxEntry,
  type RecordProblem,
  type StoredPhoto,
  type SyncedRecord,
  store,
} from './store.ts';

export const BATCH_SIZE = 50;
/** How often a phone with waiting records tries again by itself. */
export const RETRY_INTERVAL_MS = 60_000;

/** How the outbox reaches the server; the API client in the app, a fake in a test. */
export interface SyncTransport {
  uploadPhoto(id: string, blob: Blob): Promise<void>;
  sync(body: SyncBody, idempotencyKey: string): Promise<SyncResponse>;
}

export const apiTransport: SyncTransport = {
  uploadPhoto: async (id, blob) => {
    await api.put(`/api/visits/photos/${id}`, blob);
  },
  sync: (body, key) => api.post<SyncResponse>('/api/visits/sync', body, { 'Idempotency-Key': key }),
};

export interface OutboxState {
  userId: string | null;
  /** records waiting to be sent, oldest first */
  pending: OutboxEntry[];
  /** records the server refused, with the reason, until corrected */
  rejected: OutboxEntry[];
  /** photos not yet on the server */
  pendingPhotos: number;
  notices: ConflictNotice[];
  lastSyncAt: string | null;
  running: boolean;
  /** why the last try stopped: offline, a server error; null when it went through */
  lastError: string | null;
}

type SyncListener = (state: OutboxState) => void;

let state: OutboxState = {
  userId: null,
  pending: [],
  rejected: [],
  pendingPhotos: 0,
  notices: [],
  lastSyncAt: null,
  running: false,
  lastError: null,
};
const listeners = new Set<SyncListener>();
let sessionLostListener: () => void = () => {};
let transport: SyncTransport = apiTransport;
let now: () => Date = () => new Date();

function publish(patch: Partial<OutboxState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l(state);
}

export function outboxState(): OutboxState {
  return state;
}

export function subscribeOutbox(listener: SyncListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called when the server says the session is gone (401) while syncing. */
export function onSyncSessionLost(listener: () => void): void {
  sessionLostListener = listener;
}

/** For tests: another way to the server, another clock. */
export function configureOutbox(opts: { transport?: SyncTransport; clock?: () => Date }): void {
  if (opts.transport) transport = opts.transport;
  if (opts.clock) now = opts.clock;
}

const lastSyncKey = (userId: string) => `lastSync|${userId}`;
const inflightKey = (userId: string) => `inflight|${userId}`;

/** Re-reads the user's outbox, photos and notices from IndexedDB into the published state. */
export async function refreshOutbox(userId: string | null = state.userId): Promise<OutboxState> {
  if (!userId) {
    publish({ userId: null, pending: [], rejected: [], pendingPhotos: 0, notices: [], lastSyncAt: null });
    return state;
  }
  const db = await store();
  const [entries, photos, notices, lastSyncAt] = await Promise.all([
    db.getAllFromIndex('outbox', 'byUser', userId),
    db.getAllFromIndex('photos', 'byUser', userId),
    db.getAllFromIndex('notices', 'byUser', userId),
    kvGet<string>(lastSyncKey(userId)),
  ]);
  entries.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  notices.sort((a, b) => b.at.localeCompare(a.at));
  publish({
    userId,
    pending: entries.filter((e) => e.status === 'pending'),
    rejected: entries.filter((e) => e.status === 'rejected'),
    pendingPhotos: photos.filter((p) => !p.uploaded).length,
    notices,
    lastSyncAt: lastSyncAt ?? null,
  });
  return state;
}

/** A photo taken for a record: downscaled already, with a device-made id. */
export interface NewPhoto {
  id: string;
  blob: Blob;
  width: number;
  height: number;
}

export interface VisitDraft {
  userId: string;
  dueId: string | null;
  label: string;
  /** the record; `photoIds` lists every photo it keeps, old and new */
  input: VisitInput;
  newPhotos: NewPhoto[];
}

/**
 * Puts a recorded or edited visit into the outbox with its photos, in one IndexedDB
 * transaction: either all of it is on the phone or none of it.
 */
export async function saveVisit(draft: VisitDraft): Promise<OutboxEntry> {
  const db = await store();
  const tx = db.transaction(['outbox', 'photos'], 'readwrite');
  const outbox = tx.objectStore('outbox');
  const photos = tx.objectStore('photos');
  const previous = await outbox.get(draft.input.id);
  const entry: OutboxEntry = {
    id: draft.input.id,
    userId: draft.userId,
    dueId: previous?.dueId ?? draft.dueId,
    label: draft.label,
    input: draft.input,
    version: (previous?.version ?? 0) + 1,
    status: 'pending',
    problem: null,
    queuedAt: previous?.queuedAt ?? now().toISOString(),
    attempts: previous?.attempts ?? 0,
  };
  await outbox.put(entry);
  for (const p of draft.newPhotos) {
    const row: StoredPhoto = { ...p, visitId: entry.id, userId: draft.userId, uploaded: false };
    await photos.put(row);
  }
  // Photos the worker took off the record leave the phone with it.
  const kept = new Set(draft.input.photoIds);
  for (const p of await photos.index('byVisit').getAll(entry.id)) {
    if (!kept.has(p.id)) await photos.delete(p.id);
  }
  await tx.done;
  await refreshOutbox(draft.userId);
  return entry;
}

/** A record that waits (pending or rejected) or one this phone synced, to edit again. */
export async function findRecord(
  id: string,
): Promise<{ kind: 'outbox'; entry: OutboxEntry } | { kind: 'synced'; record: SyncedRecord } | null> {
  const db = await store();
  const entry = await db.get('outbox', id);
  if (entry) return { kind: 'outbox', entry };
  const record = await db.get('records', id);
  return record ? { kind: 'synced', record } : null;
}

export async function photosOf(visitId: string): Promise<StoredPhoto[]> {
  return (await store()).getAllFromIndex('photos', 'byVisit', visitId);
}

export async function recordsOf(userId: string): Promise<SyncedRecord[]> {
  return (await store()).getAllFromIndex('records', 'byUser', userId);
}

export async function dismissNotice(id: string): Promise<void> {
  await (await store()).delete('notices', id);
  await refreshOutbox();
}

// ── Sync ────────────────────────────────────────────────────────────────────────────────
let running: Promise<OutboxState> | null = null;

/**
 * Sends what waits, if anything and if the phone is online. Concurrent calls share one run;
 * two tabs of the app take turns (Web Locks), so a batch is never sent by both.
 */
export function syncNow(): Promise<OutboxState> {
  running ??= exclusively(runSync).finally(() => {
    running = null;
  });
  return running;
}

async function exclusively<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator !== 'undefined' && navigator.locks) {
    return await navigator.locks.request('gongzhi-visit-sync', work);
  }
  return await work();
}

/** Why a run stopped, in words for the sync page; a 401 also tells the app the session is gone. */
function stopReason(err: unknown): string {
  if (err instanceof ApiError && err.status === 401) sessionLostListener();
  return err instanceof Error ? err.message : String(err);
}

async function runSync(): Promise<OutboxState> {
  const userId = state.userId;
  if (!userId) return state;
  if (typeof navigator !== 'undefined' && !navigator.onLine) {
    await refreshOutbox(userId);
    return state;
  }
  publish({ running: true });
  try {
    let sent = 0;
    const inflight = await kvGet<InflightBatch>(inflightKey(userId));
    if (inflight) {
      await sendBatch(inflight);
      sent += 1;
    }
    await refreshOutbox(userId);
    // Each record once per run (a record saved during the run is picked up too).
    const attempted = new Set<string>();
    for (;;) {
      const batch = state.pending.filter((e) => !attempted.has(e.id)).slice(0, BATCH_SIZE);
      if (batch.length === 0) break;
      for (const e of batch) attempted.add(e.id);
      const ready = await uploadPhotos(batch);
      if (ready.length > 0) {
        const made: InflightBatch = {
          key: `visit-sync:${crypto.randomUUID()}`,
          userId,
          deviceId: await deviceId(),
          records: ready.map((e) => e.input),
          versions: Object.fromEntries(ready.map((e) => [e.id, e.version])),
          sentAt: now().toISOString(),
        };
        // Kept before it is sent: if the answer is lost, the next run sends this very batch again.
        await kvSet(inflightKey(userId), made);
        await sendBatch(made);
        sent += 1;
      }
      await refreshOutbox(userId);
    }
    // The last time the server answered a batch: a run with nothing to send asks nobody.
    if (sent > 0) await kvSet(lastSyncKey(userId), now().toISOString());
    await refreshOutbox(userId);
    publish({ running: false, lastError: null });
  } catch (err) {
    await refreshOutbox(userId);
    publish({ running: false, lastError: stopReason(err) });
  }
  return state;
}

/** Uploads the photos of the batch's records; a record whose photo the server refuses is held back. */
async function uploadPhotos(batch: OutboxEntry[]): Promise<OutboxEntry[]> {
  const db = await store();
  const ready: OutboxEntry[] = [];
  for (const entry of batch) {
    let refused: RecordProblem | null = null;
    for (const photo of await db.getAllFromIndex('photos', 'byVisit', entry.id)) {
      if (photo.uploaded || !entry.input.photoIds.includes(photo.id)) continue;
      try {
        await transport.uploadPhoto(photo.id, photo.blob);
      } catch (err) {
        // Too large, not an image, an id used for other bytes: the worker must change the record.
        if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401) {
          refused = { code: err.code, message: err.message, details: { photo: photo.id, server: err.details } };
          break;
        }
        throw err;
      }
      await db.put('photos', { ...photo, uploaded: true });
    }
    if (refused) await markRejected(entry.id, entry.version, refused);
    else ready.push(entry);
  }
  return ready;
}

async function markRejected(id: string, version: number, problem: RecordProblem): Promise<void> {
  const db = await store();
  const entry = await db.get('outbox', id);
  if (!entry || entry.version !== version) return;
  await db.put('outbox', { ...entry, status: 'rejected', problem, attempts: entry.attempts + 1 });
}

/** The records a 400 for the whole batch names (`records[3].summary`), by index. */
function recordsNamed(details: unknown): Map<number, string[]> {
  const named = new Map<number, string[]>();
  if (!Array.isArray(details)) return named;
  for (const d of details) {
    const field = typeof d?.field === 'string' ? d.field : '';
    const m = /^records\[(\d+)\]/.exec(field);
    if (!m) continue;
    const i = Number(m[1]);
    named.set(i, [...(named.get(i) ?? []), String(d.message ?? field)]);
  }
  return named;
}

async function sendBatch(batch: InflightBatch): Promise<void> {
  let response: SyncResponse;
  try {
    response = await transport.sync({ deviceId: batch.deviceId, records: batch.records }, batch.key);
  } catch (err) {
    if (err instanceof ApiError && err.status === 400) {
      // The batch as a whole did not pass the schema: hold back the records it names (all of
      // them when it names none), send the others again.
      const named = recordsNamed(err.details);
      const problem = (messages?: string[]): RecordProblem => ({
        code: err.code,
        message: messages?.join(';') ?? err.message,
        details: err.details,
      });
      for (const [i, r] of batch.records.entries()) {
        const version = batch.versions[r.id] ?? -1;
        if (named.size === 0) await markRejected(r.id, version, problem());
        else if (named.has(i)) await markRejected(r.id, version, problem(named.get(i)));
      }
      await kvDelete(inflightKey(batch.userId));
      return;
    }
    if (err instanceof ApiError && err.code === 'IDEMPOTENCY_KEY_REUSED') {
      // Cannot happen with a batch kept whole; were it to, the records are simply sent anew.
      await kvDelete(inflightKey(batch.userId));
      return;
    }
    throw err;
  }
  await applyResults(batch, response.results);
  await kvDelete(inflightKey(batch.userId));
}

async function applyResults(batch: InflightBatch, results: SyncResult[]): Promise<void> {
  const db = await store();
  const at = now().toISOString();
  const visited: Array<{ dueId: string | null; input: VisitInput; visitId: string }> = [];
  const tx = db.transaction(['outbox', 'photos', 'records', 'notices'], 'readwrite');
  for (const result of results) {
    const sent = batch.records.find((r) => r.id === result.id);
    if (!sent) continue;
    const entry = await tx.objectStore('outbox').get(result.id);
    const current = entry !== undefined && entry.version === batch.versions[result.id];
    if (result.outcome === 'rejected') {
      if (entry && current) {
        await tx.objectStore('outbox').put({
          ...entry,
          status: 'rejected',
          problem: result.error ?? { code: 'REJECTED', message: '' },
          attempts: entry.attempts + 1,
        });
      }
      continue;
    }
    const revision = result.revision ?? sent.baseRevision;
    const label = entry?.label ?? '';
    const dueId = entry?.dueId ?? null;
    if (entry && current) {
      await tx.objectStore('outbox').delete(entry.id);
      for (const key of await tx.objectStore('photos').index('byVisit').getAllKeys(entry.id)) {
        await tx.objectStore('photos').delete(key);
      }
    } else if (entry) {
      // Edited again while this answer was on its way: the newer edit now builds on the server's revision.
      await tx.objectStore('outbox').put({ ...entry, input: { ...entry.input, baseRevision: revision } });
    }
    await tx.objectStore('records').put({
      id: sent.id,
      userId: batch.userId,
      dueId,
      label,
      input: { ...sent, baseRevision: revision },
      revision,
      syncedAt: at,
    });
    if (result.outcome === 'conflict') {
      await tx.objectStore('notices').put({
        id: `${sent.id}:${revision}`,
        userId: batch.userId,
        visitId: sent.id,
        label,
        summary: sent.summary.slice(0, 120),
        revision: result.revision,
        at,
      });
    }
    visited.push({ dueId, input: sent, visitId: sent.id });
  }
  await tx.done;
  await markVisitedLocally(batch.userId, visited);
}
