/**
 * 走访覆盖: how far a unit's must-visits (六必访) are done in a month — the totals, each child
 * unit (streets of a district, communities of a street, grids of a community) with its rate,
 * drilled into by a click, the findings by kind and the visits per worker. Read from the
 * server's monthly tallies.
 */
import type { OrgTreeNode } from '@gongzhi/api';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Progress,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useOrgTree } from '../org/hooks.ts';
import { indexTree } from '../org/treeIndex.ts';
import { UnitPicker } from '../registry/fields.tsx';
import { useDefaultUnit } from '../registry/useDefaultUnit.ts';
import type { ChartOption } from './Chart.tsx';
import { EmptyText, type FINDING_COLOURS, MonthPicker, percent, ScrollRegion } from './display.tsx';
import { type Coverage, type CoverageRow, FINDING_KINDS, useCoverage } from './hooks.ts';

/** ECharts colours matching the finding tags' antd colours, so chart and tags read alike. */
const FINDING_HEX: Record<keyof typeof FINDING_COLOURS, string> = {
  need: '#1677ff',
  risk: '#cf1322',
  conflict: '#d46b08',
  living: '#389e0d',
  other: '#8c8c8c',
};

type Worker = Coverage['workers'][number];

// ECharts is the heaviest part of the page: it loads after the numbers, in its own chunk.
const Chart = lazy(() => import('./Chart.tsx').then((m) => ({ default: m.Chart })));

function ChartSlot(props: { option: ChartOption; label: string; height?: number; testId?: string }) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 280 }} />}>
      <Chart {...props} />
    </Suspense>
  );
}

export default function CoveragePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const defaultUnit = useDefaultUnit();
  const unit = params.get('unit') ?? defaultUnit;
  const month = params.get('month') ?? undefined;
  const coverage = useCoverage(unit, month);
  const tree = useOrgTree(false);
  const index = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  const data = coverage.data;
  const shownMonth = month ?? data?.month;

  const update = (change: { unit?: string; month?: string }) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [key, value] of Object.entries(change)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  const shownUnit = data?.unit.id ?? unit;
  const trail: OrgTreeNode[] = shownUnit
    ? [...index.ancestorIds(shownUnit).map((id) => index.node(id)), index.node(shownUnit)].filter(
        (n): n is OrgTreeNode => n !== undefined,
      )
    : [];
  const monthRange = shownMonth
    ? { from: `${shownMonth}-01`, to: dayjs(`${shownMonth}-01`).endOf('month').format('YYYY-MM-DD') }
    : undefined;
  const diaryLink = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({ ...(shownUnit ? { unit: shownUnit } : {}), ...monthRange, ...extra });
    return `/visits/diary?${q}`;
  };

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('visits.coverage.title')}
      </Typography.Title>
      <search aria-label={t('visits.coverage.filters')} className="gz-visits-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={8}>
            <UnitPicker
              value={shownUnit}
              allowClear={false}
              onChange={(v) => update({ unit: v })}
              aria-label={t('visits.filter.unit')}
              testId="coverage-unit"
            />
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <MonthPicker
              value={shownMonth}
              onChange={(m) => update({ month: m })}
              aria-label={t('visits.filter.month')}
              testId="coverage-month"
            />
          </Col>
        </Row>
      </search>
      {trail.length > 1 && (
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={trail.map((n, i) =>
            i === trail.length - 1
              ? { key: n.id, title: n.name }
              : {
                  key: n.id,
                  title: (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      onClick={() => update({ unit: n.id })}
                    >
                      {n.name}
                    </Button>
                  ),
                },
          )}
        />
      )}
      {coverage.isError && <Alert type="error" showIcon title={coverage.error.message} style={{ marginBottom: 16 }} />}
      {coverage.isPending && !coverage.isError && <Skeleton active />}
      {data && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="coverage">
          <Typography.Paragraph style={{ margin: 0 }} data-testid="coverage-heading">
            {t('visits.coverage.heading', { unit: data.unit.name, month: data.month })}
          </Typography.Paragraph>
          <Kpis total={data.total} />
          <Space wrap>
            <Link to={`/visits/overdue?${new URLSearchParams({ unit: data.unit.id, month: data.month })}`}>
              {t('visits.coverage.seeOverdue')}
            </Link>
            <Link to={diaryLink()}>{t('visits.coverage.seeDiary')}</Link>
          </Space>
          <ChildUnits coverage={data} onDrill={(id) => update({ unit: id })} />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Findings coverage={data} />
            </Col>
            <Col xs={24} lg={12}>
              <Workers workers={data.workers} diaryLink={(worker) => diaryLink({ worker })} />
            </Col>
          </Row>
        </Space>
      )}
    </>
  );
}

