/**
 * 积分规则: a community's catalogue drawn from its village code (村规民约 / 居民公约) — its own
 * rules and those the street and district set for every community below them (marked 来自…),
 * grouped by category. Anyone with points:read reads it; points:manage creates rules, revises
 * them (a new version: past entries keep the version they were awarded under) and retires
 * them, each at the unit that owns the rule.
 */
import type { OrgTreeNode } from '@gongzhi/api';
import { Alert, Button, Card, Col, Row, Space, Switch, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { can, useSession } from '../auth/session.tsx';
import { useOrgTree } from '../org/hooks.ts';
import { indexTree } from '../org/treeIndex.ts';
import { UnitPicker } from '../registry/fields.tsx';
import {
  capsText,
  EmptyText,
  EvidenceTags,
  isCommunity,
  Points,
  ScrollRegion,
  useDefaultCommunity,
  validityText,
} from './display.tsx';
import { type Rule, useCatalogue } from './hooks-rules.ts';
import { RetireRuleModal, RuleFormModal, RuleHistoryModal } from './RuleModals.tsx';

const MANAGERS = new Set(['community_staff', 'street_official', 'district_admin']);
const OWNER_KINDS = new Set(['district', 'street', 'community', 'village']);

type Dialog = { kind: 'create' } | { kind: 'revise' | 'retire' | 'history'; rule: Rule } | null;

export default function RulesPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const defaultCommunity = useDefaultCommunity();
  const community = params.get('community') ?? defaultCommunity;
  const showRetired = params.get('retired') === '1';
  const manage = can(me, 'points:manage');
  const catalogue = useCatalogue(community, manage && showRetired);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);

  // A rule is changed by the unit that owns it: my manager roles' units and everything under them.
  const tree = useOrgTree(false);
  const index = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  const managed = useMemo(() => new Set(me.roles.filter((r) => MANAGERS.has(r.role)).map((r) => r.unitId)), [me.roles]);
  const mayManage = (unitId: string) =>
    manage && (managed.has(unitId) || index.ancestorIds(unitId).some((id) => managed.has(id)));
  const owners = (n: OrgTreeNode) => OWNER_KINDS.has(n.kind) && mayManage(n.id);

  const setFilter = (change: { community?: string; retired?: boolean }) => {
    const next = new URLSearchParams(params);
    if (change.community !== undefined) next.set('community', change.community);
    if (change.retired !== undefined) {
      if (change.retired) next.set('retired', '1');
      else next.delete('retired');
    }
    setParams(next);
  };

  const categories = catalogue.data?.categories ?? [];
  const count = categories.reduce((n, c) => n + c.rules.length, 0);

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('points.rules.title')}
      </Typography.Title>
      <search aria-label={t('points.rules.filters')} className="gz-points-filters">
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} sm={12} lg={8}>
            <UnitPicker
              value={community}
              allowClear={false}
              usable={isCommunity}
              placeholder={t('points.common.pickCommunity')}
              onChange={(v) => v && setFilter({ community: v })}
              aria-label={t('points.common.community')}
              testId="rules-community"
            />
          </Col>
          {manage && (
            <Col>
              <Space>
                <Switch
                  checked={showRetired}
                  onChange={(on) => setFilter({ retired: on })}
                  aria-label={t('points.rules.showRetired')}
                  id="rules-show-retired"
                />
                <label htmlFor="rules-show-retired">{t('points.rules.showRetired')}</label>
              </Space>
            </Col>
          )}
          {manage && community && (
            <Col flex="auto" style={{ textAlign: 'end' }}>
              <Button type="primary" onClick={() => setDialog({ kind: 'create' })} data-testid="rule-create">
                {t('points.rules.create')}
              </Button>
            </Col>
          )}
        </Row>
      </search>
      {!manage && <Alert type="info" showIcon title={t('points.rules.readOnly')} style={{ marginBottom: 16 }} />}
      {!community && <Alert type="info" showIcon title={t('points.common.pickCommunity')} />}
      {catalogue.isError && (
        <Alert type="error" showIcon title={catalogue.error.message} style={{ marginBottom: 16 }} />
      )}
      {catalogue.data && (
        <p className="gz-muted" data-testid="rules-summary">
          {t('points.rules.summary', { community: catalogue.data.community.name, count, today: catalogue.data.today })}
        </p>
      )}
      {community && catalogue.data && count === 0 && (
        <Card size="small">
          <EmptyText>{t('points.rules.empty')}</EmptyText>
        </Card>
      )}
      {categories
        .filter((c) => c.rules.length > 0)
        .map((c) => (
          <Card
            key={c.category}
            size="small"
            className="gz-points-category"
            title={
              <h2 className="gz-card-title">
                {c.name} <span className="gz-muted">({c.rules.length})</span>
              </h2>
            }
            data-testid={`rules-category-${c.category}`}
          >
            <RuleTable
              rules={c.rules}
              label={c.name}
              loading={catalogue.isFetching}
              mayManage={(r) => mayManage(r.owner.id)}
              onOpen={(kind, rule) => setDialog({ kind, rule })}
            />
          </Card>
        ))}
      {dialog?.kind === 'create' && community && (
        <RuleFormModal community={community} owners={owners} onClose={close} />
      )}
      {dialog?.kind === 'revise' && community && (
        <RuleFormModal rule={dialog.rule} community={community} onClose={close} />
      )}
      {dialog?.kind === 'retire' && <RetireRuleModal rule={dialog.rule} onClose={close} />}
      {dialog?.kind === 'history' && <RuleHistoryModal rule={dialog.rule} onClose={close} />}
    </>
  );
}

