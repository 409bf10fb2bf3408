/**
 * Deliberation procedures (议事程序) as data, and the engine that moves a topic through one.
 *
 * A procedure is an ordered list of steps; each says who acts, which meeting it takes, which
 * records must exist before it counts as done (minutes, attendance, a closed vote, a public notice,
 * a written result) and what decides it. Three ship with Gongzhi and are seeded per district:
 *
 *   four_two    四议两公开 — the procedure the Village Committee Organisation Law sets for village
 *               decisions: 党组织提议 → 两委商议 → 党员大会审议 → 村民(代表)会议决议 → 决议公开 → 实施结果公开
 *   three_three 三议三公开 — Futian's 民生微实事: projects "由居民提议、商议、决议", each stage made public
 *   five_step   说事 → 议事 → 理事 → 办事 → 评事 (民事民提、民议、民决、民办、民评, the 五步工作法)
 *
 * The engine (`completeStep`) never lets a step be skipped, refuses a step whose records are
 * missing, and ends the topic when its deciding vote fails. Pure: the server, the web app and the
 * tests share it. A topic copies its procedure's steps when it starts, so the engine only ever
 * sees the steps it is given.
 */

/** The "7" of "7+X": the seven fixed seat categories of a council (工作协商委员会). */
export const COUNCIL_SEATS = [
  'party_org',
  'residents_committee',
  'supervisory_committee',
  'representative',
  'women',
  'social_org',
  'notable',
] as const;
export type CouncilSeat = (typeof COUNCIL_SEATS)[number];

/** The "X": stakeholders who sit for one topic only. */
export const STAKEHOLDER_SEAT = 'stakeholder' as const;
export type SeatCode = CouncilSeat | typeof STAKEHOLDER_SEAT;

export const SEAT_NAMES: Record<SeatCode, { zh: string; en: string }> = {
  party_org: { zh: '基层党组织代表', en: 'Party organisation' },
  residents_committee: { zh: '村(居)民委员会代表', en: "Residents' committee" },
  supervisory_committee: { zh: '村(居)务监督委员会代表', en: 'Supervisory committee' },
  representative: { zh: '村(居)民代表', en: "Residents' representative" },
  women: { zh: '妇女代表', en: "Women's representative" },
  social_org: { zh: '社会组织代表', en: 'Social organisation' },
  notable: { zh: '乡贤代表', en: 'Notable local (乡贤)' },
  stakeholder: { zh: '利益相关方', en: 'Stakeholder' },
};

export const STEP_ACTORS = [
  'party_branch',
  'two_committees',
  'party_members',
  'representatives',
  'residents',
  'council',
  'staff',
  'proposer',
] as const;
export type StepActor = (typeof STEP_ACTORS)[number];

/** The records a step may need before it is done. */
export const STEP_RECORDS = ['minutes', 'attendance', 'vote', 'notice', 'result'] as const;
export type StepRecord = (typeof STEP_RECORDS)[number];

