/**
 * Idempotency-Keys for the residents' writes. One key per thing the resident means to do: a
 * second tap or a retry after a dropped answer sends the same body with the same key, and the
 * server answers it once (the order is placed once, the claim filed once). Another body — or
 * the same body after a success, i.e. the resident really redeems the same item again — gets
 * a fresh key.
 */
import { useCallback, useRef } from 'react';

export interface WriteKey {
  /** the key for this body: the last one again when the body is the same and not yet done */
  keyFor(body: unknown): string;
  /** the write went through: the next one, even with the same body, is a new intent */
  done(): void;
}

export function newKey(prefix: string): string {
  return `${prefix}:${crypto.randomUUID()}`;
}

export function useWriteKey(prefix: string): WriteKey {
  const last = useRef<{ body: string; key: string } | null>(null);
  const keyFor = useCallback(
    (body: unknown) => {
      const text = JSON.stringify(body ?? null);
      if (last.current?.body !== text) last.current = { body: text, key: newKey(prefix) };
      return last.current.key;
    },
    [prefix],
  );
  const done = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, done };
}
