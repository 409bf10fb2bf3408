/**
 * A 流动人口 registration carries the 流动人员 tag (a 六必访 group) for as long as it is open:
 * set on arrival, ended on departure, so the visit lists follow the registration.
 */
import type { Scope } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { emitEvent } from '../../platform/jobs/outbox.ts';

const MIGRANT_TAG = 'migrant';

export async function followMigrantRegistration(
  trx: Db,
  scope: Scope,
  personId: number,
  change: { open: boolean; date: string },
  now: Date,
): Promise<void> {
  const person = await trx
    .selectFrom('person')
    .select(['uid', 'org_path'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  const tag = await trx
    .selectFrom('tag_definition')
    .select('id')
    .where('code', '=', MIGRANT_TAG)
    .executeTakeFirstOrThrow();
  const changed = change.open
    ? await trx
        .insertInto('person_tag')
        .values({
          person_id: personId,
          tag_id: tag.id,
          org_path: person.org_path,
          source: '流动人口登记',
          start_date: change.date,
          set_by: scope.user.id,
          set_at: now,
        })
        .onConflict((oc) => oc.columns(['person_id', 'tag_id']).where('ended_at', 'is', null).doNothing())
        .returning('id')
        .execute()
    : await trx
        .updateTable('person_tag')
        .set({ end_date: change.date, ended_at: now, ended_by: scope.user.id, end_reason: '流动人口注销' })
        .where('person_id', '=', personId)
        .where('tag_id', '=', tag.id)
        .where('ended_at', 'is', null)
        .where('start_date', '<=', change.date)
        .returning('id')
        .execute();
  if (changed.length === 0) return;
  await emitEvent(
    trx,
    change.open ? 'registry.person_tagged' : 'registry.person_untagged',
    { personId: person.uid, tag: MIGRANT_TAG, orgPath: person.org_path },
    person.org_path,
    now,
  );
}