export const MEETING_KINDS = [
  'council',
  'two_committees',
  'party_members',
  'representatives',
  'residents',
  'hearing',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** Who may vote (see vote.electorate in the migration). */
export const ELECTORATES = [
  'present',
  'members',
  'representatives',
  'party_members',
  'households',
  'residents',
] as const;
export type Electorate = (typeof ELECTORATES)[number];

/** What a majority is counted against: the ballots cast, those present, or the whole electorate. */
export const MAJORITY_BASES = ['cast', 'present', 'electorate'] as const;
export type MajorityBase = (typeof MAJORITY_BASES)[number];

/** A fraction [numerator, denominator]. */
export type Fraction = [number, number];

/**
 * How a vote is decided. `quorum`: at least this share of the electorate must take part (≥);
 * `majority`: more than this share of the `base` must approve (>).
 */
export interface VoteRule {
  electorate: Electorate;
  quorum: Fraction;
  majority: Fraction;
  base: MajorityBase;
  secret: boolean;
  changeable: boolean;
}

export const DECIDED_BY = ['record', 'vote', 'notice'] as const;
export type DecidedBy = (typeof DECIDED_BY)[number];

export interface ProcedureStep {
  /** Stable within the procedure: votes and events name a step by index, people by key. */
  key: string;
  name: string;
  nameEn: string;
  actor: StepActor;
  meetingKind?: MeetingKind;
  needs: StepRecord[];
  /** 'record': done once its records exist; 'vote': its vote decides; 'notice': a public notice. */
  decidedBy: DecidedBy;
  vote?: VoteRule;
  /** For notices: how many days the notice stays up (objections are taken meanwhile). */
  noticeDays?: number;
  /** The two 公开: this notice publishes the topic's resolution or the outcome of carrying it out. */
  publishes?: 'resolution' | 'outcome';
}

export interface Procedure {
  code: string;
  name: string;
  nameEn: string;
  steps: ProcedureStep[];
}

/** 村民代表会议: ≥ 2/3 of its members present, a decision needs more than half of those present. */
const REPRESENTATIVES_RULE: VoteRule = {
  electorate: 'representatives',
  quorum: [2, 3],
  majority: [1, 2],
  base: 'present',
  secret: false,
  changeable: false,
};

export const PROCEDURES: Record<'four_two' | 'three_three' | 'five_step', Procedure> = {
  // 四议两公开
  four_two: {
    code: 'four_two',
    name: '四议两公开',
    nameEn: 'Four deliberations, two publications',
    steps: [
      {
        key: 'propose',
        name: '党组织提议',
        nameEn: 'The party organisation proposes',
        actor: 'party_branch',
        needs: [],
        decidedBy: 'record',
      },
      {
        key: 'discuss',
        name: '两委商议',
        nameEn: 'The two committees discuss',
        actor: 'two_committees',
        meetingKind: 'two_committees',
        needs: ['minutes', 'attendance'],
        decidedBy: 'record',
      },
      {
        key: 'review',
        name: '党员大会审议',
        nameEn: "The party members' meeting reviews",
        actor: 'party_members',
        meetingKind: 'party_members',
        needs: ['minutes', 'attendance'],
        decidedBy: 'record',
      },
      {
        key: 'resolve',
        name: '村民(代表)会议决议',
        nameEn: "The villagers' (representatives') meeting resolves",
        actor: 'representatives',
        meetingKind: 'representatives',
        needs: ['minutes', 'attendance', 'vote'],
        decidedBy: 'vote',
        vote: REPRESENTATIVES_RULE,
      },
      {
        key: 'publish_resolution',
        name: '决议公开',
        nameEn: 'Publish the resolution',
        actor: 'staff',
        needs: ['notice'],
        decidedBy: 'notice',
        noticeDays: 7,
        publishes: 'resolution',
      },
      {
        key: 'publish_outcome',
        name: '实施结果公开',
        nameEn: 'Publish the outcome',
        actor: 'staff',
        needs: ['notice'],
        decidedBy: 'notice',
        noticeDays: 7,
        publishes: 'outcome',
      },
    ],
  },
  // 三议三公开 (福田 民生微实事: 居民提议、商议、决议, each made public)
  three_three: {
    code: 'three_three',
    name: '三议三公开',
    nameEn: 'Three deliberations, three publications',
    steps: [
      {
        key: 'propose',
        name: '居民提议',
        nameEn: 'Residents propose',
        actor: 'residents',
        needs: [],
        decidedBy: 'record',
      },
      {
        key: 'publish_proposal',
        name: '提议公开',
        nameEn: 'Publish the proposal',
        actor: 'staff',
        needs: ['notice'],
        decidedBy: 'notice',
        noticeDays: 5,
      },
      {
        key: 'discuss',
        name: '议事会商议',
        nameEn: 'The council discusses',
        actor: 'council',
        meetingKind: 'council',
        needs: ['minutes', 'attendance'],
        decidedBy: 'record',
      },
      {
        key: 'resolve',
        name: '居民决议',
        nameEn: 'Residents decide',
        actor: 'residents',
        needs: ['vote'],
        decidedBy: 'vote',
        vote: {
          electorate: 'households',
          quorum: [0, 1],
          majority: [1, 2],
          base: 'cast',
          secret: true,
          changeable: false,
        },
      },
      {
        key: 'publish_resolution',
        name: '决议公开',
        nameEn: 'Publish the resolution',
        actor: 'staff',
        needs: ['notice'],
        decidedBy: 'notice',
        noticeDays: 7,
        publishes: 'resolution',
      },
      {
        key: 'publish_outcome',
        name: '实施结果公开',
        nameEn: 'Publish the outcome',
        actor: 'staff',
        needs: ['notice'],
        decidedBy: 'notice',
        noticeDays: 7,
        publishes: 'outcome',
      },
    ],
  },
  // 五步工作法: 民事民提—说事, 民事民议—议事, 民事民决—理事, 民事民办—办事, 民事民评—评事
  five_step: {
    code: 'five_step',
    name: '五步工作法',
    nameEn: 'Five-step method',
    steps: [
      {
        key: 'tell',
        name: '说事',
        nameEn: 'Residents raise the matter',
        actor: 'proposer',
        needs: [],
        decidedBy: 'record',
      },
      {
        key: 'discuss',
        name: '议事',
        nameEn: 'The council discusses',
        actor: 'council',
        meetingKind: 'council',
        needs: ['minutes', 'attendance'],
        decidedBy: 'record',
      },
      {
        key: 'decide',
        name: '理事',
        nameEn: 'The council decides',
        actor: 'council',
        meetingKind: 'council',
        needs: ['minutes', 'attendance', 'vote'],
        decidedBy: 'vote',
        vote: {
          electorate: 'members',
          quorum: [2, 3],
          majority: [1, 2],
          base: 'present',
          secret: false,
          changeable: false,
        },
      },
      {
        key: 'act',
        name: '办事',
        nameEn: 'Carry it out',
        actor: 'staff',
        needs: ['result'],
        decidedBy: 'record',
      },
      {
        key: 'evaluate',
        name: '评事',
        nameEn: 'Residents evaluate',
        actor: 'residents',
        needs: ['notice'],
        decidedBy: 'notice',
        noticeDays: 7,
        publishes: 'outcome',
      },
    ],
  },
};

export const PROCEDURE_CODES = Object.keys(PROCEDURES) as Array<keyof typeof PROCEDURES>;
export const DEFAULT_PROCEDURE_CODE = 'four_two';

/** A field of the procedure and what is wrong with it (a code of PROCEDURE_PROBLEMS). */
export interface ProcedureIssue {
  field: string;
  code: keyof typeof PROCEDURE_PROBLEMS;
}

/** Messages for ProcedureIssue codes ({f} is the field), in the shape the server's `invalid` takes. */
export const PROCEDURE_PROBLEMS = {
  CODE_INVALID: {
    'zh-CN': '{f}:程序代码应为小写字母、数字、下划线或连字符(最多 40 个)',
    en: '{f}: a code is lower-case letters, digits, _ or - (at most 40)',
  },
  NAME_INVALID: {
    'zh-CN': '{f}:名称不能为空,程序名称最多 40 个字,步骤名称最多 80 个字',
    en: '{f}: a name is not empty, at most 40 characters for a procedure, 80 for a step',
  },
  STEPS_EMPTY: { 'zh-CN': '{f}:程序至少要有一个步骤', en: '{f}: a procedure needs at least one step' },
  KEY_INVALID: {
    'zh-CN': '{f}:步骤标识应为小写字母开头的字母、数字或下划线',
    en: '{f}: a step key is lower-case letters, digits or _ starting with a letter',
  },
  KEY_DUPLICATE: { 'zh-CN': '{f}:步骤标识重复', en: '{f}: the step key is used twice' },
  ACTOR_UNKNOWN: { 'zh-CN': '{f}:未知的执行主体', en: '{f}: unknown actor' },
  MEETING_KIND_UNKNOWN: { 'zh-CN': '{f}:未知的会议类型', en: '{f}: unknown meeting kind' },
  RECORD_UNKNOWN: { 'zh-CN': '{f}:未知的记录类型', en: '{f}: unknown record' },
  RECORD_DUPLICATE: { 'zh-CN': '{f}:记录类型重复', en: '{f}: the record is listed twice' },
  DECIDED_BY_UNKNOWN: { 'zh-CN': '{f}:应为 record、vote 或 notice', en: '{f}: record, vote or notice' },
  VOTE_RULE_MISSING: { 'zh-CN': '{f}:表决步骤缺少表决规则', en: '{f}: a vote step needs a vote rule' },
  VOTE_RULE_UNUSED: { 'zh-CN': '{f}:非表决步骤不应有表决规则', en: '{f}: only a vote step has a vote rule' },
  VOTE_RECORD_MISSING: { 'zh-CN': '{f}:表决步骤须包含 vote 记录', en: '{f}: a vote step needs the vote record' },
  NOTICE_RECORD_MISSING: {
    'zh-CN': '{f}:公示步骤须包含 notice 记录',
    en: '{f}: a notice step needs the notice record',
  },
  ELECTORATE_UNKNOWN: { 'zh-CN': '{f}:未知的表决范围', en: '{f}: unknown electorate' },
  PRESENT_NEEDS_MEETING: {
    'zh-CN': '{f}:到会人员表决须指定会议类型',
    en: '{f}: a vote of those present needs a meeting kind',
  },
  FRACTION_INVALID: {
    'zh-CN': '{f}:比例应为整数 [分子, 分母],分母大于 0,比例不超过 1(过半数比例小于 1)',
    en: '{f}: a fraction is whole numbers [numerator, denominator], denominator > 0, at most 1 (a majority below 1)',
  },
  BASE_UNKNOWN: { 'zh-CN': '{f}:应为 cast、present 或 electorate', en: '{f}: cast, present or electorate' },
  FLAG_INVALID: { 'zh-CN': '{f}:应为 true 或 false', en: '{f}: true or false' },
  NOTICE_DAYS_INVALID: { 'zh-CN': '{f}:公示天数应为 0–365 的整数', en: '{f}: notice days are a whole number 0–365' },
  PUBLISH_UNKNOWN: { 'zh-CN': '{f}:应为 resolution 或 outcome', en: '{f}: resolution or outcome' },
  PUBLISH_NOT_NOTICE: { 'zh-CN': '{f}:公开步骤须以公示完成', en: '{f}: a publication step is a notice' },
  PUBLISH_DUPLICATE: { 'zh-CN': '{f}:同一内容只能公开一次', en: '{f}: each is published once' },
  PUBLISH_FIRST: { 'zh-CN': '{f}:第一步不能是公开', en: '{f}: the first step cannot be a publication' },
  PUBLISH_BEFORE_DECISION: {
    'zh-CN': '{f}:决议须在作出之后公开,实施结果须在决议公开之后公开',
    en: '{f}: the resolution is published after it is made, the outcome after the resolution',
  },
} as const;

const CODE_SHAPE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const KEY_SHAPE = /^[a-z][a-z0-9_]{0,39}$/;

/** A procedure's name fits its column (40); a step's name may be longer (80). */
function nameOk(s: unknown, max = 40): boolean {
  return typeof s === 'string' && s.trim().length > 0 && [...s].length <= max;
}

/** A sane fraction: whole numbers, 0 ≤ num ≤ den (strictly below den when `belowOne`), den > 0. */
export function isFraction(f: unknown, belowOne = false): f is Fraction {
  if (!Array.isArray(f) || f.length !== 2) return false;
  const [n, d] = f;
  if (!Number.isInteger(n) || !Number.isInteger(d)) return false;
  return d > 0 && n >= 0 && (belowOne ? n < d : n <= d);
}

/** Problems with a vote rule, fields prefixed by `at` (e.g. 'steps[3].vote'). */
export function validateVoteRule(rule: VoteRule, at: string): ProcedureIssue[] {
  const issues: ProcedureIssue[] = [];
  if (!ELECTORATES.includes(rule.electorate)) issues.push({ field: `${at}.electorate`, code: 'ELECTORATE_UNKNOWN' });
  if (!isFraction(rule.quorum)) issues.push({ field: `${at}.quorum`, code: 'FRACTION_INVALID' });
  if (!isFraction(rule.majority, true)) issues.push({ field: `${at}.majority`, code: 'FRACTION_INVALID' });
  if (!MAJORITY_BASES.includes(rule.base)) issues.push({ field: `${at}.base`, code: 'BASE_UNKNOWN' });
  if (typeof rule.secret !== 'boolean') issues.push({ field: `${at}.secret`, code: 'FLAG_INVALID' });
  if (typeof rule.changeable !== 'boolean') issues.push({ field: `${at}.changeable`, code: 'FLAG_INVALID' });
  return issues;
}

/**
 * Every problem with a procedure, each naming its field ('steps[2].vote.quorum'): steps non-empty,
 * keys well-formed and unique, known actors, meetings and records, a 'vote' step needs the vote
 * record and a sane rule, a 'notice' step the notice record, publication steps are notices, each of
 * the two 公开 at most once and in order after the decision. Empty when the procedure is sound.
 */
export function validateProcedure(p: Procedure): ProcedureIssue[] {
  const issues: ProcedureIssue[] = [];
  if (typeof p.code !== 'string' || !CODE_SHAPE.test(p.code)) issues.push({ field: 'code', code: 'CODE_INVALID' });
  if (!nameOk(p.name)) issues.push({ field: 'name', code: 'NAME_INVALID' });
  if (!nameOk(p.nameEn)) issues.push({ field: 'nameEn', code: 'NAME_INVALID' });
  if (!Array.isArray(p.steps) || p.steps.length === 0) {
    issues.push({ field: 'steps', code: 'STEPS_EMPTY' });
    return issues;
  }
  const keys = new Set<string>();
  const published = new Map<string, number>();
  p.steps.forEach((s, i) => {
    const at = `steps[${i}]`;
    if (typeof s.key !== 'string' || !KEY_SHAPE.test(s.key)) issues.push({ field: `${at}.key`, code: 'KEY_INVALID' });
    else if (keys.has(s.key)) issues.push({ field: `${at}.key`, code: 'KEY_DUPLICATE' });
    else keys.add(s.key);
    if (!nameOk(s.name, 80)) issues.push({ field: `${at}.name`, code: 'NAME_INVALID' });
    if (!nameOk(s.nameEn, 80)) issues.push({ field: `${at}.nameEn`, code: 'NAME_INVALID' });
    if (!STEP_ACTORS.includes(s.actor)) issues.push({ field: `${at}.actor`, code: 'ACTOR_UNKNOWN' });
    if (s.meetingKind !== undefined && !MEETING_KINDS.includes(s.meetingKind))
      issues.push({ field: `${at}.meetingKind`, code: 'MEETING_KIND_UNKNOWN' });
    const needs = Array.isArray(s.needs) ? s.needs : [];
    if (!Array.isArray(s.needs)) issues.push({ field: `${at}.needs`, code: 'RECORD_UNKNOWN' });
    const seen = new Set<string>();
    needs.forEach((r, j) => {
      if (!STEP_RECORDS.includes(r)) issues.push({ field: `${at}.needs[${j}]`, code: 'RECORD_UNKNOWN' });
      else if (seen.has(r)) issues.push({ field: `${at}.needs[${j}]`, code: 'RECORD_DUPLICATE' });
      seen.add(r);
    });
    if (!DECIDED_BY.includes(s.decidedBy)) issues.push({ field: `${at}.decidedBy`, code: 'DECIDED_BY_UNKNOWN' });
    if (s.decidedBy === 'vote') {
      if (!needs.includes('vote')) issues.push({ field: `${at}.needs`, code: 'VOTE_RECORD_MISSING' });
      if (s.vote === undefined) issues.push({ field: `${at}.vote`, code: 'VOTE_RULE_MISSING' });
    } else if (s.vote !== undefined) {
      issues.push({ field: `${at}.vote`, code: 'VOTE_RULE_UNUSED' });
    }
    if (s.vote !== undefined) {
      issues.push(...validateVoteRule(s.vote, `${at}.vote`));
      if (s.vote.electorate === 'present' && s.meetingKind === undefined)
        issues.push({ field: `${at}.meetingKind`, code: 'PRESENT_NEEDS_MEETING' });
    }
    if (s.decidedBy === 'notice' && !needs.includes('notice'))
      issues.push({ field: `${at}.needs`, code: 'NOTICE_RECORD_MISSING' });
    if (s.noticeDays !== undefined && !(Number.isInteger(s.noticeDays) && s.noticeDays >= 0 && s.noticeDays <= 365))
      issues.push({ field: `${at}.noticeDays`, code: 'NOTICE_DAYS_INVALID' });
    if (s.publishes !== undefined) {
      if (s.publishes !== 'resolution' && s.publishes !== 'outcome')
        issues.push({ field: `${at}.publishes`, code: 'PUBLISH_UNKNOWN' });
      else if (published.has(s.publishes)) issues.push({ field: `${at}.publishes`, code: 'PUBLISH_DUPLICATE' });
      else published.set(s.publishes, i);
      if (s.decidedBy !== 'notice') issues.push({ field: `${at}.decidedBy`, code: 'PUBLISH_NOT_NOTICE' });
      if (i === 0) issues.push({ field: `${at}.publishes`, code: 'PUBLISH_FIRST' });
    }
  });
  const decision = decisionStepIndex(p.steps);
  const res = published.get('resolution');
  const out = published.get('outcome');
  if (res !== undefined && res <= decision)
    issues.push({ field: `steps[${res}].publishes`, code: 'PUBLISH_BEFORE_DECISION' });
  if (out !== undefined && (out <= decision || (res !== undefined && out < res)))
    issues.push({ field: `steps[${out}].publishes`, code: 'PUBLISH_BEFORE_DECISION' });
  return issues;
}

/**
 * The step after which a topic is decided: the last 'vote' step; for a procedure without one, the
 * step before its first publication step; with neither, the last step.
 */
export function decisionStepIndex(steps: readonly ProcedureStep[]): number {
  for (let i = steps.length - 1; i >= 0; i--) if (steps[i]?.decidedBy === 'vote') return i;
  const firstPublication = steps.findIndex((s) => s.publishes !== undefined);
  if (firstPublication > 0) return firstPublication - 1;
  return steps.length - 1;
}

/** The records a step needs: its `needs`, plus what its `decidedBy` implies (a vote, a notice). */
export function recordsNeeded(step: ProcedureStep): StepRecord[] {
  const needs = [...step.needs];
  if (step.decidedBy === 'vote' && !needs.includes('vote')) needs.push('vote');
  if (step.decidedBy === 'notice' && !needs.includes('notice')) needs.push('notice');
  return needs;
}

/** What the server found for the step being completed. */
export interface StepFacts {
  /** the step's meeting was held and its minutes written */
  minutes?: boolean;
  /** the step's meeting's attendance: called and signed in */
  attendance?: { called: number; present: number };
  /** the vote held on this topic at this step, and its verdict */
  vote?: { closed: boolean; quorumMet: boolean; passed: boolean };
  /** the public notice: its text and how many days it stays up */
  notice?: { text: string; days: number };
  /** the written result of carrying the decision out */
  result?: string;
}

/** A vote's bearing on its step: closed yet, quorum met, passed. */
export function voteFacts(vote: {
  status: string;
  result?: { quorumMet?: boolean; passed?: boolean } | null;
}): NonNullable<StepFacts['vote']> {
  return {
    closed: vote.status === 'closed',
    quorumMet: vote.result?.quorumMet === true,
    passed: vote.result?.passed === true,
  };
}

/**
 * What a step's notice says and how long it stays up: a publication step (the two 公开) posts
 * the resolution or the outcome it publishes, else the notice text given; the days default to
 * the step's.
 */
export function stepNotice(
  step: Pick<ProcedureStep, 'publishes' | 'noticeDays'>,
  given: { notice?: string; resolution?: string; outcome?: string; noticeDays?: number },
): { text: string | undefined; days: number } {
  const text =
    step.publishes === 'resolution'
      ? (given.resolution ?? given.notice)
      : step.publishes === 'outcome'
        ? (given.outcome ?? given.notice)
        : given.notice;
  return { text, days: given.noticeDays ?? step.noticeDays ?? 0 };
}

export type CompleteStepResult =
  | { ok: true; next: number | null; decided: boolean; rejected: boolean }
  | { ok: false; reason: 'skipped' | 'finished' | 'missing' | 'vote_open'; missing?: StepRecord[] };

/** Whether the facts hold one record; a notice counts only with text and at least the step's days. */
function hasRecord(step: ProcedureStep, facts: StepFacts, record: StepRecord): boolean {
  switch (record) {
    case 'minutes':
      return facts.minutes === true;
    case 'attendance':
      return facts.attendance !== undefined && facts.attendance.present > 0;
    case 'vote':
      return facts.vote !== undefined;
    case 'notice':
      return (
        facts.notice !== undefined && facts.notice.text.trim().length > 0 && facts.notice.days >= (step.noticeDays ?? 0)
      );
    case 'result':
      return facts.result !== undefined && facts.result.trim().length > 0;
  }
}

/**
 * Completes step `index` of a topic whose current step is `current`, given the facts the server
 * gathered. Refused when the procedure is finished (`current` past the last step), when `index` is
 * not the current step (no skipping, no redoing), when a needed record is missing (all missing
 * ones listed, in the step's order), or when the step's vote is still open. A closed deciding vote
 * that missed its quorum or did not pass ends the topic: `rejected`, `next` null. Otherwise `next`
 * is the following step's index (null when this was the last: the topic is done) and `decided`
 * says this was the step after which the topic is decided (see decisionStepIndex).
 */
export function completeStep(
  steps: readonly ProcedureStep[],
  current: number,
  index: number,
  facts: StepFacts,
): CompleteStepResult {
  if (current >= steps.length) return { ok: false, reason: 'finished' };
  if (index !== current) return { ok: false, reason: 'skipped' };
  const step = steps[index] as ProcedureStep;
  const missing = recordsNeeded(step).filter((r) => !hasRecord(step, facts, r));
  if (missing.length > 0) return { ok: false, reason: 'missing', missing };
  if (facts.vote !== undefined && recordsNeeded(step).includes('vote') && !facts.vote.closed)
    return { ok: false, reason: 'vote_open' };
  if (step.decidedBy === 'vote' && facts.vote !== undefined && !(facts.vote.quorumMet && facts.vote.passed))
    return { ok: true, next: null, decided: false, rejected: true };
  const next = index + 1 < steps.length ? index + 1 : null;
  return { ok: true, next, decided: index === decisionStepIndex(steps), rejected: false };
}

export const TOPIC_STATUSES = ['proposed', 'open', 'decided', 'done', 'rejected', 'withdrawn'] as const;
export type TopicStatus = (typeof TOPIC_STATUSES)[number];

/** A topic's status after one of its steps was completed (a refused completion changes nothing). */
export function topicStatusAfter(status: TopicStatus, result: CompleteStepResult): TopicStatus {
  if (!result.ok) return status;
  if (result.rejected) return 'rejected';
  if (result.next === null) return 'done';
  if (result.decided) return 'decided';
  return status;
}

/** The commands that move a topic outside the step engine. */
export const TOPIC_COMMANDS = ['start', 'reject', 'withdraw'] as const;
export type TopicCommand = (typeof TOPIC_COMMANDS)[number];

const TOPIC_TRANSITIONS: Record<TopicStatus, Partial<Record<TopicCommand, TopicStatus>>> = {
  // staff take a proposal up (it gets a procedure), or turn it down; the proposer may withdraw it
  proposed: { start: 'open', reject: 'rejected', withdraw: 'withdrawn' },
  // under way: staff may still stop it with a reason; the proposer may withdraw until decided
  open: { reject: 'rejected', withdraw: 'withdrawn' },
  decided: {},
  done: {},
  rejected: {},
  withdrawn: {},
};

/** The status a command leads to, or null when the topic's status does not allow it. */
export function topicTransition(status: TopicStatus, command: TopicCommand): TopicStatus | null {
  return TOPIC_TRANSITIONS[status][command] ?? null;
}

export type StepState = 'done' | 'current' | 'waiting';

/**
 * Each step's state for display: before `current` done, `current` is current while the topic is
 * open or decided; a rejected or withdrawn topic has no current step (the rest wait for ever).
 */
export function stepStates(steps: readonly ProcedureStep[], current: number, status: TopicStatus): StepState[] {
  const live = status === 'open' || status === 'decided';
  return steps.map((_, i) => (i < current ? 'done' : i === current && live ? 'current' : 'waiting'));
}

/** A fresh, deep copy of a procedure's steps for a topic (a topic never shares them). */
export function copySteps(p: Procedure): ProcedureStep[] {
  return JSON.parse(JSON.stringify(p.steps)) as ProcedureStep[];
}
