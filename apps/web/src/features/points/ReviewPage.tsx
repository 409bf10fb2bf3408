/**
 * 申报审核: residents' claims in my area, oldest first, by status (待审核 by default). A row
 * opens the claim in a drawer — its photos, what the resident wrote, the witness, the
 * timeline — where the reviewer approves it (the points are posted), rejects it with a reason
 * or asks for more. The open claim lives in the URL, so a link to it can be shared.
 */
import { Alert, Col, Row, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { formatTime } from '../../i18n/format.ts';
import { UnitPicker } from '../registry/fields.tsx';
import { useDefaultUnit } from '../registry/useDefaultUnit.ts';
import { ClaimDrawer } from './ClaimDrawer.tsx';
import { ClaimStatusTag, EmptyText, Points, ScrollRegion } from './display.tsx';
import { type ClaimStatus, type ClaimSummary, REVIEW_STATUSES, useClaims } from './hooks-claims.ts';

export default function ReviewPage() {
  const { t } = useTranslation();
  const [params, update] = useFilterParams();
  const defaultUnit = useDefaultUnit();
  const unit = params.get('unit') ?? defaultUnit;
  const status = REVIEW_STATUSES.find((s) => s === params.get('status')) ?? 'pending';
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const claims = useClaims({ unit, status, page, pageSize });
  const open = params.get('claim');
  // Opening or closing a claim keeps the list where it was.
  const show = (id: string | undefined) => update({ claim: id, page: params.get('page') ?? undefined });

  const columns: TableColumnsType<ClaimSummary> = [
    {
      title: t('points.claims.createdAt'),
      key: 'createdAt',
      width: 150,
      render: (_, c) => (
        <button type="button" className="gz-link-button" onClick={() => show(c.id)} data-testid="claim-open">
          <time dateTime={c.createdAt}>{formatTime(c.createdAt)}</time>
        </button>
      ),
    },
    {
      title: t('points.claims.person'),
      key: 'person',
      width: 150,
      render: (_, c) => (
        <span>
          {c.person.name}
          <br />
          <span className="gz-muted">{c.grid?.name ?? c.community.name}</span>
        </span>
      ),
    },
    {
      title: t('points.claims.rule'),
      key: 'rule',
      render: (_, c) => (
        <Space orientation="vertical" size={0}>
          <span>{c.rule.title}</span>
          <span className="gz-muted" style={{ fontSize: 12 }}>
            {c.rule.code} · {t(`points.common.appliesTo.${c.rule.appliesTo}`)}
          </span>
        </Space>
      ),
    },
    { title: t('points.claims.points'), key: 'points', width: 70, render: (_, c) => <Points value={c.rule.points} /> },
    { title: t('points.claims.occurredOn'), dataIndex: 'occurredOn', width: 110 },
    {
      title: t('points.claims.description'),
      key: 'description',
      render: (_, c) => (
        <Space orientation="vertical" size={2}>
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
            {c.description}
          </Typography.Paragraph>
          <Space size={4} wrap>
            {c.photos > 0 && <Tag>{t('points.claims.photoCount', { count: c.photos })}</Tag>}
            {c.source !== 'resident' && <Tag>{t(`points.common.claimSource.${c.source}`)}</Tag>}
          </Space>
        </Space>
      ),
    },
    {
      title: t('points.claims.status'),
      key: 'status',
      width: 100,
      render: (_, c) => <ClaimStatusTag status={c.status} />,
    },
  ];

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('points.claims.title')}
      </Typography.Title>
      <search aria-label={t('points.claims.filters')} className="gz-points-filters">
        <Row gutter={[12, 12]}>
          <Col xs={24} sm={12} lg={8}>
            <UnitPicker
              value={unit}
              allowClear={false}
              onChange={(v) => update({ unit: v })}
              aria-label={t('points.common.unit')}
            />
          </Col>
          <Col xs={24} sm={12} lg={5}>
            <Select<ClaimStatus>
              value={status}
              onChange={(s) => update({ status: s === 'pending' ? undefined : s })}
              options={REVIEW_STATUSES.map((s) => ({ value: s, label: t(`points.common.claimStatus.${s}`) }))}
              style={{ width: '100%' }}
              aria-label={t('points.claims.status')}
              data-testid="claims-status"
            />
          </Col>
        </Row>
      </search>
      {claims.isError && <Alert type="error" showIcon title={claims.error.message} style={{ marginBottom: 16 }} />}
      <ScrollRegion label={t('points.claims.title')}>
        <Table<ClaimSummary>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={claims.data?.items ?? []}
          loading={claims.isFetching}
          style={{ minWidth: 960 }}
          locale={{ emptyText: <EmptyText>{t(`points.claims.empty.${status}`)}</EmptyText> }}
          data-testid="claims-list"
          rowClassName={(c) => (c.id === open ? 'ant-table-row-selected' : '')}
          onRow={(c) => ({
            className: 'gz-row-link',
            onClick: (e) => {
              if (!(e.target instanceof Element) || !e.target.closest('button')) show(c.id);
            },
          })}
          pagination={{
            current: page,
            pageSize,
            total: claims.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => update({ page: String(p), pageSize: String(size) }),
          }}
        />
      </ScrollRegion>
      {open && <ClaimDrawer id={open} onClose={() => show(undefined)} />}
    </>
  );
}
