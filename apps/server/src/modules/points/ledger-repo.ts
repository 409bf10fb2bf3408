/**
 * SQL of the ledger's reads: holders' accounts with who holds them, an account's entries with
 * their transfers and rules, a resident's own person and accounts. Registry rows (person,
 * household) are read here read-only; nothing here writes — postTransfer (ledger.ts) does.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { type Db, PREPARED } from '../../platform/db/database.ts';
import { likeEscape } from '../../platform/db/like.ts';

export interface AccountRow {
  id: number;
  uid: string;
  kind: 'person' | 'household' | 'party_member';
  org_path: string;
  balance: number;
  entry_count: number;
  person_id: number | null;
  household_id: number | null;
  name: string | null;
  phone: string | null;
  person_uid: string | null;
  household_uid: string | null;
  household_number: string | null;
  grid_uid: string;
  grid_name: string;
  community_uid: string;
  community_name: string;
  last_entry_at: Date | null;
}

/** The person an account names: its own person, or the household's head (户主, relation 02), else its first member. */
const holderPerson = sql`coalesce(a.person_id, (
  select m.person_id from household_member m
   where m.household_id = a.household_id and m.until is null
   order by (m.relation = '02') desc, m.since, m.id limit 1))`;

const accountColumns = sql`
  a.id, a.uid::text as uid, a.kind, a.org_path, a.balance, a.entry_count, a.person_id, a.household_id,
  p.name, p.phone_masked as phone, p.uid::text as person_uid, h.uid::text as household_uid, h.number as household_number,
  g.uid::text as grid_uid, g.name as grid_name, c.uid::text as community_uid, c.name as community_name,
  (select e.created_at from points_entry e where e.account_id = a.id order by e.seq desc limit 1) as last_entry_at`;

const accountFrom = sql`
  from points_account a
  join org_unit g on g.id = a.grid_id
  join org_unit c on c.id = a.community_id
  left join household h on h.id = a.household_id
  left join person p on p.id = ${holderPerson}`;

const HOLDER = sql<SqlBool>`a.kind in ('person', 'household', 'party_member')`;

export interface AccountFilter {
  /** subtrees the viewer may read (already narrowed to a unit when one was asked for) */
  where: RawBuilder<SqlBool>[];
  kind?: string;
  q?: string;
  person?: string;
  sort: 'balance' | 'name';
}

export async function accountPage(
  db: Db,
  f: AccountFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: AccountRow[]; total: number }> {
  const conds: RawBuilder<SqlBool>[] = [HOLDER, ...f.where];
  if (f.kind) conds.push(sql<SqlBool>`a.kind = ${f.kind}`);
  if (f.person)
    conds.push(sql<SqlBool>`(a.person_id = (select id from person where uid = ${f.person}::uuid)
      or a.household_id in (select m.household_id from household_member m join person mp on mp.id = m.person_id
                             where mp.uid = ${f.person}::uuid and m.until is null))`);
  if (f.q) {
    const like = `%${likeEscape(f.q)}%`;
    conds.push(sql<SqlBool>`(p.name like ${like} or h.number like ${like})`);
  }
  const cond = sql.join(conds, sql` and `);
  const order = f.sort === 'name' ? sql`p.name, a.id` : sql`a.balance desc, a.id`;
  const { rows } = await sql<AccountRow & { total: number }>`
    select ${accountColumns}, count(*) over ()::int as total ${accountFrom}
     where ${cond}
     order by ${order} limit ${page.limit} offset ${page.offset}`.execute(db);
  let total = rows[0]?.total;
  if (total === undefined) {
    // Past the last page: count without rows.
    const count = await sql<{ n: number }>`select count(*)::int as n ${accountFrom} where ${cond}`.execute(db);
    total = count.rows[0]?.n ?? 0;
  }
  return { rows: rows.map(({ total: _, ...r }) => r), total };
}

export async function accountByUid(db: Db, uid: string): Promise<AccountRow | undefined> {
  const { rows } = await sql<AccountRow>`
    select ${accountColumns} ${accountFrom} where a.uid = ${uid}::uuid and ${HOLDER}`.execute(db);
  return rows[0];
}

export interface AccountDetailRow extends AccountRow {
  earned_month: number;
  earned_year: number;
  spent: number;
  members: { id: string; name: string }[];
}

/**
 * An account with what its page shows beside the balance — earned this month and year, spent in
 * the store net of refunds, the household's members — in one statement: the account page is
 * the most read page of the ledger, and each further round trip cost as much as the read itself.
 */
export async function accountDetailByUid(
  db: Db,
  uid: string,
  yearStart: string,
  month: string,
): Promise<AccountDetailRow | undefined> {
  const { rows } = await sql<AccountDetailRow>`${sql.raw(PREPARED)}
    select ${accountColumns},
      coalesce((select sum(t.earned) from points_month_total t
                 where t.account_id = a.id and t.month = ${month}::date), 0)::bigint as earned_month,
      coalesce((select sum(t.earned) from points_month_total t
                 where t.account_id = a.id and t.month >= ${yearStart}::date), 0)::bigint as earned_year,
      (coalesce((select sum(r.amount) from points_transfer r where r.kind = 'redeem' and r.from_account_id = a.id), 0)
        - coalesce((select sum(r.amount) from points_transfer r where r.kind = 'refund' and r.to_account_id = a.id), 0)
      )::bigint as spent,
      coalesce((select json_agg(json_build_object('id', mp.uid, 'name', mp.name)
                                order by (m.relation = '02') desc, m.since, m.id)
                  from household_member m join person mp on mp.id = m.person_id
                 where m.household_id = a.household_id and m.until is null), '[]'::json) as members
    ${accountFrom} where a.uid = ${uid}::uuid and ${HOLDER}`.execute(db);
  const row = rows[0];
  return (
    row && {
      ...row,
      earned_month: Number(row.earned_month),
      earned_year: Number(row.earned_year),
      spent: Number(row.spent),
    }
  );
}

