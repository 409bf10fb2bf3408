import { type Static, Type } from '@sinclair/typebox';
import { RoleGrant, RoleName } from './auth.ts';
import { Name, PageQuery, Uid } from './common.ts';

export const UserStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled')]);

export const UserSummary = Type.Object({
  id: Uid,
  username: Type.String(),
  displayName: Type.String(),
  status: UserStatus,
  unitId: Uid,
  unitName: Type.String(),
  roles: Type.Array(RoleGrant),
  totpEnabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type UserSummary = Static<typeof UserSummary>;

export const UserListQuery = Type.Object(
  { q: Type.Optional(Type.String({ maxLength: 64 })), ...PageQuery },
  { additionalProperties: false },
);

export const CreateUserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[a-z][a-z0-9._-]{2,31}$', description: 'lower-case login name' }),
    displayName: Name(32),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    unitId: Uid,
  },
  { additionalProperties: false },
);
export const UpdateUserBody = Type.Object(
  { displayName: Type.Optional(Name(32)), status: Type.Optional(UserStatus) },
  { additionalProperties: false, minProperties: 1 },
);
export const ResetPasswordBody = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export const GrantRoleBody = Type.Object({ role: RoleName, unitId: Uid }, { additionalProperties: false });

/**
 * A resident's own account (居民账号), opened by the staff who keep the person's record: its
 * role is 'resident' on the person's grid and it is linked to the person, so "my points" are
 * theirs. The display name is the person's name as registered.
 */
export const ResidentAccountBody = Type.Object(
  {
    person: Uid,
    username: CreateUserBody.properties.username,
    password: CreateUserBody.properties.password,
  },
  { additionalProperties: false },
);
export const ResidentAccountQuery = Type.Object({ person: Uid }, { additionalProperties: false });
export const ResidentAccount = Type.Object({
  userId: Uid,
  username: Type.String(),
  status: UserStatus,
  createdAt: Type.String({ format: 'date-time' }),
});
export type ResidentAccount = Static<typeof ResidentAccount>;
export const ResidentAccountState = Type.Object({ account: Type.Union([ResidentAccount, Type.Null()]) });
export type ResidentAccountState = Static<typeof ResidentAccountState>;
