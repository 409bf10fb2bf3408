/**
 * Recomputes the whole ledger from its entries (`npm run points:verify`): every account's hash
 * chain and balance against its row, every transfer's two entries, the zero sum of all
 * balances, and the monthly earned totals rankings read. Reads only.
 */
import { type ChainEntry, type ChainProblem, verifyChain } from '@gongzhi/domain';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { sha256Hex } from './ledger.ts';

export type LedgerProblem =
  | { account: string; kind: 'chain'; chain: ChainProblem }
  | {
      account: string;
      kind: 'account_row';
      row: { balance: number; entryCount: number; lastHash: string };
      chain: { balance: number; entryCount: number; lastHash: string };
    }
  | { account: string; kind: 'negative_balance'; balance: number }
  | { transfer: string; kind: 'transfer_entries'; entries: number; sum: number }
  | { kind: 'balances_sum'; sum: number }
  | { account: string; kind: 'month_total'; month: string; stored: number; recomputed: number };

export interface LedgerReport {
  ok: boolean;
  accounts: number;
  entries: number;
  transfers: number;
  balanceSum: number;
  problems: LedgerProblem[];
}

const BATCH = 5000;

interface EntryRow {
  account_id: number;
  seq: number;
  transfer_uid: string;
  amount: number;
  balance_after: number;
  prev_hash: string;
  hash: string;
  created_at: Date;
}

export async function verifyLedger(db: Db): Promise<LedgerReport> {
  const problems: LedgerProblem[] = [];
  const { rows: accounts } = await sql<{
    id: number;
    uid: string;
    kind: string;
    balance: number;
    entry_count: number;
    last_hash: string;
  }>`select id, uid::text as uid, kind, balance, entry_count, last_hash from points_account order by id`.execute(db);
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const walked = new Set<number>();
  let entries = 0;

  const check = (accountId: number, chain: ChainEntry[]) => {
    const a = byId.get(accountId);
    if (!a) return;
    walked.add(accountId);
    const v = verifyChain(chain, sha256Hex);
    if (v.problem) {
      problems.push({ account: a.uid, kind: 'chain', chain: v.problem });
      return;
    }
    const row = { balance: Number(a.balance), entryCount: Number(a.entry_count), lastHash: a.last_hash };
    if (row.balance !== v.balance || row.entryCount !== v.count || row.lastHash !== v.lastHash) {
      problems.push({
        account: a.uid,
        kind: 'account_row',
        row,
        chain: { balance: v.balance, entryCount: v.count, lastHash: v.lastHash },
      });
    }
  };

  // Entries in (account, seq) order, a batch at a time along the unique index.
  let after = { account: 0, seq: 0 };
  let current = null as { id: number; chain: ChainEntry[] } | null;
  for (;;) {
    const { rows } = await sql<EntryRow>`
      select e.account_id, e.seq, t.uid::text as transfer_uid, e.amount, e.balance_after, e.prev_hash, e.hash, e.created_at
        from points_entry e join points_transfer t on t.id = e.transfer_id
       where (e.account_id, e.seq) > (${after.account}::bigint, ${after.seq}::bigint)
       order by e.account_id, e.seq limit ${BATCH}`.execute(db);
    for (const r of rows) {
      entries++;
      if (current?.id !== r.account_id) {
        if (current) check(current.id, current.chain);
        current = { id: r.account_id, chain: [] };
      }
      current.chain.push({
        accountUid: byId.get(r.account_id)?.uid ?? '',
        seq: Number(r.seq),
        transferUid: r.transfer_uid,
        amount: Number(r.amount),
        balanceAfter: Number(r.balance_after),
        createdAt: new Date(r.created_at),
        prevHash: r.prev_hash,
        hash: r.hash,
      });
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = { account: last.account_id, seq: Number(last.seq) };
  }
  if (current) check(current.id, current.chain);
  // An account without entries must still say so (its entries deleted, the row kept).
  for (const a of accounts) if (!walked.has(a.id)) check(a.id, []);

  let balanceSum = 0;
  for (const a of accounts) {
    balanceSum += Number(a.balance);
    if (a.kind !== 'issuer' && Number(a.balance) < 0) {
      problems.push({ account: a.uid, kind: 'negative_balance', balance: Number(a.balance) });
    }
  }
  if (balanceSum !== 0) problems.push({ kind: 'balances_sum', sum: balanceSum });

  // Each transfer: two entries, summing to zero, the receiving one for the transfer's amount.
  const { rows: transfers } = await sql<{ uid: string; entries: number; sum: number }>`
    select t.uid::text as uid, count(e.id)::int as entries, coalesce(sum(e.amount), 0)::bigint as sum
      from points_transfer t left join points_entry e on e.transfer_id = t.id
     group by t.id
    having count(e.id) <> 2 or coalesce(sum(e.amount), 0) <> 0
        or count(*) filter (where e.account_id = t.to_account_id and e.amount = t.amount) <> 1
        or count(*) filter (where e.account_id = t.from_account_id and e.amount = -t.amount) <> 1
     order by t.id`.execute(db);
  for (const t of transfers) {
    problems.push({ transfer: t.uid, kind: 'transfer_entries', entries: Number(t.entries), sum: Number(t.sum) });
  }
  const { rows: counted } = await sql<{ n: number }>`select count(*)::int as n from points_transfer`.execute(db);

  // Earned per holder account and month, recomputed: what the entries moved, store spending
  // and refunds (and reversals of them) left out, by the deed's month.
  const { rows: months } = await sql<{ uid: string; month: string; stored: number; recomputed: number }>`
    with r as (
      select e.account_id, date_trunc('month', t.occurred_on)::date as month, sum(e.amount) as earned
        from points_entry e
        join points_account a on a.id = e.account_id and a.kind in ('person', 'household', 'party_member')
        join points_transfer t on t.id = e.transfer_id
        left join points_transfer o on o.id = t.reverses_id
       where coalesce(o.kind, t.kind) not in ('redeem', 'refund')
       group by 1, 2
    )
    select a.uid::text as uid, to_char(coalesce(r.month, m.month), 'YYYY-MM-DD') as month,
           coalesce(m.earned, 0)::bigint as stored, coalesce(r.earned, 0)::bigint as recomputed
      from r full join points_month_total m on m.account_id = r.account_id and m.month = r.month
      join points_account a on a.id = coalesce(r.account_id, m.account_id)
     where coalesce(m.earned, 0) <> coalesce(r.earned, 0)
     order by a.id, 2`.execute(db);
  for (const m of months) {
    problems.push({
      account: m.uid,
      kind: 'month_total',
      month: m.month,
      stored: Number(m.stored),
      recomputed: Number(m.recomputed),
    });
  }

  return {
    ok: problems.length === 0,
    accounts: accounts.length,
    entries,
    transfers: counted[0]?.n ?? 0,
    balanceSum,
    problems,
  };
}
