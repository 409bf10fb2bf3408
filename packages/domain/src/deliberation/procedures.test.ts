import { describe, expect, it } from 'vitest';
import {
  COUNCIL_SEATS,
  type CompleteStepResult,
  completeStep,
  copySteps,
  DEFAULT_PROCEDURE_CODE,
  decisionStepIndex,
  PROCEDURE_CODES,
  PROCEDURE_PROBLEMS,
  PROCEDURES,
  type Procedure,
  type ProcedureStep,
  recordsNeeded,
  SEAT_NAMES,
  STAKEHOLDER_SEAT,
  type StepFacts,
  type StepRecord,
  stepNotice,
  stepStates,
  TOPIC_COMMANDS,
  TOPIC_STATUSES,
  type TopicStatus,
  topicStatusAfter,
  topicTransition,
  validateProcedure,
  voteFacts,
} from './procedures.ts';

/** Every record a step could need, present and sound. */
function fullFacts(step: ProcedureStep, vote = { closed: true, quorumMet: true, passed: true }): StepFacts {
  return {
    minutes: true,
    attendance: { called: 9, present: 7 },
    vote,
    notice: { text: '经村民代表会议表决通过,现予公示。', days: step.noticeDays ?? 0 },
    result: '道路已硬化 320 米,验收合格。',
  };
}

function without(facts: StepFacts, record: StepRecord): StepFacts {
  const copy = { ...facts };
  delete copy[record];
  return copy;
}

const procedures = PROCEDURE_CODES.map((code) => [code, PROCEDURES[code]] as const);

describe('the shipped procedures', () => {
  it.each(procedures)('%s is valid', (_, p) => {
    expect(validateProcedure(p)).toEqual([]);
  });

  it('四议两公开 runs 党组织提议 → 两委商议 → 党员大会审议 → 村民(代表)会议决议 → 决议公开 → 实施结果公开', () => {
    const p = PROCEDURES.four_two;
    expect(p.name).toBe('四议两公开');
    expect(p.steps.map((s) => s.name)).toEqual([
      '党组织提议',
      '两委商议',
      '党员大会审议',
      '村民(代表)会议决议',
      '决议公开',
      '实施结果公开',
    ]);
    const resolve = p.steps[3] as ProcedureStep;
    expect(resolve.decidedBy).toBe('vote');
    expect(resolve.vote).toMatchObject({
      electorate: 'representatives',
      quorum: [2, 3],
      majority: [1, 2],
      base: 'present',
    });
    expect(p.steps[4]).toMatchObject({ decidedBy: 'notice', publishes: 'resolution', noticeDays: 7 });
    expect(p.steps[5]).toMatchObject({ decidedBy: 'notice', publishes: 'outcome' });
  });

  it('三议三公开 has the three 议 of the Futian seed (提议、商议、决议) and three publications', () => {
    const p = PROCEDURES.three_three;
    expect(p.name).toBe('三议三公开');
    const names = p.steps.map((s) => s.name);
    expect(names.filter((n) => n.endsWith('议'))).toEqual(['居民提议', '议事会商议', '居民决议']);
    expect(p.steps.filter((s) => s.decidedBy === 'notice')).toHaveLength(3);
    expect(p.steps.find((s) => s.decidedBy === 'vote')?.vote?.electorate).toBe('households');
  });

  it('the five-step method runs 说事 → 议事 → 理事 → 办事 → 评事', () => {
    expect(PROCEDURES.five_step.steps.map((s) => s.name)).toEqual(['说事', '议事', '理事', '办事', '评事']);
  });

  it('the default procedure is one of them', () => {
    expect(PROCEDURE_CODES).toContain(DEFAULT_PROCEDURE_CODE);
  });

  it('names the seven seats of "7+X" and the stakeholders', () => {
    expect(COUNCIL_SEATS).toHaveLength(7);
    for (const seat of [...COUNCIL_SEATS, STAKEHOLDER_SEAT]) expect(SEAT_NAMES[seat].zh).not.toBe('');
    expect(SEAT_NAMES.notable.zh).toContain('乡贤');
  });

  it('copySteps gives a topic its own copy', () => {
    const steps = copySteps(PROCEDURES.four_two);
    const rule = steps[3]?.vote as { quorum: number[] };
    rule.quorum[0] = 1;
    expect(PROCEDURES.four_two.steps[3]?.vote?.quorum).toEqual([2, 3]);
  });
});