function Kpis({ total }: { total: CoverageRow }) {
  const { t } = useTranslation();
  const items = [
    { key: 'due', title: t('visits.coverage.due'), value: String(total.due) },
    { key: 'done', title: t('visits.coverage.done'), value: String(total.done) },
    { key: 'rate', title: t('visits.coverage.rate'), value: percent(total.rate) },
    { key: 'overdue', title: t('visits.coverage.overdue'), value: String(total.overdue) },
    { key: 'visits', title: t('visits.coverage.visits'), value: String(total.visits) },
  ];
  return (
    <div className="gz-kpis" data-testid="coverage-kpis">
      {items.map((k) => (
        <Card
          key={k.key}
          size="small"
          className={`gz-kpi${k.key === 'overdue' && total.overdue > 0 ? ' gz-kpi-overdue' : ''}`}
        >
          <div data-testid={`kpi-${k.key}`}>
            <Statistic title={k.title} value={k.value} />
          </div>
        </Card>
      ))}
    </div>
  );
}

function ChildUnits({ coverage, onDrill }: { coverage: Coverage; onDrill: (id: string) => void }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CoverageRow> = [
    {
      title: t('visits.coverage.unit'),
      key: 'unit',
      render: (_, r) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
          onClick={() => onDrill(r.unit.id)}
          aria-label={t('visits.coverage.drill', { name: r.unit.name })}
          data-testid="coverage-drill"
        >
          {r.unit.name}
        </Button>
      ),
    },
    { title: t('visits.coverage.due'), dataIndex: 'due', align: 'end', width: 80 },
    { title: t('visits.coverage.done'), dataIndex: 'done', align: 'end', width: 80 },
    {
      title: t('visits.coverage.rate'),
      key: 'rate',
      width: 180,
      render: (_, r) =>
        r.rate === null ? (
          t('common.none')
        ) : (
          <Progress
            percent={Math.round(r.rate * 100)}
            size="small"
            status={r.rate >= 1 ? 'success' : 'normal'}
            aria-label={t('visits.coverage.rateOf', { name: r.unit.name })}
          />
        ),
    },
    {
      title: t('visits.coverage.overdue'),
      dataIndex: 'overdue',
      align: 'end',
      width: 80,
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : n),
    },
    { title: t('visits.coverage.visits'), dataIndex: 'visits', align: 'end', width: 90 },
  ];

  // Horizontal bars: unit names stay readable on a phone however many there are.
  const option: ChartOption = useMemo(
    () => ({
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
      yAxis: {
        type: 'category',
        inverse: true,
        data: coverage.rows.map((r) => r.unit.name),
        axisLabel: { color: '#595959' },
      },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', color: '#595959' } },
      series: [
        {
          type: 'bar',
          name: t('visits.coverage.rate'),
          data: coverage.rows.map((r) => (r.rate === null ? 0 : Math.round(r.rate * 100))),
          itemStyle: { color: '#1677ff' },
          label: { show: true, position: 'right', formatter: '{c}%', color: '#262626' },
          barMaxWidth: 24,
        },
      ],
    }),
    [coverage.rows, t],
  );

  return (
    <Card size="small" title={<h2 className="gz-card-title">{t('visits.coverage.units')}</h2>}>
      <ScrollRegion label={t('visits.coverage.units')}>
        <Table<CoverageRow>
          rowKey={(r) => r.unit.id}
          size="small"
          columns={columns}
          dataSource={coverage.rows}
          pagination={false}
          style={{ minWidth: 620 }}
          locale={{ emptyText: <EmptyText>{t('visits.coverage.noRows')}</EmptyText> }}
          data-testid="coverage-rows"
        />
      </ScrollRegion>
      {coverage.rows.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <ChartSlot
            option={option}
            label={t('visits.coverage.chartLabel', {
              unit: coverage.unit.name,
              month: coverage.month,
              values: coverage.rows.map((r) => `${r.unit.name} ${percent(r.rate)}`).join(t('common.listSeparator')),
            })}
            height={Math.max(160, coverage.rows.length * 40 + 40)}
            testId="coverage-chart"
          />
        </div>
      )}
    </Card>
  );
}