function RuleTable({
  rules,
  label,
  loading,
  mayManage,
  onOpen,
}: {
  rules: readonly Rule[];
  label: string;
  loading: boolean;
  mayManage: (rule: Rule) => boolean;
  onOpen: (kind: 'revise' | 'retire' | 'history', rule: Rule) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Rule> = [
    { title: t('points.rules.code'), dataIndex: 'code', width: 90 },
    {
      title: t('points.rules.ruleTitle'),
      key: 'title',
      render: (_, r) => (
        <Space orientation="vertical" size={2}>
          <span data-testid="rule-title-cell">{r.current.title}</span>
          {r.current.description && <span className="gz-muted gz-break">{r.current.description}</span>}
          <Space size={[4, 4]} wrap>
            <Tag>{`v${r.current.version}`}</Tag>
            {r.retiredAt && <Tag color="default">{t('points.rules.retiredTag')}</Tag>}
            {!r.retiredAt && !r.validToday && <Tag color="gold">{t('points.rules.notValidToday')}</Tag>}
            {!r.current.claimable && <Tag>{t('points.rules.staffOnly')}</Tag>}
          </Space>
        </Space>
      ),
    },
    {
      title: t('points.rules.points'),
      key: 'points',
      width: 70,
      render: (_, r) => <Points value={r.current.points} />,
    },
    {
      title: t('points.rules.appliesTo'),
      key: 'appliesTo',
      width: 70,
      render: (_, r) => t(`points.common.appliesTo.${r.current.appliesTo}`),
    },
    {
      title: t('points.rules.evidence'),
      key: 'evidence',
      width: 130,
      render: (_, r) => <EvidenceTags evidence={r.current.evidence} />,
    },
    {
      title: t('points.rules.capsAndValidity'),
      key: 'caps',
      width: 140,
      render: (_, r) => (
        <span>
          {capsText(r.current, t)}
          <br />
          <span className="gz-muted">{validityText(r.current, t)}</span>
        </span>
      ),
    },
    {
      title: t('points.rules.source'),
      key: 'source',
      width: 130,
      render: (_, r) =>
        r.inherited ? (
          <Tag color="purple" className="gz-wrap-tag" data-testid="rule-inherited">
            {t(`points.rules.from.${r.owner.kind}`, { name: r.owner.name })}
          </Tag>
        ) : (
          <Tag color="blue">{t('points.rules.own')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => onOpen('history', r)}>
            {t('points.rules.historyButton')}
          </Button>
          {mayManage(r) && !r.retiredAt && (
            <>
              <Button type="link" size="small" onClick={() => onOpen('revise', r)} data-testid="rule-revise">
                {t('points.rules.revise')}
              </Button>
              <Button type="link" size="small" danger onClick={() => onOpen('retire', r)} data-testid="rule-retire">
                {t('points.rules.retire')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];
  return (
    <ScrollRegion label={label}>
      <Table<Rule>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={[...rules]}
        loading={loading}
        pagination={false}
        style={{ minWidth: 980 }}
        rowClassName={(r) => (r.retiredAt ? 'gz-muted' : '')}
        data-testid="rules-table"
      />
    </ScrollRegion>
  );
}
