/**
 * 民情日记: the visits recorded in a unit, newest first, filtered by what was found, by date
 * and by worker. A row opens the record with its photos and revision history.
 */
import { Alert, Col, DatePicker, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { formatTime } from '../../i18n/format.ts';
import { UnitPicker } from '../registry/fields.tsx';
import { useDefaultUnit } from '../registry/useDefaultUnit.ts';
import { EmptyText, FindingTags, ScrollRegion } from './display.tsx';
import { FINDING_KINDS, type FindingKind, useCoverage, useVisits, type VisitSummary } from './hooks.ts';

export default function DiaryPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, update] = useFilterParams();
  const defaultUnit = useDefaultUnit();
  const unit = params.get('unit') ?? defaultUnit;
  const finding = FINDING_KINDS.find((k) => k === params.get('finding'));
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const worker = params.get('worker') ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const visits = useVisits({ unit, finding, from, to, worker, page, pageSize });
  // The workers who visited in the unit that month: the choices of the worker filter.
  const coverage = useCoverage(unit, (from ?? to)?.slice(0, 7));

  const workerOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const w of coverage.data?.workers ?? []) seen.set(w.worker.id, w.worker.name);
    for (const v of visits.data?.items ?? []) if (v.worker.id === worker) seen.set(v.worker.id, v.worker.name);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [coverage.data, visits.data, worker]);

  const columns: TableColumnsType<VisitSummary> = [
    {
      title: t('visits.diary.visitedAt'),
      key: 'visitedAt',
      width: 140,
      render: (_, v) => (
        <Link to={`/visits/diary/${v.id}`} data-testid="diary-open">
          <time dateTime={v.visitedAt}>{formatTime(v.visitedAt)}</time>
        </Link>
      ),
    },
    {
      title: t('visits.diary.subject'),
      key: 'subject',
      width: 200,
      render: (_, v) => (
        <Space orientation="vertical" size={0}>
          {v.household?.address && <span className="gz-break">{v.household.address}</span>}
          <span className={v.household?.address ? 'gz-muted' : undefined}>
            {v.persons.map((p) => p.name).join(t('common.listSeparator')) || t('common.none')}
          </span>
        </Space>
      ),
    },
    {
      title: t('visits.diary.worker'),
      key: 'worker',
      width: 130,
      render: (_, v) => (
        <span>
          {v.worker.name}
          <br />
          <span className="gz-muted">{v.grid.name}</span>
        </span>
      ),
    },
    {
      title: t('visits.diary.method'),
      dataIndex: 'method',
      width: 90,
      render: (m: VisitSummary['method']) => t(`visits.method.${m}`),
    },
    {
      title: t('visits.diary.findings'),
      key: 'findings',
      width: 150,
      render: (_, v) => <FindingTags findings={v.findings} />,
    },
    {
      title: t('visits.diary.summary'),
      key: 'summary',
      render: (_, v) => (
        <Space orientation="vertical" size={2}>
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
            {v.summary}
          </Typography.Paragraph>
          <Space size={4} wrap>
            {v.photos > 0 && <Tag>{t('visits.diary.photoCount', { count: v.photos })}</Tag>}
            {v.conflict && <Tag color="red">{t('visits.diary.conflict')}</Tag>}
          </Space>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('visits.diary.title')}
      </Typography.Title>
      <search aria-label={t('visits.diary.filters')} className="gz-visits-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={6}>
            <UnitPicker
              value={unit}
              allowClear={false}
              onChange={(v) => update({ unit: v, worker: undefined })}
              aria-label={t('visits.filter.unit')}
            />
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Select<FindingKind>
              allowClear
              value={finding}
              placeholder={t('visits.filter.anyFinding')}
              onChange={(k) => update({ finding: k })}
              options={FINDING_KINDS.map((k) => ({ value: k, label: t(`visits.finding.${k}`) }))}
              style={{ width: '100%' }}
              aria-label={t('visits.filter.finding')}
            />
          </Col>
          <Col xs={24} sm={12} lg={8}>
            <DatePicker.RangePicker
              inputReadOnly
              allowEmpty={[true, true]}
              value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
              onChange={(range) =>
                update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
              }
              placeholder={[t('visits.filter.from'), t('visits.filter.to')]}
              style={{ width: '100%' }}
              aria-label={t('visits.filter.dates')}
            />
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={worker}
              placeholder={t('visits.filter.anyWorker')}
              onChange={(w) => update({ worker: w })}
              options={workerOptions}
              style={{ width: '100%' }}
              aria-label={t('visits.filter.worker')}
            />
          </Col>
        </Row>
      </search>
      {visits.isError && <Alert type="error" showIcon title={visits.error.message} style={{ marginBottom: 16 }} />}
      <ScrollRegion label={t('visits.diary.title')}>
        <Table<VisitSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={visits.data?.items ?? []}
          loading={visits.isFetching}
          style={{ minWidth: 960 }}
          locale={{ emptyText: <EmptyText>{t('visits.diary.empty')}</EmptyText> }}
          data-testid="diary-list"
          onRow={(v) => ({
            className: 'gz-row-link',
            onClick: (e) => {
              // The date link handles its own click (and keyboard users); the rest of the row opens it too.
              if (!(e.target instanceof Element) || !e.target.closest('a')) navigate(`/visits/diary/${v.id}`);
            },
          })}
          pagination={{
            current: page,
            pageSize,
            total: visits.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => update({ page: String(p), pageSize: String(size) }),
          }}
        />
      </ScrollRegion>
    </>
  );
}
