/**
 * 满意度: how cases were resolved and rated over a span of months, by handling department,
 * by community or by category — counts, the share of satisfied ratings (4 and 5), the mean
 * rating, and the median and 90th-percentile resolution times read off the monthly tallies'
 * histograms. A bar chart compares the satisfaction of the rows; the table holds the numbers.
 */
import { Alert, Card, Col, Row, Segmented, Skeleton, Statistic, Table, type TableColumnsType, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { UnitPicker } from '../registry/fields.tsx';
import type { ChartOption } from '../visits/Chart.tsx';
import { MonthPicker } from '../visits/display.tsx';
import { EmptyText, ScrollRegion } from './display.tsx';
import { type Satisfaction, type SatisfactionBy, useSatisfaction } from './hooks.ts';

const Chart = lazy(() => import('../visits/Chart.tsx').then((m) => ({ default: m.Chart })));
const BYS: readonly SatisfactionBy[] = ['department', 'community', 'category'];
type SatRow = Satisfaction['rows'][number];
type Figures = Satisfaction['total'];

/** 12 小时 / ≤ 24 小时; beyond the last bucket "> 720 小时"; a dash when nothing was resolved. */
function hoursText(value: number | null, f: Figures, t: TFunction): string {
  if (value !== null) return t('cases.satisfaction.hoursAtMost', { hours: value });
  return f.resolved > 0 ? t('cases.satisfaction.hoursBeyond', { hours: f.beyondHours }) : t('common.none');
}

const pct = (v: number | null, t: TFunction) => (v === null ? t('common.none') : `${v.toFixed(1)}%`);

export default function SatisfactionPage() {
  const { t } = useTranslation();
  const [params, update] = useFilterParams();
  const by = BYS.find((b) => b === params.get('by')) ?? 'department';
  const query = {
    unit: params.get('unit') ?? undefined,
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    by,
  };
  const satisfaction = useSatisfaction(query);
  const data = satisfaction.data;

  const option: ChartOption | null = useMemo(() => {
    if (!data || data.rows.length === 0) return null;
    const rows = data.rows.slice(0, 20);
    return {
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((r) => r.key.name),
        axisLabel: { color: '#595959' },
      },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', color: '#595959' } },
      series: [
        {
          type: 'bar',
          name: t('cases.satisfaction.rate'),
          data: rows.map((r) => r.satisfactionPct ?? 0),
          itemStyle: { color: '#1677ff' },
          label: {
            show: true,
            position: 'right',
            color: '#262626',
            formatter: (p) => {
              const row = rows[p.dataIndex];
              return row?.satisfactionPct === null || row === undefined ? '—' : `${row.satisfactionPct}%`;
            },
          },
        },
      ],
    };
  }, [data, t]);

  const columns: TableColumnsType<SatRow> = [
    { title: t(`cases.satisfaction.by.${by}`), key: 'name', render: (_, r) => r.key.name },
    { title: t('cases.satisfaction.resolved'), dataIndex: 'resolved', align: 'right' },
    { title: t('cases.satisfaction.overdue'), dataIndex: 'overdue', align: 'right' },
    { title: t('cases.satisfaction.rated'), dataIndex: 'rated', align: 'right' },
    { title: t('cases.satisfaction.rate'), key: 'pct', align: 'right', render: (_, r) => pct(r.satisfactionPct, t) },
    {
      title: t('cases.satisfaction.mean'),
      key: 'mean',
      align: 'right',
      render: (_, r) => (r.meanRating === null ? t('common.none') : r.meanRating.toFixed(2)),
    },
    { title: t('cases.satisfaction.p50'), key: 'p50', align: 'right', render: (_, r) => hoursText(r.p50Hours, r, t) },
    { title: t('cases.satisfaction.p90'), key: 'p90', align: 'right', render: (_, r) => hoursText(r.p90Hours, r, t) },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('cases.satisfaction.title')}
      </Typography.Title>
      <search aria-label={t('cases.filter.label')} className="gz-case-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={7}>
            <UnitPicker
              value={query.unit}
              onChange={(v) => update({ unit: v })}
              placeholder={t('cases.filter.area')}
              aria-label={t('cases.filter.area')}
            />
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <MonthPicker
              value={query.from ?? data?.from}
              onChange={(m) => update({ from: m })}
              aria-label={t('cases.satisfaction.from')}
              testId="satisfaction-from"
            />
          </Col>
          <Col xs={12} sm={6} lg={4}>
            <MonthPicker
              value={query.to ?? data?.to}
              onChange={(m) => update({ to: m })}
              aria-label={t('cases.satisfaction.to')}
              testId="satisfaction-to"
            />
          </Col>
          <Col xs={24} lg={9}>
            <Segmented<SatisfactionBy>
              value={by}
              onChange={(b) => update({ by: b === 'department' ? undefined : b })}
              options={BYS.map((b) => ({ value: b, label: t(`cases.satisfaction.by.${b}`) }))}
              aria-label={t('cases.satisfaction.byLabel')}
              data-testid="satisfaction-by"
            />
          </Col>
        </Row>
      </search>
      {satisfaction.isError && <Alert type="error" showIcon title={satisfaction.error.message} />}
      {satisfaction.isPending && <Skeleton active />}
      {data && (
        <>
          <Typography.Paragraph className="gz-muted">
            {t('cases.satisfaction.span', { unit: data.unit.name, from: data.from, to: data.to })}
          </Typography.Paragraph>
          <Row gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="satisfaction-total">
            {(
              [
                ['resolved', data.total.resolved],
                ['overdue', data.total.overdue],
                ['rated', data.total.rated],
                ['rate', pct(data.total.satisfactionPct, t)],
                ['mean', data.total.meanRating === null ? t('common.none') : data.total.meanRating.toFixed(2)],
                ['p50', hoursText(data.total.p50Hours, data.total, t)],
                ['p90', hoursText(data.total.p90Hours, data.total, t)],
              ] as const
            ).map(([key, value]) => (
              <Col key={key} xs={12} sm={8} lg={6} xl={3}>
                <Card size="small">
                  <Statistic className="gz-kpi" title={t(`cases.satisfaction.${key}`)} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          {option && (
            <Card
              size="small"
              title={<h2 className="gz-card-title">{t('cases.satisfaction.chart')}</h2>}
              style={{ marginBottom: 16 }}
            >
              <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
                <Chart
                  option={option}
                  label={t('cases.satisfaction.chartLabel', { by: t(`cases.satisfaction.by.${by}`) })}
                  height={Math.max(200, Math.min(data.rows.length, 20) * 32 + 40)}
                  testId="satisfaction-chart"
                />
              </Suspense>
            </Card>
          )}
          <ScrollRegion label={t('cases.satisfaction.title')}>
            <Table<SatRow>
              rowKey={(r) => r.key.uid}
              size="middle"
              columns={columns}
              dataSource={data.rows}
              pagination={false}
              style={{ minWidth: 860 }}
              data-testid="satisfaction-table"
              locale={{ emptyText: <EmptyText>{t('cases.satisfaction.empty')}</EmptyText> }}
            />
          </ScrollRegion>
        </>
      )}
    </>
  );
}