function Findings({ coverage }: { coverage: Coverage }) {
  const { t } = useTranslation();
  const counts = useMemo(
    () => FINDING_KINDS.map((kind) => ({ kind, count: coverage.findings.find((f) => f.kind === kind)?.count ?? 0 })),
    [coverage.findings],
  );
  const total = counts.reduce((s, c) => s + c.count, 0);
  const option: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0, textStyle: { color: '#595959' } },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          center: ['50%', '45%'],
          // Counts inside the slices; the legend and the list below name the kinds.
          label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
          data: counts
            .filter((c) => c.count > 0)
            .map((c) => ({
              name: t(`visits.finding.${c.kind}`),
              value: c.count,
              itemStyle: { color: FINDING_HEX[c.kind] },
            })),
        },
      ],
    }),
    [counts, t],
  );
  return (
    <Card size="small" title={<h2 className="gz-card-title">{t('visits.coverage.findings')}</h2>}>
      {total === 0 ? (
        <Empty description={t('visits.coverage.noFindings')} />
      ) : (
        <>
          <ChartSlot
            option={option}
            height={260}
            label={t('visits.coverage.findingsLabel', {
              values: counts.map((c) => `${t(`visits.finding.${c.kind}`)} ${c.count}`).join(t('common.listSeparator')),
            })}
            testId="findings-chart"
          />
          <ul className="gz-legend" data-testid="findings-counts">
            {counts.map((c) => (
              <li key={c.kind}>
                {t(`visits.finding.${c.kind}`)}: <strong>{c.count}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

function Workers({ workers, diaryLink }: { workers: Worker[]; diaryLink: (worker: string) => string }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Worker> = [
    {
      title: t('visits.coverage.worker'),
      key: 'worker',
      render: (_, w) => <Link to={diaryLink(w.worker.id)}>{w.worker.name}</Link>,
    },
    { title: t('visits.coverage.grid'), dataIndex: 'grid' },
    {
      title: t('visits.coverage.visits'),
      dataIndex: 'visits',
      align: 'end',
      width: 100,
      defaultSortOrder: 'descend',
      sorter: (a, b) => a.visits - b.visits,
    },
  ];
  return (
    <Card size="small" title={<h2 className="gz-card-title">{t('visits.coverage.workers')}</h2>}>
      <ScrollRegion label={t('visits.coverage.workers')}>
        <Table<Worker>
          rowKey={(w) => `${w.worker.id}:${w.grid}`}
          size="small"
          columns={columns}
          dataSource={workers}
          pagination={workers.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          locale={{ emptyText: <EmptyText>{t('visits.coverage.noWorkers')}</EmptyText> }}
          data-testid="coverage-workers"
        />
      </ScrollRegion>
    </Card>
  );
}
