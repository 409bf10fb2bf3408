import type { RoleGrant } from '@gongzhi/api';
import { ROLES, type Role } from '@gongzhi/domain';
import { Space, Tag, Tooltip } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** A role's name in the UI language; an unknown role (a newer server) shows its code. */
export function roleLabel(role: string, t: TFunction): string {
  return (ROLES as readonly string[]).includes(role) ? t(`roles.${role as Role}`) : role;
}

/** Colours only group the roles visually; the role name is always written out. */
const ROLE_COLOURS: Record<RoleGrant['role'], string> = {
  resident: 'default',
  grid_worker: 'green',
  community_staff: 'cyan',
  street_official: 'blue',
  dept_handler: 'geekblue',
  district_admin: 'purple',
  auditor: 'gold',
  sysadmin: 'magenta',
};

interface Props {
  grants: readonly RoleGrant[];
  /** Role names only, each once (the header); otherwise role @ unit for every grant. */
  compact?: boolean;
  /** Makes each tag closable; the callback decides (e.g. after a confirmation). */
  onRevoke?: (grant: RoleGrant) => void;
}

export function RoleTags({ grants, compact = false, onRevoke }: Props) {
  const { t } = useTranslation();
  if (grants.length === 0) return <span>{t('common.none')}</span>;

  if (compact) {
    const roles = [...new Set(grants.map((g) => g.role))];
    return (
      <Space size={4} wrap>
        {roles.map((role) => (
          <Tag key={role} color={ROLE_COLOURS[role]} style={{ marginInlineEnd: 0 }}>
            {t(`roles.${role}`)}
          </Tag>
        ))}
      </Space>
    );
  }

  return (
    <Space size={4} wrap>
      {grants.map((g) => (
        <Tooltip key={g.id} title={g.unitPath}>
          <Tag
            color={ROLE_COLOURS[g.role]}
            style={{ marginInlineEnd: 0 }}
            closable={
              onRevoke
                ? { 'aria-label': t('users.revoke.tagLabel', { role: t(`roles.${g.role}`), unit: g.unitName }) }
                : false
            }
            onClose={(e) => {
              // The tag stays until the server has actually revoked the grant.
              e.preventDefault();
              onRevoke?.(g);
            }}
          >
            {t(`roles.${g.role}`)} · {g.unitName}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
