/**
 * The diaries' share of the monthly tallies that coverage pages read instead of scanning
 * visits: visit_grid_month.visits and .findings, visit_worker_month.visits. (The plans keep
 * .due and .done.) A batch adds its changes up in memory first — a new visit is +1 where it
 * was made, an edit that moves a visit to another grid or month is −1 there and +1 here, an
 * edit of its findings is the difference — and writes each table in one upsert.
 */
import { chinaDate } from '@gongzhi/domain';
import { sql } from 'kysely';
import { type Db, PREPARED } from '../../platform/db/database.ts';

/** The month a visit counts in: the first day of its month in China. */
export function monthOf(at: Date | string): string {
  return `${chinaDate(typeof at === 'string' ? new Date(at) : at).slice(0, 7)}-01`;
}

export interface TallyEntry {
  workerId: number;
  gridId: number;
  month: string;
  findings: ReadonlyArray<{ kind: string }>;
}

interface GridDelta {
  gridId: number;
  month: string;
  visits: number;
  findings: Record<string, number>;
}
interface WorkerDelta {
  workerId: number;
  gridId: number;
  month: string;
  visits: number;
}

export class TallyChanges {
  private readonly grids = new Map<string, GridDelta>();
  private readonly workers = new Map<string, WorkerDelta>();

  private change(e: TallyEntry, sign: 1 | -1) {
    const gk = `${e.gridId}|${e.month}`;
    const g = this.grids.get(gk) ?? { gridId: e.gridId, month: e.month, visits: 0, findings: {} };
    g.visits += sign;
    for (const f of e.findings) g.findings[f.kind] = (g.findings[f.kind] ?? 0) + sign;
    this.grids.set(gk, g);
    const wk = `${e.workerId}|${e.gridId}|${e.month}`;
    const w = this.workers.get(wk) ?? { workerId: e.workerId, gridId: e.gridId, month: e.month, visits: 0 };
    w.visits += sign;
    this.workers.set(wk, w);
  }

  add(entry: TallyEntry) {
    this.change(entry, 1);
  }

  /** An edit: what the visit counted as before goes, what it is now comes. */
  replace(before: TallyEntry, after: TallyEntry) {
    this.change(before, -1);
    this.change(after, 1);
  }

  /** The changes that are not zero. */
  gridDeltas(): GridDelta[] {
    return [...this.grids.values()]
      .sort((a, b) => a.gridId - b.gridId || a.month.localeCompare(b.month))
      .map((g) => ({ ...g, findings: Object.fromEntries(Object.entries(g.findings).filter(([, n]) => n !== 0)) }))
      .filter((g) => g.visits !== 0 || Object.keys(g.findings).length > 0);
  }

  workerDeltas(): WorkerDelta[] {
    return [...this.workers.values()]
      .filter((w) => w.visits !== 0)
      .sort((a, b) => a.workerId - b.workerId || a.gridId - b.gridId || a.month.localeCompare(b.month));
  }
}

/**
 * Adds the batch's changes to the tallies in one statement (both tables), rows in key order so
 * that two batches touching the same grids lock them in the same order.
 */
export async function applyTallies(db: Db, changes: TallyChanges): Promise<void> {
  const grids = changes
    .gridDeltas()
    .map((g) => ({ grid_id: g.gridId, month: g.month, visits: g.visits, findings: g.findings }));
  const workers = changes
    .workerDeltas()
    .map((w) => ({ worker_id: w.workerId, grid_id: w.gridId, month: w.month, visits: w.visits }));
  if (grids.length === 0 && workers.length === 0) return;
  // Findings merge key by key; a kind whose count comes to zero is dropped. The grid's path is a
  // scalar subquery: a join would be planned for 100 rows (the recordset's guess) as a scan of org_unit.
  await sql`${sql.raw(PREPARED)}
    with grids as (
      insert into visit_grid_month as t (grid_id, month, org_path, visits, findings)
      select x.grid_id, x.month, (select path from org_unit where id = x.grid_id), x.visits, x.findings
        from jsonb_to_recordset(${JSON.stringify(grids)}::jsonb) as x(grid_id bigint, month date, visits int, findings jsonb)
       order by x.grid_id, x.month
      on conflict (grid_id, month) do update
         set visits = t.visits + excluded.visits,
             findings = (select coalesce(jsonb_object_agg(k, n), '{}'::jsonb)
                           from (select k, sum(n) as n
                                   from (select key as k, value::int as n from jsonb_each_text(t.findings)
                                         union all
                                         select key, value::int from jsonb_each_text(excluded.findings)) s
                                  group by k) c
                          where n <> 0)
    )
    insert into visit_worker_month as t (worker_id, grid_id, month, org_path, visits)
    select x.worker_id, x.grid_id, x.month, (select path from org_unit where id = x.grid_id), x.visits
      from jsonb_to_recordset(${JSON.stringify(workers)}::jsonb) as x(worker_id bigint, grid_id bigint, month date, visits int)
     order by x.worker_id, x.grid_id, x.month
    on conflict (worker_id, grid_id, month) do update set visits = t.visits + excluded.visits`.execute(db);
}
