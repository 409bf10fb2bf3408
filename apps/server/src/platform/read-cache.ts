/**
 * Short-lived in-process caches of what nearly every request reads and rarely changes: the
 * signed-in session (with its user and grants) and the org tree of a scope. A hit spares a
 * database round trip. Staleness is what matters, so every cache is emptied:
 * - after a write this process commits that changed a session, an account, a grant or a unit
 *   (the tables' triggers raise a transaction-local flag that `write` reads before commit;
 *   clearing all is simpler than knowing which entries);
 * - when another process commits such a change: triggers on the auth and org tables NOTIFY
 *   `gongzhi_changes`, and each PostgreSQL process LISTENs (PGlite serves one process only);
 * - and every entry expires after a few seconds whatever happens, the bound on staleness if
 *   a notification is ever lost. When the listening connection fails, caching stops.
 * A value loaded before a clear is not stored: each clear starts a new generation.
 */
import type { OrgTree } from '@gongzhi/api';
import type { Static } from '@sinclair/typebox';
import type { CachedSession } from './auth/sessions.ts';

export const READ_CACHE_TTL_MS = 5_000;

export interface ReadCache<T> {
  get(key: string, nowMs: number): T | undefined;
  /** Stores a value loaded while `generation` was current, unless a clear came between. */
  set(key: string, value: T, generation: number, nowMs: number): void;
  generation(): number;
  delete(key: string): void;
}

export interface ReadCaches {
  sessions: ReadCache<CachedSession>;
  orgTrees: ReadCache<Static<typeof OrgTree>>;
  clear(): void;
  /** Stops caching for good: invalidations can no longer be trusted to arrive. */
  disable(): void;
}

export function createReadCaches(ttlMs = READ_CACHE_TTL_MS, maxEntries = 50_000): ReadCaches {
  let generation = 0;
  let enabled = true;
  const stores: Array<Map<string, { value: unknown; until: number }>> = [];

  function cache<T>(): ReadCache<T> {
    const entries = new Map<string, { value: T; until: number }>();
    stores.push(entries);
    return {
      get(key, nowMs) {
        const hit = entries.get(key);
        if (!hit) return undefined;
        if (hit.until <= nowMs) {
          entries.delete(key);
          return undefined;
        }
        return hit.value;
      },
      set(key, value, loadedIn, nowMs) {
        if (!enabled || loadedIn !== generation) return;
        if (entries.size >= maxEntries) entries.clear();
        entries.set(key, { value, until: nowMs + ttlMs });
      },
      generation: () => generation,
      delete(key) {
        entries.delete(key);
      },
    };
  }

  const clear = () => {
    generation++;
    for (const entries of stores) entries.clear();
  };
  return {
    sessions: cache<CachedSession>(),
    orgTrees: cache<Static<typeof OrgTree>>(),
    clear,
    disable() {
      enabled = false;
      clear();
    },
  };
}
