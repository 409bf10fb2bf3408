/**
 * No plaintext 身份证号 or phone rests in the database. Persons are created, corrected,
 * searched for, tagged, revealed and moved through the API with known numbers; then every
 * text, json and array column of every table is read raw and searched for those numbers in
 * any common way of writing them.
 */
import { makeIdNumber } from '@gongzhi/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { roomIn } from '../../../test/people-fixtures.ts';

describe(`personal data at rest (${dbLabel})`, () => {
  let t: TestPlatform;
  let grid: Client;
  let district: Client;
  const idNumbers = [
    makeIdNumber('440704', '1968-07-15', 357),
    makeIdNumber('440704', '1972-11-30', 468),
    makeIdNumber('110105', '2001-02-03', 579),
  ];
  const phones = ['13712345678', '15987654321', '18600001234'];
  beforeAll(async () => {
    t = await startTestPlatform({ loginRateLimit: 10_000 });
    grid = await t.as('grid.jinxi01');
    district = await t.as('district');
    const room = await roomIn(t, '440704001001001');
    const created = await grid.post('/api/registry/households', {
      roomId: room.uid,
      head: { name: '陈大文', idNumber: idNumbers[0], phone: '137 1234 5678' },
      event: 'move_in',
      effectiveDate: '2010-01-01',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const added = await grid.post(`/api/registry/households/${created.body.id}/members`, {
      person: { name: '林小红', idNumber: (idNumbers[1] as string).toLowerCase(), phone: '+86 159-8765-4321' },
      relation: '10',
      event: 'move_in',
      effectiveDate: '2012-01-01',
    });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const migrant = await grid.post('/api/registry/households', {
      roomId: (await roomIn(t, '440704001001001')).uid,
      head: { name: '赵外来', idNumber: idNumbers[2] },
      event: 'migrant_arrival',
      effectiveDate: '2026-05-01',
    });
    expect(migrant.status, JSON.stringify(migrant.body)).toBe(201);
    const uid = migrant.body.members[0].person.id;
    // A correction, a tag, searches, a reveal, a departure: every path that writes or logs.
    expect((await grid.patch(`/api/registry/persons/${uid}`, { phone: phones[2], reason: '更正电话' })).status).toBe(
      200,
    );
    expect(
      (
        await grid.post(`/api/registry/persons/${uid}/tags`, {
          tag: 'veteran',
          source: '退役军人事务局',
          startDate: '2026-05-01',
        })
      ).status,
    ).toBe(201);
    for (const id of idNumbers) expect((await grid.get(`/api/registry/persons?idNumber=${id}`)).status).toBe(200);
    for (const p of phones) expect((await grid.get(`/api/registry/persons?phone=${p}`)).status).toBe(200);
    expect(
      (await district.post(`/api/registry/persons/${uid}/reveal`, { field: 'idNumber', reason: '核对身份' })).body
        .value,
    ).toBe(idNumbers[2]);
    expect(
      (await district.post(`/api/registry/persons/${uid}/reveal`, { field: 'phone', reason: '联系本人' })).body.value,
    ).toBe(phones[2]);
    expect(
      (
        await grid.post(`/api/registry/persons/${uid}/events`, {
          event: 'migrant_departure',
          effectiveDate: '2026-11-01',
        })
      ).status,
    ).toBe(200);
    await t.deps.accessLog.flush();
  });
  afterAll(() => t.close());

  /** Ways a number is written: plain, lower-case x, grouped by spaces or dashes, with +86. */
  function spellings(): string[] {
    const out: string[] = [];
    for (const id of idNumbers) {
      out.push(id, id.toLowerCase(), id.slice(0, 17), `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`);
    }
    for (const p of phones) {
      out.push(p, `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`, `${p.slice(0, 3)}-${p.slice(3, 7)}-${p.slice(7)}`);
      out.push(`+86${p}`, `86${p}`);
    }
    return out;
  }

  it('no table holds a full id number or phone in any text, json or array column', async () => {
    const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
         and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'ARRAY', 'USER-DEFINED', 'character')
       order by c.table_name, c.column_name`.execute(t.deps.db);
    const tables = new Set(columns.map((c) => c.table_name));
    for (const must of [
      'person',
      'organisation',
      'audit_log',
      'data_access_log',
      'life_event',
      'outbox',
      'person_tag',
    ]) {
      expect(tables, must).toContain(must);
    }
    const needles = spellings();
    const found: string[] = [];
    let values = 0;
    for (const c of columns) {
      const { rows } = await sql<{
        v: string | null;
      }>`select ${sql.ref(c.column_name)}::text as v from ${sql.table(c.table_name)}`.execute(t.deps.db);
      for (const { v } of rows) {
        if (v === null) continue;
        values++;
        // Separators dropped too, so '137-1234-5678' in a JSON string is found as well.
        const squeezed = v.replace(/[\s\-()+.]/g, '');
        for (const n of needles) {
          const plain = n.replace(/[\s\-()+.]/g, '');
          if (v.includes(n) || squeezed.includes(plain) || squeezed.toLowerCase().includes(plain.toLowerCase())) {
            found.push(`${c.table_name}.${c.column_name} holds ${n.slice(0, 3)}…`);
          }
        }
      }
    }
    expect(values).toBeGreaterThan(100);
    expect([...new Set(found)]).toEqual([]);
  });

  it('the person rows hold the numbers sealed, indexed and masked — and the seal opens to the number', async () => {
    const rows = await t.deps.db
      .selectFrom('person')
      .select(['id_number_sealed', 'id_number_index', 'id_number_masked', 'phone_masked'])
      .where('name', 'in', ['陈大文', '林小红', '赵外来'])
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.id_number_masked)).toEqual(
      idNumbers.map((id) => `${id.slice(0, 6)}********${id.slice(14)}`),
    );
    expect(rows.map((r) => r.phone_masked)).toEqual(['137****5678', '159****4321', '186****1234']);
    for (const r of rows) {
      expect(r.id_number_sealed).toMatch(/^v1\./);
      expect(r.id_number_index).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });
});
