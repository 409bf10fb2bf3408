/**
 * 积分排行: a community's or a grid's ranking of persons, households or party members for a
 * month or a quarter, read live (dense ranks, ties share a rank). Staff with points:manage
 * publish it as a 公示 (frozen, names masked, an objection window); below, the unit's notices
 * with their status and open objections, each opened in a drawer.
 */
import { NotificationOutlined } from '@ant-design/icons';
import type { OrgTreeNode } from '@gongzhi/api';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Radio,
  Row,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { useOrgTree } from '../org/hooks.ts';
import { indexTree } from '../org/treeIndex.ts';
import { UnitPicker } from '../registry/fields.tsx';
import { useDefaultUnit } from '../registry/useDefaultUnit.ts';
import { MonthPicker } from '../visits/display.tsx';
import { chinaToday, EmptyText, isCommunity, Points, ScrollRegion } from './display.tsx';
import {
  PERIOD_KINDS,
  type PublicationSummary,
  RANKING_SUBJECTS,
  type RankingPeriodKind,
  type RankingRow,
  usePublications,
  useRanking,
} from './hooks-rankings.ts';
import { PublicationDrawer, PublicationStatusTag } from './PublicationDrawer.tsx';
import { PublishModal } from './PublishModal.tsx';

const rankable = (n: Pick<OrgTreeNode, 'kind'>) => isCommunity(n) || n.kind === 'grid';

/** 'YYYY-Qn' of a China date. */
export function quarterOf(date: string): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** A quarter as 'YYYY-Qn', picked on antd's quarter calendar. */
export function QuarterPicker({
  value,
  onChange,
  testId,
  ...aria
}: {
  value: string | undefined;
  onChange: (quarter: string) => void;
  testId?: string;
  'aria-label'?: string;
}) {
  const day = value
    ? dayjs(`${value.slice(0, 4)}-${String((Number(value.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`)
    : null;
  return (
    <DatePicker
      picker="quarter"
      inputReadOnly
      allowClear={false}
      value={day}
      format={(d) => quarterOf(d.format('YYYY-MM-DD'))}
      onChange={(d) => d && onChange(quarterOf(d.format('YYYY-MM-DD')))}
      disabledDate={(d) => d.isAfter(dayjs(), 'month')}
      style={{ width: '100%' }}
      data-testid={testId}
      {...aria}
    />
  );
}

