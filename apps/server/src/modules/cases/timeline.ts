/**
 * The case's timeline (case_event): every transition is one row with who, when and why.
 * Rows are numbered per case from `cases.event_seq`, taken under the case's row lock (the
 * update below), so two actors on one case get consecutive numbers and never the same one.
 */
import { sql } from 'kysely';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';

export interface TimelineEvent {
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  /** what the actor wrote: the reason, the result, the rating comment */
  note?: string | null;
  /** handler units, escalation level, merged case … as the action needs */
  detail?: Record<string, unknown> | null;
}

/**
 * Appends events to one case's timeline and moves its `updated_at`; returns their seq numbers.
 * The caller has already changed the case row (status and the rest) in the same transaction.
 */
export async function appendEvents(
  trx: Db,
  caseId: number,
  actor: Pick<Actor, 'id' | 'name'>,
  events: readonly TimelineEvent[],
  now: Date,
): Promise<number[]> {
  if (events.length === 0) return [];
  const { event_seq } = await trx
    .updateTable('cases')
    .set({ event_seq: sql`event_seq + ${events.length}`, updated_at: now })
    .where('id', '=', caseId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  const first = event_seq - events.length + 1;
  await trx
    .insertInto('case_event')
    .values(
      events.map((e, i) => ({
        case_id: caseId,
        seq: first + i,
        at: now,
        actor_id: actor.id,
        actor_name: actor.name,
        action: e.action,
        from_status: e.fromStatus,
        to_status: e.toStatus,
        note: e.note ?? null,
        detail: e.detail ? JSON.stringify(e.detail) : null,
      })),
    )
    .execute();
  return events.map((_, i) => first + i);
}
