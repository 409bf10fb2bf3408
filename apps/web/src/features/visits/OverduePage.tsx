/**
 * 逾期督访: the must-visit items of a unit still open after their period ended, for the
 * supervisor to chase — the grid, the worker who owns it, the household and why it is on the
 * list, and how many days late. The same list by status shows what is open or done.
 */
import { Alert, Col, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { TagList } from '../registry/display.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { useDefaultUnit } from '../registry/useDefaultUnit.ts';
import { chinaMonth, chinaToday, daysBetween, EmptyText, MonthPicker, ScrollRegion } from './display.tsx';
import { type DueItem, type DueStatusFilter, useDueList } from './hooks.ts';

const STATUSES: readonly DueStatusFilter[] = ['overdue', 'open', 'done', 'cancelled'];
const STATUS_COLOURS: Record<DueStatusFilter, string> = {
  overdue: 'red',
  open: 'gold',
  done: 'green',
  cancelled: 'default',
};

function statusOf(item: DueItem): DueStatusFilter {
  return item.overdue ? 'overdue' : item.status;
}

export default function OverduePage() {
  const { t } = useTranslation();
  const [params, update] = useFilterParams();
  const defaultUnit = useDefaultUnit();
  const unit = params.get('unit') ?? defaultUnit;
  // The server lists the items whose period starts in the month. Overdue items of every month
  // are listed when none is named (督访 follows up on last month's misses too); other statuses
  // default to this month.
  const status = STATUSES.find((s) => s === params.get('status')) ?? 'overdue';
  const month = params.get('month') ?? (status === 'overdue' ? undefined : chinaMonth());
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const list = useDueList({ unit, month, status, page, pageSize });
  const today = chinaToday();

  const columns: TableColumnsType<DueItem> = [
    {
      title: t('visits.due.household'),
      key: 'household',
      width: 240,
      render: (_, item) => <Subject item={item} />,
    },
    { title: t('visits.due.grid'), key: 'grid', width: 150, render: (_, item) => item.grid.name },
    {
      title: t('visits.due.assignee'),
      key: 'assignee',
      width: 110,
      render: (_, item) => item.assignee?.name ?? <Tag color="red">{t('visits.due.unassigned')}</Tag>,
    },
    {
      title: t('visits.due.reasons'),
      key: 'reasons',
      width: 200,
      render: (_, item) => <TagList tags={item.reasons} />,
    },
    {
      title: t('visits.due.period'),
      key: 'period',
      width: 200,
      render: (_, item) => (
        <span>
          {t('visits.due.periodRange', { start: item.periodStart, end: item.periodEnd })}
          <br />
          <span className="gz-muted">{t(`visits.frequency.${item.frequency}`)}</span>
        </span>
      ),
    },
    {
      title: t('visits.due.status'),
      key: 'status',
      width: 130,
      render: (_, item) => {
        const s = statusOf(item);
        return (
          <Space orientation="vertical" size={2}>
            <Tag color={STATUS_COLOURS[s]}>{t(`visits.dueStatus.${s}`)}</Tag>
            {item.visitId && <Link to={`/visits/diary/${item.visitId}`}>{t('visits.due.openVisit')}</Link>}
          </Space>
        );
      },
    },
    {
      title: t('visits.due.daysOverdue'),
      key: 'days',
      width: 100,
      align: 'end',
      render: (_, item) =>
        item.overdue ? (
          <Typography.Text type="danger" data-testid="days-overdue">
            {t('visits.due.days', { count: Math.max(daysBetween(item.periodEnd, today), 1) })}
          </Typography.Text>
        ) : (
          t('common.none')
        ),
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('visits.due.title')}
      </Typography.Title>
      <search aria-label={t('visits.due.filters')} className="gz-visits-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={8}>
            <UnitPicker
              value={unit}
              allowClear={false}
              onChange={(v) => update({ unit: v })}
              aria-label={t('visits.filter.unit')}
            />
          </Col>
          <Col xs={12} sm={6} lg={5}>
            <MonthPicker
              value={month}
              onChange={(m) => update({ month: m })}
              allowClear={status === 'overdue'}
              placeholder={t('visits.filter.anyMonth')}
              aria-label={t('visits.filter.month')}
            />
          </Col>
          <Col xs={12} sm={6} lg={5}>
            <Select<DueStatusFilter>
              value={status}
              onChange={(s) => update({ status: s === 'overdue' ? undefined : s })}
              options={STATUSES.map((s) => ({ value: s, label: t(`visits.dueStatus.${s}`) }))}
              style={{ width: '100%' }}
              aria-label={t('visits.filter.status')}
              data-testid="due-status"
            />
          </Col>
        </Row>
      </search>
      {list.isError && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 16 }} />}
      <ScrollRegion label={t('visits.due.title')}>
        <Table<DueItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          style={{ minWidth: 1130 }}
          locale={{
            emptyText: (
              <EmptyText>{status === 'overdue' ? t('visits.due.noneOverdue') : t('visits.due.none')}</EmptyText>
            ),
          }}
          data-testid="due-list"
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => update({ page: String(p), pageSize: String(size) }),
          }}
        />
      </ScrollRegion>
    </>
  );
}

/** The household (its address, linked) or the lone person the item is for, with the members to visit. */
function Subject({ item }: { item: DueItem }) {
  const { t } = useTranslation();
  const { card } = item;
  const names = card.members.map((m) => m.name).join(t('common.listSeparator'));
  const address = card.address ?? t('visits.due.noAddress');
  const first = card.members[0];
  return (
    <Space orientation="vertical" size={0}>
      {card.householdId ? (
        <Link to={`/registry/households/${card.householdId}`} className="gz-break" data-testid="due-household-link">
          {address}
        </Link>
      ) : first ? (
        <Link to={`/registry/persons/${first.id}`} className="gz-break">
          {address}
        </Link>
      ) : (
        <span className="gz-break">{address}</span>
      )}
      {names && <span className="gz-muted">{names}</span>}
    </Space>
  );
}
