import { describe, expect, it } from 'vitest';
import {
  checkVisitTime,
  type EditResolution,
  findingCounts,
  resolveEdit,
  sameVisitBody,
  VISIT_CLOCK_SKEW_MS,
  VISIT_CONFLICT_RULE,
  VISIT_MAX_AGE_DAYS,
  type VisitBody,
} from './record.ts';

const NOW = new Date('2026-11-23T02:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const DAY = 86_400_000;

describe('checkVisitTime: a device time is accepted up to five minutes ahead and ninety days back', () => {
  it.each([
    ['exactly now', at(0), null],
    ['a minute ago', at(-60_000), null],
    ['a phone four minutes fast', at(4 * 60_000), null],
    ['exactly at the skew limit', at(VISIT_CLOCK_SKEW_MS), null],
    ['one millisecond past the skew limit', at(VISIT_CLOCK_SKEW_MS + 1), 'TIME_IN_FUTURE'],
    ['tomorrow', at(DAY), 'TIME_IN_FUTURE'],
    ['next year', '2027-11-23T02:00:00Z', 'TIME_IN_FUTURE'],
    ['89 days ago', at(-89 * DAY), null],
    ['exactly 90 days ago', at(-VISIT_MAX_AGE_DAYS * DAY), null],
    ['90 days and a millisecond ago', at(-VISIT_MAX_AGE_DAYS * DAY - 1), 'TIME_TOO_OLD'],
    ['last year', '2025-11-23T02:00:00Z', 'TIME_TOO_OLD'],
    ['not a time at all', 'yesterday afternoon', 'TIME_INVALID'],
    ['an empty string', '', 'TIME_INVALID'],
  ])('%s → %s', (_label, time, expected) => {
    expect(checkVisitTime(time, NOW)).toBe(expected);
  });

  it('reads an offset time as the instant it names: 10:04 in Beijing is 02:04 UTC, within the skew', () => {
    expect(checkVisitTime('2026-11-23T10:04:00+08:00', NOW)).toBeNull();
    expect(checkVisitTime('2026-11-23T10:06:00+08:00', NOW)).toBe('TIME_IN_FUTURE');
  });

  it('takes a Date as well as a string', () => {
    expect(checkVisitTime(new Date(NOW.getTime() + DAY), NOW)).toBe('TIME_IN_FUTURE');
    expect(checkVisitTime(new Date(NOW.getTime() - DAY), NOW)).toBeNull();
    expect(checkVisitTime(new Date(Number.NaN), NOW)).toBe('TIME_INVALID');
  });
});

describe('resolveEdit: every combination of current state and incoming edit', () => {
  const EARLY = '2026-11-20T01:00:00Z';
  const LATE = '2026-11-21T01:00:00Z';
  const current = { revision: 2, recordedAt: EARLY };

  it('a record the server does not have is created, whatever the edit says', () => {
    for (const baseRevision of [0, 1, 5])
      for (const sameBodyAsApplied of [false, true])
        for (const alreadyReceived of [undefined, false, true])
          expect(resolveEdit(null, { baseRevision, recordedAt: LATE, sameBodyAsApplied, alreadyReceived })).toBe(
            'create',
          );
  });

  // base relative to the current revision × device time relative to the current one × body
  const bases = { stale: 1, current: 2, ahead: 3, new: 0 } as const;
  const times = { earlier: '2026-11-19T01:00:00Z', same: EARLY, later: LATE } as const;
  const expected = (
    base: keyof typeof bases,
    time: keyof typeof times,
    same: boolean,
    received: boolean,
  ): EditResolution => {
    if (same || received) return 'unchanged';
    if (base === 'current') return 'apply';
    return time === 'later' ? 'conflict_apply' : 'conflict_keep';
  };
  for (const [baseName, baseRevision] of Object.entries(bases) as Array<[keyof typeof bases, number]>)
    for (const [timeName, recordedAt] of Object.entries(times) as Array<[keyof typeof times, string]>)
      for (const sameBodyAsApplied of [false, true])
        for (const alreadyReceived of [false, true]) {
          const want = expected(baseName, timeName, sameBodyAsApplied, alreadyReceived);
          it(`base ${baseName}, saved ${timeName}, ${sameBodyAsApplied ? 'same' : 'other'} body${alreadyReceived ? ', already received' : ''} → ${want}`, () => {
            expect(resolveEdit(current, { baseRevision, recordedAt, sameBodyAsApplied, alreadyReceived })).toBe(want);
          });
        }

  it('two phones editing revision 1: the one saved later becomes current whichever arrives first', () => {
    const phoneA = { baseRevision: 1, recordedAt: '2026-11-22T08:00:00Z', sameBodyAsApplied: false };
    const phoneB = { baseRevision: 1, recordedAt: '2026-11-22T09:00:00Z', sameBodyAsApplied: false };
    const start = { revision: 1, recordedAt: '2026-11-22T07:00:00Z' };
    // A arrives first: applied; then B, made later, is a conflict that wins.
    expect(resolveEdit(start, phoneA)).toBe('apply');
    expect(resolveEdit({ revision: 2, recordedAt: phoneA.recordedAt }, phoneB)).toBe('conflict_apply');
    // B arrives first: applied; then A, made earlier, is a conflict kept in the history.
    expect(resolveEdit(start, phoneB)).toBe('apply');
    expect(resolveEdit({ revision: 2, recordedAt: phoneB.recordedAt }, phoneA)).toBe('conflict_keep');
  });

  it('compares device times as instants, not as text', () => {
    const cur = { revision: 3, recordedAt: new Date('2026-11-22T09:00:00Z') };
    const edit = { baseRevision: 2, recordedAt: '2026-11-22T17:30:00+08:00', sameBodyAsApplied: false };
    expect(resolveEdit(cur, edit)).toBe('conflict_apply');
    expect(resolveEdit(cur, { ...edit, recordedAt: '2026-11-22T16:30:00+08:00' })).toBe('conflict_keep');
  });
});

describe('the conflict rule shown to workers', () => {
  it('is the text of the brief, in Chinese and in English', () => {
    expect(VISIT_CONFLICT_RULE['zh-CN']).toBe(
      '同一条记录在两台设备上被修改时,两份都保留,以设备上较晚保存的为准;另一份可在记录的修改历史中查看。',
    );
    expect(VISIT_CONFLICT_RULE.en).toMatch(/both versions are kept/);
    expect(VISIT_CONFLICT_RULE.en).toMatch(/saved later on its device/);
  });
});

describe('sameVisitBody', () => {
  const H = '0190f3a4-0000-7000-8000-000000000001';
  const P1 = '0190f3a4-0000-7000-8000-0000000000a1';
  const P2 = '0190f3a4-0000-7000-8000-0000000000a2';
  const F1 = '0190f3a4-0000-7000-8000-0000000000f1';
  const F2 = '0190f3a4-0000-7000-8000-0000000000f2';
  const base: VisitBody = {
    householdId: H,
    personIds: [P1, P2],
    visitedAt: '2026-11-22T02:00:00Z',
    method: 'home',
    summary: '独居老人王奶奶反映楼道灯坏了',
    findings: [
      { kind: 'need', text: '楼道灯坏了' },
      { kind: 'living', text: '身体尚好' },
    ],
    location: { lng: 113.08, lat: 22.58 },
    photoIds: [F1, F2],
  };

  it('a body equals itself and a copy of itself', () => {
    expect(sameVisitBody(base, base)).toBe(true);
    expect(sameVisitBody(base, structuredClone(base))).toBe(true);
  });

  it('ignores how a time, an id or the list of persons is spelled', () => {
    expect(sameVisitBody(base, { ...base, visitedAt: '2026-11-22T10:00:00.000+08:00' })).toBe(true);
    expect(sameVisitBody(base, { ...base, householdId: H.toUpperCase() })).toBe(true);
    expect(sameVisitBody(base, { ...base, personIds: [P2, P1] })).toBe(true);
    expect(sameVisitBody(base, { ...base, personIds: [P1, P2, P1] })).toBe(true);
    expect(sameVisitBody(base, { ...base, photoIds: [F1.toUpperCase(), F2] })).toBe(true);
  });

  it('treats a missing household or location as none', () => {
    const bare = { ...base, householdId: null, location: null };
    const { householdId: _h, location: _l, ...omitted } = base;
    expect(sameVisitBody(bare, omitted)).toBe(true);
  });

  it.each<[string, Partial<VisitBody>]>([
    ['another household', { householdId: P1 }],
    ['no household', { householdId: null }],
    ['a person fewer', { personIds: [P1] }],
    ['another person', { personIds: [P1, H] }],
    ['another time', { visitedAt: '2026-11-22T02:00:01Z' }],
    ['another method', { method: 'phone' }],
    ['another summary', { summary: '独居老人王奶奶反映楼道灯坏了。' }],
    ['a finding fewer', { findings: [{ kind: 'need', text: '楼道灯坏了' }] }],
    [
      'findings in another order',
      {
        findings: [
          { kind: 'living', text: '身体尚好' },
          { kind: 'need', text: '楼道灯坏了' },
        ],
      },
    ],
    [
      'a finding of another kind',
      {
        findings: [
          { kind: 'risk', text: '楼道灯坏了' },
          { kind: 'living', text: '身体尚好' },
        ],
      },
    ],
    [
      'a finding with other text',
      {
        findings: [
          { kind: 'need', text: '楼道灯修好了' },
          { kind: 'living', text: '身体尚好' },
        ],
      },
    ],
    ['no location', { location: null }],
    ['another longitude', { location: { lng: 113.081, lat: 22.58 } }],
    ['another latitude', { location: { lng: 113.08, lat: 22.581 } }],
    ['a photo fewer', { photoIds: [F1] }],
    ['photos in another order', { photoIds: [F2, F1] }],
  ])('differs with %s', (_label, change) => {
    expect(sameVisitBody(base, { ...base, ...change })).toBe(false);
    expect(sameVisitBody({ ...base, ...change }, base)).toBe(false);
  });
});

describe('findingCounts', () => {
  it('counts the findings of each kind', () => {
    expect(
      findingCounts([
        { kind: 'need', text: 'a' },
        { kind: 'risk', text: 'b' },
        { kind: 'need', text: 'c' },
      ]),
    ).toEqual({ need: 2, risk: 1 });
    expect(findingCounts([])).toEqual({});
  });
});
