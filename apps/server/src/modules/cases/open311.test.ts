import { createHash } from 'node:crypto';
import { sql } from 'kysely';
// saxes: the strict XML parser exceljs depends on — a real parse of the answers.
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { JIANGHAI_BBOX, pointInGrid } from '../../../test/cases-fixtures.ts';
import { dbLabel, startTestPlatform, type TestPlatform } from '../../../test/harness.ts';
import { seedDefaultCategories } from './categories-repo.ts';
import { escapeXml, xmlDocument } from './open311-xml.ts';

// Eight helpers share two cores while this is written: generous limits.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 600_000 });

const STREET_LIGHT = 'facilities.street-light';
const API_KEY = 'open311-test-key-5b0c1d2e3f';

interface XmlNode {
  name: string;
  text: string;
  children: XmlNode[];
}

/** Parses a whole document strictly (saxes throws on anything malformed) into a small tree. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const root: XmlNode = { name: '#document', text: '', children: [] };
  const stack: XmlNode[] = [root];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, text: '', children: [] };
    (stack.at(-1) as XmlNode).children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    (stack.at(-1) as XmlNode).text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  expect(root.children).toHaveLength(1);
  return root.children[0] as XmlNode;
}
/** A flat record of an element's children: <request><status>open</status>… → {status: 'open'}. */
const record = (n: XmlNode) => Object.fromEntries(n.children.map((c) => [c.name, c.text]));

describe('the Open311 XML serializer', () => {
  it('escapes text, drops what XML cannot carry, and names list items', () => {
    const xml = xmlDocument(
      'service_requests',
      [{ description: `<b>"路灯" & 'lamp'</b>\u0001`, lat: 22.5, notes: null }],
      { service_requests: 'request' },
    );
    const doc = parseXml(xml);
    expect(doc.name).toBe('service_requests');
    expect(record(doc.children[0] as XmlNode)).toEqual({
      description: `<b>"路灯" & 'lamp'</b>`,
      lat: '22.5',
      notes: '',
    });
    expect(escapeXml('a<b')).toBe('a&lt;b');
  });
});

