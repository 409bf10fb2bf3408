/**
 * Turns every failure into `{ error: { code, message, details } }` with the right status and a
 * message in the request's locale. Validation failures name each field. 5xx never leak
 * internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AppError, type Locale, localeOf, messageFor } from '../errors.ts';

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

function fieldName(e: AjvError, context: string | undefined): string {
  const base = e.instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const extra =
    e.keyword === 'required'
      ? String(e.params.missingProperty)
      : e.keyword === 'additionalProperties'
        ? String(e.params.additionalProperty)
        : '';
  const path = [base, extra].filter(Boolean).join('.');
  return path || (context ?? 'body');
}

function describe(e: AjvError, field: string, locale: Locale): string {
  const p = e.params;
  const zh = locale === 'zh-CN';
  switch (e.keyword) {
    case 'required':
      return zh ? `缺少必填字段 ${field}` : `Missing required field ${field}`;
    case 'additionalProperties':
      return zh ? `不允许的字段 ${field}` : `Unknown field ${field}`;
    case 'maxLength':
      return zh ? `${field} 过长(最多 ${p.limit} 个字符)` : `${field} is too long (at most ${p.limit} characters)`;
    case 'minLength':
      return zh ? `${field} 过短(至少 ${p.limit} 个字符)` : `${field} is too short (at least ${p.limit} characters)`;
    case 'pattern':
      return zh ? `${field} 格式不正确` : `${field} has the wrong format`;
    case 'format':
      return zh ? `${field} 格式不正确(应为 ${p.format})` : `${field} must be a valid ${p.format}`;
    case 'type':
      return zh ? `${field} 类型错误(应为 ${p.type})` : `${field} must be of type ${p.type}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return zh ? `${field} 不能小于 ${p.limit}` : `${field} must be at least ${p.limit}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return zh ? `${field} 不能大于 ${p.limit}` : `${field} must be at most ${p.limit}`;
    case 'minItems':
      return zh ? `${field} 至少需要 ${p.limit} 项` : `${field} needs at least ${p.limit} items`;
    case 'maxItems':
      return zh ? `${field} 最多 ${p.limit} 项` : `${field} takes at most ${p.limit} items`;
    case 'minProperties':
      return zh ? `${field} 不能为空` : `${field} must not be empty`;
    case 'uniqueItems':
      return zh ? `${field} 含有重复项` : `${field} has duplicate items`;
    default:
      return zh ? `${field} 的取值不在允许范围内` : `${field} has a value that is not allowed`;
  }
}

/** One problem per field: Ajv reports every branch of a union, a person needs one line. */
export function fieldProblems(errors: AjvError[], context: string | undefined, locale: Locale): FieldProblem[] {
  const byField = new Map<string, FieldProblem>();
  for (const e of errors) {
    const field = fieldName(e, context);
    const keyword = ['const', 'anyOf', 'enum'].includes(e.keyword) ? 'enum' : e.keyword;
    const existing = byField.get(field);
    if (existing && existing.rule !== 'const') continue;
    byField.set(field, { field, rule: keyword, message: describe({ ...e, keyword }, field, locale) });
  }
  return [...byField.values()];
}

export function sendError(reply: FastifyReply, status: number, code: string, details?: unknown, message?: string) {
  const locale = localeOf(reply.request.headers['accept-language']);
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({
      error: { code, message: message ?? messageFor(code, locale), ...(details === undefined ? {} : { details }) },
    });
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError & { validation?: AjvError[]; validationContext?: string }, req, reply) => {
    const locale = localeOf(req.headers['accept-language']);
    if (err instanceof AppError) {
      // A service's own field problems read like the schema's: the message names each field.
      if (err.code === 'VALIDATION_FAILED' && Array.isArray(err.details)) {
        const problems = err.details as FieldProblem[];
        const message = `${messageFor('VALIDATION_FAILED', locale)}: ${problems.map((p) => p.message).join('; ')}`;
        return sendError(reply, err.status, err.code, problems, message);
      }
      return sendError(reply, err.status, err.code, err.details);
    }
    if (err.validation) {
      const problems = fieldProblems(err.validation, err.validationContext, locale);
      const message = `${messageFor('VALIDATION_FAILED', locale)}: ${problems.map((p) => p.message).join('; ')}`;
      return sendError(reply, 400, 'VALIDATION_FAILED', problems, message);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 413, 'BODY_TOO_LARGE');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(reply, 400, 'INVALID_JSON');
    }
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendError(reply, 400, 'INVALID_JSON');
    }
    if (err.statusCode === 429) return sendError(reply, 429, 'RATE_LIMITED');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, err.statusCode, err.code ?? 'BAD_REQUEST', undefined, err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, 500, 'INTERNAL');
  });
}