export async function accountsByIds(db: Db, ids: number[]): Promise<AccountRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<AccountRow>`
    select ${accountColumns} ${accountFrom}
     where a.id in (${sql.join(ids)}) and ${HOLDER}
     order by array_position(array['person', 'household', 'party_member'], a.kind), a.id`.execute(db);
  return rows;
}

/** Earned (points_month_total) per account from a month on, and in that month. */
export async function earnedSince(
  db: Db,
  ids: number[],
  yearStart: string,
  month: string,
): Promise<Map<number, { month: number; year: number }>> {
  const out = new Map<number, { month: number; year: number }>();
  if (ids.length === 0) return out;
  const { rows } = await sql<{ account_id: number; month: number; year: number }>`
    select account_id, coalesce(sum(earned) filter (where month = ${month}::date), 0)::bigint as month,
           coalesce(sum(earned), 0)::bigint as year
      from points_month_total where account_id in (${sql.join(ids)}) and month >= ${yearStart}::date
     group by account_id`.execute(db);
  for (const r of rows) out.set(r.account_id, { month: Number(r.month), year: Number(r.year) });
  return out;
}

export interface EntryRow {
  account_id: number;
  account_uid: string;
  account_kind: 'person' | 'household' | 'party_member';
  seq: number;
  amount: number;
  balance_after: number;
  created_at: Date;
  transfer_uid: string;
  kind: string;
  occurred_on: string;
  reason: string | null;
  reverses_uid: string | null;
  reversed_by_uid: string | null;
  rule_uid: string | null;
  rule_code: string | null;
  rule_title: string | null;
  rule_version: number | null;
}

const entryColumns = sql`
  e.account_id, a.uid::text as account_uid, a.kind as account_kind, e.seq, e.amount, e.balance_after, e.created_at,
  t.uid::text as transfer_uid, t.kind, t.occurred_on, t.reason,
  (select o.uid::text from points_transfer o where o.id = t.reverses_id) as reverses_uid,
  (select r.uid::text from points_transfer r where r.reverses_id = t.id) as reversed_by_uid,
  ru.uid::text as rule_uid, ru.code as rule_code, v.title as rule_title, v.version as rule_version`;

const entryFrom = sql`
  from points_entry e
  join points_account a on a.id = e.account_id
  join points_transfer t on t.id = e.transfer_id
  left join points_rule_version v on v.id = t.rule_version_id
  left join points_rule ru on ru.id = coalesce(t.rule_id, v.rule_id)`;

/** Entries of some accounts, newest first. */
export async function entryPage(
  db: Db,
  accountIds: number[],
  page: { limit: number; offset: number },
): Promise<EntryRow[]> {
  if (accountIds.length === 0) return [];
  const { rows } =
    accountIds.length === 1
      ? await sql<EntryRow>`
          select ${entryColumns} ${entryFrom}
           where e.account_id = ${accountIds[0]}
           order by e.seq desc limit ${page.limit} offset ${page.offset}`.execute(db)
      : await sql<EntryRow>`
          select ${entryColumns} ${entryFrom}
           where e.account_id in (${sql.join(accountIds)})
           order by e.created_at desc, e.id desc limit ${page.limit} offset ${page.offset}`.execute(db);
  return rows;
}

export interface TransferRow {
  id: number;
  uid: string;
  kind: string;
  org_path: string;
  amount: number;
  occurred_on: string;
}

export async function transferByUid(db: Db, uid: string): Promise<TransferRow | undefined> {
  const { rows } = await sql<TransferRow>`
    select id, uid::text as uid, kind, org_path, amount, occurred_on from points_transfer where uid = ${uid}::uuid`.execute(
    db,
  );
  return rows[0];
}

export async function accountUids(db: Db, ids: number[]): Promise<Map<number, { uid: string; kind: string }>> {
  const { rows } = await sql<{ id: number; uid: string; kind: string }>`
    select id, uid::text as uid, kind from points_account where id in (${sql.join(ids)})`.execute(db);
  return new Map(rows.map((r) => [r.id, { uid: r.uid, kind: r.kind }]));
}

export interface MyPersonRow {
  id: number;
  uid: string;
  name: string;
  household_id: number | null;
}

/** The registry person linked to a sign-in account, with their current household. */
export async function personOfUser(db: Db, userId: number): Promise<MyPersonRow | undefined> {
  const { rows } = await sql<MyPersonRow>`
    select p.id, p.uid::text as uid, p.name,
           (select m.household_id from household_member m where m.person_id = p.id and m.until is null
             order by m.id desc limit 1) as household_id
      from app_user u join person p on p.id = u.person_id
     where u.id = ${userId}`.execute(db);
  return rows[0];
}

/** The accounts a person holds: their own, their party member account, their household's. */
export async function accountIdsOf(db: Db, personId: number, householdId: number | null): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select id from points_account
     where person_id = ${personId} ${householdId === null ? sql`` : sql`or household_id = ${householdId}`}`.execute(db);
  return rows.map((r) => r.id);
}
