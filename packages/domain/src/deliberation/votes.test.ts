import { describe, expect, it } from 'vitest';
import { ELECTORATES, type VoteRule, validateVoteRule } from './procedures.ts';
import {
  atLeast,
  type BallotShape,
  choiceBounds,
  crockfordBase32,
  DEFAULT_RULES,
  isReceiptToken,
  MOTION_OPTION_NAMES,
  MOTION_OPTIONS,
  moreThan,
  newReceiptToken,
  parseReceiptToken,
  receiptHash,
  ruleText,
  sha256Hex,
  tally,
  VOTE_PROBLEMS,
  validateChoice,
  validateVoteSetup,
  verdict,
} from './votes.ts';

type Rule = Pick<VoteRule, 'quorum' | 'majority' | 'base'>;

const issues = (vote: BallotShape, choice: string[]) => validateChoice(vote, choice).map((i) => `${i.field} ${i.code}`);

const plans = [
  { key: 'plan_a', label: '方案一:按户籍年限排序' },
  { key: 'plan_b', label: '方案二:公开抽签' },
  { key: 'plan_c', label: '方案三:按家庭人口排序' },
];
const projects = [
  { key: 'lamps', label: '小区路灯更换', costCents: 12_000_000 },
  { key: 'ramp', label: '无障碍坡道', costCents: 8_000_000 },
  { key: 'bench', label: '休闲座椅', costCents: 3_000_000 },
  { key: 'library', label: '社区书屋', costCents: 15_000_000 },
];

describe('validateChoice', () => {
  const motion: BallotShape = { style: 'motion' };
  it('a motion takes exactly one of approve, oppose, abstain', () => {
    for (const k of MOTION_OPTIONS) expect(issues(motion, [k])).toEqual([]);
    expect(issues(motion, [])).toEqual(['choice CHOICE_TOO_FEW']);
    expect(issues(motion, ['approve', 'oppose'])).toEqual(['choice CHOICE_TOO_MANY']);
    expect(issues(motion, ['yes'])).toEqual(['choice[0] CHOICE_UNKNOWN']);
    expect(issues(motion, ['approve', 'approve'])).toEqual(['choice[1] CHOICE_DUPLICATE', 'choice CHOICE_TOO_MANY']);
  });

  it('a choice takes exactly one option', () => {
    const vote: BallotShape = { style: 'choice', options: plans };
    expect(issues(vote, ['plan_b'])).toEqual([]);
    expect(issues(vote, ['approve'])).toEqual(['choice[0] CHOICE_UNKNOWN']);
    expect(issues(vote, ['plan_a', 'plan_b'])).toEqual(['choice CHOICE_TOO_MANY']);
    expect(issues(vote, [])).toEqual(['choice CHOICE_TOO_FEW']);
  });

  it('an approval vote takes from the least to the most options allowed', () => {
    const vote: BallotShape = { style: 'approval', options: projects, maxChoices: 2, minChoices: 0 };
    expect(issues(vote, ['lamps'])).toEqual([]);
    expect(issues(vote, ['lamps', 'ramp'])).toEqual([]);
    expect(issues(vote, ['lamps', 'ramp', 'bench'])).toEqual(['choice CHOICE_TOO_MANY']);
    expect(issues(vote, [])).toEqual(['choice CHOICE_TOO_FEW']);
    expect(issues({ ...vote, minChoices: 2 }, ['lamps'])).toEqual(['choice CHOICE_TOO_FEW']);
    expect(issues({ ...vote, maxChoices: null }, ['lamps', 'ramp', 'bench', 'library'])).toEqual([]);
    expect(issues(vote, ['lamps', 'pool'])).toEqual(['choice[1] CHOICE_UNKNOWN']);
  });

  it('a knapsack ballot stays within the budget', () => {
    const vote: BallotShape = { style: 'knapsack', options: projects, budgetCents: 30_000_000 };
    expect(issues(vote, ['lamps', 'ramp', 'bench'])).toEqual([]); // 23 万 ≤ 30 万
    expect(issues(vote, ['lamps', 'library', 'bench'])).toEqual([]); // exactly 30 万
    expect(issues(vote, ['lamps', 'library', 'ramp'])).toEqual(['choice CHOICE_OVER_BUDGET']);
    expect(issues(vote, ['lamps', 'lamps'])).toEqual(['choice[1] CHOICE_DUPLICATE']);
  });

  it('every problem code has a message in both languages', () => {
    for (const text of Object.values(VOTE_PROBLEMS)) {
      expect(text['zh-CN']).toContain('{f}');
      expect(text.en).toContain('{f}');
    }
    expect(MOTION_OPTION_NAMES.approve.zh).toBe('赞成');
  });
});

