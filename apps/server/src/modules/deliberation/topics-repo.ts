/**
 * SQL of topics (议题): the rows, co-signatures (联名), the timeline's reads (writes go through
 * timeline.ts), and the records a topic's steps read (meetings on whose agenda it is, votes held
 * on it). Read-only SQL for the rows of other parts.
 */
import type { ProcedureStep } from '@gongzhi/domain';
import { sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import type { Db } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';

export interface TopicRow {
  id: number;
  uid: string;
  community_id: number;
  org_path: string;
  council_id: number | null;
  title: string;
  description: string;
  source: string;
  case_id: number | null;
  proposer_user_id: number | null;
  proposer_person_id: number | null;
  status: string;
  public: boolean;
  support_threshold: number;
  support_count: number;
  procedure_code: string | null;
  steps: ProcedureStep[] | null;
  current_step: number;
  resolution: string | null;
  outcome: string | null;
  resolution_published_at: Date | null;
  outcome_published_at: Date | null;
  notice_until: Date | null;
  decided_at: Date | null;
  edited_at: Date | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  community_uid: string;
  community_name: string;
  community_code: string;
  district_id: number;
  council_uid: string | null;
  council_name: string | null;
  procedure_name: string | null;
  procedure_name_en: string | null;
  case_uid: string | null;
  case_title: string | null;
  proposer_name: string | null;
}

const COLUMNS = sql`t.id, t.uid::text as uid, t.community_id, t.org_path, t.council_id, t.title, t.description, t.source,
  t.case_id, t.proposer_user_id, t.proposer_person_id, t.status, t.public, t.support_threshold, t.support_count,
  t.procedure_code, t.steps, t.current_step, t.resolution, t.outcome, t.resolution_published_at,
  t.outcome_published_at, t.notice_until, t.decided_at, t.edited_at, t.created_by, t.created_at, t.updated_at,
  u.uid::text as community_uid, u.name as community_name, u.code as community_code,
  coalesce(u.district_id, u.id) as district_id, c.uid::text as council_uid, c.name as council_name,
  p.name as procedure_name, p.name_en as procedure_name_en, k.uid::text as case_uid, k.title as case_title,
  coalesce(pp.name, pu.display_name) as proposer_name`;

const FROM = sql`topic t
  join org_unit u on u.id = t.community_id
  left join council c on c.id = t.council_id
  left join deliberation_procedure p on p.district_id = coalesce(u.district_id, u.id) and p.code = t.procedure_code
  left join cases k on k.id = t.case_id
  left join person pp on pp.id = t.proposer_person_id
  left join app_user pu on pu.id = t.proposer_user_id`;

export async function topicByUid(db: Db, uid: string, lock = false): Promise<TopicRow | undefined> {
  const { rows } = await sql<TopicRow>`
    select ${COLUMNS} from ${FROM} where t.uid = ${uid}::uuid ${lock ? sql`for update of t` : sql``}`.execute(db);
  return rows[0];
}

export interface TopicFilter {
  paths?: string[];
  /** a resident: their community's public topics and their own */
  resident?: { communityId: number; userId: number };
  councilId?: number;
  status?: string;
  q?: string;
}

export async function listTopics(
  db: Db,
  f: TopicFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: TopicRow[]; total: number }> {
  const like = f.q ? `%${likeEscape(f.q)}%` : null;
  const where = sql.join(
    [
      f.paths ? inSubtrees('t.org_path', f.paths) : sql`true`,
      f.resident
        ? sql`t.community_id = ${f.resident.communityId} and (t.public or t.proposer_user_id = ${f.resident.userId})`
        : sql`true`,
      f.councilId !== undefined ? sql`t.council_id = ${f.councilId}` : sql`true`,
      f.status ? sql`t.status = ${f.status}` : sql`true`,
      like ? sql`(t.title like ${like} or t.description like ${like})` : sql`true`,
    ],
    sql` and `,
  );
  const [{ rows }, count] = await Promise.all([
    sql<TopicRow>`select ${COLUMNS} from ${FROM} where ${where}
      order by t.updated_at desc, t.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from topic t where ${where}`.execute(db),
  ]);
  return { rows, total: count.rows[0]?.n ?? 0 };
}

export async function insertTopic(
  db: Db,
  v: {
    uid: string;
    communityId: number;
    orgPath: string;
    councilId: number | null;
    title: string;
    description: string;
    source: 'proposal' | 'case' | 'staff';
    caseId: number | null;
    proposerUserId: number | null;
    proposerPersonId: number | null;
    status: 'proposed' | 'open';
    public: boolean;
    supportThreshold: number;
    procedureCode: string | null;
    steps: ProcedureStep[] | null;
    createdBy: number;
    now: Date;
  },
): Promise<number | undefined> {
  const { rows } = await sql<{ id: number }>`
    insert into topic (uid, community_id, org_path, council_id, title, description, source, case_id, proposer_user_id,
                       proposer_person_id, status, public, support_threshold, procedure_code, steps, created_by,
                       created_at, updated_at)
    values (${v.uid}::uuid, ${v.communityId}, ${v.orgPath}, ${v.councilId}, ${v.title}, ${v.description}, ${v.source},
            ${v.caseId}, ${v.proposerUserId}, ${v.proposerPersonId}, ${v.status}, ${v.public}, ${v.supportThreshold},
            ${v.procedureCode}, ${v.steps ? JSON.stringify(v.steps) : null}::jsonb, ${v.createdBy}, ${v.now}, ${v.now})
    on conflict (uid) do nothing returning id`.execute(db);
  return rows[0]?.id;
}

export interface TopicChanges {
  title?: string;
  description?: string;
  council_id?: number | null;
  public?: boolean;
  status?: string;
  procedure_code?: string;
  steps?: ProcedureStep[];
  current_step?: number;
  resolution?: string | null;
  outcome?: string | null;
  resolution_published_at?: Date;
  outcome_published_at?: Date;
  notice_until?: Date;
  decided_at?: Date;
  edited_at?: Date;
}

export async function updateTopic(db: Db, id: number, set: TopicChanges, now: Date): Promise<void> {
  const { steps, ...rest } = set;
  await db
    .updateTable('topic')
    .set({ ...rest, ...(steps ? { steps: JSON.stringify(steps) } : {}), updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** Records a co-signature; false when this account had co-signed already. Bumps the count. */
export async function addSupport(db: Db, topicId: number, userId: number, now: Date): Promise<number | null> {
  const { rows } = await sql<{ topic_id: number }>`
    insert into topic_support (topic_id, user_id, at) values (${topicId}, ${userId}, ${now})
    on conflict do nothing returning topic_id`.execute(db);
  if (rows.length === 0) return null;
  const { rows: counted } = await sql<{ support_count: number }>`
    update topic set support_count = support_count + 1 where id = ${topicId} returning support_count`.execute(db);
  return (counted[0] as { support_count: number }).support_count;
}

export async function hasSupported(db: Db, topicId: number, userId: number): Promise<boolean> {
  const { rows } = await sql`select 1 from topic_support where topic_id = ${topicId} and user_id = ${userId}`.execute(
    db,
  );
  return rows.length > 0;
}

export interface EventRow {
  seq: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  step: number | null;
  note: string | null;
  detail: Record<string, unknown> | null;
}

export async function eventsOf(db: Db, topicId: number): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`
    select seq, at, actor_id, actor_name, action, step, note, detail from topic_event
     where topic_id = ${topicId} order by seq`.execute(db);
  return rows;
}

export interface TopicMeetingRow {
  id: number;
  uid: string;
  title: string;
  kind: string;
  starts_at: Date;
  status: string;
  minutes: boolean;
  decision: string | null;
  called: number;
  present: number;
}

/** The meetings with the topic on their agenda, oldest first, with their attendance. */
export async function meetingsOfTopic(db: Db, topicId: number): Promise<TopicMeetingRow[]> {
  const { rows } = await sql<TopicMeetingRow>`
    select m.id, m.uid::text as uid, m.title, m.kind, m.starts_at, m.status, (m.minutes is not null) as minutes,
           mt.decision,
           (select count(*)::int from meeting_attendee a where a.meeting_id = m.id) as called,
           (select count(*)::int from meeting_attendee a where a.meeting_id = m.id and a.signed_in_at is not null)
             as present
      from meeting_topic mt join meeting m on m.id = mt.meeting_id
     where mt.topic_id = ${topicId}
     order by m.starts_at, m.id`.execute(db);
  return rows;
}

export interface TopicVoteRow {
  id: number;
  uid: string;
  title: string;
  step: number | null;
  status: string;
  result: { quorumMet?: boolean; passed?: boolean } | null;
  created_at: Date;
}

/** The votes held on the topic, oldest first. */
export async function votesOfTopic(db: Db, topicId: number): Promise<TopicVoteRow[]> {
  const { rows } = await sql<TopicVoteRow>`
    select id, uid::text as uid, title, step, status, result, created_at from vote
     where topic_id = ${topicId} order by created_at, id`.execute(db);
  return rows;
}

/** Whether a vote on the topic is open or closed (its proposal may no longer change). */
export async function voteStarted(db: Db, topicId: number): Promise<boolean> {
  const { rows } = await sql`
    select 1 from vote where topic_id = ${topicId} and status in ('open', 'closed') limit 1`.execute(db);
  return rows.length > 0;
}

/** The accounts of the community's staff (community_staff granted at the community itself). */
export async function staffOf(db: Db, communityId: number): Promise<number[]> {
  const { rows } = await sql<{ user_id: number }>`
    select distinct rg.user_id from role_grant rg
     where rg.unit_id = ${communityId} and rg.role = 'community_staff' and rg.revoked_at is null`.execute(db);
  return rows.map((r) => r.user_id);
}

/** A district setting, e.g. 'deliberation.support_threshold' (app_setting key `<name>:<districtId>`). */
export async function districtSetting(db: Db, name: string, districtId: number): Promise<unknown> {
  const { rows } = await sql<{ value: unknown }>`
    select value from app_setting where key = ${`${name}:${districtId}`}`.execute(db);
  return rows[0]?.value;
}

export async function councilInCommunity(
  db: Db,
  uid: string,
): Promise<{ id: number; community_id: number; org_path: string; active: boolean } | undefined> {
  const { rows } = await sql<{ id: number; community_id: number; org_path: string; active: boolean }>`
    select id, community_id, org_path, active from council where uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function caseCategoryDeliberable(db: Db, categoryId: number): Promise<boolean> {
  const { rows } = await sql<{ deliberable: boolean }>`
    select deliberable from case_category where id = ${categoryId}`.execute(db);
  return rows[0]?.deliberable === true;
}
