/**
 * The points ledger of the generated district (积分制): the district's starter catalogue (the
 * demo's, apps/server/src/demo/points-stories.ts), an account for every active household,
 * for a share of the adult residents and for every party member, each community's eight
 * issuer and eight store shards, and 25,000 × scale transfers (50,000 ledger entries per scale
 * unit: 10,000,000 at --scale 200) over the last six months — awards, claims, deductions and
 * store redemptions — with each account's hash chain exactly as the ledger's postTransfer
 * writes it (sha256 over entryHashInput), balances, entry counts and last hashes on the
 * accounts, and the monthly earned totals rankings read. All balances sum to zero, so
 * `npm run points:verify` passes on the result.
 *
 * resident.demo is linked to 王桂芳 of grid 440704001001001 as the demo seed links her
 * (points-seed.ts linkDemoResident), so scale 1 keeps the demo district's registry row for row.
 *
 * Written community by community: the chains of a community's accounts depend only on its own
 * transfers, so nothing but one community's state is held at a time. Rows carry ids taken
 * past the tables' current maxima (OVERRIDING SYSTEM VALUE; the identity sequences are moved
 * on afterwards), so entries reference their transfer and account without a round trip. For a
 * large ledger the secondary indexes are dropped and rebuilt, and as a superuser the per-row
 * foreign-key triggers are skipped, as the registry step does. The step reads what it needs
 * from the database, so it can also add the ledger to a district generated before it existed
 * (`topUp` in ../index.ts: the bench's kept databases).
 */
import { createHash, randomUUID } from 'node:crypto';
import { entryHashInput, LEDGER_SHARDS, shardFor } from '@gongzhi/domain';
import { sql } from 'kysely';
import { linkDemoResident } from '../../../apps/server/src/demo/points-seed.ts';
import { DISTRICT_RULES, type StarterRule } from '../../../apps/server/src/demo/points-stories.ts';
import type { Db } from '../../../apps/server/src/platform/db/database.ts';
import type { Step } from '../step.ts';

/** Ledger entries per scale unit: two per transfer. */
export const ENTRIES_PER_SCALE = 50_000;
/** Months of history, this one included. */
const MONTHS = 6;
/** Share of adult residents with a person account of their own (households all have one). */
const PERSON_SHARE = 0.35;
/** From this many entries on, the load drops and rebuilds the secondary indexes. */
const bulkFromEntries = () => Number(process.env.GONGZHI_GENERATE_POINTS_BULK_FROM) || 500_000;
const ROWS_PER_STATEMENT = 10_000;
const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;

type ColType = 'bigint' | 'int' | 'smallint' | 'text' | 'uuid' | 'date' | 'timestamptz';

/** unnest-array inserts with explicit ids (bulk.ts's shape, OVERRIDING SYSTEM VALUE). */
class Table {
  rows: unknown[][] = [];
  constructor(
    readonly name: string,
    readonly columns: ReadonlyArray<readonly [string, ColType]>,
    readonly overriding: boolean,
  ) {}
  statement(rows: unknown[][]) {
    const arrays = this.columns.map(([, type], i) => sql`${rows.map((r) => r[i])}::${sql.raw(type)}[]`);
    const names = this.columns.map(([n]) => sql.ref(n));
    const aliases = this.columns.map((_, i) => sql.ref(`c${i}`));
    return sql`insert into ${sql.table(this.name)} (${sql.join(names)})
      ${this.overriding ? sql`overriding system value` : sql``}
      select ${sql.join(aliases)} from unnest(${sql.join(arrays)}) as u(${sql.join(aliases)})`;
  }
}

/**
 * Writes buffered rows in statements of up to ROWS_PER_STATEMENT, one statement in flight while
 * the next is built. Tables are given parents first: once any has a statement's worth, all are
 * written out in that order, so a row never arrives before the rows it references.
 */
class Writer {
  #inFlight: Promise<unknown> = Promise.resolve();
  constructor(readonly db: Db) {}
  async flush(tables: Table[], all = false) {
    if (!all && !tables.some((t) => t.rows.length >= ROWS_PER_STATEMENT)) return;
    for (const t of tables) {
      while (t.rows.length > 0) {
        const rows = t.rows.splice(0, ROWS_PER_STATEMENT);
        const query = t.statement(rows);
        await this.#inFlight;
        this.#inFlight = query.execute(this.db);
      }
    }
    if (all) await this.#inFlight;
  }
}