describe('validateVoteSetup', () => {
  const codes = (v: BallotShape) => validateVoteSetup(v).map((i) => `${i.field} ${i.code}`);
  it('a motion brings no options of its own', () => {
    expect(codes({ style: 'motion' })).toEqual([]);
    expect(codes({ style: 'motion', options: plans })).toEqual(['options OPTIONS_UNUSED']);
  });
  it('other styles need two options or more with unique, well-formed keys', () => {
    expect(codes({ style: 'choice', options: plans })).toEqual([]);
    expect(codes({ style: 'choice', options: [plans[0] as (typeof plans)[0]] })).toEqual(['options OPTIONS_MISSING']);
    expect(codes({ style: 'approval', options: [{ key: 'a' }, { key: 'a' }, { key: 'b c' }] })).toEqual([
      'options[1].key OPTION_KEY_DUPLICATE',
      'options[2].key OPTION_KEY_INVALID',
    ]);
  });
  it('knapsack options cost something and the vote has a budget', () => {
    expect(codes({ style: 'knapsack', options: projects, budgetCents: 30_000_000 })).toEqual([]);
    expect(codes({ style: 'knapsack', options: [{ key: 'a', costCents: 0 }, { key: 'b' }] })).toEqual([
      'options[0].costCents OPTION_COST_INVALID',
      'options[1].costCents OPTION_COST_INVALID',
      'budgetCents BUDGET_INVALID',
    ]);
  });
  it('the least and most choices fit', () => {
    expect(codes({ style: 'approval', options: projects, maxChoices: 0 })).toEqual([
      'maxChoices CHOICES_RANGE_INVALID',
    ]);
    expect(codes({ style: 'approval', options: projects, minChoices: -1 })).toEqual([
      'minChoices CHOICES_RANGE_INVALID',
    ]);
    expect(codes({ style: 'approval', options: projects, minChoices: 3, maxChoices: 2 })).toEqual([
      'minChoices CHOICES_RANGE_INVALID',
    ]);
    expect(codes({ style: 'approval', options: projects, minChoices: 5 })).toEqual([
      'minChoices CHOICES_RANGE_INVALID',
    ]);
  });
  it('choiceBounds: one for motion and choice, 1..max otherwise', () => {
    expect(choiceBounds({ style: 'motion' })).toEqual({ min: 1, max: 1 });
    expect(choiceBounds({ style: 'choice', options: plans })).toEqual({ min: 1, max: 1 });
    expect(choiceBounds({ style: 'approval', options: projects, maxChoices: 2 })).toEqual({ min: 1, max: 2 });
    expect(choiceBounds({ style: 'knapsack', options: projects })).toEqual({ min: 1, max: 4 });
  });
});

describe('tally', () => {
  it('counts each key once per ballot, every option starting at 0', () => {
    expect(tally('motion', null, [['approve'], ['approve'], ['abstain']])).toEqual({
      approve: 2,
      oppose: 0,
      abstain: 1,
    });
    expect(tally('approval', projects, [['lamps', 'ramp'], ['lamps'], ['lamps', 'lamps']])).toEqual({
      lamps: 3,
      ramp: 1,
      bench: 0,
      library: 0,
    });
  });
  it('ignores keys that are not options', () => {
    expect(tally('choice', plans, [['plan_a'], ['toString'], ['__proto__']])).toEqual({
      plan_a: 1,
      plan_b: 0,
      plan_c: 0,
    });
  });
  it('the counts add up to the ballots for single-choice styles', () => {
    const ballots = Array.from({ length: 257 }, (_, i) => [MOTION_OPTIONS[i % 3] as string]);
    const counts = tally('motion', null, ballots);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(257);
  });
});

