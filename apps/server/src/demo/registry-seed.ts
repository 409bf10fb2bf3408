/**
 * Writes a population plan (population.ts) into the registry tables: the demo seed writes
 * the 48 demo grids in one go, the generator (tools/generate/steps/registry.ts) writes a
 * large district chunk by chunk through the same writer.
 *
 * Persons are stored exactly as the registry service stores them: personColumns() checks
 * and seals each one (AES-256-GCM 身份证号 and phone, HMAC blind indexes, masked forms,
 * name grams), so no plaintext id number or phone reaches the database here either.
 *
 * Rows are inserted set-based, one statement per table and chunk of rows:
 *
 *   insert into t (a, b) overriding system value select * from unnest($1::bigint[], $2::text[])
 *
 * The writer hands out the ids of buildings, rooms, persons and households itself (above
 * the highest id already there, sequences moved on at the end), so children are written
 * without asking for their parents' ids back.
 */
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { BUILTIN_TAGS, maskIdNumber, maskPhone } from '@gongzhi/domain';
import { type RawBuilder, sql } from 'kysely';
import { syncBuiltinTags } from '../modules/registry/builtin-tags.ts';
import { indexOf, nameGrams } from '../modules/registry/person-data.ts';
import type { Keys } from '../platform/crypto.ts';
import { copyRows, type Db } from '../platform/db/database.ts';
import type { PopulationPlan } from './population.ts';

/** Where the plan's grids are in the database. */
export interface PopulationTarget {
  districtId: number;
  /** By grid code. */
  grids: ReadonlyMap<string, { id: number; path: string }>;
}

type PgType = 'text' | 'bigint' | 'integer' | 'boolean' | 'date' | 'float8' | 'timestamptz' | 'text[]' | 'uuid';

/** A column: its type and one value per row, or one value for every row. */
type Column = { type: PgType; values: readonly unknown[] } | { type: PgType; constant: string | number };

/**
 * One insert of up to ROWS_PER_STATEMENT rows: each column an array literal (`{1,2,NULL}`)
 * sent as one text parameter, or a constant. Or, for a PostgreSQL server, all of a table's rows
 * in COPY's text format (`copy`), loaded with COPY FROM STDIN: a bulk load twice as fast.
 * Plain strings, so a worker thread can build them and hand them over for the price of a copy.
 */
export type Statement =
  | {
      table: string;
      ownIds: boolean;
      columns: Array<
        { name: string; type: PgType; literal: string } | { name: string; type: PgType; constant: string | number }
      >;
    }
  | { table: string; columns: string[]; copy: string };

/** How statements carry their rows: see Statement. */
export type StatementFormat = 'unnest' | 'copy';

/** A value in COPY's text format: `\\N` for null, backslash, tab and line breaks escaped. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const s = typeof value === 'string' ? value : String(value);
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] as string) : s;
}
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function copyText(columns: readonly Column[], rows: number): string {
  // Column by column, as the plan holds them; a constant is escaped once.
  const cells: string[][] = columns.map((c) =>
    'constant' in c ? new Array<string>(rows).fill(copyField(c.constant)) : c.values.map(copyField),
  );
  const lines = new Array<string>(rows);
  const row = new Array<string>(columns.length);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < cells.length; i++) row[i] = (cells[i] as string[])[r] as string;
    lines[r] = row.join('\t');
  }
  return rows === 0 ? '' : `${lines.join('\n')}\n`;
}

/** An element of an array literal, quoted unless it is a number or a boolean. */
function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const s = String(value);
  return s.indexOf('"') < 0 && s.indexOf('\\') < 0 ? `"${s}"` : `"${s.replace(/["\\]/g, '\\$&')}"`;
}

function literal(values: readonly unknown[], start: number, end: number): string {
  const parts = new Array<string>(end - start);
  for (let i = start; i < end; i++) parts[i - start] = element(values[i]);
  return `{${parts.join(',')}}`;
}

export const ROWS_PER_STATEMENT = 5000;

/** Sealed person columns, ready for the insert: what personColumns gives, as arrays. */
export interface SealedPersons {
  name: string[];
  name_grams: string[];
  gender: (string | null)[];
  birth_date: (string | null)[];
  ethnicity: (string | null)[];
  id_number_sealed: (string | null)[];
  id_number_index: (string | null)[];
  id_number_masked: (string | null)[];
  phone_sealed: (string | null)[];
  phone_index: (string | null)[];
  phone_masked: (string | null)[];
}

