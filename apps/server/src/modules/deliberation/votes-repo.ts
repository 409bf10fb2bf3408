/**
 * SQL of votes: the vote row with the names it is shown with, the roll fixed when it opens, and
 * the ballots. A cast is two statements here — the vote with the caller's place on the roll
 * (key-share locked, so a close waits for the casts under way and later casts see it closed),
 * then one statement that marks the voter on the roll and inserts the ballot — and never touches
 * a per-vote counter: the tally is counted from ballot when the vote closes or when asked.
 * Registry rows (persons, households, council members, attendees) are read here read-only.
 */
import type { Electorate, VoteRule } from '@gongzhi/domain';
import { type SqlBool, sql } from 'kysely';
import { inSubtrees } from '../../platform/auth/scope.ts';
import { type Db, PREPARED } from '../../platform/db/database.ts';
import type { Json } from '../../platform/db/schema.gen.ts';

export interface VoteRow {
  id: number;
  uid: string;
  community_id: number;
  org_path: string;
  community_uid: string;
  community_name: string;
  topic_id: number | null;
  topic_uid: string | null;
  topic_title: string | null;
  topic_public: boolean | null;
  step: number | null;
  meeting_id: number | null;
  meeting_uid: string | null;
  meeting_title: string | null;
  budget_id: number | null;
  budget_uid: string | null;
  title: string;
  style: string;
  options: Json | null;
  max_choices: number | null;
  min_choices: number;
  budget_cents: string | number | null;
  electorate: string;
  secret: boolean;
  changeable: boolean;
  quorum_num: number;
  quorum_den: number;
  majority_num: number;
  majority_den: number;
  majority_base: string;
  present_count: number | null;
  status: string;
  opens_at: Date | null;
  closes_at: Date | null;
  closed_at: Date | null;
  eligible_count: number;
  cast_count: number;
  /** ballots accepted so far: cast_count once closed, else counted */
  ballots: number;
  result: Json | null;
  created_by: number;
  created_at: Date;
}

const VOTE_COLUMNS = sql`
  v.id::int as id, v.uid::text as uid, v.community_id::int as community_id, v.org_path,
  c.uid::text as community_uid, c.name as community_name,
  v.topic_id::int as topic_id, t.uid::text as topic_uid, t.title as topic_title, t.public as topic_public, v.step,
  v.meeting_id::int as meeting_id, m.uid::text as meeting_uid, m.title as meeting_title,
  v.budget_id::int as budget_id, b.uid::text as budget_uid,
  v.title, v.style, v.options, v.max_choices, v.min_choices, v.budget_cents, v.electorate, v.secret, v.changeable,
  v.quorum_num, v.quorum_den, v.majority_num, v.majority_den, v.majority_base, v.present_count, v.status,
  v.opens_at, v.closes_at, v.closed_at, v.eligible_count, v.cast_count,
  case when v.status in ('closed', 'cancelled') then v.cast_count
       else (select count(*)::int from ballot bl where bl.vote_id = v.id) end as ballots,
  v.result, v.created_by::int as created_by, v.created_at`;

const VOTE_FROM = sql`
  vote v join org_unit c on c.id = v.community_id
  left join topic t on t.id = v.topic_id
  left join meeting m on m.id = v.meeting_id
  left join micro_budget b on b.id = v.budget_id`;

/** A vote rule as the vote table keeps it: fractions as numerator and denominator columns. */
export function ruleColumns(rule: VoteRule) {
  return {
    electorate: rule.electorate,
    secret: rule.secret,
    changeable: rule.changeable,
    quorum_num: rule.quorum[0],
    quorum_den: rule.quorum[1],
    majority_num: rule.majority[0],
    majority_den: rule.majority[1],
    majority_base: rule.base,
  };
}

/** The rule a vote row was opened under (ruleColumns read back). */
export function ruleOf(v: VoteRow): VoteRule {
  return {
    electorate: v.electorate as Electorate,
    quorum: [v.quorum_num, v.quorum_den],
    majority: [v.majority_num, v.majority_den],
    base: v.majority_base as VoteRule['base'],
    secret: v.secret,
    changeable: v.changeable,
  };
}

