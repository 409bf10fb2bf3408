/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the district's categories as
 * services (service_code = the category's code), its cases as service requests, and apps of
 * third parties posting reports with an api_key.
 *
 * - The jurisdiction is a district: `jurisdiction_id` (its code 440704000000 or 440704), else
 *   the api_key's district, else the one district that has categories.
 * - Requests never carry personal data: no reporter, `description` is the case's title (what a
 *   resident writes in the description often names them), the address without its house number,
 *   lat/long rounded to 4 decimals (about 10 m). status is open (reported … in progress) or
 *   closed (resolved, closed, rejected, merged); status_notes the published result.
 * - POST acts as the client's technical account (open311_client.user_id, found by the SHA-256 of
 *   the api_key) and goes through intake, so the case is made, numbered, timed and audited the
 *   one way every case is; then it is marked channel 'open311' with the reporter the client
 *   named (first_name/last_name, phone sealed as intake seals it; email is not kept).
 */
import { randomUUID } from 'node:crypto';
import { insideBbox, parsePhone } from '@gongzhi/domain';
import type { Scope } from '../../platform/auth/scope.ts';
import { type Keys, sha256 } from '../../platform/crypto.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, type Locale } from '../../platform/errors.ts';
import { streetOf } from './board-service.ts';
import type { IntakeService } from './intake-service.ts';
import * as repo from './open311-repo.ts';

export type Params = Record<string, unknown>;

