/**
 * SQL of meetings: meeting, meeting_topic and meeting_attendee (written here only), and
 * read-only looks at councils, topics, registry persons and org units.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';

// ── Meetings ──────────────────────────────────────────────────────────────────────────────────
export interface MeetingRow {
  id: number;
  uid: string;
  community_id: number;
  community_uid: string;
  community_name: string;
  org_path: string;
  council_id: number | null;
  council_uid: string | null;
  council_name: string | null;
  kind: string;
  title: string;
  place: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  minutes: string | null;
  minutes_by_name: string | null;
  cancel_reason: string | null;
  ics_sequence: number;
  created_at: Date;
  updated_at: Date;
  topic_count: number;
  called_count: number;
  signed_in_count: number;
}

const meetingSelect = sql`
  select m.id, m.uid::text as uid, m.community_id, cu.uid::text as community_uid, cu.name as community_name,
         m.org_path, m.council_id, co.uid::text as council_uid, co.name as council_name, m.kind, m.title, m.place,
         m.starts_at, m.ends_at, m.status, m.minutes, mb.display_name as minutes_by_name, m.cancel_reason,
         m.ics_sequence, m.created_at, m.updated_at,
         (select count(*)::int from meeting_topic t where t.meeting_id = m.id) as topic_count,
         (select count(*)::int from meeting_attendee a where a.meeting_id = m.id) as called_count,
         (select count(*)::int from meeting_attendee a
           where a.meeting_id = m.id and a.signed_in_at is not null) as signed_in_count
    from meeting m
    join org_unit cu on cu.id = m.community_id
    left join council co on co.id = m.council_id
    left join app_user mb on mb.id = m.minutes_by`;

export async function meetingByUid(db: Db, uid: string, lock = false): Promise<MeetingRow | undefined> {
  if (lock) await sql`select id from meeting where uid = ${uid}::uuid for update`.execute(db);
  const { rows } = await sql<MeetingRow>`${meetingSelect} where m.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export interface MeetingFilter {
  /** staff: the subtrees they may read */
  where: RawBuilder<SqlBool>;
  councilId?: number;
  status?: string;
  from?: Date;
  to?: Date;
  /** ascending from `from` (upcoming); newest first otherwise */
  ascending: boolean;
}

function filterSql(f: MeetingFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [f.where];
  if (f.councilId !== undefined) parts.push(sql<SqlBool>`m.council_id = ${f.councilId}`);
  if (f.status !== undefined) parts.push(sql<SqlBool>`m.status = ${f.status}`);
  if (f.from !== undefined) parts.push(sql<SqlBool>`m.ends_at >= ${f.from}`);
  if (f.to !== undefined) parts.push(sql<SqlBool>`m.starts_at < ${f.to}`);
  return sql<SqlBool>`${sql.join(parts, sql` and `)}`;
}

export async function listMeetings(db: Db, f: MeetingFilter, limit: number, offset: number): Promise<MeetingRow[]> {
  const order = f.ascending ? sql`m.starts_at asc, m.id asc` : sql`m.starts_at desc, m.id desc`;
  const { rows } = await sql<MeetingRow>`
    ${meetingSelect} where ${filterSql(f)} order by ${order} limit ${limit} offset ${offset}`.execute(db);
  return rows;
}