interface Account {
  id: number;
  uid: string;
  kind: 'person' | 'household' | 'party_member' | 'issuer' | 'store';
  gridId: number | null;
  orgPath: string;
  personId: number | null;
  householdId: number | null;
  shard: number;
  balance: number;
  seq: number;
  lastHash: string;
  createdAt: string;
}

interface Community {
  id: number;
  path: string;
  /** Grid id → path. */
  grids: Map<number, string>;
  households: Array<[id: number, grid: number]>;
  persons: Array<[id: number, grid: number, partyMember: boolean]>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const dayOf = (ms: number) => new Date(ms + CHINA).toISOString().slice(0, 10);
const monthStartOf = (day: string) => `${day.slice(0, 7)}-01`;

/** Indexes rebuilt after a large load (cheaper than kept up row by row). */
const DEFERRED = [
  'points_entry_transfer',
  'points_transfer_cap',
  'points_transfer_path',
  'points_account_path',
  'points_month_total_community',
  'points_month_total_grid',
];
const DEFERRED_CONSTRAINTS: Array<[table: string, name: string, def: string]> = [
  ['points_entry', 'points_entry_account_id_seq_key', 'UNIQUE (account_id, seq)'],
  ['points_transfer', 'points_transfer_uid_key', 'UNIQUE (uid)'],
  ['points_account', 'points_account_uid_key', 'UNIQUE (uid)'],
];

async function maxId(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: string | null }>`select max(id)::text as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** Whether the database already holds a ledger (the step then has nothing to add). */
export async function hasPoints(db: Db): Promise<boolean> {
  const { rows } = await sql`select 1 from points_transfer limit 1`.execute(db);
  return rows.length > 0;
}

async function insertCatalogue(
  db: Db,
  district: { id: number; path: string },
  by: number,
  at: Date,
): Promise<Map<string, { rule: number; version: number; text: StarterRule }>> {
  const validFrom = dayOf(at.getTime());
  const { rows } = await sql<{ id: number; code: string }>`
    insert into points_rule (district_id, owner_unit_id, org_path, code, category, created_by, created_at)
    select ${district.id}, ${district.id}, ${district.path}, x.code, x.category, ${by}, ${at}
      from unnest(${DISTRICT_RULES.map((r) => r.code)}::text[], ${DISTRICT_RULES.map((r) => r.category)}::text[])
        as x(code, category)
    returning id, code`.execute(db);
  const ruleOf = new Map(rows.map((r) => [r.code, r.id]));
  const { rows: versions } = await sql<{ id: number; rule_id: number }>`
    insert into points_rule_version (rule_id, version, title, description, points, applies_to, evidence, claimable,
                                     cap_month, cap_year, valid_from, created_by, created_at)
    select x.rule_id, 1, x.title, x.description, x.points, x.applies_to, x.evidence::text[], x.claimable, x.cap_month,
           x.cap_year, ${validFrom}::date, ${by}, ${at}
      from jsonb_to_recordset(${JSON.stringify(
        DISTRICT_RULES.map((r) => ({
          rule_id: ruleOf.get(r.code),
          title: r.title,
          description: r.description,
          points: r.points,
          applies_to: r.appliesTo,
          evidence: `{${r.evidence.join(',')}}`,
          claimable: r.claimable,
          cap_month: r.capMonth ?? null,
          cap_year: r.capYear ?? null,
        })),
      )}::jsonb) as x(rule_id bigint, title text, description text, points int, applies_to text, evidence text,
                      claimable boolean, cap_month int, cap_year int)
    returning id, rule_id`.execute(db);
  const out = new Map<string, { rule: number; version: number; text: StarterRule }>();
  for (const r of DISTRICT_RULES) {
    const rule = ruleOf.get(r.code) as number;
    out.set(r.code, { rule, version: versions.find((v) => v.rule_id === rule)?.id as number, text: r });
  }
  return out;
}

async function communitiesOf(db: Db): Promise<Community[]> {
  const { rows: units } = await sql<{ id: number; kind: string; path: string; parent_id: number | null }>`
    select id, kind, path, parent_id from org_unit where kind in ('community', 'village', 'grid')`.execute(db);
  const communities = new Map<number, Community>();
  for (const u of units)
    if (u.kind !== 'grid')
      communities.set(u.id, { id: u.id, path: u.path, grids: new Map(), households: [], persons: [] });
  const communityOfGrid = new Map<number, Community>();
  for (const u of units) {
    if (u.kind !== 'grid' || u.parent_id === null) continue;
    const c = communities.get(u.parent_id);
    if (!c) continue;
    c.grids.set(u.id, u.path);
    communityOfGrid.set(u.id, c);
  }
  const { rows: households } = await sql<{ id: number; grid_id: number }>`
    select id, grid_id from household where status = 'active' order by id`.execute(db);
  for (const h of households) communityOfGrid.get(h.grid_id)?.households.push([h.id, h.grid_id]);
  const { rows: persons } = await sql<{ id: number; grid_id: number; party_member: boolean; adult: boolean }>`
    select id, grid_id, party_member, coalesce(birth_date <= current_date - 18 * 365, true) as adult
      from person where status = 'resident' order by id`.execute(db);
  for (const p of persons) if (p.adult) communityOfGrid.get(p.grid_id)?.persons.push([p.id, p.grid_id, p.party_member]);
  return [...communities.values()].filter((c) => c.households.length + c.persons.length > 0);
}

export const pointsStep: Step = {
  name: 'points',
  async run(ctx) {
    const { db, now } = ctx;
    const started = performance.now();
    await linkDemoResident(db, ctx.keys, now);
    const { rows: districts } = await sql<{ id: number; path: string }>`
      select id, path from org_unit where kind = 'district' order by id limit 1`.execute(db);
    const district = districts[0];
    if (!district) throw new Error('points step: no district');
    const { rows: admins } = await sql<{ id: number }>`
      select u.id from app_user u join role_grant g on g.user_id = u.id
       where g.role in ('district_admin', 'sysadmin') order by (g.role = 'district_admin') desc, u.id limit 1`.execute(
      db,
    );
    const by = admins[0]?.id;
    if (by === undefined) throw new Error('points step: no district administrator to own the catalogue');
    const end = now.getTime() - 3_600_000;
    // The first day of the month MONTHS − 1 before this one, China time.
    const thisMonth = monthStartOf(dayOf(end));
    const startDate = new Date(`${thisMonth}T00:00:00+08:00`);
    startDate.setUTCMonth(startDate.getUTCMonth() - (MONTHS - 1));
    const start = startDate.getTime();
    const rules = await insertCatalogue(db, district, by, new Date(start - 10 * DAY));
    const rulesFor = (kind: 'person' | 'household' | 'party_member') => {
      const list = DISTRICT_RULES.filter((r) => r.appliesTo === kind).map(
        (r) => rules.get(r.code) as ReturnType<typeof rules.get> & {},
      );
      return {
        plus: list.filter((r) => r.text.points > 0),
        minus: list.filter((r) => r.text.points < 0),
      };
    };
    const byKind = {
      person: rulesFor('person'),
      household: rulesFor('household'),
      party_member: rulesFor('party_member'),
    };

    const communities = await communitiesOf(db);
    const holdersTotal = communities.reduce((n, c) => n + c.households.length + c.persons.length, 0);
    const transfersTotal = Math.round((ENTRIES_PER_SCALE * ctx.plan.scale) / 2);
    const large = transfersTotal * 2 >= bulkFromEntries();

    // As the registry step: a superuser skips the per-row foreign-key triggers for this transaction.
    const { rows: su } = await sql<{ su: boolean }>`
      select rolsuper as su from pg_roles where rolname = current_user`.execute(db);
    const unchecked = large && su[0]?.su === true;
    const rebuild: string[] = [];
    if (large) {
      // Empty already; emptied in this transaction, they are written without WAL where wal_level is minimal.
      await sql`truncate points_entry, points_month_total, points_transfer, points_account cascade`.execute(db);
      const { rows: defs } = await sql<{ name: string; def: string }>`
        select indexname as name, indexdef as def from pg_indexes
         where schemaname = 'public' and indexname in (${sql.join(DEFERRED)})`.execute(db);
      for (const d of defs) {
        await sql`drop index ${sql.ref(d.name)}`.execute(db);
        rebuild.push(d.def);
      }
      for (const [table, name, def] of DEFERRED_CONSTRAINTS) {
        await sql`alter table ${sql.table(table)} drop constraint ${sql.ref(name)}`.execute(db);
        rebuild.push(`ALTER TABLE ${table} ADD CONSTRAINT ${name} ${def}`);
      }
    }
    if (unchecked) await sql`set local session_replication_role = replica`.execute(db);

    const accounts = new Table(
      'points_account',
      [
        ['id', 'bigint'],
        ['uid', 'uuid'],
        ['district_id', 'bigint'],
        ['community_id', 'bigint'],
        ['grid_id', 'bigint'],
        ['org_path', 'text'],
        ['kind', 'text'],
        ['person_id', 'bigint'],
        ['household_id', 'bigint'],
        ['shard', 'smallint'],
        ['balance', 'bigint'],
        ['entry_count', 'bigint'],
        ['last_hash', 'text'],
        ['created_at', 'timestamptz'],
      ],
      true,
    );
    const transfers = new Table(
      'points_transfer',
      [
        ['id', 'bigint'],
        ['uid', 'uuid'],
        ['district_id', 'bigint'],
        ['community_id', 'bigint'],
        ['org_path', 'text'],
        ['kind', 'text'],
        ['from_account_id', 'bigint'],
        ['to_account_id', 'bigint'],
        ['amount', 'bigint'],
        ['rule_id', 'bigint'],
        ['rule_version_id', 'bigint'],
        ['occurred_on', 'date'],
        ['created_at', 'timestamptz'],
      ],
      true,
    );
    const entries = new Table(
      'points_entry',
      [
        ['id', 'bigint'],
        ['account_id', 'bigint'],
        ['seq', 'bigint'],
        ['transfer_id', 'bigint'],
        ['amount', 'bigint'],
        ['balance_after', 'bigint'],
        ['prev_hash', 'text'],
        ['hash', 'text'],
        ['created_at', 'timestamptz'],
      ],
      true,
    );
    const totals = new Table(
      'points_month_total',
      [
        ['account_id', 'bigint'],
        ['month', 'date'],
        ['kind', 'text'],
        ['community_id', 'bigint'],
        ['grid_id', 'bigint'],
        ['org_path', 'text'],
        ['earned', 'bigint'],
      ],
      false,
    );
    const writer = new Writer(db);
    let nextAccount = (await maxId(db, 'points_account')) + 1;
    let nextTransfer = (await maxId(db, 'points_transfer')) + 1;
    let nextEntry = (await maxId(db, 'points_entry')) + 1;
    const firstAccount = nextAccount;
    const firstTransfer = nextTransfer;
    const firstEntry = nextEntry;
    const openedAt = new Date(start - 5 * DAY).toISOString();
    let holdersSoFar = 0;
    let transfersSoFar = 0;
    let personAccounts = 0;
    let partyAccounts = 0;
    let householdAccounts = 0;

    for (const c of communities) {
      const rng = ctx.rng(`points:${c.id}`);
      const holders: Account[] = [];
      const open = (
        kind: Account['kind'],
        gridId: number | null,
        personId: number | null,
        householdId: number | null,
      ) => {
        const id = nextAccount++;
        const a: Account = {
          id,
          uid: randomUUID(),
          kind,
          gridId,
          orgPath: gridId === null ? c.path : (c.grids.get(gridId) as string),
          personId,
          householdId,
          shard: 0,
          balance: 0,
          seq: 0,
          lastHash: '',
          createdAt: openedAt,
        };
        return a;
      };
      for (const [id, grid] of c.households) holders.push(open('household', grid, null, id));
      householdAccounts += c.households.length;
      for (const [id, grid, party] of c.persons) {
        if (party) {
          holders.push(open('party_member', grid, id, null));
          partyAccounts++;
        }
        if (rng.chance(PERSON_SHARE)) {
          holders.push(open('person', grid, id, null));
          personAccounts++;
        }
      }
      if (holders.length === 0) continue;
      const issuers: Account[] = [];
      const stores: Account[] = [];
      for (let s = 0; s < LEDGER_SHARDS; s++) {
        issuers.push({ ...open('issuer', null, null, null), shard: s });
        stores.push({ ...open('store', null, null, null), shard: s });
      }
      // This community's share of the transfers, by how many residents it has (cumulative: the total is exact).
      holdersSoFar += c.households.length + c.persons.length;
      const upTo = Math.round((transfersTotal * holdersSoFar) / holdersTotal);
      const n = upTo - transfersSoFar;
      transfersSoFar = upTo;
      const times = new Float64Array(n);
      for (let i = 0; i < n; i++) times[i] = start + rng.float() * (end - start);
      times.sort();

      const earned = new Map<number, Map<string, number>>();
      const entry = (a: Account, transferId: number, transferUid: string, amount: number, at: Date, iso: string) => {
        const seq = a.seq + 1;
        const balanceAfter = a.balance + amount;
        const hash = sha256(
          entryHashInput(a.lastHash, { accountUid: a.uid, seq, transferUid, amount, balanceAfter, createdAt: at }),
        );
        entries.rows.push([nextEntry++, a.id, seq, transferId, amount, balanceAfter, a.lastHash, hash, iso]);
        a.seq = seq;
        a.balance = balanceAfter;
        a.lastHash = hash;
      };
      for (let i = 0; i < n; i++) {
        const ms = Math.round(times[i] as number);
        const at = new Date(ms);
        const iso = at.toISOString();
        const h = holders[rng.int(holders.length)] as Account;
        const kinds = byKind[h.kind as 'person' | 'household' | 'party_member'];
        const x = rng.float();
        let kind: 'award' | 'claim' | 'deduct' | 'redeem';
        let amount: number;
        let rule: { rule: number; version: number } | null = null;
        const price = [10, 20, 25, 30, 60, 80][rng.int(6)] as number;
        const minus = kinds.minus.length ? (kinds.minus[rng.int(kinds.minus.length)] as (typeof kinds.minus)[0]) : null;
        if (x < 0.08 && h.balance >= price) {
          kind = 'redeem';
          amount = price;
        } else if (x < 0.13 && minus && h.balance >= -minus.text.points) {
          kind = 'deduct';
          amount = -minus.text.points;
          rule = minus;
        } else {
          const plus = kinds.plus[rng.int(kinds.plus.length)] as (typeof kinds.plus)[0];
          kind = plus.text.claimable && rng.chance(0.3) ? 'claim' : 'award';
          amount = plus.text.points;
          rule = plus;
        }
        const out = kind === 'deduct' || kind === 'redeem';
        const other = (kind === 'redeem' ? stores : issuers)[shardFor(h.id)] as Account;
        const from = out ? h : other;
        const to = out ? other : h;
        const occurred = dayOf(Math.max(start, ms - rng.int(3) * DAY));
        const id = nextTransfer++;
        const uid = randomUUID();
        transfers.rows.push([
          id,
          uid,
          district.id,
          c.id,
          h.orgPath,
          kind,
          from.id,
          to.id,
          amount,
          rule?.rule ?? null,
          rule?.version ?? null,
          occurred,
          iso,
        ]);
        // Two entries, in account-id order as postTransfer writes them: the debit first.
        entry(from, id, uid, -amount, at, iso);
        entry(to, id, uid, amount, at, iso);
        if (kind !== 'redeem') {
          const month = monthStartOf(occurred);
          let m = earned.get(h.id);
          if (!m) {
            m = new Map();
            earned.set(h.id, m);
          }
          m.set(month, (m.get(month) ?? 0) + (out ? -amount : amount));
        }
      }
      for (const a of [...issuers, ...stores, ...holders]) {
        accounts.rows.push([
          a.id,
          a.uid,
          district.id,
          c.id,
          a.gridId,
          a.orgPath,
          a.kind,
          a.personId,
          a.householdId,
          a.shard,
          a.balance,
          a.seq,
          a.lastHash,
          a.createdAt,
        ]);
      }
      for (const h of holders) {
        const m = earned.get(h.id);
        if (!m) continue;
        for (const [month, value] of m) totals.rows.push([h.id, month, h.kind, c.id, h.gridId, h.orgPath, value]);
      }
      await writer.flush([accounts, transfers, entries, totals]);
    }
    await writer.flush([accounts, transfers, entries, totals], true);
    const loaded = performance.now();

    for (const def of rebuild) await sql.raw(def).execute(db);
    if (unchecked) await sql`set local session_replication_role = origin`.execute(db);
    // The identity sequences go on past the ids handed out here.
    for (const [table, next] of [
      ['points_account', nextAccount],
      ['points_transfer', nextTransfer],
      ['points_entry', nextEntry],
    ] as const) {
      if (next > 1) await sql`select setval(pg_get_serial_sequence(${table}, 'id'), ${next - 1})`.execute(db);
    }
    if (process.env.GONGZHI_GENERATE_TRACE)
      console.error(
        JSON.stringify({
          points: {
            loadMs: Math.round(loaded - started),
            indexMs: Math.round(performance.now() - loaded),
          },
        }),
      );
    return {
      pointsRules: rules.size,
      pointsAccounts: nextAccount - firstAccount,
      pointsHouseholdAccounts: householdAccounts,
      pointsPersonAccounts: personAccounts,
      pointsPartyAccounts: partyAccounts,
      pointsTransfers: nextTransfer - firstTransfer,
      pointsEntries: nextEntry - firstEntry,
    };
  },
};
