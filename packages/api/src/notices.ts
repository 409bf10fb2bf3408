/**
 * In-app notices (站内通知): meeting notices (会议通知), a proposal reaching its co-signatures, a
 * micro-project's review … sent to accounts (a person is reached through their account; a person
 * without one is skipped). Each account reads only its own.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { PageQuery, Uid } from './common.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Obj = <T extends Record<string, TSchema>>(props: T) => Type.Object(props, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });

/**
 * What the notice is about, e.g. 'meeting_called', 'meeting_changed', 'meeting_cancelled',
 * 'topic_support_reached', 'project_reviewed'. Open-ended: the sender names it.
 */
export const NoticeKind = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' });

export const Notice = Type.Object({
  uid: Uid,
  kind: Type.String(),
  title: Type.String(),
  body: Nullable(Type.String()),
  /** the page it opens, e.g. /r/deliberation/meetings/<uid> */
  link: Nullable(Type.String()),
  createdAt: DateTime,
  readAt: Nullable(DateTime),
});
export type Notice = Static<typeof Notice>;

/** GET /api/notices?unread=true&page=: newest first. */
export const NoticeListQuery = Obj({ unread: Type.Optional(Type.Boolean()), ...PageQuery });
export type NoticeListQuery = Static<typeof NoticeListQuery>;

export const NoticeList = Type.Object({
  items: Type.Array(Notice),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** unread notices of the caller, whatever the filter (the bell's count) */
  unread: Type.Integer(),
});
export type NoticeList = Static<typeof NoticeList>;

/** POST /api/notices/read-all: how many were marked read. */
export const NoticeReadAllResult = Type.Object({ marked: Type.Integer(), unread: Type.Integer() });
export type NoticeReadAllResult = Static<typeof NoticeReadAllResult>;