/** A text[] value as a literal, each element quoted: a name never breaks the array's syntax. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map(element).join(',')}}`;
}

/**
 * seal() of platform/crypto.ts, with the random IVs drawn 4,096 at a time: a draw per value
 * costs as much as the encryption. Same algorithm, same `v1.<iv>.<tag>.<ciphertext>`: unseal()
 * opens it like any other (population.test.ts checks).
 */
export class Sealer {
  #pool = Buffer.alloc(0);
  #offset = 0;

  constructor(private readonly keys: Keys) {}

  seal(plaintext: string): string {
    if (this.#offset + 12 > this.#pool.length) {
      this.#pool = randomBytes(12 * 4096);
      this.#offset = 0;
    }
    const iv = this.#pool.subarray(this.#offset, this.#offset + 12);
    this.#offset += 12;
    const cipher = createCipheriv('aes-256-gcm', this.keys.seal, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }
}

/**
 * Seals the persons of a plan into the columns personColumns() gives for them (the same
 * name, grams, masks, sealed values and blind indexes; population.test.ts compares the two
 * over the demo district). The planner makes only numbers the domain accepts — makeIdNumber
 * throws otherwise — so they are not parsed again here: at a million persons that parsing
 * costs more than the sealing.
 */
export function sealPersons(keys: Keys, plan: Pick<PopulationPlan, 'persons'>): SealedPersons {
  const n = plan.persons.length;
  const out: SealedPersons = {
    name: new Array(n),
    name_grams: new Array(n),
    gender: new Array(n),
    birth_date: new Array(n),
    ethnicity: new Array(n),
    id_number_sealed: new Array(n),
    id_number_index: new Array(n),
    id_number_masked: new Array(n),
    phone_sealed: new Array(n),
    phone_index: new Array(n),
    phone_masked: new Array(n),
  };
  const sealer = new Sealer(keys);
  for (let i = 0; i < n; i++) {
    const p = plan.persons[i] as PopulationPlan['persons'][number];
    out.name[i] = p.name;
    out.name_grams[i] = arrayLiteral(nameGrams(p.name));
    out.gender[i] = p.gender;
    out.birth_date[i] = p.birthDate;
    out.ethnicity[i] = p.ethnicity;
    out.id_number_sealed[i] = sealer.seal(p.idNumber);
    out.id_number_index[i] = indexOf.idNumber(keys, p.idNumber);
    out.id_number_masked[i] = maskIdNumber(p.idNumber);
    out.phone_sealed[i] = p.phone && sealer.seal(p.phone);
    out.phone_index[i] = p.phone && indexOf.phone(keys, p.phone);
    out.phone_masked[i] = p.phone && maskPhone(p.phone);
  }
  return out;
}

/** The ids of the tables whose rows other rows point at. */
export interface IdBases {
  building: number;
  building_unit: number;
  room: number;
  person: number;
  household: number;
}
const ID_TABLES = ['building', 'building_unit', 'room', 'person', 'household'] as const;

/** What an encoder needs to know of the database, read by PopulationWriter.begin(). */
export interface EncoderState {
  /** The last id handed out per table. */
  next: IdBases;
  /** Tag ids by code. */
  tags: Record<string, number>;
  districtId: number;
  /** [code, id, path] of the grids. */
  grids: Array<[string, number, string]>;
  /** ISO timestamp of the rows' creation. */
  now: string;
}

/**
 * Turns plans into statements, handing out ids as it goes: plans must be encoded in the
 * order they are executed. Pure but for sealing, so it runs in a worker thread as well.
 */
export class PopulationEncoder {
  readonly counts: Record<string, number> = {};
  #next: IdBases;
  readonly #tags: Map<string, number>;
  readonly #grids: Map<string, { id: number; path: string }>;
  #statements: Statement[] = [];

  constructor(
    private readonly keys: Keys,
    private readonly state: EncoderState,
    private readonly format: StatementFormat = 'unnest',
  ) {
    this.#next = { ...state.next };
    this.#tags = new Map(Object.entries(state.tags));
    this.#grids = new Map(state.grids.map(([code, id, path]) => [code, { id, path }]));
  }