describe('atLeast and moreThan', () => {
  it('2/3 of 30 is at least 20; more than 1/2 of 24 is 13; of 25, 13', () => {
    expect(atLeast([2, 3], 30)).toBe(20);
    expect(atLeast([2, 3], 31)).toBe(21);
    expect(moreThan([1, 2], 24)).toBe(13);
    expect(moreThan([1, 2], 25)).toBe(13);
    expect(moreThan([2, 3], 30)).toBe(21);
    expect(atLeast([0, 1], 100)).toBe(0);
    expect(moreThan([1, 2], 0)).toBe(1);
  });
});

describe('verdict', () => {
  const reps = DEFAULT_RULES.representatives;

  it('村民代表会议: 30 representatives, 24 present, 13 approve — quorum met, passed', () => {
    const v = verdict({
      style: 'motion',
      rule: reps,
      eligible: 30,
      present: 24,
      cast: 24,
      counts: { approve: 13, oppose: 8, abstain: 3 },
    });
    expect(v).toEqual({
      quorumMet: true,
      passed: true,
      approve: 13,
      base: 24,
      needed: 13,
      participating: 24,
      quorumNeeded: 20,
      turnout: 0.8,
    });
  });

  it('exactly half of those present is not a majority (abstentions count against)', () => {
    const v = verdict({
      style: 'motion',
      rule: reps,
      eligible: 30,
      present: 24,
      cast: 24,
      counts: { approve: 12, oppose: 0, abstain: 12 },
    });
    expect(v.passed).toBe(false);
    expect(v.needed).toBe(13);
  });

  it('19 of 30 present misses the 2/3 quorum even if all approve; 20 meets it', () => {
    const counts = { approve: 19, oppose: 0, abstain: 0 };
    const short = verdict({ style: 'motion', rule: reps, eligible: 30, present: 19, cast: 19, counts });
    expect(short).toMatchObject({ quorumMet: false, passed: false, quorumNeeded: 20 });
    const met = verdict({
      style: 'motion',
      rule: reps,
      eligible: 30,
      present: 20,
      cast: 20,
      counts: { ...counts, approve: 20 },
    });
    expect(met).toMatchObject({ quorumMet: true, passed: true });
  });

  it('without a meeting, those taking part are those who voted', () => {
    const v = verdict({
      style: 'motion',
      rule: DEFAULT_RULES.households,
      eligible: 2000,
      present: null,
      cast: 800,
      counts: { approve: 401, oppose: 300, abstain: 99 },
    });
    expect(v).toMatchObject({
      quorumMet: true,
      passed: true,
      base: 800,
      needed: 401,
      participating: 800,
      turnout: 0.4,
    });
  });

  it('a majority of the electorate counts everyone on the roll (党员大会)', () => {
    const rule = DEFAULT_RULES.party_members;
    const v = verdict({
      style: 'motion',
      rule,
      eligible: 40,
      present: 30,
      cast: 30,
      counts: { approve: 20, oppose: 10, abstain: 0 },
    });
    expect(v).toMatchObject({ quorumMet: true, base: 40, needed: 21, passed: false });
    const w = verdict({
      style: 'motion',
      rule,
      eligible: 40,
      present: 30,
      cast: 30,
      counts: { approve: 21, oppose: 9, abstain: 0 },
    });
    expect(w.passed).toBe(true);
  });

  it('a choice is won by a single leader with more than the majority', () => {
    const rule: Rule = { quorum: [0, 1], majority: [1, 2], base: 'cast' };
    const won = verdict({
      style: 'choice',
      rule,
      eligible: 50,
      cast: 40,
      counts: { plan_a: 8, plan_b: 25, plan_c: 7 },
    });
    expect(won).toMatchObject({ winner: 'plan_b', approve: 25, needed: 21, passed: true });
    const plurality = verdict({
      style: 'choice',
      rule,
      eligible: 50,
      cast: 40,
      counts: { plan_a: 15, plan_b: 18, plan_c: 7 },
    });
    expect(plurality).toMatchObject({ winner: 'plan_b', passed: false });
    const relative = verdict({
      style: 'choice',
      rule: { ...rule, majority: [0, 1] },
      eligible: 50,
      cast: 40,
      counts: { plan_a: 15, plan_b: 18, plan_c: 7 },
    });
    expect(relative).toMatchObject({ winner: 'plan_b', passed: true });
  });

  it('a tie at the top, or no votes, wins nothing', () => {
    const rule: Rule = { quorum: [0, 1], majority: [0, 1], base: 'cast' };
    expect(verdict({ style: 'choice', rule, eligible: 9, cast: 6, counts: { a: 3, b: 3 } })).toMatchObject({
      winner: null,
      passed: false,
    });
    expect(verdict({ style: 'choice', rule, eligible: 9, cast: 0, counts: { a: 0, b: 0 } })).toMatchObject({
      winner: null,
      passed: false,
    });
  });

  it('approval and knapsack votes pass on the quorum alone (the budget ranks the projects)', () => {
    const rule: Rule = { quorum: [1, 10], majority: [1, 2], base: 'cast' };
    expect(verdict({ style: 'approval', rule, eligible: 100, cast: 10, counts: { a: 7 } })).toMatchObject({
      quorumMet: true,
      passed: true,
      approve: 10,
      needed: 0,
    });
    expect(verdict({ style: 'knapsack', rule, eligible: 100, cast: 9, counts: { a: 7 } }).passed).toBe(false);
  });

  it('nobody eligible: turnout 0 and nothing passes', () => {
    const v = verdict({ style: 'motion', rule: DEFAULT_RULES.households, eligible: 0, cast: 0, counts: {} });
    expect(v).toMatchObject({ turnout: 0, passed: false });
  });
});

