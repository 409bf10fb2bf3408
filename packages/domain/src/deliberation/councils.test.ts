import { describe, expect, it } from 'vitest';
import {
  COUNCIL_KIND_NAMES,
  COUNCIL_PROBLEMS,
  isSitting,
  seatSummary,
  validateMember,
  validateTerm,
} from './councils.ts';
import { COUNCIL_SEATS } from './procedures.ts';

const term = { start: '2024-01-01', end: '2028-12-31' };

describe('isSitting', () => {
  it('from since up to and including until', () => {
    expect(isSitting({ since: '2026-01-01' }, '2025-12-31')).toBe(false);
    expect(isSitting({ since: '2026-01-01' }, '2026-01-01')).toBe(true);
    expect(isSitting({ since: '2026-01-01', until: '2026-06-30' }, '2026-06-30')).toBe(true);
    expect(isSitting({ since: '2026-01-01', until: '2026-06-30' }, '2026-07-01')).toBe(false);
  });
});

describe('seatSummary', () => {
  it('金溪社区居民议事会: seven seats filled, two stakeholders for the parking topic', () => {
    const members = [
      ...COUNCIL_SEATS.map((seat) => ({ seat, since: '2024-01-01' })),
      { seat: 'representative' as const, since: '2024-01-01' },
      { seat: 'stakeholder' as const, since: '2026-11-01', topicKey: 'parking' },
      { seat: 'stakeholder' as const, since: '2026-11-01', topicKey: 'parking' },
      { seat: 'stakeholder' as const, since: '2026-03-01', until: '2026-04-01', topicKey: 'lamps' },
    ];
    const s = seatSummary(members, '2026-11-23');
    expect(s.complete).toBe(true);
    expect(s.empty).toEqual([]);
    expect(s.seats.find((x) => x.seat === 'representative')?.count).toBe(2);
    expect(s.stakeholdersByTopic).toEqual({ parking: 2 });
  });

  it('names the empty seats; a member who left no longer fills one', () => {
    const s = seatSummary(
      [
        { seat: 'party_org', since: '2024-01-01' },
        { seat: 'women', since: '2024-01-01', until: '2026-05-01' },
      ],
      '2026-11-23',
    );
    expect(s.filled).toEqual(['party_org']);
    expect(s.empty).toEqual(COUNCIL_SEATS.filter((x) => x !== 'party_org'));
    expect(s.complete).toBe(false);
  });
});

describe('validateTerm', () => {
  const codes = (a: string, b: string) => validateTerm(a, b).map((i) => `${i.field} ${i.code}`);
  it('a sound term of up to five years', () => {
    expect(codes('2024-01-01', '2028-12-31')).toEqual([]);
    expect(codes('2024-03-01', '2029-03-01')).toEqual([]);
  });
  it('names each problem', () => {
    expect(codes('2024-02-30', 'x')).toEqual(['termStart DATE_INVALID', 'termEnd DATE_INVALID']);
    expect(codes('2024-01-01', '2024-01-01')).toEqual(['termEnd TERM_ORDER']);
    expect(codes('2024-03-01', '2029-03-02')).toEqual(['termEnd TERM_TOO_LONG']);
  });
});

describe('validateMember', () => {
  const codes = (m: Parameters<typeof validateMember>[0]) => validateMember(m, term).map((i) => `${i.field} ${i.code}`);
  it('accepts a seat member and a stakeholder for a topic', () => {
    expect(codes({ seat: 'notable', role: 'chair', since: '2024-01-01' })).toEqual([]);
    expect(codes({ seat: 'stakeholder', role: 'member', since: '2026-11-01', topic: 't1' })).toEqual([]);
  });
  it('names each problem', () => {
    expect(codes({ seat: 'mayor', role: 'boss', since: '2024-01-01' })).toEqual([
      'seat SEAT_UNKNOWN',
      'role ROLE_UNKNOWN',
    ]);
    expect(codes({ seat: 'stakeholder', role: 'chair', since: '2026-11-01' })).toEqual([
      'topicUid TOPIC_REQUIRED',
      'role STAKEHOLDER_CHAIR',
    ]);
    expect(codes({ seat: 'women', since: '2023-12-31', topic: 't1' })).toEqual([
      'topicUid TOPIC_UNUSED',
      'since OUTSIDE_TERM',
    ]);
    expect(codes({ seat: 'women', since: '2025-01-01', until: '2024-12-31' })).toEqual(['until UNTIL_BEFORE_SINCE']);
    expect(codes({ seat: 'women', since: '2025-13-01', until: 'soon' })).toEqual([
      'since DATE_INVALID',
      'until DATE_INVALID',
    ]);
  });
  it('every problem code has a message in both languages; kinds are named', () => {
    for (const text of Object.values(COUNCIL_PROBLEMS)) {
      expect(text['zh-CN']).toContain('{f}');
      expect(text.en).toContain('{f}');
    }
    expect(COUNCIL_KIND_NAMES.consultative.zh).toBe('工作协商委员会');
  });
});
