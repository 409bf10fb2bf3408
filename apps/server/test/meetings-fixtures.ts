/**
 * Helpers for the meetings tests: a council with members and a topic made by SQL (the councils
 * and topics parts have their own services; these tests need only the rows a meeting reads).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { TestPlatform } from './harness.ts';

export async function communityOf(t: TestPlatform, code: string): Promise<{ id: number; uid: string; path: string }> {
  const u = await t.deps.db
    .selectFrom('org_unit')
    .select(['id', 'uid', 'path'])
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return { id: Number(u.id), uid: u.uid, path: u.path };
}

/** A council of the community (code) with current members (person ids; seat 'representative' unless given). */
export async function councilWith(
  t: TestPlatform,
  communityCode: string,
  members: { personId: number; seat?: string; topicId?: number }[],
  name = '居民议事会',
): Promise<{ id: number; uid: string }> {
  const c = await communityOf(t, communityCode);
  const now = t.clock();
  const row = await t.deps.db
    .insertInto('council')
    .values({
      community_id: c.id,
      org_path: c.path,
      kind: 'council',
      name,
      term_start: '2026-01-01',
      term_end: '2028-12-31',
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'uid'])
    .executeTakeFirstOrThrow();
  for (const m of members) await addMember(t, Number(row.id), m);
  return { id: Number(row.id), uid: row.uid };
}

export async function addMember(
  t: TestPlatform,
  councilId: number,
  m: { personId: number; seat?: string; topicId?: number },
): Promise<void> {
  await t.deps.db
    .insertInto('council_member')
    .values({
      council_id: councilId,
      person_id: m.personId,
      seat: m.topicId ? 'stakeholder' : (m.seat ?? 'representative'),
      topic_id: m.topicId ?? null,
      since: '2026-01-01',
      created_at: t.clock(),
    })
    .execute();
}

/** An open topic of the community (code), public unless said. */
export async function openTopicRow(
  t: TestPlatform,
  communityCode: string,
  opts: { title?: string; public?: boolean; status?: string } = {},
): Promise<{ id: number; uid: string }> {
  const c = await communityOf(t, communityCode);
  const now = t.clock();
  const row = await t.deps.db
    .insertInto('topic')
    .values({
      uid: randomUUID(),
      community_id: c.id,
      org_path: c.path,
      title: opts.title ?? '小区加装电梯',
      description: '加装电梯的选址与出资方案',
      source: 'staff',
      status: opts.status ?? 'open',
      public: opts.public ?? true,
      procedure_code: 'four_two',
      steps: sql`'[]'::jsonb`,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'uid'])
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), uid: row.uid };
}

/** The notices an account holds, newest first. */
export async function noticesOf(
  t: TestPlatform,
  username: string,
): Promise<{ kind: string; title: string; body: string | null; link: string | null }[]> {
  const { rows } = await sql<{ kind: string; title: string; body: string | null; link: string | null }>`
    select n.kind, n.title, n.body, n.link from notice n join app_user u on u.id = n.user_id
     where u.username = ${username} order by n.id desc`.execute(t.deps.db);
  return rows;
}