  get next(): IdBases {
    return { ...this.#next };
  }

  /**
   * The statements that write a plan; `sealed` are its persons when already sealed, `at`
   * the ids after which its rows' ids start (else after the last ones handed out).
   */
  encode(plan: PopulationPlan, sealed?: SealedPersons, at?: IdBases): Statement[] {
    this.#statements = [];
    const persons = sealed ?? sealPersons(this.keys, plan);
    const gridRefs = plan.grids.map((g) => {
      const ref = this.#grids.get(g.code);
      if (!ref) throw new Error(`population: grid ${g.code} is not in the database`);
      return ref;
    });
    const gridId = (g: number) => (gridRefs[g] as { id: number }).id;
    const pathOf = (g: number) => (gridRefs[g] as { path: string }).path;
    // Ids follow the last ones handed out, or start at `at` (a chunk's own range of ids).
    const base = { ...(at ?? this.#next) };
    const idOf = (table: keyof IdBases, index: number | null) => (index === null ? null : base[table] + index + 1);
    const end: IdBases = {
      building: base.building + plan.buildings.length,
      building_unit: base.building_unit + plan.units.length,
      room: base.room + plan.rooms.length,
      person: base.person + plan.persons.length,
      household: base.household + plan.households.length,
    };
    for (const t of ID_TABLES) this.#next[t] = Math.max(this.#next[t], end[t]);
    const now: Column = { type: 'timestamptz', constant: this.state.now };
    const district: Column = { type: 'bigint', constant: this.state.districtId };
    const col = (type: PgType, values: readonly unknown[]): Column => ({ type, values });
    const buildingPath = plan.buildings.map((b) => pathOf(b.grid));
    const roomPath = plan.rooms.map((r) => buildingPath[r.building] as string);

    this.#insert('building', plan.buildings.length, true, {
      id: col(
        'bigint',
        plan.buildings.map((_, i) => idOf('building', i)),
      ),
      district_id: district,
      grid_id: col(
        'bigint',
        plan.buildings.map((b) => gridId(b.grid)),
      ),
      org_path: col('text', buildingPath),
      name: col(
        'text',
        plan.buildings.map((b) => b.name),
      ),
      address: col(
        'text',
        plan.buildings.map((b) => b.address),
      ),
      kind: col(
        'text',
        plan.buildings.map((b) => b.kind),
      ),
      floors: col(
        'integer',
        plan.buildings.map((b) => b.floors),
      ),
      lng: col(
        'float8',
        plan.buildings.map((b) => b.lng),
      ),
      lat: col(
        'float8',
        plan.buildings.map((b) => b.lat),
      ),
      created_at: now,
    });
    this.#insert('building_unit', plan.units.length, true, {
      id: col(
        'bigint',
        plan.units.map((_, i) => idOf('building_unit', i)),
      ),
      building_id: col(
        'bigint',
        plan.units.map((u) => idOf('building', u.building)),
      ),
      org_path: col(
        'text',
        plan.units.map((u) => buildingPath[u.building]),
      ),
      name: col(
        'text',
        plan.units.map((u) => u.name),
      ),
      sort: col(
        'integer',
        plan.units.map((u) => u.sort),
      ),
    });
    this.#insert('room', plan.rooms.length, true, {
      id: col(
        'bigint',
        plan.rooms.map((_, i) => idOf('room', i)),
      ),
      building_id: col(
        'bigint',
        plan.rooms.map((r) => idOf('building', r.building)),
      ),
      unit_id: col(
        'bigint',
        plan.rooms.map((r) => idOf('building_unit', r.unit)),
      ),
      org_path: col('text', roomPath),
      floor: col(
        'integer',
        plan.rooms.map((r) => r.floor),
      ),
      number: col(
        'text',
        plan.rooms.map((r) => r.number),
      ),
      rental: col(
        'boolean',
        plan.rooms.map((r) => r.rental),
      ),
    });
    const personPath = plan.persons.map((p) => pathOf(p.grid));
    this.#insert('person', plan.persons.length, true, {
      id: col(
        'bigint',
        plan.persons.map((_, i) => idOf('person', i)),
      ),
      district_id: district,
      grid_id: col(
        'bigint',
        plan.persons.map((p) => gridId(p.grid)),
      ),
      org_path: col('text', personPath),
      name: col('text', persons.name),
      name_grams: col('text[]', persons.name_grams),
      gender: col('text', persons.gender),
      birth_date: col('date', persons.birth_date),
      ethnicity: col('text', persons.ethnicity),
      id_number_sealed: col('text', persons.id_number_sealed),
      id_number_index: col('text', persons.id_number_index),
      id_number_masked: col('text', persons.id_number_masked),
      phone_sealed: col('text', persons.phone_sealed),
      phone_index: col('text', persons.phone_index),
      phone_masked: col('text', persons.phone_masked),
      registered_address: col(
        'text',
        plan.persons.map((p) => p.registeredAddress),
      ),
      registered_here: col(
        'boolean',
        plan.persons.map((p) => p.registeredHere),
      ),
      room_id: col(
        'bigint',
        plan.persons.map((p) => idOf('room', p.room)),
      ),
      status: col(
        'text',
        plan.persons.map((p) => p.status),
      ),
      party_member: col(
        'boolean',
        plan.persons.map((p) => p.partyMember),
      ),
      last_event_date: col(
        'date',
        plan.persons.map((p) => p.lastEventDate),
      ),
      created_at: now,
      updated_at: now,
    });
    this.#insert('household', plan.households.length, true, {
      id: col(
        'bigint',
        plan.households.map((_, i) => idOf('household', i)),
      ),
      district_id: district,
      grid_id: col(
        'bigint',
        plan.households.map((h) => gridId(h.grid)),
      ),
      org_path: col(
        'text',
        plan.households.map((h) => pathOf(h.grid)),
      ),
      number: col(
        'text',
        plan.households.map((h) => h.number),
      ),
      kind: col(
        'text',
        plan.households.map((h) => h.kind),
      ),
      room_id: col(
        'bigint',
        plan.households.map((h) => idOf('room', h.room)),
      ),
      created_at: now,
    });
    this.#insert('household_member', plan.members.length, false, {
      household_id: col(
        'bigint',
        plan.members.map((m) => idOf('household', m.household)),
      ),
      person_id: col(
        'bigint',
        plan.members.map((m) => idOf('person', m.person)),
      ),
      relation: col(
        'text',
        plan.members.map((m) => m.relation),
      ),
      org_path: col(
        'text',
        plan.members.map((m) => personPath[m.person]),
      ),
      since: col(
        'date',
        plan.members.map((m) => m.since),
      ),
      until: col(
        'date',
        plan.members.map((m) => m.until),
      ),
    });
    this.#insert('life_event', plan.events.length, false, {
      person_id: col(
        'bigint',
        plan.events.map((e) => idOf('person', e.person)),
      ),
      event: col(
        'text',
        plan.events.map((e) => e.event),
      ),
      effective_date: col(
        'date',
        plan.events.map((e) => e.date),
      ),
      household_id: col(
        'bigint',
        plan.events.map((e) => idOf('household', e.household)),
      ),
      room_id: col(
        'bigint',
        plan.events.map((e) => idOf('room', e.room)),
      ),
      org_path: col(
        'text',
        plan.events.map((e) => personPath[e.person]),
      ),
      note: col(
        'text',
        plan.events.map((e) => e.note),
      ),
      recorded_at: now,
    });
    this.#insert('migrant_registration', plan.migrants.length, false, {
      person_id: col(
        'bigint',
        plan.migrants.map((m) => idOf('person', m.person)),
      ),
      org_path: col(
        'text',
        plan.migrants.map((m) => personPath[m.person]),
      ),
      arrival_date: col(
        'date',
        plan.migrants.map((m) => m.arrival),
      ),
      expected_departure: col(
        'date',
        plan.migrants.map((m) => m.expectedDeparture),
      ),
      actual_departure: col(
        'date',
        plan.migrants.map((m) => m.actualDeparture),
      ),
      origin: col(
        'text',
        plan.migrants.map((m) => m.origin),
      ),
      reason: col(
        'text',
        plan.migrants.map((m) => m.reason),
      ),
      created_at: now,
    });
    const tagId = (code: string) => {
      const id = this.#tags.get(code);
      if (id === undefined) throw new Error(`population: no tag ${code}`);
      return id;
    };
    this.#insert('person_tag', plan.tags.length, false, {
      person_id: col(
        'bigint',
        plan.tags.map((t) => idOf('person', t.person)),
      ),
      tag_id: col(
        'bigint',
        plan.tags.map((t) => tagId(t.code)),
      ),
      org_path: col(
        'text',
        plan.tags.map((t) => personPath[t.person]),
      ),
      source: col(
        'text',
        plan.tags.map((t) => t.source),
      ),
      start_date: col(
        'date',
        plan.tags.map((t) => t.startDate),
      ),
      end_date: col(
        'date',
        plan.tags.map((t) => t.endDate),
      ),
      note: col(
        'text',
        plan.tags.map((t) => t.note),
      ),
      set_at: now,
      ended_at: col(
        'timestamptz',
        plan.tags.map((t) => (t.endDate ? this.state.now : null)),
      ),
      end_reason: col(
        'text',
        plan.tags.map((t) => t.endReason),
      ),
    });
    const phones = plan.organisations.map((o) => o.contactPhone);
    const sealer = new Sealer(this.keys);
    this.#insert('organisation', plan.organisations.length, false, {
      district_id: district,
      grid_id: col(
        'bigint',
        plan.organisations.map((o) => gridId(o.grid)),
      ),
      org_path: col(
        'text',
        plan.organisations.map((o) => pathOf(o.grid)),
      ),
      name: col(
        'text',
        plan.organisations.map((o) => o.name),
      ),
      kind: col(
        'text',
        plan.organisations.map((o) => o.kind),
      ),
      credit_code: col(
        'text',
        plan.organisations.map((o) => o.creditCode),
      ),
      building_id: col(
        'bigint',
        plan.organisations.map((o) => idOf('building', o.building)),
      ),
      room_id: col(
        'bigint',
        plan.organisations.map((o) => idOf('room', o.room)),
      ),
      address: col(
        'text',
        plan.organisations.map((o) => o.address),
      ),
      contact_name: col(
        'text',
        plan.organisations.map((o) => o.contactName),
      ),
      contact_phone_sealed: col(
        'text',
        phones.map((p) => sealer.seal(p)),
      ),
      contact_phone_index: col(
        'text',
        phones.map((p) => indexOf.phone(this.keys, p)),
      ),
      contact_phone_masked: col('text', phones.map(maskPhone)),
      employees: col(
        'integer',
        plan.organisations.map((o) => o.employees),
      ),
      lng: col(
        'float8',
        plan.organisations.map((o) => o.lng),
      ),
      lat: col(
        'float8',
        plan.organisations.map((o) => o.lat),
      ),
      created_at: now,
    });
    this.#insert('facility', plan.facilities.length, false, {
      district_id: district,
      grid_id: col(
        'bigint',
        plan.facilities.map((f) => gridId(f.grid)),
      ),
      org_path: col(
        'text',
        plan.facilities.map((f) => pathOf(f.grid)),
      ),
      kind: col(
        'text',
        plan.facilities.map((f) => f.kind),
      ),
      name: col(
        'text',
        plan.facilities.map((f) => f.name),
      ),
      building_id: col(
        'bigint',
        plan.facilities.map((f) => idOf('building', f.building)),
      ),
      lng: col(
        'float8',
        plan.facilities.map((f) => f.lng),
      ),
      lat: col(
        'float8',
        plan.facilities.map((f) => f.lat),
      ),
      status: col(
        'text',
        plan.facilities.map((f) => f.status),
      ),
      note: col(
        'text',
        plan.facilities.map((f) => f.note),
      ),
      created_at: now,
    });
    const out = this.#statements;
    this.#statements = [];
    return out;
  }

  #insert(table: string, rows: number, ownIds: boolean, columns: Record<string, Column>): void {
    this.counts[table] = (this.counts[table] ?? 0) + rows;
    // The opaque uid is drawn here rather than by the column's gen_random_uuid() default: the
    // server draws each from the system's strong random source, several times the cost of
    // the whole rest of a row's insert; Node draws them from a buffered pool.
    if (table !== 'household_member') {
      columns = { uid: { type: 'uuid', values: Array.from({ length: rows }, () => randomUUID()) }, ...columns };
    }
    if (this.format === 'copy') {
      this.#statements.push({ table, columns: Object.keys(columns), copy: copyText(Object.values(columns), rows) });
      return;
    }
    for (let start = 0; start < rows; start += ROWS_PER_STATEMENT) {
      const end = Math.min(rows, start + ROWS_PER_STATEMENT);
      this.#statements.push({
        table,
        ownIds,
        columns: Object.entries(columns).map(([name, c]) =>
          'constant' in c
            ? { name, type: c.type, constant: c.constant }
            : { name, type: c.type, literal: literal(c.values, start, end) },
        ),
      });
    }
  }
}

