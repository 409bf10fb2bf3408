/**
 * Votes (表决): what a valid ballot is for each style, the tally, the verdict against a rule of
 * quorum and majority (with the rule in words, as it is read out and posted), the default rules per
 * electorate, and the receipts of secret ballots.
 *
 * Quorum is "at least" (≥ 2/3 of the electorate take part), majority is "more than" (> 1/2 of the
 * base approve) — the wording of the Village Committee Organisation Law (三分之二以上…过半数同意).
 * Abstentions are counted in the base: an abstention is not an approval.
 *
 * A secret ballot keeps no voter: the voter gets a receipt token once, the server keeps only its
 * SHA-256 with the ballot, and anyone holding the token can find and check their ballot.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Electorate, Fraction, MajorityBase, VoteRule } from './procedures.ts';

export const VOTE_STYLES = ['motion', 'choice', 'approval', 'knapsack'] as const;
/**
 * 'motion': approve / oppose / abstain; 'choice': one of the options; 'approval': up to maxChoices
 * options; 'knapsack': options whose total cost stays within the budget (民生微实事).
 */
export type VoteStyle = (typeof VOTE_STYLES)[number];

export const MOTION_OPTIONS = ['approve', 'oppose', 'abstain'] as const;
export type MotionOption = (typeof MOTION_OPTIONS)[number];

export const MOTION_OPTION_NAMES: Record<MotionOption, { zh: string; en: string }> = {
  approve: { zh: '赞成', en: 'Approve' },
  oppose: { zh: '反对', en: 'Oppose' },
  abstain: { zh: '弃权', en: 'Abstain' },
};

export interface VoteOption {
  key: string;
  label?: string;
  costCents?: number | null;
}

/** What a ballot is checked against (the vote row's columns). */
export interface BallotShape {
  style: VoteStyle;
  options?: readonly VoteOption[] | null;
  maxChoices?: number | null;
  minChoices?: number | null;
  budgetCents?: number | null;
}

export interface VoteIssue {
  field: string;
  code: keyof typeof VOTE_PROBLEMS;
}

/** Messages for VoteIssue codes ({f} is the field), in the shape the server's `invalid` takes. */
export const VOTE_PROBLEMS = {
  CHOICE_UNKNOWN: { 'zh-CN': '{f}:没有这个选项', en: '{f}: no such option' },
  CHOICE_DUPLICATE: { 'zh-CN': '{f}:同一选项选了两次', en: '{f}: the option is chosen twice' },
  CHOICE_TOO_MANY: { 'zh-CN': '{f}:选择的选项过多', en: '{f}: too many options chosen' },
  CHOICE_TOO_FEW: { 'zh-CN': '{f}:选择的选项过少', en: '{f}: too few options chosen' },
  CHOICE_OVER_BUDGET: {
    'zh-CN': '{f}:所选项目的金额合计超出预算',
    en: '{f}: the chosen projects cost more than the budget',
  },
  OPTIONS_MISSING: { 'zh-CN': '{f}:至少需要两个选项', en: '{f}: at least two options are needed' },
  OPTIONS_UNUSED: {
    'zh-CN': '{f}:议案表决的选项固定为赞成、反对、弃权',
    en: '{f}: a motion is approve, oppose, abstain',
  },
  OPTION_KEY_INVALID: {
    'zh-CN': '{f}:选项标识应为 1–40 个字母、数字、下划线或连字符',
    en: '{f}: an option key is 1–40 letters, digits, _ or -',
  },
  OPTION_KEY_DUPLICATE: { 'zh-CN': '{f}:选项标识重复', en: '{f}: the option key is used twice' },
  OPTION_COST_INVALID: {
    'zh-CN': '{f}:每个项目须有大于 0 的金额(分)',
    en: '{f}: each project needs a cost above 0 (cents)',
  },
  BUDGET_INVALID: { 'zh-CN': '{f}:预算须为大于 0 的金额(分)', en: '{f}: the budget is an amount above 0 (cents)' },
  CHOICES_RANGE_INVALID: {
    'zh-CN': '{f}:最少/最多可选数不合理',
    en: '{f}: the least/most options a voter may choose do not fit',
  },
} as const;

const OPTION_KEY_SHAPE = /^[A-Za-z0-9_-]{1,40}$/;

/** The option keys of a vote: the motion's three, or the vote's own. */
export function optionKeys(style: VoteStyle, options?: readonly VoteOption[] | null): string[] {
  return style === 'motion' ? [...MOTION_OPTIONS] : (options ?? []).map((o) => o.key);
}

/** The least and most options a ballot may hold. */
export function choiceBounds(vote: BallotShape): { min: number; max: number } {
  if (vote.style === 'motion' || vote.style === 'choice') return { min: 1, max: 1 };
  const n = (vote.options ?? []).length;
  return { min: Math.max(1, vote.minChoices ?? 0), max: Math.min(n, vote.maxChoices ?? n) };
}

