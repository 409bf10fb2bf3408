/**
 * Domain events: a module writes an event to the outbox in the same transaction as the
 * change, and subscribers of other modules react to it later, from the job runner. A
 * subscriber must be idempotent: an event is delivered at least once.
 */
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';

export interface DomainEvent<T = unknown> {
  id: number;
  topic: string;
  payload: T;
  orgPath: string | null;
  createdAt: Date;
}

export type Subscriber = (db: Db, event: DomainEvent) => Promise<void>;

export async function emitEvent(db: Db, topic: string, payload: unknown, orgPath: string | null, now: Date) {
  await sql`insert into outbox (topic, payload, org_path, created_at)
            values (${topic}, ${JSON.stringify(payload)}::jsonb, ${orgPath}, ${now})`.execute(db);
}

/** After this many failed deliveries an event is left alone (dead-lettered) for a person to look at. */
export const MAX_DELIVERY_ATTEMPTS = 10;

/** Events no module subscribes to are settled this many times `batch` at once. */
const QUIET_FACTOR = 50;

/**
 * Marks pending events that no module subscribes to as delivered, in one statement: they need
 * no transaction each, and a busy topic nobody listens to yet (every visit recorded) must not
 * hold the queue up for the events that have subscribers.
 */
async function settleUnheard(
  db: Db,
  subscribers: Record<string, Subscriber[]>,
  clock: Clock,
  limit: number,
): Promise<number> {
  const heard = Object.keys(subscribers).filter((topic) => (subscribers[topic] ?? []).length > 0);
  const { rows } = await sql<{ n: number }>`
    with settled as (
      update outbox set delivered_at = ${clock()}, attempts = attempts + 1
       where id in (select id from outbox
                     where delivered_at is null and attempts < ${MAX_DELIVERY_ATTEMPTS}
                       and topic <> all(${heard}::text[])
                     order by id limit ${limit} for update skip locked)
      returning 1)
    select count(*)::int as n from settled`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * Delivers pending events in order, each with its subscribers in one transaction, so a
 * subscriber's writes and the delivered mark commit together. When a subscriber throws, that
 * event's transaction rolls back, the failure is counted on the event (attempts, last_error)
 * in a statement of its own, and delivery goes on with the next event: one broken event does
 * not hold up the others. The failed event is retried on the next run, until it has failed
 * MAX_DELIVERY_ATTEMPTS times. Returns how many events were delivered.
 */
export async function deliverEvents(
  db: Db,
  subscribers: Record<string, Subscriber[]>,
  clock: Clock,
  batch = 100,
): Promise<number> {
  let delivered = await settleUnheard(db, subscribers, clock, batch * QUIET_FACTOR);
  // Events at or below the cursor were tried in this run: a failed one waits for the next run.
  let cursor = 0;
  for (let i = 0; i < batch; i++) {
    let picked: number | undefined;
    try {
      const id = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{
          id: number;
          topic: string;
          payload: unknown;
          org_path: string | null;
          created_at: Date;
        }>`
          select id, topic, payload, org_path, created_at from outbox
           where delivered_at is null and attempts < ${MAX_DELIVERY_ATTEMPTS} and id > ${cursor}
           order by id limit 1 for update skip locked`.execute(trx);
        const row = rows[0];
        if (!row) return undefined;
        picked = row.id;
        const event: DomainEvent = {
          id: row.id,
          topic: row.topic,
          payload: row.payload,
          orgPath: row.org_path,
          createdAt: row.created_at,
        };
        for (const subscriber of subscribers[row.topic] ?? []) await subscriber(trx, event);
        await trx
          .updateTable('outbox')
          .set({ delivered_at: clock(), attempts: sql`attempts + 1` })
          .where('id', '=', row.id)
          .execute();
        return row.id;
      });
      if (id === undefined) break;
      cursor = id;
      delivered++;
    } catch (err) {
      // Not a subscriber's failure: the database itself refused, so stop and let the job retry.
      if (picked === undefined) throw err;
      cursor = picked;
      await db
        .updateTable('outbox')
        .set({ attempts: sql`attempts + 1`, last_error: String((err as Error)?.message ?? err).slice(0, 2000) })
        .where('id', '=', picked)
        .where('delivered_at', 'is', null)
        .execute();
    }
  }
  return delivered;
}
