/**
 * SQL of Open311 clients (open311_client, written here only) and their technical accounts
 * (app_user rows without a usable password, made and disabled here).
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface ClientRow {
  id: number;
  uid: string;
  district_id: number;
  name: string;
  key_hint: string;
  active: boolean;
  created_at: Date;
  created_by_name: string | null;
  username: string;
  user_id: number;
}

const columns = sql`
  c.id, c.uid::text as uid, c.district_id, c.name, c.key_hint, c.active, c.created_at,
  cb.display_name as created_by_name, u.username, c.user_id`;
const from = sql`open311_client c join app_user u on u.id = c.user_id join app_user cb on cb.id = c.created_by`;

export async function clientsOf(db: Db, districtId: number): Promise<ClientRow[]> {
  const { rows } = await sql<ClientRow>`
    select ${columns} from ${from} where c.district_id = ${districtId}
     order by c.active desc, c.created_at desc, c.id desc`.execute(db);
  return rows;
}

export async function clientByUid(db: Db, uid: string, lock = false): Promise<ClientRow | undefined> {
  if (lock) await sql`select id from open311_client where uid = ${uid}::uuid for update`.execute(db);
  const { rows } = await sql<ClientRow>`select ${columns} from ${from} where c.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

/** The technical account a client's requests are reported as: no password, on the district. */
export async function insertTechnicalUser(
  db: Db,
  district: { id: number; path: string },
  username: string,
  displayName: string,
  now: Date,
): Promise<number> {
  const row = await db
    .insertInto('app_user')
    .values({
      username,
      display_name: displayName,
      // not a scrypt hash of anything: no password signs this account in
      password_hash: 'scrypt$unusable',
      password_changed_at: now,
      unit_id: district.id,
      org_path: district.path,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertClient(
  db: Db,
  c: { districtId: number; name: string; keyHash: string; keyHint: string; createdBy: number; userId: number },
  now: Date,
): Promise<string> {
  const row = await db
    .insertInto('open311_client')
    .values({
      district_id: c.districtId,
      name: c.name,
      key_hash: c.keyHash,
      key_hint: c.keyHint,
      created_by: c.createdBy,
      created_at: now,
      user_id: c.userId,
    })
    .returning(sql<string>`uid::text`.as('uid'))
    .executeTakeFirstOrThrow();
  return row.uid;
}

/** The client stops working and its account is disabled. */
export async function revokeClient(db: Db, c: ClientRow): Promise<void> {
  await db.updateTable('open311_client').set({ active: false }).where('id', '=', c.id).execute();
  await db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', c.user_id).execute();
}