describe('DEFAULT_RULES', () => {
  it('cover every electorate with a sound rule', () => {
    for (const e of ELECTORATES) {
      expect(DEFAULT_RULES[e].electorate).toBe(e);
      expect(validateVoteRule(DEFAULT_RULES[e], e)).toEqual([]);
    }
  });
  it('representatives: 2/3 present, more than 1/2 of present; households: more than 1/2 of cast, secret', () => {
    expect(DEFAULT_RULES.representatives).toMatchObject({ quorum: [2, 3], majority: [1, 2], base: 'present' });
    expect(DEFAULT_RULES.households).toMatchObject({ majority: [1, 2], base: 'cast', secret: true });
  });
});

describe('ruleText', () => {
  const reps = DEFAULT_RULES.representatives;
  it('states the rule in Chinese and English', () => {
    expect(ruleText(reps, 'zh')).toBe('到会不少于应到的 2/3，赞成超过实到的 1/2');
    expect(ruleText(reps, 'en')).toBe('at least 2/3 of the electorate present; more than 1/2 of those present approve');
    expect(ruleText(DEFAULT_RULES.households, 'zh')).toBe('赞成超过投票数的 1/2');
  });
  it('states it with the figures, as posted after the vote', () => {
    const figures = { eligible: 30, present: 24, cast: 24, approve: 15 };
    expect(ruleText(reps, 'zh', figures)).toBe('应到 30 人，实到 24 人（≥ 2/3），赞成 15 票（> 1/2 实到）');
    expect(ruleText(reps, 'en', figures)).toBe(
      '30 people eligible, 24 present (≥ 2/3), 15 approve (> 1/2 of those present)',
    );
  });
  it('counts households in 户 and leaves out a zero quorum', () => {
    const figures = { eligible: 2000, cast: 812, approve: 500 };
    expect(ruleText(DEFAULT_RULES.households, 'zh', figures)).toBe(
      '应到 2000 户，投票 812 户，赞成 500 票（> 1/2 投票）',
    );
    expect(ruleText(DEFAULT_RULES.households, 'en', figures)).toBe(
      '2000 households eligible, 812 voted, 500 approve (> 1/2 of ballots cast)',
    );
  });
  it('a choice names the leader’s votes; figures without approvals state turnout only', () => {
    const rule: Rule = { quorum: [0, 1], majority: [1, 2], base: 'cast' };
    expect(ruleText(rule, 'zh', { eligible: 50, cast: 40, approve: 25, style: 'choice' })).toBe(
      '应到 50 人，投票 40 人，最高得票 25 票（> 1/2 投票）',
    );
    expect(ruleText(reps, 'zh', { eligible: 30, present: 24, cast: 10 })).toBe('应到 30 人，实到 24 人（≥ 2/3）');
  });
});

