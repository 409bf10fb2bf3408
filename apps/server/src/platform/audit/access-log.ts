/**
 * Who looked at which personal record (查询日志). A profile view is a read: writing its
 * record in the request's own transaction would make every read cost a write and queue
 * behind the audit chain. Views are buffered and written in one multi-row insert at most a
 * second later (or at 500 records); closing the platform flushes what is left. Reveals of a
 * full 身份证号 or phone are not views: they go to the hash-chained audit log at once.
 */
import type { Db } from '../db/database.ts';

export interface AccessRecord {
  at: Date;
  actorId: number | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  orgPath: string | null;
  detail?: unknown;
  ip: string | null;
}

export interface AccessLog {
  record(entry: AccessRecord): void;
  /** Write what is buffered now (tests, shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createAccessLog(
  db: Db,
  opts: { intervalMs?: number; batch?: number; onError?: (e: unknown) => void } = {},
): AccessLog {
  const batch = opts.batch ?? 500;
  let buffer: AccessRecord[] = [];
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (buffer.length === 0) return writing;
    const rows = buffer;
    buffer = [];
    writing = writing
      .then(() =>
        db
          .insertInto('data_access_log')
          .values(
            rows.map((r) => ({
              at: r.at,
              actor_id: r.actorId,
              actor_name: r.actorName,
              action: r.action,
              target_type: r.targetType,
              target_id: r.targetId,
              org_path: r.orgPath,
              detail: r.detail === undefined ? null : JSON.stringify(r.detail),
              ip: r.ip,
            })),
          )
          .execute(),
      )
      .then(
        () => undefined,
        (err) => opts.onError?.(err),
      );
    return writing;
  }

  const timer = setInterval(() => void flush(), opts.intervalMs ?? 1000);
  timer.unref();

  return {
    record(entry) {
      buffer.push(entry);
      if (buffer.length >= batch) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
