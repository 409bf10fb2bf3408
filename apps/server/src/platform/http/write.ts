/**
 * A request that writes is one transaction. With an `Idempotency-Key` header, the key is
 * claimed inside that same transaction: a retry after success gets the first answer back,
 * a concurrent retry waits for the first to commit and then gets its answer, and a key
 * reused for a different request is refused.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { canonicalJson, withDeferredAudits } from '../audit/audit.ts';
import type { Clock } from '../clock.ts';
import { type Db, PREPARED } from '../db/database.ts';
import { AppError, localeOf } from '../errors.ts';
import type { ReadCaches } from '../read-cache.ts';

const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;
/** Raised inside the transaction by the triggers on the auth and org tables (change_notify migrations). */
const READ_MODEL_CHANGED = sql.raw(`current_setting('gongzhi.read_model_changed', true)`);

function requestHash(req: FastifyRequest): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url}\n${canonicalJson(req.body ?? null)}`)
    .digest('hex');
}

export async function write<T>(
  deps: { db: Db; clock: Clock; caches: ReadCaches },
  req: FastifyRequest,
  reply: FastifyReply,
  work: (trx: Db) => Promise<T>,
  status = 200,
): Promise<T> {
  const key = req.headers['idempotency-key'];
  if (key !== undefined && (typeof key !== 'string' || !KEY_PATTERN.test(key))) {
    const message =
      localeOf(req.headers['accept-language']) === 'en'
        ? 'Idempotency-Key must be 8–128 characters of A-Z a-z 0-9 _ . : -'
        : 'Idempotency-Key 格式不正确(应为 8–128 个字母、数字或 _ . : -)';
    throw new AppError('VALIDATION_FAILED', 400, [{ field: 'Idempotency-Key', rule: 'pattern', message }]);
  }
  const userId = req.scope?.user.id ?? 0;
  const result = await deps.db.transaction().execute(async (trx) => {
    if (key) {
      const hash = requestHash(req);
      const claimed = await sql<{ key: string }>`
        insert into idempotency_key (user_id, key, request_hash, created_at)
        values (${userId}, ${key}, ${hash}, ${deps.clock()})
        on conflict do nothing returning key`.execute(trx);
      if (claimed.rows.length === 0) {
        const prior = await trx
          .selectFrom('idempotency_key')
          .select(['request_hash', 'status_code', 'response'])
          .where('user_id', '=', userId)
          .where('key', '=', key)
          .executeTakeFirstOrThrow();
        if (prior.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', 422);
        if (prior.status_code === null) throw new AppError('IDEMPOTENCY_IN_PROGRESS', 409);
        return { replay: true as const, status: prior.status_code, body: prior.response as T };
      }
      // The answer is stored in the statement that appends the audit records, the request's last:
      // appending takes the chain's lock, held from there to the commit.
      return withDeferredAudits(
        trx,
        () => work(trx),
        async (body, append) => {
          const response = JSON.stringify(body ?? null);
          const { rows } = await sql<{ changed: string | null }>`${sql.raw(PREPARED)}
            with answered as (
              update idempotency_key set status_code = ${status}, response = ${response}
               where user_id = ${userId} and key = ${key} returning 1),
            appended as (select ${append ?? sql`null`})
            select ${READ_MODEL_CHANGED} as changed, (select count(*) from answered) as answered,
                   (select count(*) from appended) as appended`.execute(trx);
          return { replay: false as const, status, body, changed: rows[0]?.changed === 'on', appended: true };
        },
      );
    }
    return withDeferredAudits(
      trx,
      () => work(trx),
      async (body, append) => {
        const { rows } = await sql<{ changed: string | null }>`${sql.raw(PREPARED)}
          with appended as (select ${append ?? sql`null`})
          select ${READ_MODEL_CHANGED} as changed, (select count(*) from appended) as appended`.execute(trx);
        return { replay: false as const, status, body, changed: rows[0]?.changed === 'on', appended: true };
      },
    );
  });
  // This write changed who may do what, or the org tree: reload them (see read-cache.ts).
  if (!result.replay && result.changed) deps.caches.clear();
  reply.code(result.status);
  if (result.replay) reply.header('Idempotent-Replayed', 'true');
  return result.body;
}