/** Runs a statement: one parameter per column whatever the number of rows. */
export async function executeStatement(db: Db, st: Statement): Promise<void> {
  if ('copy' in st) return copyRows(db, st.table, st.columns, st.copy);
  const arrays: RawBuilder<unknown>[] = [];
  const selected = st.columns.map((c) => {
    if ('constant' in c) return sql`${c.constant}::${sql.raw(c.type)}`;
    const i = arrays.length;
    // A text[] per row goes as its literal and is cast row by row (unnest flattens arrays of arrays).
    arrays.push(sql`${c.literal}::${sql.raw(c.type === 'text[]' ? 'text' : c.type)}[]`);
    return c.type === 'text[]' ? sql`${sql.ref(`c${i}`)}::text[]` : sql.ref(`c${i}`);
  });
  const aliases = arrays.map((_, i) => sql.ref(`c${i}`));
  await sql`
    insert into ${sql.table(st.table)} (${sql.join(st.columns.map((c) => sql.ref(c.name)))})
    ${st.ownIds ? sql`overriding system value` : sql``}
    select ${sql.join(selected)} from unnest(${sql.join(arrays)}) as u(${sql.join(aliases)})`.execute(db);
}

/**
 * Writes plans into a database: begin() reads where ids go on from, write() encodes and
 * runs a plan, finish() moves the identity sequences past the ids handed out.
 */