export async function countMeetings(db: Db, f: MeetingFilter): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from meeting m where ${filterSql(f)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** A resident sees the meetings of their community they are called to, or with a public topic on the agenda. */
export function residentSees(communityId: number, personId: number | null): RawBuilder<SqlBool> {
  return sql<SqlBool>`(m.community_id = ${communityId} and (
      exists (select 1 from meeting_attendee a where a.meeting_id = m.id and a.person_id = ${personId ?? 0})
      or exists (select 1 from meeting_topic mt join topic tp on tp.id = mt.topic_id
                  where mt.meeting_id = m.id and tp.public)))`;
}

/** The meetings among `meetingIds` the person is called to. */
export async function calledTo(db: Db, meetingIds: number[], personId: number | null): Promise<Set<number>> {
  if (meetingIds.length === 0 || personId === null) return new Set();
  const { rows } = await sql<{ meeting_id: number }>`
    select meeting_id from meeting_attendee
     where meeting_id = any(${meetingIds}::bigint[]) and person_id = ${personId}`.execute(db);
  return new Set(rows.map((r) => Number(r.meeting_id)));
}

export async function insertMeeting(
  db: Db,
  m: {
    uid: string;
    community_id: number;
    org_path: string;
    council_id: number | null;
    kind: string;
    title: string;
    place: string;
    starts_at: Date;
    ends_at: Date;
    created_by: number;
  },
  now: Date,
): Promise<number | null> {
  const row = await db
    .insertInto('meeting')
    .values({ ...m, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('uid').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function updateMeeting(
  db: Db,
  id: number,
  set: Partial<{
    title: string;
    place: string;
    starts_at: Date;
    ends_at: Date;
    status: string;
    minutes: string;
    minutes_by: number;
    cancel_reason: string;
    bump: boolean;
  }>,
  now: Date,
): Promise<void> {
  const { bump, ...cols } = set;
  await db
    .updateTable('meeting')
    .set({ ...cols, updated_at: now, ...(bump ? { ics_sequence: sql<number>`ics_sequence + 1` } : {}) })
    .where('id', '=', id)
    .execute();
}

// ── Agenda ────────────────────────────────────────────────────────────────────────────────────
export interface AgendaRow {
  topic_id: number;
  topic_uid: string;
  title: string;
  status: string;
  public: boolean;
  sort: number;
  decision: string | null;
}

export async function agendaOf(db: Db, meetingId: number): Promise<AgendaRow[]> {
  const { rows } = await sql<AgendaRow>`
    select mt.topic_id, t.uid::text as topic_uid, t.title, t.status, t.public, mt.sort, mt.decision
      from meeting_topic mt join topic t on t.id = mt.topic_id
     where mt.meeting_id = ${meetingId} order by mt.sort, mt.topic_id`.execute(db);
  return rows.map((r) => ({ ...r, topic_id: Number(r.topic_id) }));
}

/** Replaces the agenda with the topics in order; decisions of topics kept stay. */
export async function setAgenda(db: Db, meetingId: number, topicIds: number[]): Promise<void> {
  if (topicIds.length === 0) await db.deleteFrom('meeting_topic').where('meeting_id', '=', meetingId).execute();
  else
    await db
      .deleteFrom('meeting_topic')
      .where('meeting_id', '=', meetingId)
      .where('topic_id', 'not in', topicIds)
      .execute();
  if (topicIds.length === 0) return;
  await db
    .insertInto('meeting_topic')
    .values(topicIds.map((topic_id, sort) => ({ meeting_id: meetingId, topic_id, sort })))
    .onConflict((oc) => oc.columns(['meeting_id', 'topic_id']).doUpdateSet({ sort: (eb) => eb.ref('excluded.sort') }))
    .execute();
}

export async function setDecision(db: Db, meetingId: number, topicId: number, decision: string): Promise<void> {
  await db
    .updateTable('meeting_topic')
    .set({ decision })
    .where('meeting_id', '=', meetingId)
    .where('topic_id', '=', topicId)
    .execute();
}

// ── Attendees ─────────────────────────────────────────────────────────────────────────────────
export interface AttendeeRow {
  person_id: number;
  person_uid: string;
  name: string;
  role: string;
  signed_in_at: Date | null;
}

export async function attendeesOf(db: Db, meetingId: number): Promise<AttendeeRow[]> {
  const { rows } = await sql<AttendeeRow>`
    select a.person_id, p.uid::text as person_uid, p.name, a.role, a.signed_in_at
      from meeting_attendee a join person p on p.id = a.person_id
     where a.meeting_id = ${meetingId}
     order by case a.role when 'member' then 0 when 'stakeholder' then 1 when 'staff' then 2 else 3 end, p.name, p.id`.execute(
    db,
  );
  return rows.map((r) => ({ ...r, person_id: Number(r.person_id) }));
}

/** Calls the persons (already called: kept as they were). Returns the ids newly called. */
export async function addAttendees(
  db: Db,
  meetingId: number,
  people: { personId: number; role: string }[],
): Promise<number[]> {
  if (people.length === 0) return [];
  const rows = await db
    .insertInto('meeting_attendee')
    .values(people.map((p) => ({ meeting_id: meetingId, person_id: p.personId, role: p.role })))
    .onConflict((oc) => oc.columns(['meeting_id', 'person_id']).doNothing())
    .returning('person_id')
    .execute();
  return rows.map((r) => Number(r.person_id));
}

export async function removeAttendees(db: Db, meetingId: number, personIds: number[]): Promise<void> {
  if (personIds.length === 0) return;
  await db
    .deleteFrom('meeting_attendee')
    .where('meeting_id', '=', meetingId)
    .where('person_id', 'in', personIds)
    .execute();
}

/** Signs the persons in (those already signed in keep their time). Returns the ids newly signed in. */
export async function signIn(db: Db, meetingId: number, personIds: number[], by: number, now: Date): Promise<number[]> {
  if (personIds.length === 0) return [];
  const rows = await db
    .updateTable('meeting_attendee')
    .set({ signed_in_at: now, signed_in_by: by })
    .where('meeting_id', '=', meetingId)
    .where('person_id', 'in', personIds)
    .where('signed_in_at', 'is', null)
    .returning('person_id')
    .execute();
  return rows.map((r) => Number(r.person_id));
}

// ── What a meeting is made of: councils, topics, persons ──────────────────────────────────────
export interface CouncilRow {
  id: number;
  uid: string;
  name: string;
  community_id: number;
  org_path: string;
  active: boolean;
}

export async function councilByUid(db: Db, uid: string): Promise<CouncilRow | undefined> {
  const { rows } = await sql<CouncilRow>`
    select id, uid::text as uid, name, community_id, org_path, active from council where uid = ${uid}::uuid`.execute(
    db,
  );
  const r = rows[0];
  return r ? { ...r, id: Number(r.id), community_id: Number(r.community_id) } : undefined;
}

/** The council's current members (stakeholders only for the given topics), seat 'representative' only when asked. */
export async function councilMembers(
  db: Db,
  councilId: number,
  topicIds: number[],
  onlySeat?: string,
): Promise<{ person_id: number; seat: string }[]> {
  const { rows } = await sql<{ person_id: number; seat: string }>`
    select distinct on (person_id) person_id, seat from council_member
     where council_id = ${councilId} and until is null
       and (topic_id is null or topic_id = any(${topicIds.length > 0 ? topicIds : [0]}::bigint[]))
       ${onlySeat ? sql`and seat = ${onlySeat}` : sql``}
     order by person_id, (seat = 'stakeholder')`.execute(db);
  return rows.map((r) => ({ person_id: Number(r.person_id), seat: r.seat }));
}

/** The stakeholders (seat 'stakeholder') of the topics in any of the community's active councils. */
export async function stakeholdersOf(db: Db, topicIds: number[]): Promise<number[]> {
  if (topicIds.length === 0) return [];
  const { rows } = await sql<{ person_id: number }>`
    select distinct cm.person_id from council_member cm join council c on c.id = cm.council_id
     where cm.topic_id = any(${topicIds}::bigint[]) and cm.until is null and c.active`.execute(db);
  return rows.map((r) => Number(r.person_id));
}

/** Whether the person is a current member of the council (any seat). */
export async function isCouncilMember(db: Db, councilId: number, personId: number): Promise<boolean> {
  const { rows } = await sql`
    select 1 from council_member where council_id = ${councilId} and person_id = ${personId} and until is null
     limit 1`.execute(db);
  return rows.length > 0;
}

/** Party members living in the community. */
export async function partyMembersIn(db: Db, communityPath: string): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select id from person
     where status = 'resident' and party_member and org_path like ${`${likeEscape(communityPath)}.%`}
     order by id`.execute(db);
  return rows.map((r) => Number(r.id));
}

export interface TopicRef {
  id: number;
  uid: string;
  community_id: number;
  status: string;
  title: string;
}

export async function topicsByUid(db: Db, uids: string[]): Promise<TopicRef[]> {
  if (uids.length === 0) return [];
  const { rows } = await sql<TopicRef>`
    select id, uid::text as uid, community_id, status, title from topic
     where uid = any(${uids}::uuid[])`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), community_id: Number(r.community_id) }));
}

export interface PersonRef {
  id: number;
  uid: string;
  name: string;
  org_path: string;
}

export async function personsByUid(db: Db, uids: string[]): Promise<PersonRef[]> {
  if (uids.length === 0) return [];
  const { rows } = await sql<PersonRef>`
    select id, uid::text as uid, name, org_path from person where uid = any(${uids}::uuid[])`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface CommunityRow {
  id: number;
  uid: string;
  name: string;
  kind: string;
  path: string;
}

export async function unitById(db: Db, id: number): Promise<CommunityRow | undefined> {
  const { rows } = await sql<CommunityRow>`
    select id, uid::text as uid, name, kind, path from org_unit where id = ${id}`.execute(db);
  const r = rows[0];
  return r ? { ...r, id: Number(r.id) } : undefined;
}

/** Meetings of a council for its calendar: the last year and everything ahead. */
export async function councilCalendar(db: Db, councilId: number, since: Date): Promise<MeetingRow[]> {
  const { rows } = await sql<MeetingRow>`
    ${meetingSelect} where m.council_id = ${councilId} and m.ends_at >= ${since}
     order by m.starts_at limit 500`.execute(db);
  return rows;
}