describe(`Open311 GeoReport v2 (${dbLabel})`, () => {
  let t: TestPlatform;
  let at: { lng: number; lat: number };
  const db = () => t.deps.db;
  const form = (params: Record<string, string | number>) =>
    new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const inject = (
    method: 'GET' | 'POST',
    url: string,
    body?: { form?: Record<string, string | number>; json?: unknown },
  ) =>
    t.app.inject({
      method,
      url,
      ...(body?.form
        ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(body.form) }
        : body?.json
          ? { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body.json) }
          : {}),
    });

  beforeAll(async () => {
    t = await startTestPlatform();
    const district = await db()
      .selectFrom('org_unit')
      .select(['id', 'path'])
      .where('kind', '=', 'district')
      .where('path', '=', '440704')
      .executeTakeFirstOrThrow();
    await sql`update org_unit set bbox = ${JIANGHAI_BBOX}::double precision[] where id = ${district.id} and bbox is null`.execute(
      db(),
    );
    await seedDefaultCategories(db(), district.id, t.clock());
    // The client and its technical account, as the admin's Open311 clients page makes them.
    const user = await db()
      .insertInto('app_user')
      .values({
        username: 'open311.test-app',
        display_name: '随手拍 App',
        password_hash: 'scrypt$unusable',
        password_changed_at: t.clock(),
        unit_id: district.id,
        org_path: district.path,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const admin = await db()
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'district')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('open311_client')
      .values({
        district_id: district.id,
        name: '随手拍 App',
        key_hash: createHash('sha256').update(API_KEY).digest('hex'),
        key_hint: API_KEY.slice(-4),
        created_by: admin.id,
        created_at: t.clock(),
        user_id: user.id,
      })
      .execute();
    const p = await pointInGrid(t, '440704001001001');
    at = { lng: p.lng, lat: p.lat };
  });
  afterAll(() => t?.close());

  it('answers discovery, services and a service definition in JSON and XML', async () => {
    const discovery = await inject('GET', '/open311/v2/discovery.json');
    expect(discovery.statusCode).toBe(200);
    expect(discovery.json().endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['text/xml', 'application/json'],
    });
    const discoveryXml = await inject('GET', '/open311/v2/discovery.xml');
    expect(discoveryXml.headers['content-type']).toContain('text/xml');
    const d = parseXml(discoveryXml.body);
    expect(d.name).toBe('discovery');
    const endpoint = d.children.find((c) => c.name === 'endpoints')?.children[0] as XmlNode;
    expect(endpoint.name).toBe('endpoint');
    expect(endpoint.children.find((c) => c.name === 'formats')?.children.map((f) => f.text)).toEqual([
      'text/xml',
      'application/json',
    ]);

    const services = await inject('GET', '/open311/v2/services.json');
    expect(services.statusCode).toBe(200);
    const light = services.json().find((s: { service_code: string }) => s.service_code === STREET_LIGHT);
    expect(light).toMatchObject({ service_name: '路灯损坏', metadata: false, type: 'realtime' });
    expect(light.group).toBeTruthy();
    expect(light.keywords).toContain('路灯损坏');
    // parents are groups, not services
    const codes = services.json().map((s: { service_code: string }) => s.service_code);
    const parent = await db()
      .selectFrom('case_category as k')
      .innerJoin('case_category as p', 'p.id', 'k.parent_id')
      .select('p.code')
      .where('k.code', '=', STREET_LIGHT)
      .executeTakeFirstOrThrow();
    expect(codes).not.toContain(parent.code);

    const servicesXml = parseXml((await inject('GET', '/open311/v2/services.xml')).body);
    expect(servicesXml.name).toBe('services');
    const lightXml = servicesXml.children.map(record).find((s) => s.service_code === STREET_LIGHT);
    expect(lightXml).toMatchObject({ service_name: '路灯损坏', metadata: 'false', type: 'realtime' });

    const definition = await inject('GET', `/open311/v2/services/${STREET_LIGHT}.json`);
    expect(definition.statusCode).toBe(200);
    expect(definition.json()).toEqual({ service_code: STREET_LIGHT, attributes: [] });
    const definitionXml = parseXml((await inject('GET', `/open311/v2/services/${STREET_LIGHT}.xml`)).body);
    expect(definitionXml.name).toBe('service_definition');
    const missing = await inject('GET', '/open311/v2/services/no.such-thing.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()[0]).toMatchObject({ code: 404 });
    expect((await inject('GET', `/open311/v2/services/${STREET_LIGHT}.csv`)).statusCode).toBe(400);
  });

  it('takes a request form-encoded and answers it in JSON, without personal data', async () => {
    const posted = await inject('POST', '/open311/v2/requests.json', {
      form: {
        api_key: API_KEY,
        service_code: STREET_LIGHT,
        lat: at.lat,
        long: at.lng,
        address_string: '金溪路12号3栋',
        description: '东门路灯不亮\n已经三天了',
        first_name: '小明',
        last_name: '王',
        email: 'wang@example.com',
        phone: '13912345678',
      },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const [made] = posted.json();
    expect(made.service_request_id).toMatch(/^\d{8}-[0-9A-Z]{6}$/);
    expect(made.service_notice).toContain(made.service_request_id);

    const row = await db()
      .selectFrom('cases')
      .selectAll()
      .where('receipt_no', '=', made.service_request_id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'open311',
      status: 'reported',
      title: '东门路灯不亮',
      reporter_name: '王小明',
      reporter_phone_masked: '139****5678',
    });
    expect(row.reporter_phone_sealed).not.toContain('13912345678');
    const client = await db()
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', 'open311.test-app')
      .executeTakeFirstOrThrow();
    expect(row.reporter_user_id).toBe(client.id);
    // The timeline and the event say where it came from, as for every other channel.
    const report = await db()
      .selectFrom('case_event')
      .select('detail')
      .where('case_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(report.detail).toMatchObject({ channel: 'open311' });
    const event = await db()
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'case.reported')
      .where(sql<boolean>`payload->>'receiptNo' = ${made.service_request_id}`)
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ channel: 'open311' });

    const one = await inject('GET', `/open311/v2/requests/${made.service_request_id}.json`);
    expect(one.statusCode).toBe(200);
    expect(one.json()[0]).toMatchObject({
      service_request_id: made.service_request_id,
      status: 'open',
      service_code: STREET_LIGHT,
      service_name: '路灯损坏',
      description: '东门路灯不亮',
      address: '金溪路',
      lat: Math.round(at.lat * 1e4) / 1e4,
      long: Math.round(at.lng * 1e4) / 1e4,
    });
    for (const secret of ['王小明', '小明', '13912345678', '139****5678', 'wang@example.com', '3栋', '三天'])
      expect(one.body).not.toContain(secret);

    const list = await inject('GET', `/open311/v2/requests.json?service_code=${STREET_LIGHT}&status=open`);
    expect(list.statusCode).toBe(200);
    expect(list.json().map((r: { service_request_id: string }) => r.service_request_id)).toContain(
      made.service_request_id,
    );
    const closed = await inject('GET', '/open311/v2/requests.json?status=closed');
    expect(closed.json().map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(
      made.service_request_id,
    );
    const past = await inject(
      'GET',
      '/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z',
    );
    expect(past.json()).toEqual([]);
  });

  it('takes a request as JSON and answers in XML that parses', async () => {
    const posted = await inject('POST', '/open311/v2/requests.xml', {
      json: {
        api_key: API_KEY,
        service_code: STREET_LIGHT,
        lat: at.lat,
        long: at.lng,
        description: '路灯 <闪烁> & 忽明忽暗',
      },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    expect(posted.headers['content-type']).toContain('text/xml');
    const doc = parseXml(posted.body);
    expect(doc.name).toBe('service_requests');
    const id = record(doc.children[0] as XmlNode).service_request_id as string;
    expect(id).toMatch(/^\d{8}-[0-9A-Z]{6}$/);

    const one = parseXml((await inject('GET', `/open311/v2/requests/${id}.xml`)).body);
    expect(one.children).toHaveLength(1);
    expect(record(one.children[0] as XmlNode)).toMatchObject({
      service_request_id: id,
      status: 'open',
      description: '路灯 <闪烁> & 忽明忽暗',
    });
    const list = parseXml((await inject('GET', `/open311/v2/requests.xml?service_code=${STREET_LIGHT}`)).body);
    expect(list.children.map((c) => record(c).service_request_id)).toContain(id);
    expect(list.children.every((c) => c.name === 'request')).toBe(true);
  });

  it('refuses a missing or wrong api_key (403), a point outside the district and an unknown service (400)', async () => {
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const base = { service_code: STREET_LIGHT, lat: at.lat, long: at.lng, description: '路灯不亮' };

    const noKey = await inject('POST', '/open311/v2/requests.json', { form: base });
    expect(noKey.statusCode).toBe(403);
    expect(noKey.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    const wrong = await inject('POST', '/open311/v2/requests.xml', { form: { ...base, api_key: 'not-the-key' } });
    expect(wrong.statusCode).toBe(403);
    const errors = parseXml(wrong.body);
    expect(errors.name).toBe('errors');
    expect(record(errors.children[0] as XmlNode)).toMatchObject({ code: '403' });

    const outside = await inject('POST', '/open311/v2/requests.json', {
      form: { ...base, api_key: API_KEY, lat: 23.13, long: 113.26 }, // 广州
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json()[0]).toMatchObject({ code: 400 });

    const unknown = await inject('POST', '/open311/v2/requests.json', {
      form: { ...base, api_key: API_KEY, service_code: 'no.such-service' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()[0].description).toContain('service_code');

    const nowhere = await inject('POST', '/open311/v2/requests.json', {
      form: { api_key: API_KEY, service_code: STREET_LIGHT, description: '路灯不亮' },
    });
    expect(nowhere.statusCode).toBe(400);

    const badStatus = await inject('GET', '/open311/v2/requests.json?status=pending');
    expect(badStatus.statusCode).toBe(400);
    const tooLong = await inject('GET', '/open311/v2/requests.json?start_date=2020-01-01&end_date=2026-01-01');
    expect(tooLong.statusCode).toBe(400);
    expect((await inject('GET', '/open311/v2/requests/20261123-ZZZZZZ.json')).statusCode).toBe(404);

    expect(await count()).toBe(before);
  });
});