export class PopulationWriter {
  encoder: PopulationEncoder | undefined;
  state: EncoderState | undefined;

  constructor(
    private readonly db: Db,
    private readonly keys: Keys,
    private readonly now: Date,
    private readonly target: PopulationTarget,
  ) {}

  async begin(): Promise<EncoderState> {
    const { rows } = await sql<IdBases>`
      select ${sql.join(
        ID_TABLES.map((t) => sql`(select coalesce(max(id), 0) from ${sql.table(t)})::int as ${sql.ref(t)}`),
      )}`.execute(this.db);
    await syncBuiltinTags(this.db, this.now);
    const tags = await this.db
      .selectFrom('tag_definition')
      .select(['id', 'code'])
      .where(
        'code',
        'in',
        BUILTIN_TAGS.map((t) => t.code),
      )
      .execute();
    this.state = {
      next: { ...(rows[0] as IdBases) },
      tags: Object.fromEntries(tags.map((t) => [t.code, t.id])),
      districtId: this.target.districtId,
      grids: [...this.target.grids].map(([code, g]) => [code, g.id, g.path]),
      now: this.now.toISOString(),
    };
    this.encoder = new PopulationEncoder(this.keys, this.state);
    return this.state;
  }

  async write(plan: PopulationPlan): Promise<void> {
    if (!this.encoder) throw new Error('PopulationWriter.begin() first');
    for (const st of this.encoder.encode(plan)) await executeStatement(this.db, st);
  }

