/**
 * 走访规则: which tags put a household on a community's must-visit list and how often (六必访
 * by default monthly). Anyone with visits:read sees them; visits:manage changes them — saving
 * rebuilds the community's current lists on the server, which the confirmation says — and may
 * rebuild this month's lists on demand.
 */
import { Alert, App, Button, Card, Col, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { can, useSession } from '../auth/session.tsx';
import { useOrgTree } from '../org/hooks.ts';
import { indexTree } from '../org/treeIndex.ts';
import { UnitPicker } from '../registry/fields.tsx';
import { useDefaultUnit } from '../registry/useDefaultUnit.ts';
import { EmptyText, ScrollRegion } from './display.tsx';
import {
  FREQUENCIES,
  useRebuildPlans,
  useSaveVisitRules,
  useVisitRules,
  type VisitFrequency,
  type VisitRules,
} from './hooks.ts';

type Rule = VisitRules['rules'][number];
const isCommunity = (kind: string) => kind === 'community' || kind === 'village';

export default function RulesPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const tree = useOrgTree(false);
  const index = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  const defaultUnit = useDefaultUnit();
  // The community of my own unit: itself, or the community a grid belongs to.
  const defaultCommunity = useMemo(() => {
    if (!defaultUnit) return undefined;
    const node = index.node(defaultUnit);
    if (node && isCommunity(node.kind)) return node.id;
    const parent = index.parent(defaultUnit);
    return parent && isCommunity(parent.kind) ? parent.id : undefined;
  }, [defaultUnit, index]);
  const community = params.get('community') ?? defaultCommunity;
  const rules = useVisitRules(community);
  const manage = can(me, 'visits:manage');

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('visits.rules.title')}
      </Typography.Title>
      <search aria-label={t('visits.rules.filters')} className="gz-visits-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={8}>
            <UnitPicker
              value={community}
              allowClear={false}
              usable={(n) => isCommunity(n.kind)}
              placeholder={t('visits.rules.pickCommunity')}
              onChange={(v) => setParams(v ? { community: v } : {})}
              aria-label={t('visits.rules.community')}
              testId="rules-community"
            />
          </Col>
        </Row>
      </search>
      {!manage && <Alert type="info" showIcon title={t('visits.rules.readOnly')} style={{ marginBottom: 16 }} />}
      {!community && <Alert type="info" showIcon title={t('visits.rules.pickCommunity')} />}
      {rules.isError && <Alert type="error" showIcon title={rules.error.message} style={{ marginBottom: 16 }} />}
      {community && (rules.isPending || rules.data) && (
        <RulesEditor
          key={`${community}:${rules.dataUpdatedAt}`}
          community={community}
          data={rules.data}
          loading={rules.isFetching}
          editable={manage}
        />
      )}
    </>
  );
}

function RulesEditor({
  community,
  data,
  loading,
  editable,
}: {
  community: string;
  data: VisitRules | undefined;
  loading: boolean;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const save = useSaveVisitRules();
  const rebuild = useRebuildPlans();
  const [edits, setEdits] = useState<Record<string, VisitFrequency>>({});
  const rows = data?.rules ?? [];
  const frequencyOf = (r: Rule) => edits[r.tag.code] ?? r.frequency;
  const changed = rows.filter((r) => frequencyOf(r) !== r.frequency);
  const communityName = data?.community.name ?? '';
  const freq = (f: VisitFrequency) => t(`visits.frequency.${f}`);
  const fail = (err: unknown) => void message.error(err instanceof ApiError ? err.message : t('errors.unexpected'));

  const confirmSave = () =>
    modal.confirm({
      title: t('visits.rules.saveTitle'),
      okText: t('visits.rules.save'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'rules-save-confirm' },
      content: (
        <>
          <p>{t('visits.rules.saveBody', { community: communityName })}</p>
          <ul data-testid="rules-changes">
            {changed.map((r) => (
              <li key={r.tag.code}>
                {t('visits.rules.change', { tag: r.tag.name, from: freq(r.frequency), to: freq(frequencyOf(r)) })}
              </li>
            ))}
          </ul>
        </>
      ),
      onOk: () =>
        save
          .mutateAsync({ community, rules: rows.map((r) => ({ tag: r.tag.code, frequency: frequencyOf(r) })) })
          .then(() => void message.success(t('visits.rules.saved')), fail),
    });

  const confirmRebuild = () =>
    modal.confirm({
      title: t('visits.rules.rebuildTitle', { community: communityName }),
      okText: t('visits.rules.rebuild'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'rules-rebuild-confirm' },
      content: t('visits.rules.rebuildBody'),
      onOk: () =>
        rebuild
          .mutateAsync({ unit: community })
          .then((r) => void message.success(t('visits.rules.rebuilt', { ...r })), fail),
    });

  const columns: TableColumnsType<Rule> = [
    {
      title: t('visits.rules.tag'),
      key: 'tag',
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.tag.name}</span>
          <span className="gz-muted" style={{ fontSize: 12 }}>
            {r.tag.code}
          </span>
        </Space>
      ),
    },
    {
      title: t('visits.rules.frequency'),
      key: 'frequency',
      width: 180,
      render: (_, r) =>
        editable ? (
          <Select<VisitFrequency>
            value={frequencyOf(r)}
            onChange={(f) =>
              setEdits((prev) => {
                const next = { ...prev };
                if (f === r.frequency) delete next[r.tag.code];
                else next[r.tag.code] = f;
                return next;
              })
            }
            options={FREQUENCIES.map((f) => ({ value: f, label: freq(f) }))}
            style={{ width: 140 }}
            aria-label={t('visits.rules.frequencyFor', { tag: r.tag.name })}
            data-testid={`rule-frequency-${r.tag.code}`}
          />
        ) : (
          freq(r.frequency)
        ),
    },
    {
      title: t('visits.rules.default'),
      key: 'default',
      width: 120,
      render: (_, r) => freq(r.defaultFrequency),
    },
    {
      title: t('visits.rules.source'),
      key: 'source',
      width: 150,
      render: (_, r) => (
        <Space size={4} wrap>
          <Tag color={r.source === 'community' ? 'blue' : 'default'}>{t(`visits.rules.sources.${r.source}`)}</Tag>
          {frequencyOf(r) !== r.frequency && <Tag color="gold">{t('visits.rules.unsaved')}</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={<h2 className="gz-card-title">{t('visits.rules.of', { community: communityName })}</h2>}
      extra={
        editable && (
          <Button onClick={confirmRebuild} loading={rebuild.isPending} data-testid="rules-rebuild">
            {t('visits.rules.rebuild')}
          </Button>
        )
      }
    >
      <ScrollRegion label={t('visits.rules.title')}>
        <Table<Rule>
          rowKey={(r) => r.tag.code}
          size="small"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          style={{ minWidth: 560 }}
          locale={{ emptyText: <EmptyText>{t('visits.rules.empty')}</EmptyText> }}
          data-testid="rules-table"
        />
      </ScrollRegion>
      {editable && (
        <Space style={{ marginTop: 16 }} wrap>
          <Button
            type="primary"
            disabled={changed.length === 0}
            loading={save.isPending}
            onClick={confirmSave}
            data-testid="rules-save"
          >
            {t('visits.rules.save')}
          </Button>
          <Button disabled={changed.length === 0 || save.isPending} onClick={() => setEdits({})}>
            {t('visits.rules.discard')}
          </Button>
          <span className="gz-muted">{t('visits.rules.rebuildNote')}</span>
        </Space>
      )}
    </Card>
  );
}
