/**
 * The demo district's deliberation (议事协商), so a newcomer finds it in use: 金溪社区's 居民议事会 and
 * 英南村's 村民议事会 with their seven seats filled and the stakeholders of their topics; topics in
 * every status — 英南村's 农民公寓 lottery decided by 四议两公开 with its resolution published and the
 * public draw made, its village roads half way (两委商议 done, the party members' meeting in three
 * days), 金溪社区's e-bike charging shed done with the outcome published, its waste points put to a
 * household vote that is open now (resident.demo, 王桂芳, may cast hers), a case of parking fees
 * taken up as a topic (linked both ways; 王桂芳 sits on it as a stakeholder and is called to the
 * council's meeting the day after tomorrow), a resident's proposal gathering co-signatures (6 of
 * 10), one turned down with the reason and one withdrawn; meetings held (attendance, minutes,
 * decisions) and ahead (notices sent); votes closed with their results; this year's 民生微实事
 * budget of ¥300,000 with its projects reviewed, voted on, selected by the published rule and
 * carried out (milestones, spending, 验收), and next year's taking proposals. The texts are in
 * deliberation-stories.ts.
 *
 * Each story is played out as the deliberation services would have written it, as cases-seed.ts
 * plays its cases: every step of a topic is put to the domain's `completeStep` with the facts the
 * steps service gathers (the meeting held, its attendance and minutes, the vote closed and counted),
 * topics move by `topicTransition`, projects by `projectTransition`, budgets by `canMoveBudget`, the
 * selection is `selectProjects`, the draw `drawOrder` over the published seed; the rows, timeline
 * details and notices are the services' own (the same columns, texts and links). The module's own
 * functions write where they can: timeline.ts `appendTopicEvents`, the repos' inserts, the votes
 * part's `fillRoll`, `countVote`, `createBudgetVote` and `closeVote`, the cases workflow's
 * `linkTopic`. The rest is written set-based at the end: calling the services one by one (each write
 * reloads its detail) took 1.5 s on PGlite, and every test file seeds the demo. As cases-seed.ts,
 * not audited step by step and no outbox events: this is the history a district brings along.
 *
 * Written directly as well: the resident accounts of eight 金溪社区 residents (the demo password, as
 * seed.ts writes accounts) and the ballots residents cast on their phones (the rows `castOnce` writes).
 * Deterministic: persons are picked from the demo registry by the stories' criteria with a seeded
 * stream, uids derived from names, the draw's seed and the receipts from the seed. Relative to `now`.
 */
import { createHash } from 'node:crypto';
import type { VoteResult } from '@gongzhi/api';
import {
  addDays,
  type BudgetPhase,
  canMoveBudget,
  chinaDate,
  completeStep,
  copySteps,
  DRAW_ALGORITHM,
  drawOrder,
  maskName,
  newDrawSeed,
  newReceiptToken,
  type ProcedureStep,
  type ProjectStatus,
  projectTransition,
  RECEIPT_RANDOM_BYTES,
  receiptHash,
  recordsNeeded,
  type StepFacts,
  seedHash,
  seedMatches,
  selectProjects,
  stepNotice,
  type TopicStatus,
  topicStatusAfter,
  topicTransition,
  type VoteRule,
  type VoteStyle,
  validateChoice,
  validateDraw,
  validateMember,
  validateTerm,
  validateVoteSetup,
  voteFacts,
} from '@gongzhi/domain';
import { sql } from 'kysely';
import { createWorkflowService } from '../modules/cases/workflow-service.ts';
import { meetingTimeText } from '../modules/deliberation/meetings-ics.ts';
import { insertMeeting, partyMembersIn } from '../modules/deliberation/meetings-repo.ts';
import { SIGN_IN_OPENS_BEFORE_MS } from '../modules/deliberation/meetings-service.ts';
import { insertBudget, insertProject, type NewMilestone } from '../modules/deliberation/micro-repo.ts';
import { procedureByCode, seedProcedures } from '../modules/deliberation/procedures-repo.ts';
import { appendTopicEvents, type TopicEvent } from '../modules/deliberation/timeline.ts';
import { insertTopic } from '../modules/deliberation/topics-repo.ts';
import { DEFAULT_SUPPORT_THRESHOLD } from '../modules/deliberation/topics-service.ts';
import { fillRoll, ruleColumns, type VoteRow } from '../modules/deliberation/votes-repo.ts';
import { closeVote, countVote, createBudgetVote } from '../modules/deliberation/votes-service.ts';
import type { Grant, Scope } from '../platform/auth/scope.ts';
import type { Db } from '../platform/db/database.ts';
import {
  BUDGET_NEXT_YEAR,
  BUDGET_THIS_YEAR,
  CHARGING,
  COUNCILS,
  type CouncilPlan,
  DEMO_RESIDENT_PICK,
  DEMO_RESIDENTS,
  fill,
  JINXI,
  LOTTERY,
  type MeetingPlan,
  NOTICES_READ_AFTER_DAYS,
  PARKING,
  type PersonPick,
  PROJECTS_NEXT_YEAR,
  PROJECTS_THIS_YEAR,
  PROPOSALS,
  type ProjectPlan,
  ROAD,
  WASTE,
  type When,
  YINGNAN,
} from './deliberation-stories.ts';
import { DEMO_DISTRICT } from './district.ts';
import { POPULATION_SEED } from './population.ts';
import { Rng } from './random.ts';
import { chinaAt } from './visit-lists.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const YUAN = 100;

/** A uuid (v4-shaped) derived from a label: the same demo rows get the same uids on every start. */
export function demoUid(label: string): string {
  const h = createHash('sha256').update(`gongzhi-demo-deliberation:${label}`).digest('hex');
  const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The uids the demo's stories are known by (the seed's test and the e2e tests find them here). */
export const DEMO_DELIBERATION = {
  councils: { jinxi: demoUid('council:jinxi'), yingnan: demoUid('council:yingnan') },
  topics: {
    lottery: demoUid('topic:lottery'),
    road: demoUid('topic:road'),
    charging: demoUid('topic:charging'),
    waste: demoUid('topic:waste'),
    parking: demoUid('topic:parking'),
    proposals: PROPOSALS.map((_, i) => demoUid(`topic:proposal:${i}`)),
  },
  votes: {
    lottery: demoUid('vote:lottery'),
    charging: demoUid('vote:charging'),
    waste: demoUid('vote:waste'),
  },
  draw: demoUid('draw:lottery'),
  meetings: { road: demoUid('meeting:road:party_members'), parking: demoUid('meeting:parking') },
  budgets: { thisYear: demoUid('budget:this-year'), nextYear: demoUid('budget:next-year') },
};

interface UnitRow {
  id: number;
  uid: string;
  code: string;
  name: string;
  path: string;
}
interface Person {
  id: number;
  uid: string;
  name: string;
  gender: string;
  birth: string;
  party: boolean;
  grid: number;
  household: number | null;
}

export interface DeliberationSeeded {
  councils: number;
  topics: number;
  meetings: number;
  votes: number;
  draws: number;
  projects: number;
  notices: number;
}

