/**
 * The event interface of points: other modules ask for points by writing `points.award_requested`
 * to the outbox in their own transaction (a visit, a volunteer check-in, a resolved case …).
 * Payload: { source, sourceRef, personUid, ruleUid? | ruleCode + ruleOwner (unit code),
 * occurredOn, note, mode: 'award' | 'claim', actorUid }. 'award' posts the points at once
 * (transfer kind 'event'); 'claim' files a pending claim for staff to review. Either happens once
 * per source and reference, however often the event is delivered.
 */
import type { Clock } from '../../platform/clock.ts';
import type { Subscriber } from '../../platform/jobs/outbox.ts';
import { AWARD_REQUESTED_TOPIC, type AwardRequest, createAwardsService } from './awards-service.ts';

/** Marks the subscribers this module adds, so a second platform in one process replaces them. */
const OWN = Symbol('points.claims');

export function registerClaimSubscribers(subscribers: Record<string, Subscriber[]>, clock: Clock): void {
  const awards = createAwardsService({ clock });
  const onRequest: Subscriber = Object.assign(
    async (db: Parameters<Subscriber>[0], event: Parameters<Subscriber>[1]) => {
      await awards.handleRequest(db, event.payload as AwardRequest);
    },
    { [OWN]: true },
  );
  const kept = (subscribers[AWARD_REQUESTED_TOPIC] ?? []).filter((s) => !(OWN in s));
  subscribers[AWARD_REQUESTED_TOPIC] = [...kept, onRequest];
}
