/**
 * A topic's timeline (topic_event): proposal, co-signatures reached, each step completed with the
 * records that completed it, meetings and votes that took it up, decisions. Append-only. Rows are
 * numbered per topic from `topic.event_seq`, taken under the topic's row lock (the update below), so
 * two writers on one topic get consecutive numbers and never the same one. This is the ONLY place
 * that writes topic_event: meetings, votes, draws and micro-projects call appendTopicEvents.
 */
import { sql } from 'kysely';
import type { Actor } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/database.ts';

export interface TopicEvent {
  /** e.g. 'proposed', 'supported', 'support_reached', 'started', 'step_completed', 'decided', 'rejected' */
  action: string;
  /** the step index the event concerns */
  step?: number | null;
  /** what the actor wrote: the reason, the resolution, the note */
  note?: string | null;
  /** meeting uid, vote uid and verdict, notice dates … as the action needs */
  detail?: Record<string, unknown> | null;
}

/**
 * Appends events to one topic's timeline and moves its `updated_at`; returns their seq numbers.
 * `actor` null: the system (a job). The caller changes the topic row itself in the same transaction.
 */
export async function appendTopicEvents(
  trx: Db,
  topicId: number,
  actor: Pick<Actor, 'id' | 'name'> | null,
  events: readonly TopicEvent[],
  now: Date,
): Promise<number[]> {
  if (events.length === 0) return [];
  const { event_seq } = await trx
    .updateTable('topic')
    .set({ event_seq: sql`event_seq + ${events.length}`, updated_at: now })
    .where('id', '=', topicId)
    .returning('event_seq')
    .executeTakeFirstOrThrow();
  const first = event_seq - events.length + 1;
  await trx
    .insertInto('topic_event')
    .values(
      events.map((e, i) => ({
        topic_id: topicId,
        seq: first + i,
        at: now,
        actor_id: actor?.id ?? null,
        actor_name: actor?.name ?? null,
        action: e.action,
        step: e.step ?? null,
        note: e.note ?? null,
        detail: e.detail ? JSON.stringify(e.detail) : null,
      })),
    )
    .execute();
  return events.map((_, i) => first + i);
}