/** Writes the demo's deliberation; the registry, points (resident.demo's person) and cases seeds ran first. */
export async function seedDeliberation(
  trx: Db,
  now: Date,
  seed: number = POPULATION_SEED,
): Promise<DeliberationSeeded> {
  const end = now.getTime();
  const today = chinaDate(now);
  /** `w` as an instant (`plusMin` minutes later). */
  const at = (w: When, plusMin = 0): Date =>
    new Date(chinaAt(addDays(today, -w.day), minutesOf(w.time)).getTime() + plusMin * MIN);
  // ── The world as the earlier seeds left it ────────────────────────────────────────────────
  const units = new Map<string, UnitRow>();
  for (const u of await trx
    .selectFrom('org_unit')
    .select(['id', sql<string>`uid::text`.as('uid'), 'code', 'name', 'path'])
    .where('code', 'in', [DEMO_DISTRICT.code, JINXI, YINGNAN])
    .execute())
    units.set(u.code, u);
  const district = units.get(DEMO_DISTRICT.code) as UnitRow;
  const jinxi = units.get(JINXI) as UnitRow;
  const yingnan = units.get(YINGNAN) as UnitRow;
  const grids = new Map<number, UnitRow & { parent: string }>();
  for (const g of await trx
    .selectFrom('org_unit as g')
    .innerJoin('org_unit as c', 'c.id', 'g.parent_id')
    .select(['g.id', sql<string>`g.uid::text`.as('uid'), 'g.code', 'g.name', 'g.path', 'c.code as parent'])
    .where('c.code', 'in', [JINXI, YINGNAN])
    .execute())
    grids.set(g.id, g);

  const users = new Map<string, { id: number; uid: string; display_name: string; password_hash: string }>();
  for (const u of await trx
    .selectFrom('app_user')
    .select(['id', sql<string>`uid::text`.as('uid'), 'username', 'display_name', 'password_hash'])
    .where('username', 'in', ['staff.jinxi', 'staff.yingnan', 'resident.demo'])
    .execute())
    users.set(u.username, u);
  const demo = await trx
    .selectFrom('app_user as u')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .select(['u.id', 'p.id as person_id', sql<string>`p.uid::text`.as('person_uid'), 'p.name'])
    .where('u.username', '=', 'resident.demo')
    .executeTakeFirst();
  if (!demo) throw new Error('deliberation seed: resident.demo has no person (points seed first)');
  const me = demo;

  const people = async (community: UnitRow): Promise<Person[]> => {
    const { rows } = await sql<{
      id: number;
      uid: string;
      name: string;
      gender: string;
      birth: string;
      party: boolean;
      grid: string;
      household: number | null;
    }>`
      select p.id::int as id, p.uid::text as uid, p.name, p.gender, p.birth_date::text as birth,
             p.party_member as party, g.code as grid,
             (select m.household_id::int from household_member m join household h on h.id = m.household_id
               where m.person_id = p.id and m.until is null and h.status = 'active' limit 1) as household
        from person p join org_unit g on g.id = p.grid_id
       where g.parent_id = ${community.id} and p.status = 'resident'
         and not exists (select 1 from app_user u where u.person_id = p.id)
       order by p.id`.execute(trx);
    return rows.map((r) => ({ ...r, grid: Number(r.grid.slice(-3)) }));
  };
  const taken = new Set<number>();
  const households = new Set<number>();
  /**
   * The person a pick names: a seeded draw among those fitting it, one per household. When nobody
   * is left who fits, the pick widens (any grid, ten years either side of the birth dates, then any
   * gender), so a smaller registry still fills every seat.
   */
  const pickPerson = (pool: Person[], pick: PersonPick, rng: Rng): Person => {
    const widen = (y: string, by: number) => `${Number(y.slice(0, 4)) + by}${y.slice(4)}`;
    const tries: PersonPick[] = [
      pick,
      { ...pick, grids: undefined },
      { ...pick, grids: undefined, born: [widen(pick.born[0], -10), widen(pick.born[1], 10)] },
      { party: pick.party, born: ['1930-01-01', widen(today, -18)] },
      { born: ['1930-01-01', widen(today, -18)] },
    ];
    for (const t of tries) {
      const fits = pool.filter(
        (p) =>
          !taken.has(p.id) &&
          p.household !== null &&
          !households.has(p.household) &&
          (t.party === undefined || p.party === t.party) &&
          (t.gender === undefined || p.gender === t.gender) &&
          p.birth >= t.born[0] &&
          p.birth <= t.born[1] &&
          (t.grids === undefined || t.grids.includes(p.grid)),
      );
      if (fits.length === 0) continue;
      const p = rng.pick(fits);
      taken.add(p.id);
      households.add(p.household as number);
      return p;
    }
    throw new Error(`deliberation seed: nobody left for ${JSON.stringify(pick)}`);
  };
  const accounts = await openDemoResidentAccounts(trx, now, seed);
  for (const a of accounts) if (a.householdId !== null) households.add(a.householdId);
  const jinxiPeople = await people(jinxi);
  const yingnanPeople = await people(yingnan);

  // ── Who acts: the two communities' staff, resident.demo and eight residents with accounts ──
  type Resident = { id: number; name: string; personId: number };
  const staffUser = (u: string) => users.get(u) as { id: number; uid: string; display_name: string };
  const staffJinxi = {
    id: staffUser('staff.jinxi').id,
    name: staffUser('staff.jinxi').display_name,
    username: 'staff.jinxi',
  };
  const staffYingnan = {
    id: staffUser('staff.yingnan').id,
    name: staffUser('staff.yingnan').display_name,
    username: 'staff.yingnan',
  };
  const residentDemo: Resident = { id: me.id, name: me.name, personId: me.person_id };
  const meAsPerson: Person = {
    id: me.person_id,
    uid: me.person_uid,
    name: me.name,
    gender: 'female',
    birth: '',
    party: false,
    grid: 1,
    household: null,
  };

  let clockAt = end;
  const clock = () => new Date(clockAt);
  const set = (d: Date) => {
    if (d.getTime() >= end) throw new Error(`deliberation seed: ${d.toISOString()} is not before now`);
    clockAt = d.getTime();
  };
  set(at({ day: 300, time: '09:00' }));
  await seedProcedures(trx, district.id, clock());
  const startYear = Number(today.slice(0, 4)) - 1;
  const termStart = `${startYear}-01-01`;
  const termEnd = `${startYear + 2}-12-31`;
  // ── The book: what the deliberation services would write, kept here and written set-based ────
  /** Who acts: `name` is the display name; the meetings part names its actor by `username`. */
  type Actor = { id: number; name: string; username?: string };
  interface TopicState {
    id: number;
    uid: string;
    title: string;
    code: string;
    orgPath: string;
    councilId: number | null;
    status: TopicStatus;
    steps: ProcedureStep[] | null;
    current: number;
    resolution: string | null;
    outcome: string | null;
    resolutionPublishedAt: Date | null;
    outcomePublishedAt: Date | null;
    noticeUntil: Date | null;
    decidedAt: Date | null;
    proposerUserId: number | null;
    supports: { userId: number; at: Date }[];
    events: { at: Date; actor: Actor | null; e: TopicEvent }[];
    usedMeetings: Set<string>;
    updatedAt: Date;
  }
  interface MeetingState {
    id: number;
    uid: string;
    kind: string;
    title: string;
    place: string;
    startsAt: Date;
    endsAt: Date;
    topicIds: number[];
    /** person id → their place on the list */
    attendees: Map<number, { role: string; signedInAt: Date | null; signedInBy: number | null }>;
    status: 'scheduled' | 'held';
    minutes: string | null;
    minutesBy: number | null;
    decisions: Map<number, string>;
    updatedAt: Date;
  }
  interface VoteState {
    id: number;
    uid: string;
    title: string;
    topic: TopicState | null;
    step: number | null;
    meeting: MeetingState | null;
    style: VoteStyle;
    options: { key: string; label: string }[] | null;
    rule: VoteRule;
    status: 'draft' | 'open' | 'closed';
    eligible: number;
    opensAt: Date | null;
    closesAt: Date | null;
    closedAt: Date | null;
    result: VoteResult | null;
    /** open ballots recorded by staff: the voter's person id and choice */
    recorded: { key: number; choice: string[]; at: Date; by: number }[];
    createdBy: number;
    createdAt: Date;
  }
  const topicsBy = new Map<string, TopicState>();
  const meetingsBy = new Map<string, MeetingState>();
  const votesBy = new Map<string, VoteState>();
  const notices: { user_id: number; kind: string; title: string; body: string | null; link: string; at: Date }[] = [];
  const personByUid = new Map<string, Person>();
  for (const p of [...jinxiPeople, ...yingnanPeople]) personByUid.set(p.uid, p);
  /** Accounts of persons (notices reach a person through their account). */
  const accountOf = new Map<number, number>();
  const tell = (
    userIds: readonly (number | null | undefined)[],
    n: { kind: string; title: string; body?: string | null; link: string },
  ) => {
    for (const user_id of new Set(userIds)) {
      if (user_id === null || user_id === undefined) continue;
      notices.push({
        user_id,
        kind: n.kind,
        title: clip(n.title, 120),
        body: n.body ? clip(n.body, 2000) : null,
        link: n.link,
        at: clock(),
      });
    }
  };
  const event = (t: TopicState, actor: Actor | null, e: TopicEvent) => {
    t.events.push({ at: clock(), actor, e });
    t.updatedAt = clock();
  };

  // Procedures: the district's, as a topic copies them when it starts.
  const procedures = new Map<string, ProcedureStep[]>();
  const procedureOf = async (code: string): Promise<ProcedureStep[]> => {
    if (!procedures.has(code)) {
      const p = (await procedureByCode(trx, district.id, code)) ?? fail(`no procedure ${code}`);
      procedures.set(code, copySteps({ code: p.code, name: p.name, nameEn: p.name_en ?? '', steps: p.steps }));
    }
    return copySteps({ code, name: code, nameEn: code, steps: procedures.get(code) as ProcedureStep[] });
  };

  const councilIds: Record<string, number> = {};
  const members: {
    council_id: number;
    person_id: number;
    seat: string;
    role: string;
    topic_id: number | null;
    since: string;
    created_at: Date;
  }[] = [];
  const councils = {
    async create(
      actor: Actor,
      c: { uid: string; community: UnitRow; kind: string; name: string; termStart: string; termEnd: string },
    ) {
      if (validateTerm(c.termStart, c.termEnd).length > 0) fail(`council term ${c.termStart}–${c.termEnd}`);
      const row = await trx
        .insertInto('council')
        .values({
          uid: c.uid,
          community_id: c.community.id,
          org_path: c.community.path,
          kind: c.kind,
          name: c.name,
          term_start: c.termStart,
          term_end: c.termEnd,
          created_at: clock(),
          updated_at: clock(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      councilIds[c.uid] = Number(row.id);
      void actor;
    },
    addMember(
      councilUid: string,
      m: { person: Person; seat: string; role?: string; since: string; topic?: TopicState },
    ) {
      const issues = validateMember(
        { seat: m.seat, role: m.role, since: m.since, topic: m.topic?.uid ?? null },
        { start: termStart, end: termEnd },
      );
      if (issues.length > 0) fail(`member ${m.person.name}: ${JSON.stringify(issues)}`);
      members.push({
        council_id: councilIds[councilUid] ?? fail('no council'),
        person_id: m.person.id,
        seat: m.seat,
        role: m.role ?? 'member',
        topic_id: m.topic?.id ?? null,
        since: m.since,
        created_at: clock(),
      });
    },
    /** Writes the members added so far (the rolls of votes read them). */
    async flush() {
      if (members.length > 0) await trx.insertInto('council_member').values(members.splice(0)).execute();
    },
  };

  const topics = {
    async create(
      actor: Actor,
      b: {
        uid: string;
        title: string;
        description: string;
        council: string;
        procedure: string;
        code: string;
        caseUid?: string;
      },
    ): Promise<TopicState> {
      const community = units.get(b.code) as UnitRow;
      const steps = await procedureOf(b.procedure);
      const caseId = b.caseUid
        ? Number((await trx.selectFrom('cases').select('id').where('uid', '=', b.caseUid).executeTakeFirstOrThrow()).id)
        : null;
      const id = await insertTopic(trx, {
        uid: b.uid,
        communityId: community.id,
        orgPath: community.path,
        councilId: councilIds[b.council] ?? null,
        title: b.title,
        description: b.description,
        source: caseId ? 'case' : 'staff',
        caseId,
        proposerUserId: null,
        proposerPersonId: null,
        status: 'open',
        public: true,
        supportThreshold: 0,
        procedureCode: b.procedure,
        steps,
        createdBy: actor.id,
        now: clock(),
      });
      const t = state(
        id ?? fail(`topic ${b.uid}`),
        b.uid,
        b.title,
        b.code,
        councilIds[b.council] ?? null,
        'open',
        steps,
        null,
      );
      event(t, actor, { action: 'created', detail: { source: caseId ? 'case' : 'staff', case: b.caseUid ?? null } });
      event(t, actor, { action: 'started', detail: { procedure: b.procedure } });
      return t;
    },
    async propose(r: Resident, b: { uid: string; title: string; description: string }): Promise<TopicState> {
      const id = await insertTopic(trx, {
        uid: b.uid,
        communityId: jinxi.id,
        orgPath: jinxi.path,
        councilId: null,
        title: b.title,
        description: b.description,
        source: 'proposal',
        caseId: null,
        proposerUserId: r.id,
        proposerPersonId: r.personId,
        status: 'proposed',
        public: true,
        supportThreshold: DEFAULT_SUPPORT_THRESHOLD,
        procedureCode: null,
        steps: null,
        createdBy: r.id,
        now: clock(),
      });
      const t = state(id ?? fail(`topic ${b.uid}`), b.uid, b.title, JINXI, null, 'proposed', null, r.id);
      event(t, r, { action: 'proposed', detail: { threshold: DEFAULT_SUPPORT_THRESHOLD } });
      return t;
    },
    support(r: Resident, t: TopicState) {
      if (t.status !== 'proposed' || t.proposerUserId === r.id || t.supports.some((s) => s.userId === r.id))
        fail(`support of ${t.uid}`);
      t.supports.push({ userId: r.id, at: clock() });
    },
    reject(actor: Actor, t: TopicState, reason: string) {
      t.status = topicTransition(t.status, 'reject') ?? fail(`reject ${t.uid}`);
      event(t, actor, { action: 'rejected', note: reason });
      tell([t.proposerUserId], {
        kind: 'topic_rejected',
        title: `您提议的议题未予立项:${t.title}`,
        body: reason,
        link: `/r/deliberation/topics/${t.uid}`,
      });
    },
    withdraw(r: Resident, t: TopicState, reason: string) {
      if (t.proposerUserId !== r.id) fail(`withdraw ${t.uid}`);
      t.status = topicTransition(t.status, 'withdraw') ?? fail(`withdraw ${t.uid}`);
      event(t, r, { action: 'withdrawn', note: reason });
    },
  };
  function state(
    id: number,
    uid: string,
    title: string,
    code: string,
    councilId: number | null,
    status: TopicStatus,
    steps: ProcedureStep[] | null,
    proposerUserId: number | null,
  ): TopicState {
    const t: TopicState = {
      id,
      uid,
      title,
      code,
      orgPath: (units.get(code) as UnitRow).path,
      councilId,
      status,
      steps,
      current: 0,
      resolution: null,
      outcome: null,
      resolutionPublishedAt: null,
      outcomePublishedAt: null,
      noticeUntil: null,
      decidedAt: null,
      proposerUserId,
      supports: [],
      events: [],
      usedMeetings: new Set(),
      updatedAt: clock(),
    };
    topicsBy.set(uid, t);
    return t;
  }

  /** The step engine as steps-service.ts runs it: the facts from the meeting and the vote, the domain decides. */
  const steps = {
    complete(
      actor: Actor,
      t: TopicState,
      index: number,
      body: {
        meetingUid?: string;
        voteUid?: string;
        note?: string;
        resolution?: string;
        outcome?: string;
        notice?: string;
        result?: string;
        noticeDays?: number;
      },
    ) {
      const now = clock();
      const all = t.steps ?? fail(`${t.uid} has no procedure`);
      const step = all[index] ?? fail(`${t.uid} has no step ${index}`);
      const needs = recordsNeeded(step);
      const facts: StepFacts = {};
      let meeting: MeetingState | undefined;
      if (needs.includes('minutes') || needs.includes('attendance') || body.meetingUid) {
        meeting = body.meetingUid ? meetingsBy.get(body.meetingUid) : undefined;
        if (!meeting?.topicIds.includes(t.id) || (step.meetingKind && meeting.kind !== step.meetingKind))
          fail(`${t.uid} step ${index}: meeting ${body.meetingUid}`);
        if (t.usedMeetings.has(meeting.uid)) fail(`${t.uid} step ${index}: meeting used`);
        if (meeting.status === 'held') {
          facts.minutes = meeting.minutes !== null;
          facts.attendance = { called: meeting.attendees.size, present: presentAt(meeting) };
        }
      }
      let vote: VoteState | undefined;
      if (needs.includes('vote') || body.voteUid) {
        vote = body.voteUid ? votesBy.get(body.voteUid) : undefined;
        if (!vote || vote.topic !== t || vote.step !== index) fail(`${t.uid} step ${index}: vote ${body.voteUid}`);
        facts.vote = voteFacts(vote);
      }
      const { text: noticeText, days: noticeDays } = stepNotice(step, body);
      if (needs.includes('notice')) {
        if (noticeDays < (step.noticeDays ?? 0)) fail(`${t.uid} step ${index}: notice days`);
        if (noticeText) facts.notice = { text: noticeText, days: noticeDays };
      }
      const result = body.result ?? (needs.includes('result') ? body.outcome : undefined);
      if (result) facts.result = result;
      const r = completeStep(all, t.current, index, facts);
      if (!r.ok) return fail(`${t.uid} step ${index}: ${r.reason} ${JSON.stringify(r.missing ?? [])}`);
      const to = topicStatusAfter(t.status, r);
      const until = facts.notice ? new Date(now.getTime() + noticeDays * DAY) : null;
      t.status = to;
      t.current = r.rejected ? index + 1 : (r.next ?? all.length);
      if (step.publishes === 'resolution' && facts.notice) {
        t.resolution = facts.notice.text;
        t.resolutionPublishedAt = now;
        t.noticeUntil = until;
      } else if (step.publishes === 'outcome' && facts.notice) {
        t.outcome = facts.notice.text;
        t.outcomePublishedAt = now;
        t.noticeUntil = until;
      } else if (facts.notice) t.noticeUntil = until;
      if (step.decidedBy !== 'notice') {
        if (body.resolution) t.resolution = body.resolution;
        if (body.outcome && !needs.includes('result')) t.outcome = body.outcome;
      }
      if (r.decided) {
        t.decidedAt = now;
        const decision = meeting?.decisions.get(t.id);
        if (!t.resolution && decision) t.resolution = decision;
      }
      const detail: Record<string, unknown> = { key: step.key, name: step.name };
      if (meeting && facts.minutes !== undefined) {
        detail.meeting = { uid: meeting.uid, title: meeting.title, attendance: facts.attendance };
        t.usedMeetings.add(meeting.uid);
      }
      if (vote && facts.vote) detail.vote = { uid: vote.uid, title: vote.title, ...facts.vote };
      if (facts.notice)
        detail.notice = { text: facts.notice.text, days: noticeDays, until: until ? until.toISOString() : null };
      if (facts.result) detail.result = facts.result;
      if (step.publishes) detail.publishes = step.publishes;
      event(t, actor, { action: 'step_completed', step: index, note: body.note ?? null, detail });
      if (r.rejected) event(t, actor, { action: 'vote_failed', step: index, detail: { vote: vote?.uid ?? null } });
      if (r.decided) event(t, actor, { action: 'decided', step: index });
      if (to === 'done') event(t, actor, { action: 'done', step: index });
    },
  };

  const presentAt = (m: MeetingState) => [...m.attendees.values()].filter((a) => a.signedInAt !== null).length;
  const meetings = {
    async create(
      actor: Actor,
      b: {
        uid: string;
        code: string;
        council: string | null;
        kind: string;
        title: string;
        place: string;
        startsAt: Date;
        endsAt: Date;
        topic: TopicState;
        attendees: { person: number; role: string }[];
      },
    ): Promise<MeetingState> {
      const community = units.get(b.code) as UnitRow;
      if (['done', 'rejected', 'withdrawn'].includes(b.topic.status)) fail(`meeting ${b.uid}: topic closed`);
      const id =
        (await insertMeeting(
          trx,
          {
            uid: b.uid,
            community_id: community.id,
            org_path: community.path,
            council_id: b.council ? (councilIds[b.council] ?? null) : null,
            kind: b.kind,
            title: b.title,
            place: b.place,
            starts_at: b.startsAt,
            ends_at: b.endsAt,
            created_by: actor.id,
          },
          clock(),
        )) ?? fail(`meeting ${b.uid}`);
      const m: MeetingState = {
        id,
        uid: b.uid,
        kind: b.kind,
        title: b.title,
        place: b.place,
        startsAt: b.startsAt,
        endsAt: b.endsAt,
        topicIds: [b.topic.id],
        attendees: new Map(b.attendees.map((a) => [a.person, { role: a.role, signedInAt: null, signedInBy: null }])),
        status: 'scheduled',
        minutes: null,
        minutesBy: null,
        decisions: new Map(),
        updatedAt: clock(),
      };
      meetingsBy.set(b.uid, m);
      tell(
        b.attendees.map((a) => accountOf.get(a.person)),
        {
          kind: 'meeting_called',
          title: `会议通知:${b.title}`,
          body: `时间:${meetingTimeText(b.startsAt, b.endsAt)}\n地点:${b.place}\n议题:${b.topic.title}`,
          link: `/r/deliberation/meetings/${b.uid}`,
        },
      );
      // The meetings part names its actor by username (actorOf), the topics part by display name.
      event(
        b.topic,
        { id: actor.id, name: actor.username ?? actor.name },
        {
          action: 'meeting_scheduled',
          detail: { meetingUid: b.uid, title: b.title, startsAt: b.startsAt.toISOString() },
        },
      );
      return m;
    },
    signIn(actor: Actor, m: MeetingState, persons: number[]) {
      const now = clock();
      if (now.getTime() < m.startsAt.getTime() - SIGN_IN_OPENS_BEFORE_MS) fail(`${m.uid}: sign-in not open`);
      for (const p of persons) {
        const a = m.attendees.get(p) ?? fail(`${m.uid}: ${p} not called`);
        a.signedInAt = now;
        a.signedInBy = actor.id;
      }
      m.updatedAt = now;
    },
    minutes(actor: Actor, m: MeetingState, t: TopicState, minutes: string, decision: string | null) {
      const now = clock();
      if (now < m.startsAt) fail(`${m.uid}: minutes before the meeting`);
      m.status = 'held';
      m.minutes = minutes;
      m.minutesBy = actor.id;
      m.updatedAt = now;
      if (decision) m.decisions.set(t.id, decision);
      event(
        t,
        { id: actor.id, name: actor.username ?? actor.name },
        {
          action: 'meeting_held',
          note: decision,
          detail: { meetingUid: m.uid, title: m.title, called: m.attendees.size, present: presentAt(m) },
        },
      );
    },
  };

  const votes = {
    /** A vote on a topic's step: the rule comes from the step (votes-service.ts `create`), opened at once. */
    async open(
      actor: Actor,
      b: {
        uid: string;
        title: string;
        topic: TopicState;
        step: number;
        meeting?: MeetingState;
        style: VoteStyle;
        options?: { key: string; label: string }[];
        closesAt?: Date;
      },
    ): Promise<VoteState> {
      const t = b.topic;
      const s = t.steps?.[b.step];
      if (t.status !== 'open' || t.current !== b.step || s?.decidedBy !== 'vote' || !s.vote)
        fail(`vote ${b.uid}: step`);
      const rule = s.vote as VoteRule;
      const options = b.style === 'motion' ? null : (b.options ?? []);
      const maxChoices = b.style === 'motion' || b.style === 'choice' ? 1 : (options?.length ?? 1);
      const setupIssues = validateVoteSetup({
        style: b.style,
        options: options ?? undefined,
        maxChoices,
        minChoices: 1,
        budgetCents: null,
      });
      if (setupIssues.length > 0) fail(`vote ${b.uid}: ${JSON.stringify(setupIssues)}`);
      const now = clock();
      const row = await trx
        .insertInto('vote')
        .values({
          uid: b.uid,
          community_id: (units.get(t.code) as UnitRow).id,
          org_path: t.orgPath,
          topic_id: t.id,
          step: b.step,
          meeting_id: b.meeting?.id ?? null,
          title: b.title,
          style: b.style,
          options: options === null ? null : (JSON.stringify(options) as never),
          max_choices: maxChoices,
          min_choices: 1,
          budget_cents: null,
          ...ruleColumns(rule),
          created_by: actor.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      // The roll, fixed now (votes-repo.ts fillRoll): the council's members come from the topic's council.
      const eligible = await fillRoll(trx, {
        id,
        electorate: rule.electorate,
        orgPath: t.orgPath,
        meetingId: b.meeting?.id ?? null,
        councilIds: t.councilId === null ? [] : [t.councilId],
        topicId: t.id,
        today: chinaDate(now),
        adultBorn: `${Number(chinaDate(now).slice(0, 4)) - 18}${chinaDate(now).slice(4)}`,
      });
      if (eligible === 0) fail(`vote ${b.uid}: empty roll`);
      const v: VoteState = {
        id,
        uid: b.uid,
        title: b.title,
        topic: t,
        step: b.step,
        meeting: b.meeting ?? null,
        style: b.style,
        options,
        rule,
        status: 'open',
        eligible,
        opensAt: now,
        closesAt: b.closesAt ?? null,
        closedAt: null,
        result: null,
        recorded: [],
        createdBy: actor.id,
        createdAt: now,
      };
      votesBy.set(b.uid, v);
      return v;
    },
    /** Staff record a show of hands (open ballots of the present). */
    record(actor: Actor, v: VoteState, ballots: { person: number; choice: string[] }[]) {
      if (v.status !== 'open' || v.rule.secret) fail(`record ${v.uid}`);
      for (const b of ballots) {
        const issues = validateChoice(
          { style: v.style, options: v.options ?? undefined, maxChoices: 1, minChoices: 1, budgetCents: null },
          b.choice,
        );
        if (issues.length > 0 || v.recorded.some((x) => x.key === b.person)) fail(`record ${v.uid}: ${b.person}`);
        v.recorded.push({ key: b.person, choice: b.choice, at: clock(), by: actor.id });
      }
    },
    /** Closes it: the ballots written, counted by the votes part's countVote. */
    async close(v: VoteState) {
      const now = clock();
      await castOpen(
        trx,
        v.id,
        v.recorded.map((b) => ({ ...b, id: demoUid(`ballot:${v.uid}:${b.key}`) })),
      );
      v.result = countVote(
        {
          style: v.style,
          options: v.options,
          eligible_count: v.eligible,
          present_count: null,
          quorum_num: v.rule.quorum[0],
          quorum_den: v.rule.quorum[1],
          majority_num: v.rule.majority[0],
          majority_den: v.rule.majority[1],
          majority_base: v.rule.base,
          electorate: v.rule.electorate,
          secret: v.rule.secret,
          changeable: v.rule.changeable,
        } as VoteRow,
        v.recorded.map((b) => b.choice),
      );
      v.status = 'closed';
      v.closedAt = now;
    },
  };

  // ── Councils: the seven seats filled ──────────────────────────────────────────────────────
  const names: Record<string, Record<string, string>> = {
    [JINXI]: { staff: staffJinxi.name },
    [YINGNAN]: { staff: staffYingnan.name },
  };
  const seatPersons: Record<string, Map<string, Person>> = { [JINXI]: new Map(), [YINGNAN]: new Map() };
  const councilUid: Record<string, string> = {
    [JINXI]: DEMO_DELIBERATION.councils.jinxi,
    [YINGNAN]: DEMO_DELIBERATION.councils.yingnan,
  };
  /** Who sits on the councils (meetings call them; the stakeholders for their topic only). */
  const councilRoll: { council: number; person: number; seat: string; topic: number | null }[] = [];
  const sitOn = (
    uid: string,
    m: { person: Person; seat: string; role?: string; since: string; topic?: TopicState },
  ) => {
    councils.addMember(uid, m);
    councilRoll.push({
      council: councilIds[uid] as number,
      person: m.person.id,
      seat: m.seat,
      topic: m.topic?.id ?? null,
    });
  };
  for (const plan of COUNCILS as CouncilPlan[]) {
    const community = units.get(plan.community) as UnitRow;
    const rng = Rng.stream(seed, `deliberation:council:${plan.community}`);
    set(chinaAt(termStart, 10 * 60));
    await councils.create(plan.community === JINXI ? staffJinxi : staffYingnan, {
      uid: councilUid[plan.community] as string,
      community,
      kind: plan.kind,
      name: plan.name,
      termStart,
      termEnd,
    });
    const pool = plan.community === JINXI ? jinxiPeople : yingnanPeople;
    for (const s of plan.seats) {
      const p = pickPerson(pool, s.pick, rng);
      seatPersons[plan.community]?.set(s.key, p);
      (names[plan.community] as Record<string, string>)[s.key] = p.name;
      sitOn(councilUid[plan.community] as string, {
        person: p,
        seat: s.seat,
        role: s.role ?? 'member',
        since: termStart,
      });
    }
  }
  await councils.flush();
  const seat = (code: string, key: string) => (seatPersons[code] as Map<string, Person>).get(key) as Person;
  const text = (code: string, s: string) => fill(s, names[code] as Record<string, string>);

  // Eight residents of 金溪社区 with accounts of their own, who propose and co-sign (opened first).
  const residents: Resident[] = accounts;
  const proposerOf = (by: number | 'demo'): Resident => (by === 'demo' ? residentDemo : (residents[by] as Resident));
  // Notices reach persons through their accounts: every account linked to a person of the two communities.
  for (const a of await trx
    .selectFrom('app_user as u')
    .innerJoin('person as p', 'p.id', 'u.person_id')
    .innerJoin('org_unit as g', 'g.id', 'p.grid_id')
    .select(['u.id', 'u.person_id'])
    .where('g.parent_id', 'in', [jinxi.id, yingnan.id])
    .where('u.status', '=', 'active')
    .execute())
    accountOf.set(Number(a.person_id), Number(a.id));
  // The cases workflow links the parking case to its topic, acting as staff.jinxi.
  const caseWorkflow = createWorkflowService({ clock });
  const staffScope: Scope = {
    user: {
      id: staffJinxi.id,
      uid: staffUser('staff.jinxi').uid,
      username: 'staff.jinxi',
      displayName: staffJinxi.name,
      orgPath: jinxi.path,
      totpEnabled: false,
    },
    grants: (
      await sql<Grant>`
        select g.id::int as id, g.uid::text as uid, g.role, o.id::int as "unitId", o.uid::text as "unitUid",
               o.name as "unitName", o.path
          from role_grant g join org_unit o on o.id = g.unit_id
         where g.user_id = ${staffJinxi.id} and g.revoked_at is null order by g.id`.execute(trx)
    ).rows,
    ip: null,
    requestId: null,
    locale: 'zh-CN',
  };

  // ── 民生微实事: budgets and projects as micro-service.ts keeps them ───────────────────────────
  interface ProjectState {
    id: number;
    uid: string;
    title: string;
    proposerUserId: number;
    status: ProjectStatus;
    priceCents: number | null;
    reviewNote: string | null;
    reviewedBy: number | null;
    reviewedAt: Date | null;
    votes: number | null;
    spentCents: number;
    acceptanceNote: string | null;
    acceptedAt: Date | null;
    updatedAt: Date;
  }
  interface BudgetState {
    id: number;
    uid: string;
    year: number;
    title: string;
    amountCents: number;
    phase: BudgetPhase;
    voteId: number | null;
    voteUid: string | null;
    projects: ProjectState[];
    updatedAt: Date;
  }
  const budgetsBy: BudgetState[] = [];
  const milestones: Array<NewMilestone & { created_at: Date }> = [];
  const micro = {
    async createBudget(
      actor: Actor,
      b: {
        uid: string;
        year: number;
        title: string;
        amountCents: number;
        maxChoices: number;
        proposalsCloseOn: string | null;
      },
    ): Promise<BudgetState> {
      const id =
        (await insertBudget(
          trx,
          {
            uid: b.uid,
            community_id: jinxi.id,
            org_path: jinxi.path,
            year: b.year,
            title: b.title,
            amount_cents: b.amountCents,
            ballot_style: 'approval',
            max_choices: b.maxChoices,
            min_projects: 0,
            max_projects: null,
            proposals_close_on: b.proposalsCloseOn,
            created_by: actor.id,
          },
          clock(),
        )) ?? fail(`budget ${b.uid}`);
      const s: BudgetState = {
        id,
        uid: b.uid,
        year: b.year,
        title: b.title,
        amountCents: b.amountCents,
        phase: 'proposing',
        voteId: null,
        voteUid: null,
        projects: [],
        updatedAt: clock(),
      };
      budgetsBy.push(s);
      return s;
    },
    async propose(
      r: Resident,
      b: BudgetState,
      p: { uid: string; title: string; description: string; location: string; estimateCents: number },
    ) {
      if (b.phase !== 'proposing') fail(`propose in ${b.phase}`);
      const id =
        (await insertProject(
          trx,
          {
            uid: p.uid,
            budget_id: b.id,
            org_path: jinxi.path,
            title: p.title,
            description: p.description,
            location: p.location,
            estimate_cents: p.estimateCents,
            proposer_user_id: r.id,
            proposer_name: r.name,
          },
          clock(),
        )) ?? fail(`project ${p.uid}`);
      b.projects.push({
        id,
        uid: p.uid,
        title: p.title,
        proposerUserId: r.id,
        status: 'proposed',
        priceCents: null,
        reviewNote: null,
        reviewedBy: null,
        reviewedAt: null,
        votes: null,
        spentCents: 0,
        acceptanceNote: null,
        acceptedAt: null,
        updatedAt: clock(),
      });
    },
    move(b: BudgetState, to: BudgetPhase) {
      if (!canMoveBudget(b.phase, to)) fail(`budget ${b.uid}: ${b.phase} → ${to}`);
      b.phase = to;
      b.updatedAt = clock();
    },
    review(actor: Actor, b: BudgetState, uid: string, r: NonNullable<ProjectPlan['review']>) {
      const p = b.projects.find((x) => x.uid === uid) ?? fail(`project ${uid}`);
      if (b.phase !== 'proposing' && b.phase !== 'reviewing') fail(`review in ${b.phase}`);
      const moved = projectTransition(p.status, r.verdict === 'feasible' ? 'review_feasible' : 'review_unfeasible', {
        note: r.note,
      });
      if (!moved.ok) return fail(`review ${uid}: ${moved.code}`);
      const now = clock();
      Object.assign(p, {
        status: r.verdict,
        priceCents: r.verdict === 'feasible' ? r.priceYuan * YUAN : null,
        reviewNote: r.note?.trim() ?? null,
        reviewedBy: actor.id,
        reviewedAt: now,
        updatedAt: now,
      });
      const feasible = r.verdict === 'feasible';
      tell([p.proposerUserId === actor.id ? null : p.proposerUserId], {
        kind: 'micro_review',
        title: feasible ? `您提议的「${p.title}」经审核可行,将列入居民投票` : `您提议的「${p.title}」经审核暂不可行`,
        body: feasible
          ? `核定金额 ¥${((p.priceCents as number) / 100).toFixed(2)}${r.note ? `。${r.note}` : ''}`
          : (r.note as string),
        link: `/r/deliberation/projects/${p.uid}`,
      });
    },
    /** To voting: the budget's vote over the feasible projects, through the votes part (createBudgetVote). */
    async openVote(actor: Actor, b: BudgetState, closesAt: Date) {
      if (b.projects.some((p) => p.status === 'proposed')) fail(`budget ${b.uid}: unreviewed`);
      micro.move(b, 'voting');
      const feasible = b.projects.filter((p) => p.status === 'feasible');
      const vote = await createBudgetVote(
        trx,
        {
          budgetId: b.id,
          communityId: jinxi.id,
          orgPath: jinxi.path,
          title: `${b.title} 居民投票`,
          style: 'approval',
          options: feasible.map((p) => ({ key: p.uid, label: p.title, costCents: p.priceCents as number })),
          maxChoices: BUDGET_THIS_YEAR.maxChoices,
          budgetCents: null,
          electorate: 'residents',
          closesAt,
          uid: demoUid(`vote:budget:${b.year}`),
        },
        { ...actor, roles: ['community_staff'], ip: null, requestId: null },
        clock(),
      );
      b.voteId = vote.id;
      b.voteUid = vote.uid;
      tell(
        feasible.map((p) => p.proposerUserId),
        {
          kind: 'micro_voting',
          title: `「${b.title}」开始投票,您提议的项目已列入选票`,
          body: '请邀请邻居一起参与投票。',
          link: `/r/deliberation/budgets/${b.uid}`,
        },
      );
    },
    /** To selected: the vote closed and counted (closeVote), the projects chosen by selectProjects. */
    async select(actor: Actor, b: BudgetState) {
      micro.move(b, 'selected');
      const result = await closeVote(
        trx,
        b.voteId as number,
        { ...actor, roles: ['community_staff'], ip: null, requestId: null },
        clock(),
      );
      const feasible = b.projects.filter((p) => p.status === 'feasible');
      const out = selectProjects(
        feasible.map((p) => ({ key: p.uid, priceCents: p.priceCents as number, votes: result.counts[p.uid] ?? 0 })),
        b.amountCents,
        { minProjects: 0, maxProjects: null },
      );
      for (const p of feasible) {
        const chosen = out.selected.includes(p.uid);
        Object.assign(p, {
          votes: result.counts[p.uid] ?? 0,
          status: chosen ? 'selected' : 'not_selected',
          updatedAt: clock(),
        });
        tell([p.proposerUserId], {
          kind: 'micro_selected',
          title: chosen ? `您提议的「${p.title}」已入选${b.year}年民生微实事` : `您提议的「${p.title}」本次未入选`,
          body: `得票 ${p.votes} 票。${out.ruleText}`,
          link: `/r/deliberation/projects/${p.uid}`,
        });
      }
    },
    /** 开工, 完工 (each kept as a milestone), 验收. */
    act(actor: Actor, b: BudgetState, uid: string, action: 'start' | 'complete' | 'accept', note: string) {
      const p = b.projects.find((x) => x.uid === uid) ?? fail(`project ${uid}`);
      const moved = projectTransition(p.status, action);
      if (!moved.ok || (b.phase !== 'selected' && b.phase !== 'closed')) return fail(`${action} ${uid}`);
      const now = clock();
      p.status = moved.to;
      p.updatedAt = now;
      if (action === 'accept') {
        p.acceptanceNote = note;
        p.acceptedAt = now;
        tell([p.proposerUserId], {
          kind: 'micro_accepted',
          title: `您提议的「${p.title}」已完工验收`,
          body: note,
          link: `/r/deliberation/projects/${p.uid}`,
        });
      } else
        milestones.push({
          uid: demoUid(`milestone:${uid}:${action}`),
          project_id: p.id,
          title: action === 'start' ? '开工' : '完工',
          note,
          spent_cents: 0,
          happened_on: chinaDate(now),
          created_by: actor.id,
          created_at: now,
        });
    },
    milestone(
      actor: Actor,
      b: BudgetState,
      uid: string,
      m: { uid: string; title: string; note: string; spentCents: number; happenedOn: string },
    ) {
      const p = b.projects.find((x) => x.uid === uid) ?? fail(`project ${uid}`);
      if (p.status !== 'in_progress' && p.status !== 'completed') fail(`milestone of ${uid} in ${p.status}`);
      if (m.happenedOn > chinaDate(clock())) fail(`milestone ${m.uid} in the future`);
      p.spentCents += m.spentCents;
      p.updatedAt = clock();
      milestones.push({
        uid: m.uid,
        project_id: p.id,
        title: m.title,
        note: m.note,
        spent_cents: m.spentCents,
        happened_on: m.happenedOn,
        created_by: actor.id,
        created_at: clock(),
      });
    },
  };

  // ── Helpers playing the meetings ──────────────────────────────────────────────────────────
  const staffOf = (code: string): Actor => (code === JINXI ? staffJinxi : staffYingnan);
  const partyMembers = new Map<string, number[]>();
  const attendeesOf = async (
    code: string,
    kind: string,
    t: TopicState,
    given?: { person: Person; role: string }[],
  ): Promise<{ person: number; role: string }[]> => {
    if (given) return given.map((a) => ({ person: a.person.id, role: a.role }));
    if (kind === 'party_members') {
      if (!partyMembers.has(code)) partyMembers.set(code, await partyMembersIn(trx, (units.get(code) as UnitRow).path));
      return (partyMembers.get(code) as number[]).map((person) => ({ person, role: 'member' }));
    }
    const council = councilIds[councilUid[code] as string];
    const sitting = councilRoll.filter((m) => m.council === council && (m.topic === null || m.topic === t.id));
    if (kind === 'representatives')
      return sitting.filter((m) => m.seat === 'representative').map((m) => ({ person: m.person, role: 'member' }));
    return sitting.map((m) => ({ person: m.person, role: m.seat === 'stakeholder' ? 'stakeholder' : 'member' }));
  };
  const callMeeting = async (
    code: string,
    uid: string,
    kind: 'council' | 'two_committees' | 'party_members' | 'representatives',
    plan: MeetingPlan,
    t: TopicState,
    calledAt: Date,
    given?: { person: Person; role: string }[],
  ): Promise<MeetingState> => {
    set(calledAt);
    const start = at(plan.at);
    return meetings.create(staffOf(code), {
      uid,
      code,
      council: kind === 'council' || kind === 'representatives' ? (councilUid[code] as string) : null,
      kind,
      title: plan.title,
      place: plan.place,
      startsAt: start,
      endsAt: new Date(start.getTime() + plan.minutes * MIN),
      topic: t,
      attendees: await attendeesOf(code, kind, t, given),
    });
  };
  /** Held: those called sign in at the door (the last `absent` do not come), the minutes written after. */
  const holdMeeting = async (
    code: string,
    m: MeetingState,
    plan: MeetingPlan,
    t: TopicState,
    during?: (present: number[]) => Promise<void>,
  ) => {
    const called = [...m.attendees.entries()]
      .sort(([a, x], [b, y]) => Number(x.role === 'stakeholder') - Number(y.role === 'stakeholder') || a - b)
      .map(([p]) => p);
    const present = called.slice(0, called.length - (plan.absent ?? 0));
    set(new Date(m.startsAt.getTime() + 5 * MIN));
    meetings.signIn(staffOf(code), m, present);
    if (during) await during(present);
    set(new Date(m.startsAt.getTime() + (plan.minutes + 20) * MIN));
    meetings.minutes(
      staffOf(code),
      m,
      t,
      text(code, plan.record ?? plan.title),
      plan.decision ? text(code, plan.decision) : null,
    );
  };
  const twoCommittees = (code: string) => [
    ...['party_org', 'residents_committee', 'women'].map((k) => ({ person: seat(code, k), role: 'member' })),
    { person: seat(code, 'supervisory_committee'), role: 'guest' },
  ];
  const complete = (
    code: string,
    t: TopicState,
    index: number,
    when: Date,
    body: Parameters<typeof steps.complete>[3],
  ) => {
    set(when);
    steps.complete(staffOf(code), t, index, body);
  };
  /** A show of hands: the first `approve` of those present approve, then those opposing, abstaining. */
  const showOfHands = (
    code: string,
    v: VoteState,
    present: number[],
    tally: { approve: number; oppose: number; abstain: number },
  ) => {
    const choices = [
      ...Array<string>(tally.approve).fill('approve'),
      ...Array<string>(tally.oppose).fill('oppose'),
      ...Array<string>(tally.abstain).fill('abstain'),
    ];
    votes.record(
      staffOf(code),
      v,
      present.slice(0, choices.length).map((person, i) => ({ person, choice: [choices[i] as string] })),
    );
  };

  // ── 英南村: the 农民公寓 lottery (四议两公开) ───────────────────────────────────────────────────
  {
    const code = YINGNAN;
    const L = LOTTERY;
    set(at(L.propose.at));
    const t = await topics.create(staffYingnan, {
      uid: DEMO_DELIBERATION.topics.lottery,
      title: L.title,
      description: L.description,
      council: councilUid[code] as string,
      procedure: 'four_two',
      code,
    });
    complete(code, t, 0, at(L.propose.at, 10), { note: L.propose.note });

    // The applicants: households of the village, one entrant each; three sit on the council for the topic.
    const rng = Rng.stream(seed, 'deliberation:lottery');
    const applicants: Person[] = [];
    for (let i = 0; i < L.draw.applicants; i++)
      applicants.push(pickPerson(yingnanPeople, { born: ['1950-01-01', '1992-12-31'] }, rng));
    set(at(L.propose.at, 2 * 24 * 60));
    for (const p of applicants.slice(0, L.stakeholders))
      sitOn(councilUid[code] as string, { person: p, seat: 'stakeholder', since: chinaDate(clock()), topic: t });

    // 村民议事会 discusses the plan (the agenda's stakeholders are called with the council).
    const council = await callMeeting(
      code,
      demoUid('meeting:lottery:council'),
      'council',
      L.council,
      t,
      at(L.council.at, -4 * 24 * 60),
    );
    await holdMeeting(code, council, L.council, t);
    // 两委商议
    const two = await callMeeting(
      code,
      demoUid('meeting:lottery:two_committees'),
      'two_committees',
      L.twoCommittees,
      t,
      at(L.twoCommittees.at, -3 * 24 * 60),
      twoCommittees(code),
    );
    await holdMeeting(code, two, L.twoCommittees, t);
    complete(code, t, 1, at(L.twoCommittees.at, L.twoCommittees.minutes + 60), { meetingUid: two.uid });
    // 党员大会审议 (the party members living in the village)
    const party = await callMeeting(
      code,
      demoUid('meeting:lottery:party_members'),
      'party_members',
      L.partyMembers,
      t,
      at(L.partyMembers.at, -5 * 24 * 60),
    );
    await holdMeeting(code, party, L.partyMembers, t);
    complete(code, t, 2, at(L.partyMembers.at, L.partyMembers.minutes + 60), { meetingUid: party.uid });
    // 村民代表会议决议: a show of hands, counted as the votes part counts.
    const R = L.representatives;
    const reps = await callMeeting(
      code,
      demoUid('meeting:lottery:representatives'),
      'representatives',
      R,
      t,
      at(R.at, -5 * 24 * 60),
    );
    let vote: VoteState | undefined;
    await holdMeeting(code, reps, R, t, async (present) => {
      set(new Date(reps.startsAt.getTime() + 60 * MIN));
      vote = await votes.open(staffYingnan, {
        uid: DEMO_DELIBERATION.votes.lottery,
        title: R.vote.title,
        topic: t,
        step: 3,
        meeting: reps,
        style: 'motion',
      });
      showOfHands(code, vote, present, R.vote);
      set(new Date(reps.startsAt.getTime() + 75 * MIN));
      await votes.close(vote);
    });
    complete(code, t, 3, at(R.at, R.minutes + 60), { meetingUid: reps.uid, voteUid: vote?.uid });
    // 决议公开
    complete(code, t, 4, at(L.resolution.at), { resolution: L.resolution.text, noticeDays: 7 });

    // The public draw: the seed's hash published first, the seed revealed at the draw (draws-service.ts).
    const drawSeed = newDrawSeed(Uint8Array.from({ length: 32 }, () => rng.int(256)));
    const entrants = applicants.map((p, i) => {
      const no = String(i + 1).padStart(2, '0');
      return { key: `A${no}`, label: `申请户${no} ${maskName(p.name)}` };
    });
    const issues = validateDraw({ entrants, winners: L.draw.flats, seedHash: seedHash(drawSeed) });
    if (issues.length > 0) fail(`draw: ${JSON.stringify(issues)}`);
    if (!seedMatches(drawSeed, seedHash(drawSeed))) fail('draw seed');
    await trx
      .insertInto('draw')
      .values({
        uid: DEMO_DELIBERATION.draw,
        community_id: yingnan.id,
        org_path: yingnan.path,
        topic_id: t.id,
        title: L.draw.title,
        entrants: JSON.stringify(entrants) as never,
        winners: L.draw.flats,
        seed_hash: seedHash(drawSeed),
        seed: drawSeed,
        algorithm: DRAW_ALGORITHM,
        result: JSON.stringify(
          drawOrder(
            drawSeed,
            entrants.map((e) => e.key),
          ),
        ) as never,
        drawn_at: at(L.draw.drawn),
        drawn_by: staffYingnan.id,
        created_by: staffYingnan.id,
        created_at: at(L.draw.created),
      })
      .execute();
  }

  // ── 英南村: the village roads (四议两公开, half way) ─────────────────────────────────────────────
  {
    const code = YINGNAN;
    set(at(ROAD.propose.at));
    const t = await topics.create(staffYingnan, {
      uid: DEMO_DELIBERATION.topics.road,
      title: ROAD.title,
      description: ROAD.description,
      council: councilUid[code] as string,
      procedure: 'four_two',
      code,
    });
    complete(code, t, 0, at(ROAD.propose.at, 10), { note: ROAD.propose.note });
    const two = await callMeeting(
      code,
      demoUid('meeting:road:two_committees'),
      'two_committees',
      ROAD.twoCommittees,
      t,
      at(ROAD.twoCommittees.at, -3 * 24 * 60),
      twoCommittees(code),
    );
    await holdMeeting(code, two, ROAD.twoCommittees, t);
    complete(code, t, 1, at(ROAD.twoCommittees.at, ROAD.twoCommittees.minutes + 60), { meetingUid: two.uid });
    // 党员大会审议: called, in three days.
    await callMeeting(
      code,
      DEMO_DELIBERATION.meetings.road,
      'party_members',
      ROAD.partyMembers,
      t,
      at(ROAD.meetingCalled),
    );
  }

  // ── 金溪社区: the e-bike charging shed (五步工作法, done) ───────────────────────────────────────
  {
    const code = JINXI;
    const C = CHARGING;
    set(at(C.tell.at));
    const t = await topics.create(staffJinxi, {
      uid: DEMO_DELIBERATION.topics.charging,
      title: C.title,
      description: C.description,
      council: councilUid[code] as string,
      procedure: 'five_step',
      code,
    });
    complete(code, t, 0, at(C.tell.at, 10), { note: C.tell.note });
    const discuss = await callMeeting(
      code,
      demoUid('meeting:charging:discuss'),
      'council',
      C.discuss,
      t,
      at(C.discuss.at, -4 * 24 * 60),
    );
    await holdMeeting(code, discuss, C.discuss, t);
    complete(code, t, 1, at(C.discuss.at, C.discuss.minutes + 60), { meetingUid: discuss.uid });
    const decide = await callMeeting(
      code,
      demoUid('meeting:charging:decide'),
      'council',
      C.decide,
      t,
      at(C.decide.at, -4 * 24 * 60),
    );
    let vote: VoteState | undefined;
    await holdMeeting(code, decide, C.decide, t, async (present) => {
      set(new Date(decide.startsAt.getTime() + 50 * MIN));
      vote = await votes.open(staffJinxi, {
        uid: DEMO_DELIBERATION.votes.charging,
        title: C.vote.title,
        topic: t,
        step: 2,
        meeting: decide,
        style: 'motion',
      });
      showOfHands(code, vote, present, C.vote);
      set(new Date(decide.startsAt.getTime() + 65 * MIN));
      await votes.close(vote);
    });
    complete(code, t, 2, at(C.decide.at, C.decide.minutes + 60), { meetingUid: decide.uid, voteUid: vote?.uid });
    complete(code, t, 3, at(C.act.at), { result: C.act.result });
    complete(code, t, 4, at(C.evaluate.at), { outcome: C.evaluate.outcome, noticeDays: 7 });
  }

  // ── 金溪社区: waste points (三议三公开, the households voting now) ─────────────────────────────
  {
    const code = JINXI;
    const W = WASTE;
    set(at(W.propose.at));
    const t = await topics.create(staffJinxi, {
      uid: DEMO_DELIBERATION.topics.waste,
      title: W.title,
      description: W.description,
      council: councilUid[code] as string,
      procedure: 'three_three',
      code,
    });
    complete(code, t, 0, at(W.propose.at, 10), { note: W.propose.note });
    complete(code, t, 1, at(W.publish.at), { notice: W.publish.notice, noticeDays: 5 });
    const discuss = await callMeeting(
      code,
      demoUid('meeting:waste:discuss'),
      'council',
      W.discuss,
      t,
      at(W.discuss.at, -4 * 24 * 60),
    );
    await holdMeeting(code, discuss, W.discuss, t);
    complete(code, t, 2, at(W.discuss.at, W.discuss.minutes + 60), { meetingUid: discuss.uid });
    set(at(W.vote.opens));
    const v = await votes.open(staffJinxi, {
      uid: DEMO_DELIBERATION.votes.waste,
      title: W.vote.title,
      topic: t,
      step: 3,
      style: 'choice',
      options: W.vote.options,
      closesAt: at(W.vote.closes),
    });
    // Households that have voted on their phones since it opened (not 王桂芳's: hers is still to cast).
    const rng = Rng.stream(seed, 'deliberation:waste:ballots');
    const roll = await rollOf(trx, v.id, me.person_id, 'households');
    const voters = roll.filter(() => rng.chance(W.vote.turnout));
    const opened = at(W.vote.opens).getTime();
    await castSecret(
      trx,
      v.id,
      voters.map((key) => {
        const token = newReceiptToken(Uint8Array.from({ length: RECEIPT_RANDOM_BYTES }, () => rng.int(256)));
        return {
          key,
          choice: [W.vote.options[weighted(rng, W.vote.weights)]?.key as string],
          receiptHash: receiptHash(token),
          at: new Date(opened + rng.float() * (end - 30 * MIN - opened)),
          id: demoUid(`ballot:waste:${key}`),
        };
      }),
    );
  }

  // ── 金溪社区: parking fees, a case taken up as a topic (五步工作法, the council meets soon) ─────
  {
    const code = JINXI;
    const P = PARKING;
    const { rows } = await sql<{ uid: string; last: Date }>`
      select c.uid::text as uid, (select max(e.at) from case_event e where e.case_id = c.id) as last
        from cases c join case_category k on k.id = c.category_id
       where c.community_id = ${jinxi.id} and k.deliberable and c.topic_uid is null
         and c.status in ('accepted', 'dispatched', 'in_progress')
       order by (k.code = ${P.caseCategory}) desc, c.created_at limit 1`.execute(trx);
    const source = rows[0];
    // After the case's last step and before now: the link is the case's newest timeline row.
    const last = source ? new Date(source.last).getTime() : end - 5 * DAY;
    const t0 = Math.max(last + 5 * MIN, Math.min(end - 3 * HOUR, last + 6 * HOUR, end - 4 * DAY));
    const step = Math.max(1000, Math.min(10 * MIN, (end - t0) / 6));
    set(new Date(t0));
    const t = await topics.create(staffJinxi, {
      uid: DEMO_DELIBERATION.topics.parking,
      title: P.title,
      description: P.description,
      council: councilUid[code] as string,
      procedure: 'five_step',
      code,
      ...(source ? { caseUid: source.uid } : {}),
    });
    // The case gets its link (and its timeline row) through the cases workflow, as topics-service.ts does.
    if (source) await caseWorkflow.linkTopic(trx, staffScope, source.uid, { topicUid: t.uid });
    complete(code, t, 0, new Date(t0 + step), { note: P.tell.note });
    // The X of 7+X: 王桂芳 and two other car owners sit on the council for this topic.
    set(new Date(t0 + 2 * step));
    const rng = Rng.stream(seed, 'deliberation:parking');
    const owners: Person[] = [meAsPerson];
    for (let i = 1; i < P.stakeholders; i++)
      owners.push(pickPerson(jinxiPeople, { born: ['1965-01-01', '1995-12-31'], grids: [1, 2] }, rng));
    for (const person of owners)
      sitOn(councilUid[code] as string, { person, seat: 'stakeholder', since: chinaDate(clock()), topic: t });
    await callMeeting(code, DEMO_DELIBERATION.meetings.parking, 'council', P.meeting, t, new Date(t0 + 3 * step));
  }

  // ── 金溪社区: residents' proposals ───────────────────────────────────────────────────────────
  for (const [i, p] of PROPOSALS.entries()) {
    set(at(p.at));
    const t = await topics.propose(proposerOf(p.by), {
      uid: DEMO_DELIBERATION.topics.proposals[i] as string,
      title: p.title,
      description: p.description,
    });
    for (const [k, by] of (p.cosigners ?? []).entries()) {
      set(at(p.at, (k + 1) * (p.rejected || p.withdrawn ? 60 * 5 : 60 * 24) + k * 37));
      topics.support(proposerOf(by), t);
    }
    if (p.rejected) {
      set(at(p.rejected.at));
      topics.reject(staffJinxi, t, p.rejected.reason);
    }
    if (p.withdrawn) {
      set(at(p.withdrawn.at));
      topics.withdraw(proposerOf(p.by), t, p.withdrawn.reason);
    }
  }

  // ── 金溪社区: 民生微实事, this year's (carried out) and next year's (taking proposals) ───────────
  const thisYear = Number(chinaDate(at(BUDGET_THIS_YEAR.created)).slice(0, 4));
  await playBudget(thisYear, DEMO_DELIBERATION.budgets.thisYear, BUDGET_THIS_YEAR, PROJECTS_THIS_YEAR);
  await playBudget(thisYear + 1, DEMO_DELIBERATION.budgets.nextYear, BUDGET_NEXT_YEAR, PROJECTS_NEXT_YEAR);

  async function playBudget(
    year: number,
    uid: string,
    plan: typeof BUDGET_THIS_YEAR | typeof BUDGET_NEXT_YEAR,
    plans: ProjectPlan[],
  ): Promise<void> {
    const full = 'voting' in plan ? plan : null;
    set(at(plan.created));
    const b = await micro.createBudget(staffJinxi, {
      uid,
      year,
      title: `${year}年${plan.title}`,
      amountCents: plan.amountYuan * YUAN,
      maxChoices: plan.maxChoices,
      proposalsCloseOn: full ? null : addDays(today, (plan as typeof BUDGET_NEXT_YEAR).closesInDays),
    });
    const from = full ? full.proposedFrom : plan.created.day - 1;
    const spanDays = full ? full.proposedFrom - full.reviewing.day - 1 : plan.created.day - 2;
    const projectUid = (p: ProjectPlan) => demoUid(`project:${year}:${p.key}`);
    for (const [i, p] of plans.entries()) {
      set(at({ day: from - Math.floor((i * spanDays) / plans.length), time: `${19 + (i % 3)}:${10 + i * 7}` }));
      await micro.propose(proposerOf(p.by), b, {
        uid: projectUid(p),
        title: p.title,
        description: p.description,
        location: p.location,
        estimateCents: p.estimateYuan * YUAN,
      });
    }
    if (full) {
      set(at(full.reviewing));
      micro.move(b, 'reviewing');
    }
    const reviewFrom = full ? full.reviewedFrom : 2;
    for (const [i, p] of plans.entries()) {
      if (!p.review) continue;
      set(at({ day: Math.max(1, reviewFrom - i), time: '15:30' }));
      micro.review(staffJinxi, b, projectUid(p), p.review);
    }
    if (!full) return;

    // The residents' vote: each voter approves one to three projects, as many as the plan counts.
    set(at(full.voting));
    await micro.openVote(staffJinxi, b, at(full.closes));
    const rng = Rng.stream(seed, `deliberation:budget:${year}`);
    const roll = await rollOf(trx, b.voteId as number, me.person_id, 'residents');
    // 王桂芳 voted, for her own proposal among others; the other voters drawn from the roll.
    const pool = [...roll];
    for (let i = 0; i < full.voters - 1 && i < pool.length; i++) {
      const j = i + rng.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
    }
    const voters = [me.person_id, ...pool.slice(0, full.voters - 1).sort((x, y) => x - y)];
    const picks: string[][] = voters.map(() => []);
    const voted = plans.filter((p) => p.votes !== undefined).sort((x, y) => (y.votes ?? 0) - (x.votes ?? 0));
    for (const p of voted) {
      // The voters with the fewest picks so far take this project, so no ballot holds more than three.
      const mine = (x: { i: number }) => (p.by === 'demo' && x.i === 0 ? 1 : 0);
      const order = picks
        .map((c, i) => ({ i, n: c.length, r: rng.float() }))
        .filter((x) => x.n < full.maxChoices)
        .sort((x, y) => mine(y) - mine(x) || x.n - y.n || x.r - y.r);
      for (const x of order.slice(0, p.votes)) picks[x.i]?.push(projectUid(p));
    }
    const opened = at(full.voting).getTime();
    const closes = at(full.closes).getTime();
    await castOpen(
      trx,
      b.voteId as number,
      voters
        .map((key, i) => ({
          key,
          choice: picks[i] as string[],
          at: new Date(opened + rng.float() * (closes - opened - HOUR)),
          by: null,
          id: demoUid(`ballot:${year}:${key}`),
        }))
        .filter((v) => v.choice.length > 0),
    );
    set(at(full.selected));
    await micro.select(staffJinxi, b);

    // Carried out: started, milestones with what was spent, completed, accepted (验收).
    for (const p of plans) {
      const w = p.work;
      if (!w) continue;
      const puid = projectUid(p);
      if (w.start) {
        set(at(w.start.at));
        micro.act(staffJinxi, b, puid, 'start', w.start.note);
      }
      for (const [k, m] of (w.milestones ?? []).entries()) {
        set(at(m.at));
        micro.milestone(staffJinxi, b, puid, {
          uid: demoUid(`milestone:${year}:${p.key}:${k}`),
          title: m.title,
          note: m.note,
          spentCents: m.spentYuan * YUAN,
          happenedOn: chinaDate(at(m.at)),
        });
      }
      if (w.complete) {
        set(at(w.complete.at));
        micro.act(staffJinxi, b, puid, 'complete', w.complete.note);
      }
      if (w.accept) {
        set(at(w.accept.at));
        micro.act(staffJinxi, b, puid, 'accept', w.accept.note);
      }
    }
  }

  // ── Written: the rows as the services would have left them ─────────────────────────────────
  await councils.flush();
  const allTopics = [...topicsBy.values()];
  // Timelines through timeline.ts, one call per topic; then each row gets its own time and actor.
  const times: { topic_id: number; seq: number; at: string; actor_id: number | null; actor_name: string | null }[] = [];
  for (const t of allTopics) {
    const events = [...t.events].sort((a, b) => a.at.getTime() - b.at.getTime());
    const seqs = await appendTopicEvents(
      trx,
      t.id,
      null,
      events.map((e) => e.e),
      t.updatedAt,
    );
    events.forEach((e, i) => {
      times.push({
        topic_id: t.id,
        seq: seqs[i] as number,
        at: e.at.toISOString(),
        actor_id: e.actor?.id ?? null,
        actor_name: e.actor?.name ?? null,
      });
    });
  }
  await sql`
    update topic_event e set at = x.at, actor_id = x.actor_id, actor_name = x.actor_name
      from jsonb_to_recordset(${JSON.stringify(times)}::jsonb)
        as x(topic_id bigint, seq int, at timestamptz, actor_id bigint, actor_name text)
     where e.topic_id = x.topic_id and e.seq = x.seq`.execute(trx);
  const topicRows = allTopics.map((t) => ({
    id: t.id,
    status: t.status,
    current_step: t.current,
    resolution: t.resolution,
    outcome: t.outcome,
    resolution_published_at: t.resolutionPublishedAt?.toISOString() ?? null,
    outcome_published_at: t.outcomePublishedAt?.toISOString() ?? null,
    notice_until: t.noticeUntil?.toISOString() ?? null,
    decided_at: t.decidedAt?.toISOString() ?? null,
    support_count: t.supports.length,
    updated_at: t.updatedAt.toISOString(),
  }));
  await sql`
    update topic t set status = x.status, current_step = x.current_step, resolution = x.resolution, outcome = x.outcome,
           resolution_published_at = x.resolution_published_at, outcome_published_at = x.outcome_published_at,
           notice_until = x.notice_until, decided_at = x.decided_at, support_count = x.support_count,
           updated_at = x.updated_at
      from jsonb_to_recordset(${JSON.stringify(topicRows)}::jsonb)
        as x(id bigint, status text, current_step int, resolution text, outcome text,
             resolution_published_at timestamptz, outcome_published_at timestamptz, notice_until timestamptz,
             decided_at timestamptz, support_count int, updated_at timestamptz)
     where t.id = x.id`.execute(trx);
  const supports = allTopics.flatMap((t) => t.supports.map((s) => ({ topic_id: t.id, user_id: s.userId, at: s.at })));
  if (supports.length > 0) await trx.insertInto('topic_support').values(supports).execute();

  const allMeetings = [...meetingsBy.values()];
  await sql`
    update meeting m set status = x.status, minutes = x.minutes, minutes_by = x.minutes_by, updated_at = x.updated_at
      from jsonb_to_recordset(${JSON.stringify(
        allMeetings.map((m) => ({
          id: m.id,
          status: m.status,
          minutes: m.minutes,
          minutes_by: m.minutesBy,
          updated_at: m.updatedAt.toISOString(),
        })),
      )}::jsonb) as x(id bigint, status text, minutes text, minutes_by bigint, updated_at timestamptz)
     where m.id = x.id`.execute(trx);
  await trx
    .insertInto('meeting_topic')
    .values(
      allMeetings.flatMap((m) =>
        m.topicIds.map((topic_id, sort) => ({
          meeting_id: m.id,
          topic_id,
          sort,
          decision: m.decisions.get(topic_id) ?? null,
        })),
      ),
    )
    .execute();
  await trx
    .insertInto('meeting_attendee')
    .values(
      allMeetings.flatMap((m) =>
        [...m.attendees].map(([person_id, a]) => ({
          meeting_id: m.id,
          person_id,
          role: a.role,
          signed_in_at: a.signedInAt,
          signed_in_by: a.signedInBy,
        })),
      ),
    )
    .execute();

  await sql`
    update vote v set status = x.status, opens_at = x.opens_at, closes_at = x.closes_at, closed_at = x.closed_at,
           eligible_count = x.eligible_count, cast_count = x.cast_count, result = x.result, updated_at = x.updated_at
      from jsonb_to_recordset(${JSON.stringify(
        [...votesBy.values()].map((v) => ({
          id: v.id,
          status: v.status,
          opens_at: v.opensAt?.toISOString() ?? null,
          closes_at: v.closesAt?.toISOString() ?? null,
          closed_at: v.closedAt?.toISOString() ?? null,
          eligible_count: v.eligible,
          cast_count: v.result?.cast ?? 0,
          result: v.result,
          updated_at: (v.closedAt ?? v.opensAt ?? v.createdAt).toISOString(),
        })),
      )}::jsonb) as x(id bigint, status text, opens_at timestamptz, closes_at timestamptz, closed_at timestamptz,
                      eligible_count int, cast_count int, result jsonb, updated_at timestamptz)
     where v.id = x.id`.execute(trx);

  const projects = budgetsBy.flatMap((b) => b.projects);
  await sql`
    update micro_project p set status = x.status, price_cents = x.price_cents, review_note = x.review_note,
           reviewed_by = x.reviewed_by, reviewed_at = x.reviewed_at, votes = x.votes, spent_cents = x.spent_cents,
           acceptance_note = x.acceptance_note, accepted_at = x.accepted_at, updated_at = x.updated_at
      from jsonb_to_recordset(${JSON.stringify(
        projects.map((p) => ({
          id: p.id,
          status: p.status,
          price_cents: p.priceCents,
          review_note: p.reviewNote,
          reviewed_by: p.reviewedBy,
          reviewed_at: p.reviewedAt?.toISOString() ?? null,
          votes: p.votes,
          spent_cents: p.spentCents,
          acceptance_note: p.acceptanceNote,
          accepted_at: p.acceptedAt?.toISOString() ?? null,
          updated_at: p.updatedAt.toISOString(),
        })),
      )}::jsonb) as x(id bigint, status text, price_cents bigint, review_note text, reviewed_by bigint,
                      reviewed_at timestamptz, votes int, spent_cents bigint, acceptance_note text,
                      accepted_at timestamptz, updated_at timestamptz)
     where p.id = x.id`.execute(trx);
  await sql`
    update micro_budget b set phase = x.phase, vote_id = x.vote_id, updated_at = x.updated_at
      from jsonb_to_recordset(${JSON.stringify(
        budgetsBy.map((b) => ({ id: b.id, phase: b.phase, vote_id: b.voteId, updated_at: b.updatedAt.toISOString() })),
      )}::jsonb) as x(id bigint, phase text, vote_id bigint, updated_at timestamptz)
     where b.id = x.id`.execute(trx);
  if (milestones.length > 0) await trx.insertInto('micro_milestone').values(milestones).execute();

  // Notices; those more than a few days old have been read.
  const readBefore = end - NOTICES_READ_AFTER_DAYS * DAY;
  if (notices.length > 0)
    await trx
      .insertInto('notice')
      .values(
        notices.map((n) => ({
          user_id: n.user_id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          created_at: n.at,
          read_at: n.at.getTime() < readBefore ? new Date(n.at.getTime() + 5 * HOUR) : null,
        })),
      )
      .execute();

  return {
    councils: COUNCILS.length,
    topics: allTopics.length,
    meetings: allMeetings.length,
    votes: votesBy.size + budgetsBy.filter((b) => b.voteId !== null).length,
    draws: 1,
    projects: projects.length,
    notices: notices.length,
  };
}

/**
 * The accounts of the eight 金溪社区 residents who propose and co-sign in the stories
 * (DEMO_RESIDENTS): adults of the second and third grid, one per household, drawn from the registry
 * with their own stream (so the data generator, whose registry at scale 1 is the demo's row for
 * row, opens the same ones), the demo password (resident.demo's hash), the resident role on their
 * grid. Opened already: left as they are.
 */
export async function openDemoResidentAccounts(
  trx: Db,
  now: Date,
  seed: number = POPULATION_SEED,
): Promise<{ id: number; name: string; personId: number; householdId: number | null }[]> {
  const existing = await trx
    .selectFrom('app_user')
    .select(['id', 'display_name', 'person_id', 'username'])
    .where('username', 'in', DEMO_RESIDENTS)
    .execute();
  const hash = await trx
    .selectFrom('app_user')
    .select('password_hash')
    .where('username', '=', 'resident.demo')
    .executeTakeFirst();
  if (existing.length > 0 || !hash) {
    const byName = new Map(existing.map((u) => [u.username, u]));
    return DEMO_RESIDENTS.flatMap((n) => {
      const u = byName.get(n);
      return u ? [{ id: Number(u.id), name: u.display_name, personId: Number(u.person_id), householdId: null }] : [];
    });
  }
  const pick = DEMO_RESIDENT_PICK;
  const { rows } = await sql<{
    id: number;
    name: string;
    grid_id: number;
    grid_path: string;
    household: number;
  }>`
    select p.id::int as id, p.name, g.id::int as grid_id, g.path as grid_path, m.household_id::int as household
      from person p join org_unit g on g.id = p.grid_id join org_unit c on c.id = g.parent_id
      join household_member m on m.person_id = p.id and m.until is null
      join household h on h.id = m.household_id and h.status = 'active'
     where c.code = ${JINXI} and p.status = 'resident'
       and right(g.code, 3)::int = any(${pick.grids ?? [1, 2, 3, 4]}::int[])
       and p.birth_date between ${pick.born[0]}::date and ${pick.born[1]}::date
       and not exists (select 1 from app_user u where u.person_id = p.id)
     order by p.id`.execute(trx);
  const rng = Rng.stream(seed, 'deliberation:residents');
  const homes = new Set<number>();
  const picked: typeof rows = [];
  let pool = rows;
  while (picked.length < DEMO_RESIDENTS.length && pool.length > 0) {
    const p = rng.pick(pool);
    picked.push(p);
    homes.add(p.household);
    pool = pool.filter((x) => !homes.has(x.household));
  }
  if (picked.length === 0) return [];
  const opened = new Date(chinaAt(addDays(chinaDate(now), -260), 10 * 60).getTime());
  const made = await trx
    .insertInto('app_user')
    .values(
      picked.map((p, i) => ({
        username: DEMO_RESIDENTS[i] as string,
        display_name: p.name,
        password_hash: hash.password_hash,
        password_changed_at: opened,
        unit_id: p.grid_id,
        org_path: p.grid_path,
        person_id: p.id,
      })),
    )
    .returning(['id', 'person_id'])
    .execute();
  const userOf = new Map(made.map((u) => [Number(u.person_id), Number(u.id)]));
  await trx
    .insertInto('role_grant')
    .values(
      picked.map((p) => ({
        user_id: userOf.get(p.id) as number,
        role: 'resident',
        unit_id: p.grid_id,
        org_path: p.grid_path,
        granted_at: opened,
      })),
    )
    .execute();
  return picked.map((p) => ({
    id: userOf.get(p.id) as number,
    name: p.name,
    personId: p.id,
    householdId: p.household,
  }));
}

function fail(what: string): never {
  throw new Error(`deliberation seed: ${what}`);
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h as number) * 60 + (m as number);
}

function clip(s: string, max: number): string {
  const chars = Array.from(s.trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** An index drawn by the weights. */
function weighted(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let x = rng.float() * total;
  for (const [i, w] of weights.entries()) {
    x -= w;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** The roll of an open vote (voter keys in order), without a person (for 'households': without their household). */
async function rollOf(trx: Db, voteId: number, excludePerson: number, electorate: 'households' | 'residents') {
  const excluded =
    electorate === 'households'
      ? sql`coalesce((select m.household_id from household_member m where m.person_id = ${excludePerson}
                       and m.until is null limit 1), 0)`
      : sql`${excludePerson}`;
  const { rows } = await sql<{ key: number }>`
    select voter_key::int as key from vote_voter where vote_id = ${voteId} and voter_key <> ${excluded}
     order by voter_key`.execute(trx);
  return rows.map((r) => r.key);
}

/**
 * Secret ballots cast on residents' phones, as votes-repo.ts castOnce writes them: the roll marked
 * (no choice kept), the ballot with no voter, found only by the SHA-256 of the voter's receipt.
 */
async function castSecret(
  trx: Db,
  voteId: number,
  ballots: { key: number; choice: string[]; receiptHash: string; at: Date; id: string }[],
): Promise<void> {
  if (ballots.length === 0) return;
  const rows = JSON.stringify(
    ballots.map((b) => ({ key: b.key, choice: b.choice, hash: b.receiptHash, at: b.at.toISOString(), id: b.id })),
  );
  await sql`
    with x as (select * from jsonb_to_recordset(${rows}::jsonb)
                 as x(key bigint, choice jsonb, hash text, at timestamptz, id uuid)),
         marked as (
           update vote_voter vv set voted_at = x.at from x
            where vv.vote_id = ${voteId} and vv.voter_key = x.key and vv.voted_at is null returning vv.voter_key)
    insert into ballot (id, vote_id, voter_key, receipt_hash, choice)
    select x.id, ${voteId}, null, x.hash, x.choice from x where x.key in (select voter_key from marked)`.execute(trx);
}

/** Open ballots (cast on a phone, or recorded by staff at a meeting: `by`): the roll marked with the choice. */
async function castOpen(
  trx: Db,
  voteId: number,
  ballots: { key: number; choice: string[]; at: Date; by: number | null; id: string }[],
): Promise<void> {
  if (ballots.length === 0) return;
  const rows = JSON.stringify(
    ballots.map((b) => ({ key: b.key, choice: b.choice, at: b.at.toISOString(), by: b.by, id: b.id })),
  );
  await sql`
    with x as (select * from jsonb_to_recordset(${rows}::jsonb)
                 as x(key bigint, choice jsonb, at timestamptz, by bigint, id uuid)),
         marked as (
           update vote_voter vv set voted_at = x.at, voted_by = x.by, choice = x.choice from x
            where vv.vote_id = ${voteId} and vv.voter_key = x.key and vv.voted_at is null returning vv.voter_key)
    insert into ballot (id, vote_id, voter_key, receipt_hash, choice)
    select x.id, ${voteId}, x.key, null, x.choice from x where x.key in (select voter_key from marked)`.execute(trx);
}
