/**
 * The one way the web app talks to the API: same-origin fetch with the session cookie,
 * JSON in and out, the request language in Accept-Language, the CSRF token on every
 * unsafe method, and every failure turned into an ApiError carrying the server's code and
 * its already-localised message.
 */
import type { ErrorBody } from '@gongzhi/api';
import i18n from '../i18n/index.ts';

type ErrorPayload = (typeof ErrorBody.static)['error'];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** One field problem of a 400 VALIDATION_FAILED answer. */
export interface FieldProblem {
  field: string;
  message: string;
}

export function fieldProblems(err: unknown): FieldProblem[] {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED' || !Array.isArray(err.details)) return [];
  return err.details.filter(
    (d): d is FieldProblem =>
      typeof d === 'object' && d !== null && typeof d.field === 'string' && typeof d.message === 'string',
  );
}

// The server hands out the CSRF token twice: in every Me answer and in the readable gz_csrf
// cookie. Me is preferred because it belongs to the session we actually hold; the cookie
// covers a reload before /me has answered.
let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

function csrfFromCookie(): string | null {
  const match = document.cookie.split('; ').find((c) => c.startsWith('gz_csrf='));
  return match ? decodeURIComponent(match.slice('gz_csrf='.length)) : null;
}

type SessionListener = (err: ApiError) => void;
let sessionLost: SessionListener = () => {};
let sessionRestricted: SessionListener = () => {};

/** Called when the server no longer knows our session (logged out or idle too long). */
export function onSessionLost(listener: SessionListener): void {
  sessionLost = listener;
}

/** Called when the session may only enrol TOTP or change its password before anything else. */
export function onSessionRestricted(listener: SessionListener): void {
  sessionRestricted = listener;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOST = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);
const RESTRICTED = new Set(['MFA_ENROLMENT_REQUIRED', 'PASSWORD_CHANGE_REQUIRED']);

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

function withQuery(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isErrorPayload(body: unknown): body is { error: ErrorPayload } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

async function request<T>(
  method: string,
  path: string,
  opts: { query?: QueryParams; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
    ...opts.headers,
  };
  // A Blob (a photo) travels as its own bytes with its own type; anything else as JSON.
  const raw = opts.body instanceof Blob ? opts.body : null;
  if (raw) headers['Content-Type'] = raw.type || 'application/octet-stream';
  else if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const token = csrfToken ?? csrfFromCookie();
    if (token) headers['X-CSRF-Token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', i18n.t('errors.network'));
  }

  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (response.ok) return body as T;

  const err = isErrorPayload(body)
    ? new ApiError(response.status, body.error.code, body.error.message, body.error.details)
    : new ApiError(response.status, `HTTP_${response.status}`, i18n.t('errors.http', { status: response.status }));
  if (err.status === 401 && LOST.has(err.code)) sessionLost(err);
  if (err.status === 403 && RESTRICTED.has(err.code)) sessionRestricted(err);
  throw err;
}

export const api = {
  get: <T>(path: string, query?: QueryParams) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, { body, headers }),
  patch: <T>(path: string, body: unknown, headers?: Record<string, string>) =>
    request<T>('PATCH', path, { body, headers }),
  put: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PUT', path, { body, headers }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};
