import { type TSchema, Type } from '@sinclair/typebox';

/** Opaque public id of a record (UUID). Internal bigint ids never leave the server. */
export const Uid = Type.String({ format: 'uuid', description: 'opaque id' });

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable machine code, e.g. UNIT_NOT_FOUND' }),
    message: Type.String({ description: "human message in the request's locale" }),
    details: Type.Optional(Type.Unknown()),
  }),
});

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

/** A trimmed, non-empty human name: units, people, reasons. */
export function Name(maxLength = 64) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S' });
}

export const Reason = Type.String({ minLength: 2, maxLength: 500, pattern: '\\S' });
export const Ok = Type.Object({ ok: Type.Literal(true) });