export default function RankingsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, update] = useFilterParams();
  const tree = useOrgTree(false);
  const index = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  const mine = useDefaultUnit();
  const defaultUnit = mine && index.node(mine) && rankable(index.node(mine) as OrgTreeNode) ? mine : undefined;
  const unit = params.get('unit') ?? defaultUnit;
  const subject = RANKING_SUBJECTS.find((s) => s === params.get('subject')) ?? 'person';
  const period: RankingPeriodKind = params.get('period') === 'quarter' ? 'quarter' : 'month';
  const today = chinaToday();
  const at = params.get('at') ?? (period === 'quarter' ? quarterOf(today) : today.slice(0, 7));
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const ranking = useRanking({ unit, subject, period, at, page, pageSize }, Boolean(unit));
  const manage = can(me, 'points:manage');
  const [publishing, setPublishing] = useState(false);
  const [opened, setOpened] = useState<string | null>(params.get('notice'));
  const unitNode = unit ? index.node(unit) : undefined;
  const data = ranking.data;

  const columns: TableColumnsType<RankingRow> = [
    {
      title: t('points.rankings.rank'),
      dataIndex: 'rank',
      width: 80,
      render: (r: number) => <strong className="gz-points-number">{r}</strong>,
    },
    {
      title: t(`points.rankings.nameOf.${subject}`),
      key: 'name',
      render: (_, r) =>
        r.account ? (
          <Link to={`/points/accounts/${r.account}`} data-testid="ranking-name">
            {r.name}
          </Link>
        ) : (
          <span data-testid="ranking-name">{r.name}</span>
        ),
    },
    { title: t('points.rankings.grid'), key: 'grid', render: (_, r) => r.grid ?? t('common.none') },
    {
      title: t('points.rankings.points'),
      dataIndex: 'points',
      width: 120,
      align: 'end',
      render: (p: number) => <Points value={p} signed={false} />,
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('points.rankings.title')}
      </Typography.Title>
      <search aria-label={t('points.rankings.filters')} className="gz-points-filters">
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} sm={12} lg={7}>
            <UnitPicker
              value={unit}
              allowClear={false}
              usable={rankable}
              placeholder={t('points.rankings.pickUnit')}
              onChange={(v) => update({ unit: v })}
              aria-label={t('points.rankings.unit')}
              testId="ranking-unit"
            />
          </Col>
          <Col>
            <Radio.Group
              optionType="button"
              value={subject}
              onChange={(e) => update({ subject: e.target.value === 'person' ? undefined : e.target.value })}
              options={RANKING_SUBJECTS.map((s) => ({ value: s, label: t(`points.rankings.subject.${s}`) }))}
              aria-label={t('points.rankings.subjectLabel')}
              data-testid="ranking-subject"
            />
          </Col>
          <Col>
            <Radio.Group
              optionType="button"
              value={period}
              onChange={(e) =>
                update({ period: e.target.value === 'month' ? undefined : e.target.value, at: undefined })
              }
              options={PERIOD_KINDS.map((p) => ({ value: p, label: t(`points.rankings.period.${p}`) }))}
              aria-label={t('points.rankings.periodLabel')}
              data-testid="ranking-period"
            />
          </Col>
          <Col xs={24} sm={8} lg={4}>
            {period === 'month' ? (
              <MonthPicker
                value={at}
                onChange={(m) => update({ at: m })}
                aria-label={t('points.rankings.month')}
                testId="ranking-at"
              />
            ) : (
              <QuarterPicker
                value={at}
                onChange={(q) => update({ at: q })}
                aria-label={t('points.rankings.quarter')}
                testId="ranking-at"
              />
            )}
          </Col>
          {manage && unit && (
            <Col>
              <Button
                type="primary"
                icon={<NotificationOutlined />}
                onClick={() => setPublishing(true)}
                disabled={!data || data.total === 0}
                data-testid="ranking-publish"
              >
                {t('points.rankings.publish')}
              </Button>
            </Col>
          )}
        </Row>
      </search>
      {!unit && <Alert type="info" showIcon title={t('points.rankings.pickUnit')} />}
      {ranking.isError && <Alert type="error" showIcon title={ranking.error.message} style={{ marginBottom: 16 }} />}
      {unit && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {data && (
            <Typography.Paragraph style={{ margin: 0 }} data-testid="ranking-heading">
              {t('points.rankings.heading', {
                unit: data.unit.name,
                period: data.period.label,
                from: data.period.start,
                to: data.period.end,
                subject: t(`points.rankings.subject.${data.subject}`),
              })}
              {data.masked && <span className="gz-muted"> {t('points.rankings.maskedNote')}</span>}
            </Typography.Paragraph>
          )}
          <ScrollRegion label={t('points.rankings.table')}>
            <Table<RankingRow>
              rowKey={(r) => r.account ?? `${r.rank}:${r.name}:${r.grid ?? ''}`}
              size="middle"
              loading={ranking.isFetching}
              columns={columns}
              dataSource={data?.rows ?? []}
              locale={{ emptyText: <EmptyText>{t('points.rankings.empty')}</EmptyText> }}
              pagination={{
                current: page,
                pageSize,
                total: data?.total ?? 0,
                showTotal: (total) => t('common.total', { total }),
                onChange: (p, size) => update({ page: String(p), pageSize: String(size) }),
              }}
              data-testid="ranking-table"
            />
          </ScrollRegion>
          <Publications unit={unit} onOpen={setOpened} />
        </Space>
      )}
      {publishing && unit && data && (
        <PublishModal
          unit={{ id: unit, name: unitNode?.name ?? data.unit.name }}
          subject={subject}
          period={period}
          at={at}
          periodLabel={data.period.label}
          onClose={() => setPublishing(false)}
          onPublished={(id) => {
            setPublishing(false);
            setOpened(id);
          }}
        />
      )}
      {opened && <PublicationDrawer id={opened} onClose={() => setOpened(null)} />}
    </>
  );
}

function Publications({ unit, onOpen }: { unit: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = usePublications({ unit, page, pageSize: 10 });

  const columns: TableColumnsType<PublicationSummary> = [
    {
      title: t('points.rankings.noticeTitle'),
      key: 'title',
      render: (_, p) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
          onClick={() => onOpen(p.id)}
          data-testid="publication-open"
        >
          {p.title}
        </Button>
      ),
    },
    {
      title: t('points.rankings.periodLabel'),
      key: 'period',
      width: 150,
      render: (_, p) => `${p.period.label} · ${t(`points.rankings.subject.${p.subject}`)}`,
    },
    {
      title: t('points.rankings.statusLabel'),
      key: 'status',
      width: 100,
      render: (_, p) => <PublicationStatusTag status={p.status} testId="publication-status" />,
    },
    { title: t('points.rankings.publishedAt'), key: 'at', width: 170, render: (_, p) => formatTime(p.publishedAt) },
    {
      title: t('points.rankings.objectionUntil'),
      key: 'until',
      width: 170,
      render: (_, p) => formatTime(p.objectionUntil),
    },
    {
      title: t('points.rankings.objections'),
      key: 'objections',
      width: 120,
      render: (_, p) =>
        p.openObjections > 0 ? (
          <Tag color="red">{t('points.rankings.openObjections', { count: p.openObjections })}</Tag>
        ) : (
          <span>{p.objectionCount}</span>
        ),
    },
  ];

  return (
    <Card title={t('points.rankings.publications')} size="small">
      {list.isError && <Alert type="error" showIcon title={list.error.message} />}
      <ScrollRegion label={t('points.rankings.publications')}>
        <Table<PublicationSummary>
          rowKey="id"
          size="small"
          loading={list.isFetching}
          columns={columns}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <EmptyText>{t('points.rankings.noPublications')}</EmptyText> }}
          pagination={{
            current: page,
            pageSize: 10,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
          data-testid="publications"
        />
      </ScrollRegion>
    </Card>
  );
}
