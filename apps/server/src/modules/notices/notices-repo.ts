/** SQL of in-app notices: the notice table (written here only) and a read-only look at accounts. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export interface NoticeRow {
  uid: string;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

/** Distinct active accounts among the user ids and the accounts linked to the persons, ascending. */
export async function activeAccounts(
  db: Db,
  userIds: readonly number[],
  personIds: readonly number[],
): Promise<number[]> {
  if (userIds.length === 0 && personIds.length === 0) return [];
  const users = userIds.length > 0 ? [...new Set(userIds)] : [0];
  const persons = personIds.length > 0 ? [...new Set(personIds)] : [0];
  const { rows } = await sql<{ id: number }>`
    select id from app_user
     where status = 'active'
       and (id = any(${sql.val(users)}::bigint[]) or person_id = any(${sql.val(persons)}::bigint[]))
     order by id`.execute(db);
  return rows.map((r) => Number(r.id));
}

export async function insertNotices(
  db: Db,
  rows: {
    user_id: number;
    kind: string;
    title: string;
    body: string | null;
    link: string | null;
    created_at: Date;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('notice').values(rows).execute();
}

const noticeCols = ['uid', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'] as const;

export async function noticesOf(
  db: Db,
  userId: number,
  unreadOnly: boolean,
  limit: number,
  offset: number,
): Promise<NoticeRow[]> {
  let q = db.selectFrom('notice').select(noticeCols).where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function countOf(db: Db, userId: number, unreadOnly: boolean): Promise<number> {
  let q = db
    .selectFrom('notice')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId);
  if (unreadOnly) q = q.where('read_at', 'is', null);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the user's notice read (keeps the first read time); undefined when it is not theirs. */
export async function markRead(db: Db, userId: number, uid: string, now: Date): Promise<NoticeRow | undefined> {
  return db
    .updateTable('notice')
    .set({ read_at: sql<Date>`coalesce(read_at, ${now})` })
    .where('uid', '=', uid)
    .where('user_id', '=', userId)
    .returning(noticeCols)
    .executeTakeFirst();
}

export async function markAllRead(db: Db, userId: number, now: Date): Promise<number> {
  const res = await db
    .updateTable('notice')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