describe('completeStep, every procedure × every step', () => {
  for (const [code, p] of procedures) {
    p.steps.forEach((step, i) => {
      describe(`${code} step ${i} (${step.name})`, () => {
        const decision = decisionStepIndex(p.steps);

        it('completes with every record, moving to the next step', () => {
          const r = completeStep(p.steps, i, i, fullFacts(step));
          expect(r).toEqual({
            ok: true,
            next: i + 1 < p.steps.length ? i + 1 : null,
            decided: i === decision,
            rejected: false,
          });
        });

        it('completes with only the records it needs', () => {
          const needed = recordsNeeded(step);
          const facts = fullFacts(step);
          const only: StepFacts = {};
          for (const r of needed) Object.assign(only, { [r]: facts[r] });
          expect(completeStep(p.steps, i, i, only).ok).toBe(true);
        });

        for (const record of recordsNeeded(step)) {
          it(`is refused without its ${record}`, () => {
            expect(completeStep(p.steps, i, i, without(fullFacts(step), record))).toEqual({
              ok: false,
              reason: 'missing',
              missing: [record],
            });
          });
        }

        it('with no facts at all lists every missing record, or completes when it needs none', () => {
          const r = completeStep(p.steps, i, i, {});
          if (recordsNeeded(step).length === 0) expect(r.ok).toBe(true);
          else expect(r).toEqual({ ok: false, reason: 'missing', missing: recordsNeeded(step) });
        });

        it('cannot be skipped to or redone from any other step', () => {
          for (let current = 0; current < p.steps.length; current++) {
            if (current === i) continue;
            expect(completeStep(p.steps, current, i, fullFacts(step))).toEqual({ ok: false, reason: 'skipped' });
          }
        });

        it('is refused once the procedure is finished', () => {
          expect(completeStep(p.steps, p.steps.length, i, fullFacts(step))).toEqual({
            ok: false,
            reason: 'finished',
          });
        });

        if (recordsNeeded(step).includes('vote')) {
          it('waits while its vote is open', () => {
            const facts = fullFacts(step, { closed: false, quorumMet: false, passed: false });
            expect(completeStep(p.steps, i, i, facts)).toEqual({ ok: false, reason: 'vote_open' });
          });
        }

        if (step.decidedBy === 'vote') {
          it('a vote without its quorum ends the topic as rejected', () => {
            const facts = fullFacts(step, { closed: true, quorumMet: false, passed: false });
            expect(completeStep(p.steps, i, i, facts)).toEqual({
              ok: true,
              next: null,
              decided: false,
              rejected: true,
            });
          });
          it('a vote that did not pass ends the topic as rejected', () => {
            const facts = fullFacts(step, { closed: true, quorumMet: true, passed: false });
            expect(completeStep(p.steps, i, i, facts)).toEqual({
              ok: true,
              next: null,
              decided: false,
              rejected: true,
            });
          });
        }

        if (step.decidedBy === 'notice') {
          it('a notice shorter than its days, or blank, is missing', () => {
            if ((step.noticeDays ?? 0) > 0) {
              const short = { ...fullFacts(step), notice: { text: '公示', days: (step.noticeDays ?? 0) - 1 } };
              expect(completeStep(p.steps, i, i, short)).toMatchObject({ ok: false, missing: ['notice'] });
            }
            const blank = { ...fullFacts(step), notice: { text: '  ', days: 30 } };
            expect(completeStep(p.steps, i, i, blank)).toMatchObject({ ok: false, missing: ['notice'] });
          });
        }
      });
    });
  }

  it('a meeting with nobody signed in has no attendance', () => {
    const steps = PROCEDURES.four_two.steps;
    const facts = { ...fullFacts(steps[1] as ProcedureStep), attendance: { called: 9, present: 0 } };
    expect(completeStep(steps, 1, 1, facts)).toEqual({ ok: false, reason: 'missing', missing: ['attendance'] });
  });

  it('a blank written result is missing', () => {
    const steps = PROCEDURES.five_step.steps;
    expect(completeStep(steps, 3, 3, { result: ' ' })).toEqual({ ok: false, reason: 'missing', missing: ['result'] });
  });

  it('missing records come before an open vote', () => {
    const steps = PROCEDURES.four_two.steps;
    const r = completeStep(steps, 3, 3, { vote: { closed: false, quorumMet: false, passed: false } });
    expect(r).toEqual({ ok: false, reason: 'missing', missing: ['minutes', 'attendance'] });
  });
});