const DAY_MS = 86_400_000;
/** Without dates, the last 90 days (as the spec says); never more than 1000 days or rows. */
const DEFAULT_WINDOW_DAYS = 90;
const MAX_WINDOW_DAYS = 1000;
const MAX_ROWS = 1000;
const OPEN = ['reported', 'accepted', 'dispatched', 'in_progress'];
const CLOSED = ['resolved', 'closed', 'rejected', 'merged'];
export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this API last changed shape (discovery's changeset). */
const CHANGESET = '2026-11-26T00:00:00Z';

const badParam = (field: string) => new AppError('CASE_OPEN311_BAD_PARAM', 400, { field });

/** A parameter as one trimmed string (form fields and JSON values alike), or undefined. */
function str(params: Params, key: string): string | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw badParam(key);
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

function list(params: Params, key: string): string[] | undefined {
  const s = str(params, key);
  return s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function date(params: Params, key: string): Date | undefined {
  const s = str(params, key);
  if (s === undefined) return undefined;
  // W3C ISO 8601 with a time zone, or a bare date (midnight UTC)
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(s)) throw badParam(key);
  const d = new Date(s.replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) throw badParam(key);
  return d;
}

function coordinate(params: Params, key: 'lat' | 'long'): number | undefined {
  const s = str(params, key);
  if (s === undefined) return undefined;
  const n = Number(s);
  const limit = key === 'lat' ? 90 : 180;
  if (!Number.isFinite(n) || Math.abs(n) > limit) throw badParam(key);
  return n;
}

const round4 = (n: number | null) => (n === null ? null : Math.round(n * 1e4) / 1e4);
const HAN = /\p{Script=Han}/u;

/** A name from the client's first_name / last_name: 王 + 桂芳 → 王桂芳, Jane + Doe → Jane Doe. */
function fullName(first: string | undefined, last: string | undefined): string | null {
  if (!first && !last) return null;
  const han = HAN.test(`${first ?? ''}${last ?? ''}`);
  const name = han ? `${last ?? ''}${first ?? ''}` : [first, last].filter(Boolean).join(' ');
  return [...name].slice(0, 40).join('');
}

/** The title of a case from the description's first line, else the service's name. */
function titleOf(description: string | undefined, serviceName: string): string {
  const line = description?.split(/\r?\n/)[0]?.trim();
  if (!line) return serviceName;
  const chars = [...line];
  return chars.length <= 60 ? line : `${chars.slice(0, 59).join('')}…`;
}

export function createOpen311Service(deps: { clock: () => Date; keys: Keys; intake: IntakeService }) {
  async function clientOf(db: Db, params: Params) {
    const key = str(params, 'api_key');
    const client = key && (await repo.clientByKeyHash(db, sha256(key)));
    if (!client) throw new AppError('CASE_OPEN311_KEY_INVALID', 403);
    return client;
  }

  /** The district the request is about (see the module's comment). */
  async function jurisdiction(db: Db, params: Params): Promise<repo.Jurisdiction> {
    const id = str(params, 'jurisdiction_id');
    if (id) {
      const d = await repo.districtByCode(db, id);
      if (!d) throw badParam('jurisdiction_id');
      return d;
    }
    if (str(params, 'api_key')) return repo.districtById(db, (await clientOf(db, params)).district_id);
    const all = await repo.districtsWithCategories(db);
    if (all.length === 0) throw new AppError('CASE_OPEN311_UNAVAILABLE', 404);
    if (all.length > 1) throw badParam('jurisdiction_id');
    return all[0] as repo.Jurisdiction;
  }

  function discovery(baseUrl: string, contact: string) {
    return {
      changeset: CHANGESET,
      contact,
      key_service: 'api_key: the district administrator issues one per app (事件管理 → Open311 接入)',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: baseUrl,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  const serviceName = (s: repo.ServiceRow, locale: Locale) => (locale === 'en' ? (s.name_en ?? s.name) : s.name);

  async function services(db: Db, params: Params, locale: Locale) {
    const district = await jurisdiction(db, params);
    return (await repo.services(db, district.id)).map((s) => ({
      service_code: s.code,
      service_name: serviceName(s, locale),
      description: s.description ?? '',
      metadata: false,
      type: 'realtime',
      keywords: [s.name, s.name_en].filter(Boolean).join(','),
      group: (locale === 'en' ? (s.group_name_en ?? s.group_name) : s.group_name) ?? '',
    }));
  }

  async function definition(db: Db, code: string, params: Params) {
    const district = await jurisdiction(db, params);
    const [service] = await repo.services(db, district.id, code);
    if (!service) throw new AppError('CASE_OPEN311_SERVICE_UNKNOWN', 404);
    return { service_code: service.code, attributes: [] as never[] };
  }

  function toRequest(r: repo.RequestRow, locale: Locale) {
    const open = OPEN.includes(r.status);
    const notes =
      r.status === 'merged' && r.merged_into
        ? `duplicate of ${r.merged_into}`
        : r.status === 'rejected'
          ? 'rejected'
          : (r.result ?? '');
    return {
      service_request_id: r.receipt_no,
      status: open ? 'open' : 'closed',
      status_notes: notes,
      service_name: locale === 'en' ? (r.service_name_en ?? r.service_name) : r.service_name,
      service_code: r.service_code,
      description: r.title,
      agency_responsible: r.agency ?? '',
      service_notice: '',
      requested_datetime: r.created_at.toISOString(),
      updated_datetime: r.updated_at.toISOString(),
      expected_datetime: open ? r.resolve_due_at.toISOString() : null,
      address: streetOf(r.address) ?? '',
      address_id: '',
      zipcode: '',
      lat: round4(r.lat),
      long: round4(r.lng),
      media_url: '',
    };
  }

  async function requests(db: Db, params: Params, locale: Locale) {
    const district = await jurisdiction(db, params);
    const ids = list(params, 'service_request_id');
    if (ids) {
      // By id the other filters are ignored (as the spec says).
      const rows = await repo.requests(db, {
        districtId: district.id,
        receiptNos: ids.slice(0, MAX_ROWS),
        limit: MAX_ROWS,
      });
      return rows.map((r) => toRequest(r, locale));
    }
    let start = date(params, 'start_date');
    let end = date(params, 'end_date');
    if (!end) end = start ? new Date(start.getTime() + DEFAULT_WINDOW_DAYS * DAY_MS) : deps.clock();
    if (!start) start = new Date(end.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
    if (end < start) throw badParam('end_date');
    if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * DAY_MS) throw badParam('start_date');
    const statuses = list(params, 'status');
    if (statuses?.some((s) => s !== 'open' && s !== 'closed')) throw badParam('status');
    const rows = await repo.requests(db, {
      districtId: district.id,
      serviceCodes: list(params, 'service_code'),
      statuses: statuses?.flatMap((s) => (s === 'open' ? OPEN : CLOSED)),
      start,
      end,
      limit: MAX_ROWS,
    });
    return rows.map((r) => toRequest(r, locale));
  }

  async function request(db: Db, id: string, params: Params, locale: Locale) {
    const district = await jurisdiction(db, params);
    const [row] = await repo.requests(db, { districtId: district.id, receiptNos: [id], limit: 1 });
    if (!row) throw new AppError('CASE_NOT_FOUND', 404);
    return [toRequest(row, locale)];
  }

  /** POST requests: a report of the client's app, made through intake as the client's account. */
  async function post(trx: Db, params: Params, meta: { ip: string | null; requestId: string | null; locale: Locale }) {
    const client = await clientOf(trx, params);
    const district = await repo.districtById(trx, client.district_id);
    const jid = str(params, 'jurisdiction_id');
    if (jid && jid !== district.code && jid !== district.path) throw badParam('jurisdiction_id');
    const code = str(params, 'service_code');
    if (!code) throw badParam('service_code');
    const [service] = await repo.services(trx, district.id, code);
    if (!service) throw new AppError('CASE_OPEN311_SERVICE_UNKNOWN', 400, { field: 'service_code' });

    const lat = coordinate(params, 'lat');
    const lng = coordinate(params, 'long');
    if ((lat === undefined) !== (lng === undefined)) throw badParam(lat === undefined ? 'lat' : 'long');
    const address = str(params, 'address_string');
    if (lat === undefined && !address) throw new AppError('CASE_OPEN311_LOCATION_REQUIRED', 400);
    if (lat !== undefined && lng !== undefined && district.bbox?.length === 4) {
      if (!insideBbox({ lng, lat }, district.bbox.map(Number) as [number, number, number, number]))
        throw new AppError('CASE_OPEN311_LOCATION_OUTSIDE', 400, { field: 'lat' });
    }
    if (address && [...address].length > 128) throw badParam('address_string');
    const description = str(params, 'description');
    if (description && [...description].length > 2000) throw badParam('description');
    const rawPhone = str(params, 'phone');
    let phone: string | null = null;
    if (rawPhone) {
      const parsed = parsePhone(rawPhone);
      if (!parsed.ok) throw badParam('phone');
      phone = parsed.value;
    }
    const name = fullName(str(params, 'first_name'), str(params, 'last_name'));

    const scope: Scope = {
      user: {
        id: client.user_id,
        uid: client.user_uid,
        username: client.username,
        displayName: client.display_name,
        orgPath: client.org_path,
        totpEnabled: false,
      },
      grants: [],
      ip: meta.ip,
      requestId: meta.requestId,
      locale: meta.locale,
    };
    const name0 = serviceName(service, 'zh-CN');
    const { detail } = await deps.intake.reportOpen311(
      trx,
      scope,
      {
        uid: randomUUID(),
        category: service.uid,
        title: titleOf(description, name0),
        description: description ?? name0,
        ...(lat !== undefined && lng !== undefined ? { lat, lng } : {}),
        ...(address ? { address } : {}),
      },
      { name, phone },
    );
    const made = { receipt_no: detail.receiptNo };
    const notice =
      meta.locale === 'en'
        ? `Received; receipt number ${made.receipt_no}`
        : `已受理,回执号 ${made.receipt_no},可凭回执号查询办理进度`;
    return [{ service_request_id: made.receipt_no, service_notice: notice, account_id: null }];
  }

  return { discovery, services, definition, requests, request, post };
}