  /** Moves the identity sequences past the last ids handed out (`next`: when another encoder did). */
  async finish(next: IdBases | undefined = this.encoder?.next): Promise<void> {
    if (!next) return;
    for (const t of ID_TABLES) {
      if (next[t] === 0) continue;
      await sql`select setval(pg_get_serial_sequence(${t}, 'id'), ${next[t]})`.execute(this.db);
    }
  }
}

/** Plans are written by one writer: the demo seed's whole district in one call. */
export async function writePopulation(
  db: Db,
  keys: Keys,
  now: Date,
  target: PopulationTarget,
  plan: PopulationPlan,
): Promise<Record<string, number>> {
  const writer = new PopulationWriter(db, keys, now, target);
  await writer.begin();
  // PGlite runs as a superuser: the first start skips the per-row foreign-key triggers for
  // rows built to reference each other (tools/generate/generate.test.ts loads the same rows
  // with the triggers on). Elsewhere the triggers run as usual.
  const { rows } = await sql<{ su: boolean }>`select rolsuper as su from pg_roles where rolname = current_user`.execute(
    db,
  );
  if (rows[0]?.su) await sql`set local session_replication_role = replica`.execute(db);
  await writer.write(plan);
  if (rows[0]?.su) await sql`set local session_replication_role = origin`.execute(db);
  await writer.finish();
  return writer.encoder?.counts ?? {};
}