export async function voteByUid(db: Db, uid: string): Promise<VoteRow | undefined> {
  const { rows } = await sql<VoteRow>`select ${VOTE_COLUMNS} from ${VOTE_FROM} where v.uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function voteById(db: Db, id: number): Promise<VoteRow | undefined> {
  const { rows } = await sql<VoteRow>`select ${VOTE_COLUMNS} from ${VOTE_FROM} where v.id = ${id}`.execute(db);
  return rows[0];
}

/** Locks the vote against casts (they key-share lock it) while it closes or is cancelled. */
export async function lockVote(db: Db, id: number): Promise<{ status: string } | undefined> {
  const { rows } = await sql<{ status: string }>`select status from vote where id = ${id} for update`.execute(db);
  return rows[0];
}

export interface VoteFilter {
  paths: string[];
  /** a resident's community: its public votes (and those of no topic) once opened */
  residentPath: string | null;
  unitPath: string | null;
  topicUid: string | null;
  status: string | null;
}

function filterSql(f: VoteFilter) {
  const conds = [
    f.residentPath === null
      ? inSubtrees('v.org_path', f.paths)
      : sql<SqlBool>`(v.org_path = ${f.residentPath} and v.status <> 'draft' and coalesce(t.public, true))`,
  ];
  if (f.unitPath !== null) conds.push(inSubtrees('v.org_path', [f.unitPath]));
  if (f.topicUid !== null) conds.push(sql<SqlBool>`t.uid = ${f.topicUid}::uuid`);
  if (f.status !== null) conds.push(sql<SqlBool>`v.status = ${f.status}`);
  return sql.join(conds, sql` and `);
}

export async function listVotes(db: Db, f: VoteFilter, limit: number, offset: number) {
  const where = filterSql(f);
  const [items, total] = await Promise.all([
    sql<VoteRow>`select ${VOTE_COLUMNS} from ${VOTE_FROM} where ${where}
      order by v.created_at desc, v.id desc limit ${limit} offset ${offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${VOTE_FROM} where ${where}`.execute(db),
  ]);
  return { rows: items.rows, total: total.rows[0]?.n ?? 0 };
}

export interface RollEntry {
  vote_id: number;
  voter_key: number;
  voted_at: Date | null;
  choice: Json | null;
  changes: number;
}

/** The rows of votes where the caller (a person, their household) stands on the roll. */
export async function rollEntries(
  db: Db,
  voteIds: number[],
  personId: number | null,
  householdId: number | null,
): Promise<RollEntry[]> {
  if (voteIds.length === 0 || personId === null) return [];
  const { rows } = await sql<RollEntry>`
    select vv.vote_id::int as vote_id, vv.voter_key::int as voter_key, vv.voted_at, vv.choice, vv.changes
      from vote_voter vv join vote v on v.id = vv.vote_id
     where vv.vote_id = any(${voteIds}::bigint[])
       and vv.voter_key = case when v.electorate = 'households' then ${householdId}::bigint else ${personId}::bigint end`.execute(
    db,
  );
  return rows;
}

/** The caller's registry person and current household (null when the account has none). */
export async function personOfUser(
  db: Db,
  userId: number,
): Promise<{ person_id: number | null; household_id: number | null }> {
  const { rows } = await sql<{ person_id: number | null; household_id: number | null }>`${sql.raw(PREPARED)}
    select u.person_id::int as person_id,
           (select m.household_id::int from household_member m where m.person_id = u.person_id and m.until is null
             limit 1) as household_id
      from app_user u where u.id = ${userId}`.execute(db);
  return rows[0] ?? { person_id: null, household_id: null };
}

export interface CastTarget {
  id: number;
  org_path: string;
  style: string;
  options: Json | null;
  max_choices: number | null;
  min_choices: number;
  budget_cents: string | number | null;
  secret: boolean;
  changeable: boolean;
  status: string;
  closes_at: Date | null;
  /** the caller's key on the roll (null: not on it) */
  voter_key: number | null;
  voted_at: Date | null;
}

/**
 * The vote a resident casts in, with their place on the roll, in one statement; the vote row is
 * key-share locked until the cast commits, so closing (FOR UPDATE) waits for the casts under way.
 */
export async function castTarget(db: Db, uid: string, userId: number): Promise<CastTarget | undefined> {
  const { rows } = await sql<CastTarget>`${sql.raw(PREPARED)}
    select v.id::int as id, v.org_path, v.style, v.options, v.max_choices, v.min_choices, v.budget_cents, v.secret,
           v.changeable, v.status, v.closes_at, vv.voter_key::int as voter_key, vv.voted_at
      from vote v
      left join lateral (
        select u.person_id,
               (select m.household_id from household_member m where m.person_id = u.person_id and m.until is null
                 limit 1) as household_id
          from app_user u where u.id = ${userId}) me on true
      left join vote_voter vv
        on vv.vote_id = v.id
       and vv.voter_key = case when v.electorate = 'households' then me.household_id else me.person_id end
     where v.uid = ${uid}::uuid
     for key share of v`.execute(db);
  return rows[0];
}

/**
 * One statement: marks the voter on the roll (only if they have not voted — a concurrent
 * duplicate finds the row already marked and inserts nothing) and inserts the ballot. A secret
 * ballot holds no voter and the roll holds no choice. Returns whether the ballot was accepted.
 */
export async function castBallot(
  db: Db,
  b: {
    voteId: number;
    voterKey: number;
    userId: number;
    ballotId: string;
    choice: string[];
    secret: boolean;
    receiptHash: string | null;
    now: Date;
  },
): Promise<boolean> {
  const choice = JSON.stringify(b.choice);
  const { rows } = await sql<{ id: string }>`${sql.raw(PREPARED)}
    with marked as (
      update vote_voter set voted_at = ${b.now}, voted_by = ${b.userId},
             choice = case when ${b.secret}::boolean then null else ${choice}::jsonb end
       where vote_id = ${b.voteId} and voter_key = ${b.voterKey} and voted_at is null
      returning voter_key)
    insert into ballot (id, vote_id, voter_key, receipt_hash, choice)
    select ${b.ballotId}::uuid, ${b.voteId}, case when ${b.secret}::boolean then null else voter_key end,
           ${b.receiptHash}, ${choice}::jsonb
      from marked
    returning id::text as id`.execute(db);
  return rows.length === 1;
}

export interface CastOutcome extends CastTarget {
  /** 1 when this statement marked the roll and inserted the ballot */
  inserted: number;
}

/**
 * A resident's cast in ONE statement: the vote (key-share locked until the cast commits, so a
 * close waits for the casts under way and later casts see it closed), the caller's place on the
 * roll (their person, or their current household), and — only if the vote is open and they have
 * not voted — the roll marked and the ballot inserted. A concurrent duplicate (a double tap, a
 * second member of the household) waits for the first on the roll row, then finds it marked and
 * inserts nothing. A secret ballot holds no voter and the roll holds no choice. The choice is
 * checked by the caller afterwards: a bad one throws, and the transaction takes the ballot back.
 */
export async function castOnce(
  db: Db,
  b: { uid: string; userId: number; ballotId: string; choice: string[]; receiptHash: string; now: Date },
): Promise<CastOutcome | undefined> {
  const choice = JSON.stringify(b.choice);
  const { rows } = await sql<CastOutcome>`${sql.raw(PREPARED)}
    with me as (
      select u.person_id,
             (select m.household_id from household_member m where m.person_id = u.person_id and m.until is null
               limit 1) as household_id
        from app_user u where u.id = ${b.userId}),
    v as (
      select v.id, v.org_path, v.style, v.options, v.max_choices, v.min_choices, v.budget_cents, v.secret,
             v.changeable, v.status, v.closes_at,
             case when v.electorate = 'households' then me.household_id else me.person_id end as key
        from vote v left join me on true
       where v.uid = ${b.uid}::uuid
       for key share of v),
    r as (select vv.voter_key, vv.voted_at from vote_voter vv join v on vv.vote_id = v.id and vv.voter_key = v.key),
    marked as (
      update vote_voter vv
         set voted_at = ${b.now}, voted_by = ${b.userId},
             choice = case when v.secret then null else ${choice}::jsonb end
        from v
       where vv.vote_id = v.id and vv.voter_key = v.key and vv.voted_at is null
         and v.status = 'open' and (v.closes_at is null or v.closes_at > ${b.now})
      returning vv.vote_id, vv.voter_key, v.secret),
    ins as (
      insert into ballot (id, vote_id, voter_key, receipt_hash, choice)
      select ${b.ballotId}::uuid, m.vote_id, case when m.secret then null else m.voter_key end,
             case when m.secret then ${b.receiptHash} else null end, ${choice}::jsonb
        from marked m
      returning id)
    select v.id::int as id, v.org_path, v.style, v.options, v.max_choices, v.min_choices, v.budget_cents, v.secret,
           v.changeable, v.status, v.closes_at, r.voter_key::int as voter_key, r.voted_at,
           (select count(*)::int from ins) as inserted
      from v left join r on true`.execute(db);
  return rows[0];
}

/** Replaces an open ballot (changeable votes): the roll keeps the latest choice and counts changes. */
export async function changeOpenBallot(db: Db, voteId: number, voterKey: number, choice: string[], userId: number) {
  const json = JSON.stringify(choice);
  await sql`
    with b as (update ballot set choice = ${json}::jsonb where vote_id = ${voteId} and voter_key = ${voterKey})
    update vote_voter set choice = ${json}::jsonb, changes = changes + 1, voted_by = ${userId}
     where vote_id = ${voteId} and voter_key = ${voterKey}`.execute(db);
}

/** Replaces a secret ballot found by its receipt's hash; false when no ballot has it. */
export async function changeSecretBallot(
  db: Db,
  voteId: number,
  voterKey: number,
  receiptHash: string,
  choice: string[],
): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    update ballot set choice = ${JSON.stringify(choice)}::jsonb
     where vote_id = ${voteId} and receipt_hash = ${receiptHash}
    returning id::text as id`.execute(db);
  if (rows.length === 0) return false;
  await sql`update vote_voter set changes = changes + 1 where vote_id = ${voteId} and voter_key = ${voterKey}`.execute(
    db,
  );
  return true;
}

export async function ballotChoices(db: Db, voteId: number): Promise<string[][]> {
  const { rows } = await sql<{ choice: string[] }>`select choice from ballot where vote_id = ${voteId}`.execute(db);
  return rows.map((r) => r.choice);
}

export async function ballotByReceipt(
  db: Db,
  voteId: number,
  receiptHash: string,
): Promise<{ choice: string[] } | undefined> {
  const { rows } = await sql<{ choice: string[] }>`
    select choice from ballot where vote_id = ${voteId} and receipt_hash = ${receiptHash}`.execute(db);
  return rows[0];
}

/** The bulletin board: every ballot, ordered by its receipt hash and choice (never by when it came). */
export async function publicBallots(db: Db, voteId: number) {
  const { rows } = await sql<{ receipt_hash: string | null; choice: string[] }>`
    select receipt_hash, choice from ballot where vote_id = ${voteId}
     order by receipt_hash nulls last, choice::text, id`.execute(db);
  return rows;
}

/** The roll for a vote: persons or households, by electorate. Returns how many were enrolled. */
export async function fillRoll(
  db: Db,
  v: {
    id: number;
    electorate: string;
    orgPath: string;
    meetingId: number | null;
    councilIds: number[];
    topicId: number | null;
    today: string;
    adultBorn: string;
  },
): Promise<number> {
  const under = inSubtrees('x.org_path', [v.orgPath]);
  let select: ReturnType<typeof sql>;
  switch (v.electorate) {
    case 'present':
      select = sql`select distinct a.person_id from meeting_attendee a
        where a.meeting_id = ${v.meetingId} and a.signed_in_at is not null`;
      break;
    case 'members':
    case 'representatives':
      select = sql`select distinct cm.person_id from council_member cm
        where cm.council_id = any(${v.councilIds}::bigint[]) and cm.since <= ${v.today}::date
          and (cm.until is null or cm.until >= ${v.today}::date)
          and (cm.topic_id is null or cm.topic_id = ${v.topicId})
          ${v.electorate === 'representatives' ? sql`and cm.seat = 'representative'` : sql``}`;
      break;
    case 'party_members':
      select = sql`select x.id from person x where ${under} and x.status = 'resident' and x.party_member`;
      break;
    case 'households':
      select = sql`select x.id from household x where ${under} and x.status = 'active'
        and exists (select 1 from household_member m where m.household_id = x.id and m.until is null)`;
      break;
    default:
      select = sql`select x.id from person x where ${under} and x.status = 'resident'
        and x.birth_date <= ${v.adultBorn}::date`;
  }
  const { rows } = await sql<{ n: number }>`
    with enrolled as (
      insert into vote_voter (vote_id, voter_key) select ${v.id}, k from (${select}) as r(k)
      on conflict do nothing returning 1)
    select count(*)::int as n from enrolled`.execute(db);
  return rows[0]?.n ?? 0;
}

/** The councils a vote's roll draws on: the topic's, the meeting's, else the community's active ones. */
export async function councilsFor(
  db: Db,
  communityId: number,
  topicId: number | null,
  meetingId: number | null,
): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select council_id::int as id from topic where id = ${topicId} and council_id is not null
    union
    select council_id::int as id from meeting where id = ${meetingId} and council_id is not null`.execute(db);
  if (rows.length > 0) return rows.map((r) => r.id);
  const all = await sql<{ id: number }>`
    select id::int as id from council where community_id = ${communityId} and active`.execute(db);
  return all.rows.map((r) => r.id);
}

export async function signedInCount(db: Db, meetingId: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from meeting_attendee where meeting_id = ${meetingId} and signed_in_at is not null`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
}

