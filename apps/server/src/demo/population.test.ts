/**
 * The demo population plan: deterministic, realistic enough to demo with, and valid by the
 * domain's own rules — every 身份证号 parses, households have one head, genders fit the
 * relations, and the sealed columns are what personColumns() would store.
 */
import { randomBytes } from 'node:crypto';
import {
  BUILTIN_TAGS,
  checkCreditCode,
  householdProblems,
  parseIdNumber,
  RELATIONS,
  statusAfter,
} from '@gongzhi/domain';
import { describe, expect, it } from 'vitest';
import { personColumns } from '../modules/registry/person-data.ts';
import { deriveKeys, unseal } from '../platform/crypto.ts';
import { DEMO_STREETS, GRIDS_PER_COMMUNITY, gridName } from './district.ts';
import {
  DISTRICT_BOUNDS,
  PERSONS_PER_GRID,
  POPULATION_SEED,
  type PopulationGrid,
  type PopulationPlan,
  planPopulation,
} from './population.ts';
import { sealPersons } from './registry-seed.ts';

const TODAY = '2026-11-23';
const grids: PopulationGrid[] = DEMO_STREETS.flatMap((s) =>
  s.communities.flatMap((c) =>
    Array.from({ length: GRIDS_PER_COMMUNITY }, (_, i) => {
      const code = `${c.code}${String(i + 1).padStart(3, '0')}`;
      return { code, path: `440704.${code}`, name: gridName(c, i + 1), communityName: c.name, communityKind: c.kind };
    }),
  ),
);
const opts = { seed: POPULATION_SEED, personsPerGrid: PERSONS_PER_GRID, today: TODAY };
const plan = planPopulation(grids, opts);

/** Relations whose code says the member's gender (GB/T 4761). */
const MALE = new Set(['11', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '41', '43', '51', '53', '55']);
const FEMALE = new Set([
  '12',
  '30',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '38',
  '39',
  '42',
  '44',
  '52',
  '54',
  '56',
]);

function membersOf(p: PopulationPlan) {
  const byHousehold = new Map<number, PopulationPlan['members']>();
  for (const m of p.members) byHousehold.set(m.household, [...(byHousehold.get(m.household) ?? []), m]);
  return byHousehold;
}

