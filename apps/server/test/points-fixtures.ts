/**
 * Shared helpers for the points tests: residents linked to their registry person, persons and
 * households of a grid read straight from the database, and points awarded through the ledger
 * core (postTransfer in a transaction of its own, as a service would), plus a chain check.
 */
import { sql } from 'kysely';
import {
  type AccountRef,
  communityAccount,
  holderAccount,
  type PostedTransfer,
  postTransfer,
} from '../src/modules/points/ledger.ts';
import { type LedgerProblem, verifyLedger } from '../src/modules/points/ledger-verify.ts';
import type { TestPlatform } from './harness.ts';

export interface PersonFixture {
  id: number;
  uid: string;
  name: string;
  gridId: number;
  householdId: number | null;
}

/**
 * Resident persons of a grid (lowest id first) with no points account yet and no sign-in
 * account, with their current household when they have one.
 */
export async function personsOfGrid(t: TestPlatform, gridCode: string, count = 10): Promise<PersonFixture[]> {
  const { rows } = await sql<{ id: number; uid: string; name: string; grid_id: number; household_id: number | null }>`
    select p.id, p.uid::text as uid, p.name, p.grid_id,
           (select m.household_id from household_member m where m.person_id = p.id and m.until is null
             order by m.id desc limit 1) as household_id
      from person p
     where p.status = 'resident'
       and p.grid_id = (select id from org_unit where code = ${gridCode} and status = 'active')
       and not exists (select 1 from app_user u where u.person_id = p.id)
       and not exists (select 1 from points_account a where a.person_id = p.id)
     order by p.id limit ${count}`.execute(t.deps.db);
  if (rows.length < count) throw new Error(`only ${rows.length} free residents in ${gridCode}`);
  return rows.map((r) => ({ id: r.id, uid: r.uid, name: r.name, gridId: r.grid_id, householdId: r.household_id }));
}

/** The first resident person of a grid with no points account and no app_user linked to it. */
export async function personOfGrid(t: TestPlatform, gridCode: string): Promise<PersonFixture> {
  return (await personsOfGrid(t, gridCode, 1))[0] as PersonFixture;
}

/** A resident person of the grid who is a party member (none → the test data lacks one: throws). */
export async function partyMemberOfGrid(t: TestPlatform, gridCode: string): Promise<PersonFixture> {
  const { rows } = await sql<{ id: number }>`
    select p.id from person p
     where p.status = 'resident' and p.party_member
       and p.grid_id = (select id from org_unit where code = ${gridCode} and status = 'active')
     order by p.id limit 1`.execute(t.deps.db);
  if (!rows[0]) throw new Error(`no party member in ${gridCode}`);
  return personById(t, rows[0].id);
}

export async function personById(t: TestPlatform, id: number): Promise<PersonFixture> {
  const { rows } = await sql<{ id: number; uid: string; name: string; grid_id: number; household_id: number | null }>`
    select p.id, p.uid::text as uid, p.name, p.grid_id,
           (select m.household_id from household_member m where m.person_id = p.id and m.until is null
             order by m.id desc limit 1) as household_id
      from person p where p.id = ${id}`.execute(t.deps.db);
  const r = rows[0];
  if (!r) throw new Error(`no person ${id}`);
  return { id: r.id, uid: r.uid, name: r.name, gridId: r.grid_id, householdId: r.household_id };
}

/** Links a sign-in account to a registry person (app_user.person_id): what "my points" reads. */
export async function linkResident(t: TestPlatform, username: string, personId: number | null): Promise<void> {
  // A person is linked to one account at most: free it first.
  if (personId !== null) {
    await sql`update app_user set person_id = null where person_id = ${personId} and username <> ${username}`.execute(
      t.deps.db,
    );
  }
  await sql`update app_user set person_id = ${personId} where username = ${username}`.execute(t.deps.db);
}