describe('a topic walks its procedure to the end', () => {
  it.each(procedures)('%s: open until decided, decided until the last step, then done', (_, p) => {
    let status: TopicStatus = 'open';
    const seen: TopicStatus[] = [];
    for (let i = 0; i < p.steps.length; i++) {
      const r = completeStep(p.steps, i, i, fullFacts(p.steps[i] as ProcedureStep));
      status = topicStatusAfter(status, r);
      seen.push(status);
    }
    const d = decisionStepIndex(p.steps);
    expect(seen).toEqual(p.steps.map((_, i) => (i === p.steps.length - 1 ? 'done' : i >= d ? 'decided' : 'open')));
  });

  it('四议两公开 is decided by the representatives’ vote', () => {
    expect(decisionStepIndex(PROCEDURES.four_two.steps)).toBe(3);
  });

  it('a failed vote makes the topic rejected; a refused completion changes nothing', () => {
    const rejected: CompleteStepResult = { ok: true, next: null, decided: false, rejected: true };
    expect(topicStatusAfter('open', rejected)).toBe('rejected');
    expect(topicStatusAfter('open', { ok: false, reason: 'skipped' })).toBe('open');
    expect(topicStatusAfter('decided', { ok: true, next: 5, decided: false, rejected: false })).toBe('decided');
  });
});

describe('decisionStepIndex', () => {
  const step = (key: string, extra: Partial<ProcedureStep> = {}): ProcedureStep => ({
    key,
    name: key,
    nameEn: key,
    actor: 'staff',
    needs: [],
    decidedBy: 'record',
    ...extra,
  });
  const rule = {
    electorate: 'present',
    quorum: [0, 1],
    majority: [1, 2],
    base: 'cast',
    secret: false,
    changeable: false,
  } as const;

  it('is the last vote step', () => {
    const steps = [
      step('a', { decidedBy: 'vote', needs: ['vote'], vote: { ...rule, quorum: [0, 1], majority: [1, 2] } }),
      step('b', { decidedBy: 'vote', needs: ['vote'], vote: { ...rule, quorum: [0, 1], majority: [1, 2] } }),
      step('c'),
    ];
    expect(decisionStepIndex(steps)).toBe(1);
  });

  it('without a vote, is the step before the first publication', () => {
    const steps = [
      step('a'),
      step('b'),
      step('c', { decidedBy: 'notice', needs: ['notice'], publishes: 'resolution' }),
    ];
    expect(decisionStepIndex(steps)).toBe(1);
  });

  it('with neither, is the last step', () => {
    expect(decisionStepIndex([step('a'), step('b')])).toBe(1);
  });
});