/**
 * Problems with a vote's set-up (before it opens): a motion has no options of its own; the others
 * at least two options with unique keys; knapsack options each cost something and the vote has a
 * budget; the least/most choices fit the options.
 */
export function validateVoteSetup(vote: BallotShape): VoteIssue[] {
  const issues: VoteIssue[] = [];
  if (vote.style === 'motion') {
    if (vote.options && vote.options.length > 0) issues.push({ field: 'options', code: 'OPTIONS_UNUSED' });
    return issues;
  }
  const options = vote.options ?? [];
  if (options.length < 2) issues.push({ field: 'options', code: 'OPTIONS_MISSING' });
  const keys = new Set<string>();
  options.forEach((o, i) => {
    if (typeof o.key !== 'string' || !OPTION_KEY_SHAPE.test(o.key))
      issues.push({ field: `options[${i}].key`, code: 'OPTION_KEY_INVALID' });
    else if (keys.has(o.key)) issues.push({ field: `options[${i}].key`, code: 'OPTION_KEY_DUPLICATE' });
    keys.add(o.key);
    if (vote.style === 'knapsack' && !(Number.isSafeInteger(o.costCents) && (o.costCents as number) > 0))
      issues.push({ field: `options[${i}].costCents`, code: 'OPTION_COST_INVALID' });
  });
  if (vote.style === 'knapsack' && !(Number.isSafeInteger(vote.budgetCents) && (vote.budgetCents as number) > 0))
    issues.push({ field: 'budgetCents', code: 'BUDGET_INVALID' });
  const badMax = vote.maxChoices != null && (!Number.isInteger(vote.maxChoices) || vote.maxChoices < 1);
  const badMin = vote.minChoices != null && (!Number.isInteger(vote.minChoices) || vote.minChoices < 0);
  if (badMax) issues.push({ field: 'maxChoices', code: 'CHOICES_RANGE_INVALID' });
  if (badMin) issues.push({ field: 'minChoices', code: 'CHOICES_RANGE_INVALID' });
  if (!badMax && !badMin && vote.style !== 'choice' && options.length >= 2) {
    const { min, max } = choiceBounds(vote);
    if (min > max) issues.push({ field: 'minChoices', code: 'CHOICES_RANGE_INVALID' });
  }
  return issues;
}

/**
 * Problems with one ballot's choice, each naming `choice` (or `choice[i]` for one entry): an
 * unknown key, a key twice, too many or too few, and for knapsack a total over the budget.
 */
export function validateChoice(vote: BallotShape, choice: readonly string[]): VoteIssue[] {
  const issues: VoteIssue[] = [];
  const keys = optionKeys(vote.style, vote.options);
  const seen = new Set<string>();
  choice.forEach((k, i) => {
    if (!keys.includes(k)) issues.push({ field: `choice[${i}]`, code: 'CHOICE_UNKNOWN' });
    else if (seen.has(k)) issues.push({ field: `choice[${i}]`, code: 'CHOICE_DUPLICATE' });
    seen.add(k);
  });
  const { min, max } = choiceBounds(vote);
  if (choice.length > max) issues.push({ field: 'choice', code: 'CHOICE_TOO_MANY' });
  if (choice.length < min) issues.push({ field: 'choice', code: 'CHOICE_TOO_FEW' });
  if (vote.style === 'knapsack' && vote.budgetCents != null) {
    const cost = new Map((vote.options ?? []).map((o) => [o.key, o.costCents ?? 0]));
    const total = [...seen].reduce((sum, k) => sum + (cost.get(k) ?? 0), 0);
    if (total > vote.budgetCents) issues.push({ field: 'choice', code: 'CHOICE_OVER_BUDGET' });
  }
  return issues;
}

/**
 * The count per option key over accepted ballots: every key starts at 0, a key counts once per
 * ballot, keys that are not options are ignored (ballots were validated when cast).
 */
