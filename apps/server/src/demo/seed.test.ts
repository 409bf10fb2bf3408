/**
 * The demo district's living registry as `npm start` seeds it: ≥ 5,000 residents in ≥ 1,500
 * households over the 48 grids, a rich first grid for the demo grid worker, and — read
 * straight from the database — no 身份证号 or phone in plaintext anywhere in the registry.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../test/harness.ts';
import { unseal } from '../platform/crypto.ts';

describe(`demo registry seed (${dbLabel})`, () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(() => t?.close());

  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    (await query.execute(t.deps.db)).rows[0]?.n ?? 0;

  it('has ≥ 5,000 residents in ≥ 1,500 households over the 48 grids', async () => {
    expect(await count(sql`select count(*)::int as n from person where status = 'resident'`)).toBeGreaterThanOrEqual(
      5000,
    );
    expect(await count(sql`select count(*)::int as n from household where status = 'active'`)).toBeGreaterThanOrEqual(
      1500,
    );
    const { rows } = await sql<{ code: string; n: number }>`
      select u.code, count(p.id)::int as n from org_unit u left join person p on p.grid_id = u.id
       where u.kind = 'grid' group by u.code`.execute(t.deps.db);
    expect(rows).toHaveLength(48);
    for (const r of rows) expect(r.n, r.code).toBeGreaterThanOrEqual(100);
    // Every current member's household is at a room of the same grid, every person's room too.
    expect(
      await count(sql`select count(*)::int as n from household_member m join household h on h.id = m.household_id
                        where m.until is null and m.org_path <> h.org_path`),
    ).toBe(0);
    expect(
      await count(sql`select count(*)::int as n from person p join room r on r.id = p.room_id
                        where r.org_path <> p.org_path`),
    ).toBe(0);
    expect(await count(sql`select count(*)::int as n from person_tag`)).toBeGreaterThan(500);
    expect(await count(sql`select count(*)::int as n from organisation`)).toBeGreaterThan(48);
    expect(await count(sql`select count(*)::int as n from facility`)).toBeGreaterThan(48 * 4);
  });

  it('gives grid.jinxi01 elderly alone, hardship, migrants, a rented and a vacant room, 人户分离', async () => {
    const grid = sql`(select path from org_unit where code = '440704001001001')`;
    const tagged = (code: string) =>
      count(sql`select count(*)::int as n from person_tag pt join tag_definition d on d.id = pt.tag_id
                 where d.code = ${code} and pt.org_path = ${grid} and pt.ended_at is null`);
    expect(await tagged('elderly_alone')).toBeGreaterThan(0);
    expect(await tagged('hardship')).toBeGreaterThan(0);
    expect(await tagged('migrant')).toBeGreaterThan(1);
    expect(
      await count(sql`select count(*)::int as n from person where org_path = ${grid}
                        and registered_here and room_id is null and status = 'resident'`),
    ).toBeGreaterThan(0);
    expect(
      await count(sql`select count(*)::int as n from room r where r.org_path = ${grid} and r.rental
                        and exists (select 1 from household h where h.room_id = r.id)`),
    ).toBeGreaterThan(0);
    expect(
      await count(sql`select count(*)::int as n from room r where r.org_path = ${grid}
                        and not exists (select 1 from household h where h.room_id = r.id)`),
    ).toBeGreaterThan(0);
  });

  it('stores id numbers and phones only sealed, indexed and masked', async () => {
    // No column of the registry holds 18 id-number characters or an 11-digit mobile in the clear.
    for (const [table, columns] of [
      [
        'person',
        [
          'name',
          'registered_address',
          'id_number_sealed',
          'id_number_index',
          'id_number_masked',
          'phone_sealed',
          'phone_index',
          'phone_masked',
        ],
      ],
      ['organisation', ['name', 'address', 'contact_phone_sealed', 'contact_phone_index', 'contact_phone_masked']],
      ['life_event', ['note']],
      ['person_tag', ['note', 'source']],
    ] as const) {
      for (const column of columns) {
        const n = await count(
          sql`select count(*)::int as n from ${sql.table(table)}
               where ${sql.ref(column)} ~ '(^|[^0-9])([1-8][0-9]{16}[0-9Xx]|1[3-9][0-9]{9})([^0-9]|$)'`,
        );
        expect(n, `${table}.${column}`).toBe(0);
      }
    }
    expect(
      await count(sql`select count(*)::int as n from person
                       where id_number_sealed is null or id_number_index is null or id_number_masked !~ '^[0-9]{6}\\*{8}[0-9]{3}[0-9X]$'`),
    ).toBe(0);
    expect(await count(sql`select count(*)::int as n from person where phone_sealed is not null`)).toBeGreaterThan(
      3000,
    );
    // And the sealed values open with the platform's key into valid numbers.
    const { rows } = await sql<{ id: string; phone: string | null; masked: string }>`
      select id_number_sealed as id, phone_sealed as phone, id_number_masked as masked from person order by id limit 50`.execute(
      t.deps.db,
    );
    for (const r of rows) {
      const id = unseal(t.deps.keys, r.id);
      expect(id).toMatch(/^\d{17}[\dX]$/);
      expect(`${id.slice(0, 6)}********${id.slice(14)}`).toBe(r.masked);
      if (r.phone) expect(unseal(t.deps.keys, r.phone)).toMatch(/^1[3-9]\d{9}$/);
    }
  });
});
