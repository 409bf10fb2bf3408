/**
 * Test helpers of votes: residents in bulk (each a head of a new household on a grid, with a
 * resident account linked to their person and a signed-in session written directly, as a login
 * writes one — signing 200 residents in through scrypt would take minutes), and a staff vote
 * created and opened through the API.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Client, TestPlatform } from './harness.ts';

export interface TestResident {
  client: Client;
  userId: number;
  personId: number;
  personUid: string;
  householdId: number;
}

let serial = 0;

/** `n` new residents of the grid, each head of a household of their own, signed in. */
export async function residentsWithSessions(t: TestPlatform, n: number, gridCode: string): Promise<TestResident[]> {
  const db = t.deps.db;
  const now = t.clock();
  const grid = await db
    .selectFrom('org_unit')
    .select(['id', 'path', 'district_id'])
    .where('code', '=', gridCode)
    .executeTakeFirstOrThrow();
  const out: TestResident[] = [];
  for (let i = 0; i < n; i++) {
    const k = ++serial;
    const person = await db
      .insertInto('person')
      .values({
        district_id: grid.district_id as number,
        grid_id: grid.id,
        org_path: grid.path,
        name: `测试户主${k}`,
        name_grams: ['测试'],
        gender: 'female',
        birth_date: '1980-05-01',
        status: 'resident',
        created_at: now,
        updated_at: now,
      })
      .returning(['id', 'uid'])
      .executeTakeFirstOrThrow();
    const household = await db
      .insertInto('household')
      .values({
        district_id: grid.district_id as number,
        grid_id: grid.id,
        org_path: grid.path,
        number: `TEST-${k}`,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('household_member')
      .values({
        household_id: household.id,
        person_id: person.id,
        relation: '02',
        org_path: grid.path,
        since: '2020-01-01',
      })
      .execute();
    const user = await db
      .insertInto('app_user')
      .values({
        username: `test.voter${k}`,
        display_name: `测试户主${k}`,
        password_hash: 'scrypt$unusable',
        password_changed_at: now,
        unit_id: grid.id,
        org_path: grid.path,
        person_id: person.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('role_grant')
      .values({ user_id: user.id, role: 'resident', unit_id: grid.id, org_path: grid.path, granted_at: now })
      .execute();
    out.push({
      client: await sessionFor(t, user.id),
      userId: user.id,
      personId: person.id,
      personUid: person.uid,
      householdId: household.id,
    });
  }
  return out;
}

/** A member joining an existing household (a second voter of one household). */
export async function joinHousehold(t: TestPlatform, householdId: number, gridCode: string): Promise<TestResident> {
  const [r] = await residentsWithSessions(t, 1, gridCode);
  const resident = r as TestResident;
  const db = t.deps.db;
  await db
    .updateTable('household_member')
    .set({ household_id: householdId, relation: '10' })
    .where('person_id', '=', resident.personId)
    .execute();
  await sql`update household set status = 'dissolved' where id = ${resident.householdId}`.execute(db);
  return { ...resident, householdId };
}

/** A signed-in session of the user, as a login writes one. */
export async function sessionFor(t: TestPlatform, userId: number): Promise<Client> {
  const now = t.clock();
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  await t.deps.db
    .insertInto('user_session')
    .values({
      token_hash: createHash('sha256').update(token).digest('hex'),
      user_id: userId,
      csrf_token: csrf,
      created_at: now,
      last_seen_at: now,
      idle_timeout_s: 86_400,
      expires_at: new Date(now.getTime() + 86_400_000),
      mfa_passed: false,
      ip: null,
      user_agent: 'test',
    })
    .execute();
  return t.client(`gz_session=${token}`, csrf);
}

/** Creates a vote as staff (201) and opens it (200); returns its uid. */
export async function openVote(staff: Client, body: Record<string, unknown>): Promise<string> {
  const uid = randomUUID();
  const created = await staff.post('/api/deliberation/votes', { uid, title: '测试表决', ...body });
  if (created.status !== 201) throw new Error(`create vote: ${created.status} ${JSON.stringify(created.body)}`);
  const opened = await staff.post(`/api/deliberation/votes/${uid}/open`, {});
  if (opened.status !== 200) throw new Error(`open vote: ${opened.status} ${JSON.stringify(opened.body)}`);
  return uid;
}