describe('validateProcedure names the field of each problem', () => {
  const base = (): Procedure => JSON.parse(JSON.stringify(PROCEDURES.four_two));
  const codes = (p: Procedure) => validateProcedure(p).map((i) => `${i.field} ${i.code}`);

  it('a procedure needs steps', () => {
    expect(codes({ ...base(), steps: [] })).toEqual(['steps STEPS_EMPTY']);
  });

  it('code and names', () => {
    expect(codes({ ...base(), code: 'Four Two', name: '', nameEn: 'x'.repeat(41) })).toEqual([
      'code CODE_INVALID',
      'name NAME_INVALID',
      'nameEn NAME_INVALID',
    ]);
  });

  it('step keys are well-formed and unique', () => {
    const p = base();
    (p.steps[1] as ProcedureStep).key = 'propose';
    (p.steps[2] as ProcedureStep).key = '2nd';
    expect(codes(p)).toEqual(['steps[1].key KEY_DUPLICATE', 'steps[2].key KEY_INVALID']);
  });

  it('actors, meeting kinds, records and decidedBy are known', () => {
    const p = base();
    Object.assign(p.steps[0] as ProcedureStep, {
      actor: 'mayor',
      meetingKind: 'party',
      needs: ['photo', 'minutes', 'minutes'],
    });
    Object.assign(p.steps[1] as ProcedureStep, { decidedBy: 'luck' });
    expect(codes(p)).toEqual([
      'steps[0].actor ACTOR_UNKNOWN',
      'steps[0].meetingKind MEETING_KIND_UNKNOWN',
      'steps[0].needs[0] RECORD_UNKNOWN',
      'steps[0].needs[2] RECORD_DUPLICATE',
      'steps[1].decidedBy DECIDED_BY_UNKNOWN',
    ]);
  });

  it('a vote step has a rule and the vote record; other steps have no rule', () => {
    const p = base();
    const resolve = p.steps[3] as ProcedureStep;
    delete resolve.vote;
    resolve.needs = ['minutes'];
    (p.steps[1] as ProcedureStep).vote = PROCEDURES.four_two.steps[3]?.vote;
    expect(codes(p)).toEqual([
      'steps[1].vote VOTE_RULE_UNUSED',
      'steps[3].needs VOTE_RECORD_MISSING',
      'steps[3].vote VOTE_RULE_MISSING',
    ]);
  });

  it('fractions are sane: whole, denominator above 0, quorum ≤ 1, majority < 1', () => {
    for (const [quorum, majority, bad] of [
      [[3, 2], [1, 2], 'quorum'],
      [[2, 0], [1, 2], 'quorum'],
      [[-1, 3], [1, 2], 'quorum'],
      [[0.5, 1], [1, 2], 'quorum'],
      [[2, 3], [1, 1], 'majority'],
      [[2, 3], [1], 'majority'],
    ] as const) {
      const p = base();
      Object.assign((p.steps[3] as ProcedureStep).vote as object, { quorum, majority });
      expect(codes(p)).toEqual([`steps[3].vote.${bad} FRACTION_INVALID`]);
    }
    const whole = base();
    Object.assign((whole.steps[3] as ProcedureStep).vote as object, { quorum: [1, 1], majority: [0, 1] });
    expect(codes(whole)).toEqual([]);
  });

  it('the rule names a known electorate and base, and flags are booleans', () => {
    const p = base();
    Object.assign((p.steps[3] as ProcedureStep).vote as object, {
      electorate: 'everyone',
      base: 'all',
      secret: 'yes',
      changeable: 1,
    });
    expect(codes(p)).toEqual([
      'steps[3].vote.electorate ELECTORATE_UNKNOWN',
      'steps[3].vote.base BASE_UNKNOWN',
      'steps[3].vote.secret FLAG_INVALID',
      'steps[3].vote.changeable FLAG_INVALID',
    ]);
  });

  it('a vote of those present needs a meeting', () => {
    const p = base();
    const resolve = p.steps[3] as ProcedureStep;
    delete resolve.meetingKind;
    (resolve.vote as { electorate: string }).electorate = 'present';
    expect(codes(p)).toEqual(['steps[3].meetingKind PRESENT_NEEDS_MEETING']);
  });

  it('a notice step needs the notice record and sane days', () => {
    const p = base();
    Object.assign(p.steps[4] as ProcedureStep, { needs: [], noticeDays: 1.5 });
    Object.assign(p.steps[5] as ProcedureStep, { noticeDays: 400 });
    expect(codes(p)).toEqual([
      'steps[4].needs NOTICE_RECORD_MISSING',
      'steps[4].noticeDays NOTICE_DAYS_INVALID',
      'steps[5].noticeDays NOTICE_DAYS_INVALID',
    ]);
  });

  it('publication steps are notices, once each, known, not first', () => {
    const p = base();
    Object.assign(p.steps[2] as ProcedureStep, { publishes: 'minutes' });
    Object.assign(p.steps[5] as ProcedureStep, { publishes: 'resolution' });
    Object.assign(p.steps[0] as ProcedureStep, { publishes: 'outcome' });
    expect(codes(p)).toEqual([
      'steps[0].decidedBy PUBLISH_NOT_NOTICE',
      'steps[0].publishes PUBLISH_FIRST',
      'steps[2].publishes PUBLISH_UNKNOWN',
      'steps[2].decidedBy PUBLISH_NOT_NOTICE',
      'steps[5].publishes PUBLISH_DUPLICATE',
      'steps[0].publishes PUBLISH_BEFORE_DECISION',
    ]);
  });

  it('the resolution is published after the decision, the outcome after the resolution', () => {
    const p = base();
    const [a, b, c, d, e, f] = p.steps as ProcedureStep[];
    p.steps = [a, b, c, e, d, f] as ProcedureStep[];
    expect(codes(p)).toEqual(['steps[3].publishes PUBLISH_BEFORE_DECISION']);
    const q = base();
    q.steps = [q.steps[0], q.steps[1], q.steps[2], q.steps[3], q.steps[5], q.steps[4]] as ProcedureStep[];
    expect(codes(q)).toEqual(['steps[4].publishes PUBLISH_BEFORE_DECISION']);
  });

  it('every problem code has a message in both languages', () => {
    for (const text of Object.values(PROCEDURE_PROBLEMS)) {
      expect(text['zh-CN']).toContain('{f}');
      expect(text.en).toContain('{f}');
    }
  });
});

