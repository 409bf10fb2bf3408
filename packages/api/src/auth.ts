import { type Static, Type } from '@sinclair/typebox';
import { Uid } from './common.ts';

export const RoleName = Type.Union(
  [
    Type.Literal('resident'),
    Type.Literal('grid_worker'),
    Type.Literal('community_staff'),
    Type.Literal('street_official'),
    Type.Literal('dept_handler'),
    Type.Literal('district_admin'),
    Type.Literal('auditor'),
    Type.Literal('sysadmin'),
  ],
  { description: 'role' },
);

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    totp: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const RoleGrant = Type.Object({
  id: Uid,
  role: RoleName,
  unitId: Uid,
  unitName: Type.String(),
  unitPath: Type.String(),
});
export type RoleGrant = Static<typeof RoleGrant>;

/** Who is logged in and what the session still needs before it can be used. */
export const Me = Type.Object({
  user: Type.Object({
    id: Uid,
    username: Type.String(),
    displayName: Type.String(),
  }),
  roles: Type.Array(RoleGrant),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.String(),
  /** The session may only enrol a second factor until this is false. */
  mfaEnrolmentRequired: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  /** 等保 rotation: the session may only change its password until this is false. */
  passwordChangeRequired: Type.Boolean(),
  idleTimeoutSeconds: Type.Integer(),
});
export type Me = Static<typeof Me>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const TotpSetup = Type.Object({ secret: Type.String(), otpauthUri: Type.String() });
export const TotpConfirmBody = Type.Object(
  { code: Type.String({ pattern: '^\\d{6}$' }) },
  { additionalProperties: false },
);