/** The resident.demo's person, linking one of grid 440704001001001 when none is linked yet. */
export async function demoResident(t: TestPlatform): Promise<PersonFixture> {
  const { rows } = await sql<{ person_id: number | null }>`
    select person_id from app_user where username = 'resident.demo'`.execute(t.deps.db);
  const linked = rows[0]?.person_id;
  if (linked != null) return personById(t, linked);
  const p = await personOfGrid(t, '440704001001001');
  await linkResident(t, 'resident.demo', p.id);
  return p;
}

export async function userIdOf(t: TestPlatform, username: string): Promise<number> {
  const { rows } = await sql<{ id: number }>`select id from app_user where username = ${username}`.execute(t.deps.db);
  if (!rows[0]) throw new Error(`no user ${username}`);
  return rows[0].id;
}

export type HolderSpec = { personId: number; kind?: 'person' | 'party_member' } | { householdId: number };

function ownerOf(h: HolderSpec) {
  return 'householdId' in h
    ? { kind: 'household' as const, householdId: h.householdId }
    : { kind: h.kind ?? ('person' as const), personId: h.personId };
}

/** The holder's account (created on first use), outside any request. */
export async function accountOf(t: TestPlatform, holder: HolderSpec): Promise<AccountRef> {
  return t.deps.db.transaction().execute((trx) => holderAccount(trx, ownerOf(holder), t.clock()));
}

/**
 * Awards points to a person (or a household, or a party member) from their community's issuer,
 * in one transaction: kind 'award' by default, occurred today (China) unless given.
 */
export async function award(
  t: TestPlatform,
  holder: number | HolderSpec,
  points: number,
  opts: { kind?: 'award' | 'claim' | 'event'; occurredOn?: string; reason?: string; actorId?: number | null } = {},
): Promise<PostedTransfer> {
  const spec = typeof holder === 'number' ? { personId: holder } : holder;
  const now = t.clock();
  return t.deps.db.transaction().execute(async (trx) => {
    const to = await holderAccount(trx, ownerOf(spec), now);
    const from = await communityAccount(trx, 'issuer', to, now);
    return postTransfer(
      trx,
      {
        kind: opts.kind ?? 'award',
        from,
        to,
        amount: points,
        occurredOn: opts.occurredOn ?? chinaDay(now),
        reason: opts.reason ?? 'test award',
        actorId: opts.actorId ?? null,
      },
      now,
    );
  });
}

/** Deducts points from a holder back to the issuer (kind 'deduct'). */
export async function deduct(
  t: TestPlatform,
  holder: number | HolderSpec,
  points: number,
  opts: { occurredOn?: string; reason?: string } = {},
): Promise<PostedTransfer> {
  const spec = typeof holder === 'number' ? { personId: holder } : holder;
  const now = t.clock();
  return t.deps.db.transaction().execute(async (trx) => {
    const from = await holderAccount(trx, ownerOf(spec), now);
    const to = await communityAccount(trx, 'issuer', from, now);
    return postTransfer(
      trx,
      {
        kind: 'deduct',
        from,
        to,
        amount: points,
        occurredOn: opts.occurredOn ?? chinaDay(now),
        reason: opts.reason ?? 'test deduction',
        actorId: null,
      },
      now,
    );
  });
}

/** The calendar day in Asia/Shanghai (UTC+8, no daylight saving) of an instant. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export async function balanceOf(t: TestPlatform, accountId: number): Promise<number> {
  const { rows } = await sql<{ balance: number }>`select balance from points_account where id = ${accountId}`.execute(
    t.deps.db,
  );
  return Number(rows[0]?.balance);
}

/**
 * Recomputes the whole ledger (as `npm run points:verify` does): every account's chain against
 * its row, each transfer's entries, the zero sum of balances, the monthly earned totals. The
 * problems found (none: []).
 */
export async function ledgerProblems(t: TestPlatform): Promise<LedgerProblem[]> {
  return (await verifyLedger(t.deps.db)).problems;
}
