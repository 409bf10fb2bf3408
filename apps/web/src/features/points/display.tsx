/**
 * Small pieces the points pages share: signed amounts, the words for kinds and statuses, a
 * rule's evidence and caps, and the community the pages open on.
 */
import type { OrgTreeNode, PersonProfile } from '@gongzhi/api';
import { Alert, Card, List, Space, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { can, useSession } from '../auth/session.tsx';
import { useOrgTree } from '../org/hooks.ts';
import { indexTree } from '../org/treeIndex.ts';
import { useDefaultUnit } from '../registry/useDefaultUnit.ts';
import type { ClaimStatus } from './hooks-claims.ts';
import { type PointsHolderKind, type PointsTransferKind, usePointsAccounts } from './hooks-ledger.ts';
import type { RuleEvidence, RuleVersion } from './hooks-rules.ts';
import './points.css';

export { EmptyText, ScrollRegion } from '../visits/display.tsx';

/** Today's date in Asia/Shanghai, whatever the browser's zone: deeds and caps count by China dates. */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

export const isCommunity = (node: Pick<OrgTreeNode, 'kind'>) => node.kind === 'community' || node.kind === 'village';

/** A points amount with its sign written out (+5, −10); the colour only repeats what the sign says. */
export function Points({ value, signed = true, testId }: { value: number; signed?: boolean; testId?: string }) {
  if (!signed)
    return (
      <span className="gz-points-number" data-testid={testId}>
        {value}
      </span>
    );
  const text = value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : '0';
  return (
    <span className={value < 0 ? 'gz-points-minus' : 'gz-points-plus'} data-testid={testId}>
      {text}
    </span>
  );
}

const HOLDER_COLOURS: Record<PointsHolderKind, string> = { person: 'blue', household: 'green', party_member: 'red' };

/** 个人 / 家庭 / 党员: whose account it is. */
export function HolderTag({ kind }: { kind: PointsHolderKind }) {
  const { t } = useTranslation();
  return <Tag color={HOLDER_COLOURS[kind]}>{t(`points.common.holder.${kind}`)}</Tag>;
}

const KIND_COLOURS: Record<PointsTransferKind, string> = {
  award: 'green',
  claim: 'green',
  event: 'cyan',
  deduct: 'red',
  redeem: 'orange',
  refund: 'blue',
  reversal: 'default',
};

export function TransferKindTag({ kind }: { kind: PointsTransferKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLOURS[kind]}>{t(`points.common.transferKind.${kind}`)}</Tag>;
}

const CLAIM_COLOURS: Record<ClaimStatus, string> = {
  pending: 'gold',
  needs_info: 'orange',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
};

export function ClaimStatusTag({ status, testId }: { status: ClaimStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={CLAIM_COLOURS[status]} data-testid={testId}>
      {t(`points.common.claimStatus.${status}`)}
    </Tag>
  );
}

export function EvidenceTags({ evidence }: { evidence: readonly RuleEvidence[] }) {
  const { t } = useTranslation();
  if (evidence.length === 0) return <span className="gz-muted">{t('points.rules.noEvidence')}</span>;
  return (
    <Space size={[4, 4]} wrap>
      {evidence.map((e) => (
        <Tag key={e}>{t(`points.common.evidence.${e}`)}</Tag>
      ))}
    </Space>
  );
}

/** 每月上限 20 分 · 每年上限 100 分, or 不限. */
export function capsText(v: Pick<RuleVersion, 'capMonth' | 'capYear'>, t: TFunction) {
  const parts: string[] = [];
  if (v.capMonth !== null) parts.push(t('points.rules.capMonthText', { points: v.capMonth }));
  if (v.capYear !== null) parts.push(t('points.rules.capYearText', { points: v.capYear }));
  return parts.length ? parts.join(' · ') : t('points.rules.noCap');
}

/** 2026-01-01 起 / 2026-01-01 至 2026-12-31. */
export function validityText(v: Pick<RuleVersion, 'validFrom' | 'validUntil'>, t: TFunction) {
  return v.validUntil
    ? t('points.rules.validRange', { from: v.validFrom, until: v.validUntil })
    : t('points.rules.validFrom', { from: v.validFrom });
}

/**
 * The community a points page opens on: my own if my role sits on a community, or the
 * community my grid belongs to; none for a street or district user, who picks one.
 */
export function useDefaultCommunity(): string | undefined {
  const tree = useOrgTree(false);
  const index = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  const unit = useDefaultUnit();
  return useMemo(() => {
    if (!unit) return undefined;
    const node = index.node(unit);
    if (node && isCommunity(node)) return node.id;
    const parent = index.parent(unit);
    return parent && isCommunity(parent) ? parent.id : undefined;
  }, [unit, index]);
}

/**
 * 积分 on a person's 活档案: their own accounts (个人, 党员) and their household's, each with its
 * balance and a link to its entries. Shown to those who read points; accounts appear once the
 * first points are posted to them.
 */
export function PointsPanel({ person }: { person: PersonProfile }) {
  const me = useSession();
  if (!can(me, 'points:read')) return null;
  return <Panel person={person} />;
}

function Panel({ person }: { person: PersonProfile }) {
  const { t } = useTranslation();
  const found = usePointsAccounts({ person: person.id, page: 1, pageSize: 10 });
  const accounts = found.data?.items ?? [];
  const error = found.error;

  return (
    <Card size="small" title={<h2 className="gz-card-title">{t('points.ledger.panelTitle')}</h2>}>
      {error ? (
        <Alert type="error" showIcon title={error.message} />
      ) : (
        <List
          loading={found.isPending}
          dataSource={accounts}
          locale={{ emptyText: t('points.ledger.panelEmpty') }}
          data-testid="points-panel"
          renderItem={(a) => (
            <List.Item
              actions={[
                <Link key="open" to={`/points/accounts/${a.id}`} data-testid="points-panel-open">
                  {t('points.ledger.openAccount')}
                </Link>,
              ]}
            >
              <Space wrap size={8}>
                <HolderTag kind={a.kind} />
                <span>
                  {t('points.ledger.balance')}: <Points value={a.balance} signed={false} />
                </span>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