export function tally(
  style: VoteStyle,
  options: readonly VoteOption[] | null | undefined,
  choices: readonly (readonly string[])[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of optionKeys(style, options)) counts[k] = 0;
  for (const ballot of choices) {
    for (const k of new Set(ballot)) if (Object.hasOwn(counts, k)) counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

export interface VerdictInput {
  style: VoteStyle;
  rule: Pick<VoteRule, 'quorum' | 'majority' | 'base'>;
  /** on the roll (应到) */
  eligible: number;
  /** signed in at the meeting (实到); null when the vote is not taken at a meeting (then: cast) */
  present?: number | null;
  /** ballots cast */
  cast: number;
  counts: Record<string, number>;
}

export interface Verdict {
  quorumMet: boolean;
  passed: boolean;
  /** approvals: 'approve' for a motion, the leader's votes for 'choice', ballots cast otherwise */
  approve: number;
  /** the count the majority is measured against */
  base: number;
  /** the fewest approvals that pass (more than majority × base); 0 for approval and knapsack */
  needed: number;
  /** those taking part: present when given, else cast */
  participating: number;
  /** the fewest taking part that meet the quorum */
  quorumNeeded: number;
  /** participating / eligible (0 when no one is eligible) */
  turnout: number;
  /** for 'choice': the option with the most votes, null on a tie at the top or no votes */
  winner?: string | null;
}

/** The fewest n with n × den ≥ num × of (at least the share). */
export function atLeast([num, den]: Fraction, of: number): number {
  return Math.ceil((num * of) / den);
}

/** The fewest n with n × den > num × of (more than the share). */
export function moreThan([num, den]: Fraction, of: number): number {
  return Math.floor((num * of) / den) + 1;
}

/**
 * The result of a closed vote. The quorum is met when those taking part are at least the quorum
 * share of the eligible. A motion passes with the quorum met and more than the majority share of
 * the base approving (abstentions count in the base). A 'choice' passes the same way for its
 * single leader; a tie at the top passes nothing. Approval and knapsack votes rank options (see
 * budget.ts) and "pass" when the quorum is met.
 */
export function verdict(input: VerdictInput): Verdict {
  const { rule, eligible, cast, counts } = input;
  const participating = input.present ?? cast;
  const quorumNeeded = atLeast(rule.quorum, eligible);
  const quorumMet = participating >= quorumNeeded;
  const base = rule.base === 'cast' ? cast : rule.base === 'present' ? participating : eligible;
  const turnout = eligible > 0 ? participating / eligible : 0;
  const common = { quorumMet, base, participating, quorumNeeded, turnout };
  if (input.style === 'motion') {
    const approve = counts.approve ?? 0;
    const needed = moreThan(rule.majority, base);
    return { ...common, approve, needed, passed: quorumMet && approve >= needed };
  }
  if (input.style === 'choice') {
    const ranked = Object.entries(counts).sort((a, b) => b[1] - a[1]);
    const [first, second] = ranked;
    const approve = first?.[1] ?? 0;
    const winner = first && approve > 0 && (second === undefined || second[1] < approve) ? first[0] : null;
    const needed = moreThan(rule.majority, base);
    return { ...common, approve, needed, winner, passed: quorumMet && winner !== null && approve >= needed };
  }
  return { ...common, approve: cast, needed: 0, passed: quorumMet };
}

/** Default rules per electorate; a procedure step or a budget may set its own. */
export const DEFAULT_RULES: Record<Electorate, VoteRule> = {
  // a show of hands among those signed in at the meeting: more than half of them
  present: {
    electorate: 'present',
    quorum: [0, 1],
    majority: [1, 2],
    base: 'present',
    secret: false,
    changeable: false,
  },
  // the council: two thirds of its members take part, more than half of those present approve
  members: {
    electorate: 'members',
    quorum: [2, 3],
    majority: [1, 2],
    base: 'present',
    secret: false,
    changeable: false,
  },
  // 村民代表会议 (村委会组织法 第二十六条): ≥ 2/3 of the representatives, > 1/2 of those present
  representatives: {
    electorate: 'representatives',
    quorum: [2, 3],
    majority: [1, 2],
    base: 'present',
    secret: false,
    changeable: false,
  },
  // 党员大会 (支部工作条例): half the members with a vote present, more than half of all approve
  party_members: {
    electorate: 'party_members',
    quorum: [1, 2],
    majority: [1, 2],
    base: 'electorate',
    secret: false,
    changeable: false,
  },
  // one ballot per household, cast on the phone: more than half of the ballots cast
  households: {
    electorate: 'households',
    quorum: [0, 1],
    majority: [1, 2],
    base: 'cast',
    secret: true,
    changeable: false,
  },
  // every adult resident: more than half of the ballots cast
  residents: {
    electorate: 'residents',
    quorum: [0, 1],
    majority: [1, 2],
    base: 'cast',
    secret: true,
    changeable: false,
  },
};

/** The figures of a vote to state with its rule. */
export interface RuleFigures {
  eligible: number;
  present?: number | null;
  cast: number;
  approve?: number;
  style?: VoteStyle;
}

const BASE_WORDS: Record<MajorityBase, { zh: string; en: string }> = {
  cast: { zh: '投票', en: 'of ballots cast' },
  present: { zh: '实到', en: 'of those present' },
  electorate: { zh: '应到', en: 'of the electorate' },
};

function frac([n, d]: Fraction): string {
  return `${n}/${d}`;
}

/**
 * The rule in words. Without figures: 到会不少于应到的 2/3，赞成超过实到的 1/2. With figures, as
 * posted after the vote: 应到 30 人，实到 24 人（≥ 2/3），赞成 15 票（> 1/2 实到）. A household
 * electorate counts 户; a zero quorum is not mentioned.
 */
export function ruleText(
  rule: Pick<VoteRule, 'quorum' | 'majority' | 'base'> & { electorate?: Electorate },
  locale: 'zh' | 'en',
  figures?: RuleFigures,
): string {
  const households = rule.electorate === 'households';
  const hasQuorum = rule.quorum[0] > 0;
  const atMeeting = figures ? figures.present != null : rule.base === 'present';
  const base = BASE_WORDS[rule.base];
  const leader = figures?.style === 'choice';
  if (locale === 'zh') {
    const unit = households ? '户' : '人';
    if (!figures) {
      const q = hasQuorum ? `${atMeeting ? '到会' : '参加投票'}不少于应到的 ${frac(rule.quorum)}，` : '';
      return `${q}${leader ? '得票' : '赞成'}超过${base.zh}${rule.base === 'cast' ? '数' : ''}的 ${frac(rule.majority)}`;
    }
    const part = figures.present ?? figures.cast;
    const partWord = figures.present != null ? '实到' : '投票';
    const q = hasQuorum ? `（≥ ${frac(rule.quorum)}）` : '';
    const a = figures.approve === undefined ? '' : `，${leader ? '最高得票' : '赞成'} ${figures.approve} 票`;
    const m = figures.approve === undefined ? '' : `（> ${frac(rule.majority)} ${base.zh}）`;
    return `应到 ${figures.eligible} ${unit}，${partWord} ${part} ${unit}${q}${a}${m}`;
  }
  const unit = households ? 'households' : 'people';
  if (!figures) {
    const q = hasQuorum ? `at least ${frac(rule.quorum)} of the electorate ${atMeeting ? 'present' : 'voting'}; ` : '';
    return `${q}more than ${frac(rule.majority)} ${base.en} ${leader ? 'for the winner' : 'approve'}`;
  }
  const part = figures.present ?? figures.cast;
  const partWord = figures.present != null ? 'present' : 'voted';
  const q = hasQuorum ? ` (≥ ${frac(rule.quorum)})` : '';
  const a =
    figures.approve === undefined
      ? ''
      : `, ${figures.approve} ${leader ? 'for the leader' : 'approve'} (> ${frac(rule.majority)} ${base.en})`;
  return `${figures.eligible} ${unit} eligible, ${part} ${partWord}${q}${a}`;
}

// ── receipts of secret ballots ──

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT_PREFIX = 'GZV';
/** 15 random bytes = 120 bits = 24 characters in six groups of four. */
export const RECEIPT_RANDOM_BYTES = 15;
const RECEIPT_SHAPE = /^GZV(-[0-9A-HJKMNP-TV-Z]{4}){6}$/;

/** Bytes as Crockford base32 (big-endian bits, the last group zero-padded). */
export function crockfordBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * A new receipt token from at least 15 random bytes (crypto.getRandomValues on the server):
 * 'GZV-7K2M-Q9TD-…', six groups of four Crockford characters, easy to read out and copy.
 */
export function newReceiptToken(randomBytes: Uint8Array): string {
  if (randomBytes.length < RECEIPT_RANDOM_BYTES) throw new RangeError(`need ${RECEIPT_RANDOM_BYTES} random bytes`);
  const chars = crockfordBase32(randomBytes.subarray(0, RECEIPT_RANDOM_BYTES));
  return [RECEIPT_PREFIX, ...(chars.match(/.{4}/g) as string[])].join('-');
}

/** A well-formed receipt token in its canonical form. */
export function isReceiptToken(s: string): boolean {
  return RECEIPT_SHAPE.test(s);
}

/**
 * A token as someone typed it: spaces trimmed, lower case raised, O read as 0 and I or L as 1
 * (Crockford's rule), dashes optional. The canonical form, or null.
 */
export function parseReceiptToken(input: string): string | null {
  const s = input.trim().toUpperCase().replace(/[\s-]/g, '');
  if (!s.startsWith(RECEIPT_PREFIX)) return null;
  const body = s.slice(RECEIPT_PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (body.length !== 24) return null;
  const canonical = [RECEIPT_PREFIX, ...(body.match(/.{4}/g) as string[])].join('-');
  return isReceiptToken(canonical) ? canonical : null;
}

/**
 * The hex SHA-256 kept with a secret ballot. The token is read as typed first (parseReceiptToken),
 * so 'gzv-7k2m…' and 'GZV-7K2M…' find the same ballot; anything else is hashed as it is.
 */
export function receiptHash(token: string): string {
  return sha256Hex(parseReceiptToken(token) ?? token);
}

/** Hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