describe('receipts', () => {
  const bytes = (fill: (i: number) => number, n = 15) => Uint8Array.from({ length: n }, (_, i) => fill(i));

  it('crockfordBase32 encodes big-endian 5-bit groups', () => {
    expect(crockfordBase32(new Uint8Array([]))).toBe('');
    expect(crockfordBase32(new Uint8Array([0]))).toBe('00');
    expect(crockfordBase32(new Uint8Array([0xff]))).toBe('ZW');
    expect(crockfordBase32(new Uint8Array([0xf8]))).toBe('Z0');
    expect(crockfordBase32(new Uint8Array([0x08, 0x42, 0x10, 0x84, 0x21]))).toBe('11111111');
  });

  it('a new token is GZV and six groups of four, from the first 15 random bytes', () => {
    const token = newReceiptToken(bytes(() => 0));
    expect(token).toBe('GZV-0000-0000-0000-0000-0000-0000');
    expect(newReceiptToken(bytes(() => 0xff, 20))).toBe('GZV-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const t = newReceiptToken(bytes((i) => i * 17));
    expect(isReceiptToken(t)).toBe(true);
    expect(t).toMatch(/^GZV(-[0-9A-HJKMNP-TV-Z]{4}){6}$/);
  });

  it('refuses fewer than 15 random bytes', () => {
    expect(() => newReceiptToken(new Uint8Array(14))).toThrow(RangeError);
  });

  it('different bytes give different tokens', () => {
    const seen = new Set<string>();
    for (let k = 0; k < 200; k++) seen.add(newReceiptToken(bytes((i) => (i * 31 + k * 7 + k * i) & 255)));
    expect(seen.size).toBe(200);
  });

  it('isReceiptToken accepts only the canonical form', () => {
    expect(isReceiptToken('GZV-7K2M-Q9TD-0000-AAAA-ZZZZ-1234')).toBe(true);
    expect(isReceiptToken('gzv-7k2m-q9td-0000-aaaa-zzzz-1234')).toBe(false);
    expect(isReceiptToken('GZV-7K2M-Q9TD-0000-AAAA-ZZZZ')).toBe(false);
    expect(isReceiptToken('GZV-7K2M-Q9TD-0000-AAAA-ZZZZ-123U')).toBe(false);
    expect(isReceiptToken('XYZ-7K2M-Q9TD-0000-AAAA-ZZZZ-1234')).toBe(false);
  });

  it('parseReceiptToken reads what a person typed', () => {
    expect(parseReceiptToken(' gzv 7k2m q9td 0000 aaaa zzzz 1234 ')).toBe('GZV-7K2M-Q9TD-0000-AAAA-ZZZZ-1234');
    expect(parseReceiptToken('GZV7K2MQ9TDOOOOAAAAZZZZIL34')).toBe('GZV-7K2M-Q9TD-0000-AAAA-ZZZZ-1134');
    expect(parseReceiptToken('GZV-7K2M')).toBeNull();
    expect(parseReceiptToken('ABC-7K2M-Q9TD-0000-AAAA-ZZZZ-1234')).toBeNull();
    expect(parseReceiptToken('GZV-7K2M-Q9TD-0000-AAAA-ZZZZ-123U')).toBeNull();
  });

  it('receiptHash is the hex SHA-256 of the canonical token', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = 'GZV-7K2M-Q9TD-0000-AAAA-ZZZZ-1234';
    expect(receiptHash(token)).toBe(sha256Hex(token));
    expect(receiptHash(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(receiptHash('gzv-7k2m-q9td-oooo-aaaa-zzzz-1234')).toBe(receiptHash(token));
    expect(receiptHash('not a token')).toBe(sha256Hex('not a token'));
  });
});
