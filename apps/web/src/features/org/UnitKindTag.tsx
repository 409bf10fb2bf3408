import {
  ApartmentOutlined,
  AppstoreOutlined,
  BankOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import type { UnitKind } from '@gongzhi/domain';
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const KIND_LOOK: Record<UnitKind, { icon: ReactNode; color: string; iconColour: string }> = {
  district: { icon: <ApartmentOutlined />, color: 'purple', iconColour: '#531dab' },
  street: { icon: <BankOutlined />, color: 'blue', iconColour: '#0958d9' },
  community: { icon: <HomeOutlined />, color: 'cyan', iconColour: '#006d75' },
  village: { icon: <EnvironmentOutlined />, color: 'green', iconColour: '#237804' },
  grid: { icon: <AppstoreOutlined />, color: 'orange', iconColour: '#ad4e00' },
  department: { icon: <ToolOutlined />, color: 'geekblue', iconColour: '#1d39c4' },
};

/** 区 / 街道 / 社区 / 村 / 网格 / 部门 as a small coloured tag with its icon. */
export function UnitKindTag({ kind }: { kind: UnitKind }) {
  const { t } = useTranslation();
  const look = KIND_LOOK[kind];
  return (
    <Tag icon={look.icon} color={look.color} style={{ marginInlineEnd: 0 }}>
      {t(`org.kind.${kind}`)}
    </Tag>
  );
}

/**
 * The kind as an icon alone, for the dense tree; its name is given to assistive technology
 * and shown as a tooltip.
 */
export function UnitKindIcon({ kind }: { kind: UnitKind }) {
  const { t } = useTranslation();
  const look = KIND_LOOK[kind];
  return (
    <span
      role="img"
      aria-label={t(`org.kind.${kind}`)}
      title={t(`org.kind.${kind}`)}
      style={{ color: look.iconColour }}
    >
      {look.icon}
    </span>
  );
}