/** Persons by uid with their roll keys (themself, or their current household). */
export async function personsByUid(db: Db, uids: string[]) {
  const { rows } = await sql<{ uid: string; id: number; household_id: number | null }>`
    select p.uid::text as uid, p.id::int as id,
           (select m.household_id::int from household_member m where m.person_id = p.id and m.until is null
             limit 1) as household_id
      from person p where p.uid = any(${uids}::uuid[])`.execute(db);
  return rows;
}

export async function topicForVote(db: Db, uid: string) {
  const { rows } = await sql<{
    id: number;
    community_id: number;
    org_path: string;
    status: string;
    steps: Json | null;
    current_step: number;
  }>`select id::int as id, community_id::int as community_id, org_path, status, steps, current_step
       from topic where uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function meetingForVote(db: Db, uid: string) {
  const { rows } = await sql<{ id: number; community_id: number; org_path: string; status: string }>`
    select id::int as id, community_id::int as community_id, org_path, status
      from meeting where uid = ${uid}::uuid`.execute(db);
  return rows[0];
}

export async function communityById(db: Db, id: number) {
  const { rows } = await sql<{ id: number; path: string; kind: string }>`
    select id::int as id, path, kind from org_unit where id = ${id}`.execute(db);
  return rows[0];
}

/** A non-cancelled vote already on the topic's step. */
export async function voteOnStep(db: Db, topicId: number, step: number): Promise<string | undefined> {
  const { rows } = await sql<{ uid: string }>`
    select uid::text as uid from vote where topic_id = ${topicId} and step = ${step} and status <> 'cancelled'
     limit 1`.execute(db);
  return rows[0]?.uid;
}