describe('demo population', () => {
  it('is the same plan for the same seed, and a grid the same whatever is planned with it', () => {
    expect(planPopulation(grids, opts)).toEqual(plan);
    // Rooms are numbered across the plan and an id number may move on past one taken by another grid.
    const alone = planPopulation([grids[5] as PopulationGrid], opts);
    const inPlan = plan.persons.filter((p) => p.grid === 5).map((p) => [p.name, p.birthDate, p.phone]);
    expect(alone.persons.map((p) => [p.name, p.birthDate, p.phone])).toEqual(inPlan);
    expect(planPopulation(grids.slice(0, 2), { ...opts, seed: 7 }).persons[0]?.name).not.toEqual(plan.persons[0]?.name);
  });

  it('has ≥ 5,000 residents in ≥ 1,500 households over the 48 grids', () => {
    expect(grids).toHaveLength(48);
    expect(plan.persons.filter((p) => p.status === 'resident').length).toBeGreaterThanOrEqual(5000);
    expect(plan.households.length).toBeGreaterThanOrEqual(1500);
    for (let g = 0; g < grids.length; g++) {
      expect(plan.persons.filter((p) => p.grid === g && p.status === 'resident').length).toBeGreaterThanOrEqual(
        PERSONS_PER_GRID,
      );
    }
  });

  it('gives everyone a valid, unique id number that agrees with their birth date and gender', () => {
    const seen = new Set<string>();
    for (const p of plan.persons) {
      const parsed = parseIdNumber(p.idNumber, TODAY);
      expect(parsed.ok, p.idNumber).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.birthDate).toBe(p.birthDate);
      expect(parsed.gender).toBe(p.gender);
      expect(seen.has(p.idNumber)).toBe(false);
      seen.add(p.idNumber);
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      if (p.phone) expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
    }
  });

  it('makes households of 1–6 with exactly one head and genders that fit the relations', () => {
    const relations = new Set<string>(RELATIONS.map((r) => r.code));
    for (const [h, members] of membersOf(plan)) {
      const current = members.filter((m) => m.until === null);
      expect(current.length, `household ${h}`).toBeGreaterThanOrEqual(1);
      expect(current.length, `household ${h}`).toBeLessThanOrEqual(6);
      expect(current.filter((m) => m.relation === '02')).toHaveLength(1);
      const problems = householdProblems(
        current.map((m) => ({ relation: m.relation, birthDate: plan.persons[m.person]?.birthDate })),
        TODAY,
      );
      expect(
        problems.filter((x) => x.severity === 'error'),
        `household ${h}`,
      ).toEqual([]);
      const head = plan.persons[current.find((m) => m.relation === '02')?.person as number];
      for (const m of members) {
        const p = plan.persons[m.person];
        expect(relations.has(m.relation)).toBe(true);
        if (MALE.has(m.relation)) expect(p?.gender, `${m.relation} ${p?.name}`).toBe('male');
        if (FEMALE.has(m.relation)) expect(p?.gender, `${m.relation} ${p?.name}`).toBe('female');
        if (m.relation === '10') expect(p?.gender).not.toBe(head?.gender);
      }
    }
  });

  it('keeps a history every person could have lived', () => {
    const events = new Map<number, PopulationPlan['events']>();
    for (const e of plan.events) events.set(e.person, [...(events.get(e.person) ?? []), e]);
    for (const [i, p] of plan.persons.entries()) {
      const chain = (events.get(i) ?? []).map((e) => ({ event: e.event, effectiveDate: e.date }));
      const result = statusAfter(chain);
      expect(result, `${p.name} ${JSON.stringify(chain)}`).toEqual({ ok: true, status: p.status });
      for (const e of chain) expect(e.effectiveDate <= TODAY && e.effectiveDate >= p.birthDate).toBe(true);
      expect(p.lastEventDate).toBe(chain[chain.length - 1]?.effectiveDate);
      if (p.status !== 'resident') expect(p.room).toBeNull();
    }
    const kinds = new Set(plan.events.map((e) => e.event));
    for (const k of ['move_in', 'birth', 'death', 'move_out', 'migrant_arrival', 'migrant_departure']) {
      expect(kinds.has(k as never), k).toBe(true);
    }
  });

  it('has the tags, migrants and 人户分离 a grid worker meets, with their sources', () => {
    const codes = new Set(BUILTIN_TAGS.map((t) => t.code));
    const count = (code: string) => plan.tags.filter((t) => t.code === code && t.endDate === null).length;
    for (const t of plan.tags) {
      expect(codes.has(t.code)).toBe(true);
      expect(t.source.length).toBeGreaterThan(0);
      expect(t.startDate <= TODAY).toBe(true);
    }
    const residents = plan.persons.filter((p) => p.status === 'resident');
    for (const code of ['hardship', 'subsistence_allowance', 'elderly_alone', 'disabled', 'migrant']) {
      expect(count(code), code).toBeGreaterThan(0);
    }
    expect(count('subsistence_allowance') / residents.length).toBeGreaterThan(0.01);
    expect(count('disabled') / residents.length).toBeGreaterThan(0.008);
    expect(count('senior_party_member')).toBeGreaterThan(0);
    expect(plan.tags.some((t) => t.endDate !== null && t.endReason)).toBe(true);
    const adults = residents.filter((p) => Number(TODAY.slice(0, 4)) - Number(p.birthDate.slice(0, 4)) >= 19);
    const party = adults.filter((p) => p.partyMember).length / adults.length;
    expect(party).toBeGreaterThan(0.04);
    expect(party).toBeLessThan(0.11);
    // 人户分离: registered here but living elsewhere, ≈ 10% of the natives
    const natives = residents.filter((p) => p.registeredHere);
    const away = natives.filter((p) => p.room === null).length / natives.length;
    expect(away).toBeGreaterThan(0.05);
    expect(away).toBeLessThan(0.15);
    expect(plan.migrants.length).toBeGreaterThan(0);
    for (const m of plan.migrants) {
      expect(m.arrival <= TODAY).toBe(true);
      if (m.expectedDeparture) expect(m.expectedDeparture >= m.arrival).toBe(true);
    }
  });

  it('gives the demo grid worker a grid with every kind of case', () => {
    const g = grids.findIndex((x) => x.code === '440704001001001');
    const persons = plan.persons.map((p, i) => ({ ...p, i })).filter((p) => p.grid === g);
    const tagsOf = (code: string) => plan.tags.filter((t) => t.code === code && persons.some((p) => p.i === t.person));
    expect(tagsOf('elderly_alone').length).toBeGreaterThan(0);
    expect(tagsOf('hardship').length).toBeGreaterThan(0);
    expect(tagsOf('migrant').length).toBeGreaterThan(1);
    expect(persons.some((p) => p.registeredHere && p.room === null && p.status === 'resident')).toBe(true);
    const rooms = plan.rooms.map((r, i) => ({ ...r, i })).filter((r) => plan.buildings[r.building]?.grid === g);
    const lived = new Set(plan.households.map((h) => h.room));
    expect(rooms.some((r) => !lived.has(r.i))).toBe(true); // a vacant room
    expect(rooms.some((r) => r.rental && lived.has(r.i))).toBe(true); // a rented room
  });

  it('places buildings and facilities in 江海区 and gives organisations valid credit codes', () => {
    const b = DISTRICT_BOUNDS;
    for (const x of [...plan.buildings, ...plan.facilities, ...plan.organisations]) {
      expect(x.lng).toBeGreaterThanOrEqual(b.west);
      expect(x.lng).toBeLessThanOrEqual(b.east);
      expect(x.lat).toBeGreaterThanOrEqual(b.south);
      expect(x.lat).toBeLessThanOrEqual(b.north);
    }
    expect(new Set(plan.facilities.map((f) => f.kind)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(plan.organisations.map((o) => o.kind))).toEqual(
      new Set(['shop', 'enterprise', 'institution', 'social_org']),
    );
    for (const o of plan.organisations) {
      if (o.creditCode) expect(checkCreditCode(o.creditCode), o.creditCode).toEqual({ ok: true, value: o.creditCode });
    }
  });

  it('seals persons into the columns personColumns() stores', () => {
    const keys = deriveKeys(randomBytes(32));
    const sealed = sealPersons(keys, plan);
    // Every 7th person: the comparison seals each one twice more, which takes a while on 2 cores.
    for (const [i, p] of plan.persons.entries()) {
      if (i % 7 !== 0) continue;
      const checked = personColumns(
        keys,
        {
          name: p.name,
          gender: p.gender,
          birthDate: p.birthDate,
          idNumber: p.idNumber,
          phone: p.phone,
          ethnicity: p.ethnicity,
        },
        TODAY,
      );
      expect(checked.ok).toBe(true);
      if (!checked.ok) continue;
      const c = checked.columns;
      expect(sealed.name[i]).toBe(c.name);
      expect(sealed.name_grams[i]).toBe(`{${c.name_grams.map((x) => `"${x}"`).join(',')}}`);
      expect(sealed.id_number_index[i]).toBe(c.id_number_index);
      expect(sealed.id_number_masked[i]).toBe(c.id_number_masked);
      expect(sealed.phone_index[i]).toBe(c.phone_index);
      expect(sealed.phone_masked[i]).toBe(c.phone_masked);
      expect(sealed.id_number_sealed[i]).not.toContain(p.idNumber);
      expect(unseal(keys, sealed.id_number_sealed[i] as string)).toBe(p.idNumber);
      if (p.phone) expect(unseal(keys, sealed.phone_sealed[i] as string)).toBe(p.phone);
      else expect(sealed.phone_sealed[i]).toBeNull();
    }
  });
});
