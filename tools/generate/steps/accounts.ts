/**
 * The plan's accounts with their role grants. Every account shares the demo password, hashed
 * once (scrypt per account would cost ~60 ms each); the admin accounts share the demo TOTP
 * secret, sealed once with the data key, as the demo seed does.
 */
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../../apps/server/src/demo/district.ts';
import { hashPassword, seal } from '../../../apps/server/src/platform/crypto.ts';
import { bulkInsert } from '../bulk.ts';
import type { Step, UnitRef } from '../step.ts';

interface UserRow {
  username: string;
  display_name: string;
  password_hash: string;
  password_changed_at: Date;
  unit_id: number;
  org_path: string;
  totp_secret: string | null;
}

interface GrantRow {
  user_id: number;
  role: string;
  unit_id: number;
  org_path: string;
  granted_at: Date;
}

export const accountsStep: Step = {
  name: 'accounts',
  async run(ctx) {
    const { plan, now } = ctx;
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const totpSecret = seal(ctx.keys, DEMO_TOTP_SECRET);
    const unitOf = (code: string) => {
      const u = ctx.units.get(code);
      if (!u) throw new Error(`accounts step: unit ${code} was not written`);
      return u as UnitRef;
    };
    const users = await bulkInsert<UserRow, { id: number; username: string }>(
      ctx.db,
      'app_user',
      {
        username: 'citext',
        display_name: 'text',
        password_hash: 'text',
        password_changed_at: 'timestamptz',
        unit_id: 'bigint',
        org_path: 'text',
        totp_secret: 'text',
      },
      plan.accounts.map((a) => ({
        username: a.username,
        display_name: a.displayName,
        password_hash: passwordHash,
        password_changed_at: now,
        unit_id: unitOf(a.unit).id,
        org_path: unitOf(a.unit).path,
        totp_secret: a.totp ? totpSecret : null,
      })),
      ['id', 'username'],
    );
    for (const u of users) ctx.users.set(u.username, u.id);
    await bulkInsert<GrantRow>(
      ctx.db,
      'role_grant',
      { user_id: 'bigint', role: 'text', unit_id: 'bigint', org_path: 'text', granted_at: 'timestamptz' },
      plan.accounts.map((a) => ({
        user_id: ctx.users.get(a.username) as number,
        role: a.role,
        unit_id: unitOf(a.unit).id,
        org_path: unitOf(a.unit).path,
        granted_at: now,
      })),
    );
    const byRole: Record<string, number> = {};
    for (const a of plan.accounts) byRole[a.role] = (byRole[a.role] ?? 0) + 1;
    return { accounts: users.length, ...Object.fromEntries(Object.entries(byRole).map(([r, n]) => [`role.${r}`, n])) };
  },
};
