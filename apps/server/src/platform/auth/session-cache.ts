/**
 * A short-lived in-process cache of loaded sessions, so a signed-in read costs one database
 * round trip instead of two. Staleness is what matters here, so the cache is emptied:
 * - after every write this process commits (any write may change a role, a grant's path, a
 *   session or an account — clearing all is simpler than knowing which);
 * - when another process commits such a change: triggers on the auth tables NOTIFY
 *   `gongzhi_auth`, and each PostgreSQL process LISTENs (PGlite serves one process only);
 * - and every entry expires after a few seconds whatever happens, the bound on staleness if
 *   a notification is ever lost. When the listening connection fails the cache switches off.
 * A load that raced with a clear is not cached: each clear starts a new generation.
 */
import type { Role } from '@gongzhi/domain';
import type { Grant } from './scope.ts';

export interface CachedSession {
  tokenHash: string;
  csrfToken: string;
  lastSeenAt: Date;
  idleTimeoutS: number;
  expiresAt: Date;
  mfaPassed: boolean;
  passwordChangedAt: Date;
  user: { id: number; uid: string; username: string; displayName: string; orgPath: string; totpEnabled: boolean };
  grants: Grant[];
  roles: Role[];
}

export const SESSION_CACHE_TTL_MS = 5_000;

export interface SessionCache {
  get(tokenHash: string, nowMs: number): CachedSession | undefined;
  /** Caches a session loaded while `generation` was current, unless a clear came between. */
  set(session: CachedSession, generation: number, nowMs: number): void;
  generation(): number;
  delete(tokenHash: string): void;
  clear(): void;
  /** Stops caching for good: invalidations can no longer be trusted to arrive. */
  disable(): void;
}

export function createSessionCache(ttlMs = SESSION_CACHE_TTL_MS, maxEntries = 50_000): SessionCache {
  const entries = new Map<string, { session: CachedSession; until: number }>();
  let generation = 0;
  let enabled = true;
  return {
    get(tokenHash, nowMs) {
      const hit = entries.get(tokenHash);
      if (!hit) return undefined;
      if (hit.until <= nowMs) {
        entries.delete(tokenHash);
        return undefined;
      }
      return hit.session;
    },
    set(session, loadedIn, nowMs) {
      if (!enabled || loadedIn !== generation) return;
      if (entries.size >= maxEntries) entries.clear();
      entries.set(session.tokenHash, { session, until: nowMs + ttlMs });
    },
    generation: () => generation,
    delete(tokenHash) {
      entries.delete(tokenHash);
    },
    clear() {
      generation++;
      entries.clear();
    },
    disable() {
      enabled = false;
      generation++;
      entries.clear();
    },
  };
}
