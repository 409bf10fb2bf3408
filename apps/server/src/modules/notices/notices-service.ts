/**
 * In-app notices (站内通知). Other modules send them with `notify` inside their own transaction
 * (meeting notices, a proposal reaching its co-signatures, a micro-project's review …); each
 * account reads and marks its own through /api/notices. A person is reached through their
 * account (app_user.person_id); a person without an active account is skipped.
 */
import type { Notice, NoticeList, NoticeListQuery, NoticeReadAllResult } from '@gongzhi/api';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './notices-repo.ts';

export interface NoticeInput {
  /** accounts to tell */
  userIds?: readonly number[];
  /** registry persons to tell, through their account; persons without one are skipped */
  personIds?: readonly number[];
  /** what it is about, e.g. 'meeting_called' */
  kind: string;
  /** 1–120 characters (cut to fit) */
  title: string;
  body?: string | null;
  /** the page it opens, e.g. /r/deliberation/meetings/<uid> */
  link?: string | null;
}

function clip(s: string, max: number): string {
  const chars = Array.from(s.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Sends one notice to each distinct account among `userIds` and the accounts of `personIds`
 * (active accounts only). Returns the ids of the accounts told.
 */
export async function notify(trx: Db, input: NoticeInput, now: Date): Promise<number[]> {
  const users = await repo.activeAccounts(trx, input.userIds ?? [], input.personIds ?? []);
  if (users.length === 0) return [];
  const title = clip(input.title, 120) || input.kind;
  const body = input.body ? clip(input.body, 2000) : null;
  await repo.insertNotices(
    trx,
    users.map((userId) => ({
      user_id: userId,
      kind: input.kind,
      title,
      body,
      link: input.link ?? null,
      created_at: now,
    })),
  );
  return users;
}

function toNotice(r: repo.NoticeRow): Notice {
  return {
    uid: r.uid,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

export function createNoticesService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function list(db: Db, scope: Scope, query: NoticeListQuery): Promise<NoticeList> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const unreadOnly = query.unread === true;
    const [rows, total, unread] = await Promise.all([
      repo.noticesOf(db, scope.user.id, unreadOnly, pageSize, (page - 1) * pageSize),
      repo.countOf(db, scope.user.id, unreadOnly),
      repo.countOf(db, scope.user.id, true),
    ]);
    return { items: rows.map(toNotice), total, page, pageSize, unread };
  }

  /** Marks one of the caller's notices read (already read: kept as it was). Another's is 404. */
  async function read(trx: Db, scope: Scope, uid: string): Promise<Notice> {
    const row = await repo.markRead(trx, scope.user.id, uid, clock());
    if (!row) throw new AppError('NOTICE_NOT_FOUND', 404);
    return toNotice(row);
  }

  async function readAll(trx: Db, scope: Scope): Promise<NoticeReadAllResult> {
    const marked = await repo.markAllRead(trx, scope.user.id, clock());
    return { marked, unread: 0 };
  }

  return { list, read, readAll };
}
