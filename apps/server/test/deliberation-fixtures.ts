/**
 * Shared test helpers of deliberation (议事协商): the district's procedures, councils and topics
 * through the API as staff and residents would make them, and the records a topic's step reads
 * (a held meeting with minutes and attendance, a closed vote) made by SQL so the topics tests do
 * not depend on the meetings and votes parts. Others may add exported functions with small edits.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { seedProcedures } from '../src/modules/deliberation/procedures-repo.ts';
import type { Client, TestPlatform } from './harness.ts';

/** 金溪社区, 英南村 and 直冲社区 of the demo district (江海区). */
export const JINXI = '440704001001';
export const YINGNAN = '440704003201';
export const ZHICHONG = '440704002001';

let serial = 0;
/** A fresh Idempotency-Key header. */
export const idem = () => ({ 'idempotency-key': `delib-test-${Date.now()}-${++serial}` });

export async function unitRow(t: TestPlatform, code: string): Promise<{ id: number; uid: string; path: string }> {
  const u = await t.deps.db
    .selectFrom('org_unit')
    .select(['id', 'uid', 'path'])
    .where('code', '=', code)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return { id: Number(u.id), uid: u.uid, path: u.path };
}

/** Seeds the domain's procedures in the demo district (idempotent). */
export async function seedDemoProcedures(t: TestPlatform): Promise<void> {
  const d = await unitRow(t, '440704000000');
  await seedProcedures(t.deps.db, d.id, t.clock());
}

/** A council of the community made through the API (201); returns its CouncilDetail. */
export async function makeCouncil(
  t: TestPlatform,
  staff: Client,
  overrides: Record<string, unknown> = {},
  community = JINXI,
): Promise<any> {
  const res = await staff.post(
    '/api/deliberation/councils',
    {
      uid: randomUUID(),
      unit: (await unitRow(t, community)).uid,
      kind: 'council',
      name: '居民议事会',
      termStart: '2026-01-01',
      termEnd: '2028-12-31',
      ...overrides,
    },
    idem(),
  );
  if (res.status !== 201) throw new Error(`council: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A resident's proposal (POST /api/deliberation/topics/me, 201); returns its TopicDetail. */
export async function proposeTopic(t: TestPlatform, as: Client, overrides: Record<string, unknown> = {}): Promise<any> {
  void t;
  const res = await as.post(
    '/api/deliberation/topics/me',
    {
      uid: randomUUID(),
      title: '小区加装电梯',
      description: '3 栋老人多,希望加装电梯,出资方案请大家商议',
      ...overrides,
    },
    idem(),
  );
  if (res.status !== 201) throw new Error(`propose: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A topic staff open at once under `procedure` (POST /api/deliberation/topics, 201); its TopicDetail. */
export async function openTopic(
  t: TestPlatform,
  staff: Client,
  procedure = 'four_two',
  overrides: Record<string, unknown> = {},
  community = JINXI,
): Promise<any> {
  const res = await staff.post(
    '/api/deliberation/topics',
    {
      uid: randomUUID(),
      title: '村道硬化改造',
      description: '村东片区道路泥泞,拟硬化 1.2 公里',
      unit: (await unitRow(t, community)).uid,
      procedure,
      ...overrides,
    },
    idem(),
  );
  if (res.status !== 201) throw new Error(`open topic: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function topicId(t: TestPlatform, uid: string): Promise<number> {
  const r = await t.deps.db.selectFrom('topic').select('id').where('uid', '=', uid).executeTakeFirstOrThrow();
  return Number(r.id);
}

/**
 * A meeting of `kind` with the topic on its agenda, made by SQL: held (minutes written) unless
 * `held: false`, `called` persons of the community called and `present` of them signed in.
 */
export async function heldMeeting(
  t: TestPlatform,
  topicUid: string,
  kind: string,
  opts: { held?: boolean; called?: number; present?: number; decision?: string } = {},
): Promise<string> {
  const db = t.deps.db;
  const topic = await db
    .selectFrom('topic')
    .select(['id', 'community_id', 'org_path'])
    .where('uid', '=', topicUid)
    .executeTakeFirstOrThrow();
  const staffUser = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'staff.jinxi')
    .executeTakeFirstOrThrow();
  const now = t.clock();
  const held = opts.held ?? true;
  const m = await db
    .insertInto('meeting')
    .values({
      uid: randomUUID(),
      community_id: topic.community_id,
      org_path: topic.org_path,
      kind,
      title: `${kind} 会议`,
      place: '党群服务中心',
      starts_at: new Date(now.getTime() - 3 * 3_600_000),
      ends_at: new Date(now.getTime() - 3_600_000),
      status: held ? 'held' : 'scheduled',
      minutes: held ? '会议纪要:与会人员充分讨论' : null,
      created_by: staffUser.id,
      created_at: now,
      updated_at: now,
    })
    .returning(['id', 'uid'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('meeting_topic')
    .values({ meeting_id: m.id, topic_id: topic.id, sort: 0, decision: opts.decision ?? null })
    .execute();
  const { rows: persons } = await sql<{ id: number }>`
    select id from person where status = 'resident' and org_path like ${`${topic.org_path}.%`}
     order by id limit ${opts.called ?? 5}`.execute(db);
  const present = opts.present ?? persons.length;
  if (persons.length > 0)
    await db
      .insertInto('meeting_attendee')
      .values(
        persons.map((p, i) => ({
          meeting_id: m.id,
          person_id: p.id,
          signed_in_at: held && i < present ? now : null,
        })),
      )
      .execute();
  return m.uid;
}

/** A vote on the topic's step made by SQL: closed with the verdict given, or open. */
export async function stepVote(
  t: TestPlatform,
  topicUid: string,
  step: number,
  opts: { status?: 'open' | 'closed' | 'draft'; passed?: boolean; quorumMet?: boolean } = {},
): Promise<string> {
  const db = t.deps.db;
  const topic = await db
    .selectFrom('topic')
    .select(['id', 'community_id', 'org_path'])
    .where('uid', '=', topicUid)
    .executeTakeFirstOrThrow();
  const staffUser = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'staff.jinxi')
    .executeTakeFirstOrThrow();
  const now = t.clock();
  const status = opts.status ?? 'closed';
  const v = await db
    .insertInto('vote')
    .values({
      uid: randomUUID(),
      community_id: topic.community_id,
      org_path: topic.org_path,
      topic_id: topic.id,
      step,
      title: '表决',
      style: 'motion',
      electorate: 'representatives',
      status,
      closed_at: status === 'closed' ? now : null,
      result:
        status === 'closed'
          ? JSON.stringify({ quorumMet: opts.quorumMet ?? true, passed: opts.passed ?? true, counts: {} })
          : null,
      created_by: staffUser.id,
      created_at: now,
      updated_at: now,
    })
    .returning('uid')
    .executeTakeFirstOrThrow();
  return v.uid;
}
