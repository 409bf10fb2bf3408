/**
 * 事件分拨台: the open cases of my area, newest first, filtered by status, category, grid,
 * channel, overdue and text (the filters live in the URL). Each row says where the case is
 * in its SLA — the state in words and colour and the time left — and whether it has been
 * escalated or is under 督办. A reported case is accepted in one click or rejected with a
 * reason; selected cases are dispatched together to a department or the community, and the
 * dialog then shows what became of each. The map tab shows the same open cases as points.
 */
import {
  Alert,
  Button,
  Checkbox,
  Col,
  Empty,
  Input,
  Pagination,
  Row,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { useOrgTree } from '../org/hooks.ts';
import { indexTree } from '../org/treeIndex.ts';
import { UnitPicker } from '../registry/fields.tsx';
import { ActionModal, type CaseLike } from './ActionModal.tsx';
import { BulkDispatchModal } from './BulkDispatchModal.tsx';
import { CaseMapView, MAP_MARKS, MARK_COLOUR, markOf } from './CaseMapView.tsx';
import { CaseMarks, EmptyText, ScrollRegion, SlaTag, StatusTag } from './display.tsx';
import {
  CASE_STATUSES,
  type CaseChannel,
  type CaseQuery,
  type CaseStatusFilter,
  type CaseSummary,
  CHANNELS,
  OPEN_STATUSES,
  useCaseMap,
  useCases,
  useOneClickStep,
} from './hooks.ts';
import { CategoryPicker } from './pickers.tsx';

const STATUS_FILTERS: readonly CaseStatusFilter[] = ['open', ...CASE_STATUSES, 'all'];
const DISPATCHABLE = new Set(['reported', 'accepted']);

export default function ConsolePage() {
  const { t } = useTranslation();
  const me = useSession();
  const [params, update] = useFilterParams();
  const tree = useOrgTree(false);
  const index = useMemo(() => indexTree(tree.data ?? []), [tree.data]);
  const area = params.get('unit') ?? undefined;
  const areaIsGrid = area ? index.node(area)?.kind === 'grid' : false;
  const status = STATUS_FILTERS.find((s) => s === params.get('status')) ?? 'open';
  const channel = CHANNELS.find((c) => c === params.get('channel'));
  const query: CaseQuery = {
    unit: areaIsGrid ? undefined : area,
    grid: areaIsGrid ? area : undefined,
    status,
    category: params.get('category') ?? undefined,
    channel,
    overdue: params.get('overdue') === '1' ? true : undefined,
    q: params.get('q') ?? undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  const view = params.get('view') === 'map' ? 'map' : 'list';
  const mayDispatch = can(me, 'cases:dispatch');

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('cases.console.title')}
      </Typography.Title>
      <search aria-label={t('cases.filter.label')} className="gz-case-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={6}>
            <UnitPicker
              value={area}
              onChange={(v) => update({ unit: v })}
              placeholder={t('cases.filter.area')}
              aria-label={t('cases.filter.area')}
              testId="filter-unit"
            />
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Select<CaseStatusFilter>
              value={status}
              onChange={(s) => update({ status: s === 'open' ? undefined : s })}
              options={STATUS_FILTERS.map((s) => ({ value: s, label: t(`cases.statusFilter.${s}`) }))}
              style={{ width: '100%' }}
              aria-label={t('cases.filter.status')}
              data-testid="filter-status"
            />
          </Col>
          <Col xs={24} sm={12} lg={5}>
            <CategoryPicker
              value={query.category}
              onChange={(v) => update({ category: v })}
              aria-label={t('cases.filter.category')}
              testId="filter-category"
            />
          </Col>
          <Col xs={24} sm={12} lg={4}>
            <Select<CaseChannel>
              value={channel}
              allowClear
              placeholder={t('cases.filter.channel')}
              onChange={(c) => update({ channel: c })}
              options={CHANNELS.map((c) => ({ value: c, label: t(`cases.channel.${c}`) }))}
              style={{ width: '100%' }}
              aria-label={t('cases.filter.channel')}
              data-testid="filter-channel"
            />
          </Col>
          <Col xs={24} sm={12} lg={5}>
            <Input.Search
              defaultValue={query.q}
              key={query.q ?? ''}
              allowClear
              maxLength={60}
              placeholder={t('cases.filter.text')}
              aria-label={t('cases.filter.text')}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              data-testid="filter-q"
            />
          </Col>
          <Col xs={24}>
            <Checkbox
              checked={query.overdue === true}
              onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })}
              data-testid="filter-overdue"
            >
              {t('cases.filter.overdue')}
            </Checkbox>
          </Col>
        </Row>
      </search>
      <Tabs
        activeKey={view}
        onChange={(k) => update({ view: k === 'map' ? 'map' : undefined, page: params.get('page') ?? undefined })}
        items={[
          {
            key: 'list',
            label: t('cases.console.listTab'),
            children: <CaseTable query={query} mayDispatch={mayDispatch} update={update} />,
          },
          {
            key: 'map',
            label: t('cases.console.mapTab'),
            children: view === 'map' ? <OpenCaseMap unit={area} /> : null,
          },
        ]}
      />
    </>
  );
}

