/**
 * The built-in tags of the domain (BUILTIN_TAGS) exist in every database. They are written
 * at start, so a release that adds one needs no migration; a district's own tags are left
 * alone, and a built-in tag keeps the flags the domain gives it.
 */
import { BUILTIN_TAGS } from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export async function syncBuiltinTags(db: Db, now: Date): Promise<void> {
  await db
    .insertInto('tag_definition')
    .values(
      BUILTIN_TAGS.map((t) => ({
        code: t.code,
        zh: t.zh,
        en: t.en,
        sensitive: t.sensitive,
        must_visit: t.mustVisit,
        builtin: true,
        created_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.column('code').doUpdateSet({
        zh: sql`excluded.zh`,
        en: sql`excluded.en`,
        sensitive: sql`excluded.sensitive`,
        must_visit: sql`excluded.must_visit`,
        builtin: true,
      }),
    )
    .execute();
}