describe('topic transitions outside the steps', () => {
  const table: Record<TopicStatus, Record<string, TopicStatus | null>> = {
    proposed: { start: 'open', reject: 'rejected', withdraw: 'withdrawn' },
    open: { start: null, reject: 'rejected', withdraw: 'withdrawn' },
    decided: { start: null, reject: null, withdraw: null },
    done: { start: null, reject: null, withdraw: null },
    rejected: { start: null, reject: null, withdraw: null },
    withdrawn: { start: null, reject: null, withdraw: null },
  };
  for (const status of TOPIC_STATUSES) {
    for (const command of TOPIC_COMMANDS) {
      it(`${status} --${command}--> ${table[status][command]}`, () => {
        expect(topicTransition(status, command)).toBe(table[status][command]);
      });
    }
  }
});

describe('stepStates', () => {
  const steps = PROCEDURES.four_two.steps;
  it('shows done, current and waiting while the topic is open', () => {
    expect(stepStates(steps, 2, 'open')).toEqual(['done', 'done', 'current', 'waiting', 'waiting', 'waiting']);
  });
  it('shows every step done when the topic is done', () => {
    expect(stepStates(steps, 6, 'done')).toEqual(Array(6).fill('done'));
  });
  it('a rejected topic has no current step', () => {
    expect(stepStates(steps, 3, 'rejected')).toEqual(['done', 'done', 'done', 'waiting', 'waiting', 'waiting']);
  });
});

describe('stepNotice: what a notice posts and for how long', () => {
  const given = { notice: '公告正文', resolution: '决议全文', outcome: '实施结果' };
  it('a resolution step posts the resolution, an outcome step the outcome, others the notice', () => {
    expect(stepNotice({ publishes: 'resolution', noticeDays: 7 }, given)).toEqual({ text: '决议全文', days: 7 });
    expect(stepNotice({ publishes: 'outcome' }, given)).toEqual({ text: '实施结果', days: 0 });
    expect(stepNotice({}, given)).toEqual({ text: '公告正文', days: 0 });
  });
  it('falls back to the notice text, and the given days override the step’s', () => {
    expect(stepNotice({ publishes: 'resolution', noticeDays: 7 }, { notice: '公告', noticeDays: 10 })).toEqual({
      text: '公告',
      days: 10,
    });
    expect(stepNotice({ publishes: 'outcome', noticeDays: 5 }, {})).toEqual({ text: undefined, days: 5 });
  });
});

describe('voteFacts', () => {
  it('an open vote has no verdict yet; a closed one carries its quorum and result', () => {
    expect(voteFacts({ status: 'open', result: null })).toEqual({ closed: false, quorumMet: false, passed: false });
    expect(voteFacts({ status: 'closed', result: { quorumMet: true, passed: false } })).toEqual({
      closed: true,
      quorumMet: true,
      passed: false,
    });
    expect(voteFacts({ status: 'closed', result: { quorumMet: true, passed: true } }).passed).toBe(true);
  });
});
