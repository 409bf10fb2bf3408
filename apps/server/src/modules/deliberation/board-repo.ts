/**
 * SQL of the public board: published topics (public ones whose resolution was published), the
 * records of their steps (held meetings with attendance counts, closed votes with their result),
 * and micro-project photos. Read-only; no personal data leaves here.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface PublicTopicRow {
  id: number;
  uid: string;
  title: string;
  description: string;
  status: string;
  procedure_code: string | null;
  procedure_name: string | null;
  procedure_name_en: string | null;
  steps: unknown;
  current_step: number;
  resolution: string | null;
  resolution_published_at: Date | null;
  outcome: string | null;
  outcome_published_at: Date | null;
  notice_until: Date | null;
  decided_at: Date | null;
  community_code: string;
  community_name: string;
}
/** Published: the resolution (决议公开) or, for a procedure that publishes only its result, the outcome. */
const published = sql<boolean>`(t.resolution_published_at is not null or t.outcome_published_at is not null)`;

function publishedTopics(db: Db) {
  return db
    .selectFrom('topic as t')
    .innerJoin('org_unit as c', 'c.id', 't.community_id')
    .leftJoin('deliberation_procedure as dp', (j) =>
      j.onRef('dp.code', '=', 't.procedure_code').on('dp.district_id', '=', sql<number>`coalesce(c.district_id, c.id)`),
    )
    .select([
      't.id',
      't.uid',
      't.title',
      't.description',
      't.status',
      't.procedure_code',
      'dp.name as procedure_name',
      'dp.name_en as procedure_name_en',
      't.steps',
      't.current_step',
      't.resolution',
      't.resolution_published_at',
      't.outcome',
      't.outcome_published_at',
      't.notice_until',
      't.decided_at',
      'c.code as community_code',
      'c.name as community_name',
    ])
    .where('t.public', '=', true)
    .where(published);
}

export async function publishedTopicsOf(db: Db, communityId: number, limit: number, offset: number) {
  const [items, total] = await Promise.all([
    publishedTopics(db)
      .where('t.community_id', '=', communityId)
      .orderBy(sql`coalesce(t.outcome_published_at, t.resolution_published_at)`, 'desc')
      .orderBy('t.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('topic as t')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('t.community_id', '=', communityId)
      .where('t.public', '=', true)
      .where(published)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: items as PublicTopicRow[], total: total.n };
}

export async function publishedTopicByUid(db: Db, uid: string): Promise<PublicTopicRow | undefined> {
  return (await publishedTopics(db).where('t.uid', '=', uid).executeTakeFirst()) as PublicTopicRow | undefined;
}

export interface TopicMeetingRow {
  title: string;
  kind: string;
  place: string;
  starts_at: Date;
  decision: string | null;
  called: number;
  present: number;
}

/** The held meetings that had the topic on their agenda, with how many were called and came. */
export async function heldMeetingsOf(db: Db, topicId: number): Promise<TopicMeetingRow[]> {
  const { rows } = await sql<TopicMeetingRow>`
    select m.title, m.kind, m.place, m.starts_at, mt.decision,
           (select count(*) from meeting_attendee a where a.meeting_id = m.id)::int as called,
           (select count(*) from meeting_attendee a where a.meeting_id = m.id and a.signed_in_at is not null)::int
             as present
      from meeting_topic mt
      join meeting m on m.id = mt.meeting_id
     where mt.topic_id = ${topicId} and m.status = 'held'
     order by m.starts_at`.execute(db);
  return rows;
}

export interface TopicVoteRow {
  uid: string;
  step: number | null;
  title: string;
  style: string;
  secret: boolean;
  closed_at: Date | null;
  eligible_count: number;
  cast_count: number;
  result: Record<string, unknown> | null;
}

export async function closedVotesOf(db: Db, topicId: number): Promise<TopicVoteRow[]> {
  return (await db
    .selectFrom('vote')
    .select(['uid', 'step', 'title', 'style', 'secret', 'closed_at', 'eligible_count', 'cast_count', 'result'])
    .where('topic_id', '=', topicId)
    .where('status', '=', 'closed')
    .orderBy('closed_at')
    .execute()) as TopicVoteRow[];
}

/** A photo of a milestone of the project; undefined for anything else. */
export async function projectPhoto(db: Db, projectUid: string, photoUid: string) {
  const { rows } = await sql<{ sha256: string; content_type: string; bytes: number }>`
    select f.sha256, f.content_type, f.bytes
      from micro_project p
      join micro_photo mp on mp.project_id = p.id
      join stored_file f on f.id = mp.file_id
     where p.uid = ${projectUid}::uuid and f.uid = ${photoUid}::uuid`.execute(db);
  return rows[0];
}