function CaseTable({
  query,
  mayDispatch,
  update,
}: {
  query: CaseQuery;
  mayDispatch: boolean;
  update: (change: Record<string, string | undefined>) => void;
}) {
  const { t } = useTranslation();
  const cases = useCases(query);
  const accept = useOneClickStep('accept');
  const [selected, setSelected] = useState<CaseSummary[]>([]);
  const [bulk, setBulk] = useState(false);
  const [rejecting, setRejecting] = useState<CaseLike | null>(null);
  const now = Date.now();
  const items = cases.data?.items ?? [];

  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('cases.field.receiptNo'),
      key: 'receiptNo',
      width: 150,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/cases/${c.uid}`} className="gz-case-receipt" data-testid="case-open">
            {c.receiptNo}
          </Link>
          <time dateTime={c.createdAt} className="gz-muted gz-case-small">
            {formatTime(c.createdAt)}
          </time>
        </Space>
      ),
    },
    {
      title: t('cases.field.title'),
      key: 'title',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span data-testid="case-title">{c.title}</span>
          {c.address && <span className="gz-muted gz-case-small">{c.address}</span>}
          <span className="gz-muted gz-case-small">{t(`cases.channel.${c.channel}`)}</span>
        </Space>
      ),
    },
    { title: t('cases.field.category'), key: 'category', width: 120, render: (_, c) => c.category.name },
    {
      title: t('cases.field.place'),
      key: 'place',
      width: 140,
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span>{c.grid?.name ?? c.community.name}</span>
          {c.grid && <span className="gz-muted gz-case-small">{c.community.name}</span>}
        </Space>
      ),
    },
    {
      title: t('cases.field.status'),
      key: 'status',
      width: 130,
      render: (_, c) => (
        <Space orientation="vertical" size={2}>
          <StatusTag status={c.status} testId="case-status" />
          {c.handler && <span className="gz-muted gz-case-small">{c.handler.name}</span>}
        </Space>
      ),
    },
    {
      title: t('cases.field.sla'),
      key: 'sla',
      width: 120,
      render: (_, c) => (
        <SlaTag state={c.slaState} dueAt={c.resolveDueAt} open={OPEN_STATUSES.includes(c.status)} now={now} />
      ),
    },
    {
      title: t('cases.field.marks'),
      key: 'marks',
      width: 120,
      render: (_, c) => <CaseMarks escalationLevel={c.escalationLevel} supervised={c.supervised} />,
    },
    ...(mayDispatch
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, c: CaseSummary) =>
              c.status === 'reported' ? (
                <Space size={4} wrap>
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => accept.run(c)}
                    loading={accept.busyOn(c.uid)}
                    data-testid="case-accept"
                  >
                    {t('cases.action.accept.short')}
                  </Button>
                  <Button size="small" danger onClick={() => setRejecting(c)} data-testid="case-reject">
                    {t('cases.action.reject.short')}
                  </Button>
                </Space>
              ) : null,
          },
        ]
      : []),
  ];

  const page = query.page;
  const hasMore = cases.data?.hasMore ?? false;
  const selectable = selected.filter((c) => items.some((i) => i.uid === c.uid && DISPATCHABLE.has(i.status)));

  return (
    <>
      {cases.isError && <Alert type="error" showIcon title={cases.error.message} style={{ marginBottom: 16 }} />}
      {mayDispatch && (
        <Space wrap style={{ marginBottom: 12 }} data-testid="bulk-bar">
          <span>{t('cases.bulk.selected', { count: selectable.length })}</span>
          <Button
            type="primary"
            disabled={selectable.length === 0}
            onClick={() => setBulk(true)}
            data-testid="bulk-dispatch"
          >
            {t('cases.bulk.dispatch')}
          </Button>
          {selected.length > 0 && <Button onClick={() => setSelected([])}>{t('cases.bulk.clear')}</Button>}
        </Space>
      )}
      <ScrollRegion label={t('cases.console.listTab')}>
        <Table<CaseSummary>
          rowKey="uid"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={cases.isFetching}
          style={{ minWidth: 1080 }}
          pagination={false}
          data-testid="cases-list"
          locale={{ emptyText: <EmptyText>{t('cases.console.empty')}</EmptyText> }}
          rowSelection={
            mayDispatch
              ? {
                  selectedRowKeys: selected.map((c) => c.uid),
                  preserveSelectedRowKeys: true,
                  onChange: (_, rows) => setSelected(rows.filter(Boolean)),
                  getCheckboxProps: (c) => ({
                    disabled: !DISPATCHABLE.has(c.status),
                    'aria-label': t('cases.bulk.select', { receiptNo: c.receiptNo }),
                  }),
                }
              : undefined
          }
        />
      </ScrollRegion>
      <Pagination
        style={{ marginTop: 16, textAlign: 'right' }}
        current={page}
        pageSize={query.pageSize}
        total={(hasMore ? page + 1 : page) * query.pageSize}
        showSizeChanger
        pageSizeOptions={[20, 50, 100]}
        showTotal={() => t('cases.console.page', { page })}
        onChange={(p, size) => update({ page: String(p), pageSize: String(size) })}
      />
      {bulk && (
        <BulkDispatchModal
          cases={selectable}
          onClose={(dispatched) => {
            setBulk(false);
            setSelected((prev) => prev.filter((c) => !dispatched.includes(c.uid)));
          }}
        />
      )}
      {rejecting && <ActionModal target={rejecting} action="reject" onClose={() => setRejecting(null)} />}
    </>
  );
}

function OpenCaseMap({ unit }: { unit: string | undefined }) {
  const { t } = useTranslation();
  const map = useCaseMap(unit);
  const counts = useMemo(() => {
    const c = { overdue: 0, reported: 0, handling: 0, resolved: 0 };
    for (const f of map.data?.features ?? []) c[markOf(f.properties)] += 1;
    return c;
  }, [map.data]);
  if (map.isPending) return <Skeleton active />;
  if (map.isError) return <Alert type="error" showIcon title={map.error.message} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <fieldset className="gz-fieldset gz-map-legend">
        <legend>{t('cases.map.legend')}</legend>
        <Space wrap size="middle">
          {MAP_MARKS.map((m) => (
            <span key={m} style={{ color: MARK_COLOUR[m] }}>
              <span className="gz-case-legend-dot" aria-hidden="true" />
              <span style={{ color: 'rgba(0,0,0,0.88)' }}>
                {t(`cases.map.mark.${m}`)} ({counts[m]})
              </span>
            </span>
          ))}
        </Space>
      </fieldset>
      <Alert type="info" showIcon title={t('cases.map.schematic')} />
      {map.data.truncated && <Alert type="warning" showIcon title={t('cases.map.truncated')} />}
      {map.data.features.length === 0 ? <Empty description={t('cases.map.empty')} /> : <CaseMapView data={map.data} />}
      <Tag>{t('cases.map.count', { count: map.data.features.length })}</Tag>
    </Space>
  );
}
