/**
 * 积分超市: a community's items — goods, services, coupons — with their price in points, stock,
 * per-person limit, validity and whether they are offered (上架), created and edited by staff
 * with points:manage; and the orders residents placed, by status, which staff with
 * points:review may cancel (the points are refunded). Handing over happens at the desk.
 */
import { PlusOutlined, ScanOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Row, Select, Space, Table, type TableColumnsType, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useFilterParams } from '../../components/useFilterParams.ts';
import { formatTime } from '../../i18n/format.ts';
import { can, useSession } from '../auth/session.tsx';
import { UnitPicker } from '../registry/fields.tsx';
import { EmptyText, isCommunity, Points, ScrollRegion, useDefaultCommunity } from './display.tsx';
import {
  ORDER_STATUSES,
  type Order,
  type OrderStatus,
  type StoreItem,
  useStoreItems,
  useStoreOrders,
} from './hooks-store.ts';
import StoreItemModal, { CancelOrderModal, OrderStatusTag, StoreKindTag } from './StoreItemModal.tsx';

export default function StorePage() {
  const { t } = useTranslation();
  const [params, update] = useFilterParams();
  const defaultCommunity = useDefaultCommunity();
  const community = params.get('community') ?? defaultCommunity;
  const tab = params.get('tab') === 'orders' ? 'orders' : 'items';
  const me = useSession();

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('points.store.title')}
      </Typography.Title>
      <search aria-label={t('points.store.filters')} className="gz-points-filters">
        <Row gutter={[12, 12]} align="middle">
          <Col xs={24} sm={12} lg={8}>
            <UnitPicker
              value={community}
              allowClear={false}
              usable={isCommunity}
              placeholder={t('points.store.pickCommunity')}
              onChange={(v) => update({ community: v, status: undefined })}
              aria-label={t('points.store.community')}
              testId="store-community"
            />
          </Col>
          {can(me, 'points:review') && (
            <Col>
              <Link to={community ? `/points/desk?community=${community}` : '/points/desk'}>
                <ScanOutlined aria-hidden /> {t('points.store.toDesk')}
              </Link>
            </Col>
          )}
        </Row>
      </search>
      {!community && <Alert type="info" showIcon title={t('points.store.pickCommunity')} />}
      {community && (
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k === 'orders' ? 'orders' : undefined, status: undefined })}
          items={[
            { key: 'items', label: t('points.store.itemsTab'), children: <ItemsTab community={community} /> },
            {
              key: 'orders',
              label: t('points.store.ordersTab'),
              children: <OrdersTab community={community} />,
              disabled: !can(me, 'points:review'),
            },
          ]}
        />
      )}
    </>
  );
}

function ItemsTab({ community }: { community: string }) {
  const { t } = useTranslation();
  const me = useSession();
  const manage = can(me, 'points:manage');
  const items = useStoreItems(community);
  const [editing, setEditing] = useState<StoreItem | 'new' | null>(null);
  const unlimited = <span className="gz-muted">{t('points.store.unlimited')}</span>;

  const columns: TableColumnsType<StoreItem> = [
    {
      title: t('points.store.name'),
      key: 'name',
      render: (_, i) => (
        <Space orientation="vertical" size={0}>
          <strong>{i.name}</strong>
          {i.description && <span className="gz-muted gz-points-text">{i.description}</span>}
        </Space>
      ),
    },
    { title: t('points.store.kindLabel'), key: 'kind', width: 100, render: (_, i) => <StoreKindTag kind={i.kind} /> },
    {
      title: t('points.store.price'),
      dataIndex: 'price',
      width: 100,
      align: 'end',
      render: (p: number) => <Points value={p} signed={false} />,
    },
    {
      title: t('points.store.stock'),
      dataIndex: 'stock',
      width: 90,
      align: 'end',
      render: (s: number | null) => (s === null ? unlimited : <span className="gz-points-number">{s}</span>),
    },
    {
      title: t('points.store.limit'),
      dataIndex: 'perPersonLimit',
      width: 100,
      align: 'end',
      render: (l: number | null) => (l === null ? unlimited : l),
    },
    {
      title: t('points.store.validity'),
      key: 'validity',
      width: 200,
      render: (_, i) =>
        i.validUntil
          ? t('points.store.validRange', { from: i.validFrom, until: i.validUntil })
          : t('points.store.validFromOnly', { from: i.validFrom }),
    },
    {
      title: t('points.store.active'),
      dataIndex: 'active',
      width: 90,
      render: (a: boolean) =>
        a ? <Tag color="green">{t('points.store.on')}</Tag> : <Tag>{t('points.store.off')}</Tag>,
    },
    ...(manage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, i: StoreItem) => (
              <Button
                type="link"
                size="small"
                onClick={() => setEditing(i)}
                aria-label={t('points.store.editItem', { name: i.name })}
                data-testid="store-item-edit"
              >
                {t('points.store.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {manage ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="store-item-new">
          {t('points.store.newItem')}
        </Button>
      ) : (
        <Alert type="info" showIcon title={t('points.store.readOnly')} />
      )}
      {items.isError && <Alert type="error" showIcon title={items.error.message} />}
      <ScrollRegion label={t('points.store.itemsTab')}>
        <Table<StoreItem>
          rowKey="id"
          size="middle"
          loading={items.isFetching}
          columns={columns}
          dataSource={items.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <EmptyText>{t('points.store.noItems')}</EmptyText> }}
          data-testid="store-items"
        />
      </ScrollRegion>
      {editing && (
        <StoreItemModal
          community={community}
          item={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}

function OrdersTab({ community }: { community: string }) {
  const { t } = useTranslation();
  const [params, update] = useFilterParams();
  const status = ORDER_STATUSES.find((s) => s === params.get('status'));
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const orders = useStoreOrders({ unit: community, status, page, pageSize });
  const [cancelling, setCancelling] = useState<Order | null>(null);

  const columns: TableColumnsType<Order> = [
    { title: t('points.store.placedAt'), key: 'at', width: 170, render: (_, o) => formatTime(o.createdAt) },
    {
      title: t('points.store.item'),
      key: 'item',
      render: (_, o) => (
        <Space size={4} wrap>
          <span>{o.item.name}</span>
          <StoreKindTag kind={o.item.kind} />
        </Space>
      ),
    },
    { title: t('points.store.quantity'), dataIndex: 'quantity', width: 70, align: 'end' },
    {
      title: t('points.store.points'),
      dataIndex: 'points',
      width: 90,
      align: 'end',
      render: (p: number) => <Points value={p} signed={false} />,
    },
    { title: t('points.store.person'), key: 'person', width: 110, render: (_, o) => o.person.name },
    {
      title: t('points.store.status.label'),
      key: 'status',
      width: 100,
      render: (_, o) => <OrderStatusTag status={o.status} testId="order-status" />,
    },
    {
      title: t('points.store.handled'),
      key: 'handled',
      width: 220,
      render: (_, o) => {
        if (o.fulfilledAt) return formatTime(o.fulfilledAt);
        if (o.cancelledAt)
          return (
            <Space orientation="vertical" size={0}>
              <span>{formatTime(o.cancelledAt)}</span>
              {o.cancelReason && <span className="gz-muted gz-points-text">{o.cancelReason}</span>}
            </Space>
          );
        if (o.expiresAt)
          return <span className="gz-muted">{t('points.store.expiresOn', { at: formatTime(o.expiresAt) })}</span>;
        return t('common.none');
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      render: (_, o) =>
        o.status === 'placed' ? (
          <Button type="link" size="small" danger onClick={() => setCancelling(o)} data-testid="order-cancel">
            {t('points.store.desk.cancel')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        <Col xs={24} sm={10} lg={6}>
          <Select<OrderStatus>
            value={status}
            allowClear
            placeholder={t('points.store.allStatuses')}
            onChange={(s) => update({ status: s })}
            options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`points.store.status.${s}`) }))}
            style={{ width: '100%' }}
            aria-label={t('points.store.status.label')}
            data-testid="order-status-filter"
          />
        </Col>
      </Row>
      {orders.isError && <Alert type="error" showIcon title={orders.error.message} />}
      <ScrollRegion label={t('points.store.ordersTab')}>
        <Table<Order>
          rowKey="id"
          size="middle"
          loading={orders.isFetching}
          columns={columns}
          dataSource={orders.data?.items ?? []}
          locale={{ emptyText: <EmptyText>{t('points.store.noOrders')}</EmptyText> }}
          pagination={{
            current: page,
            pageSize,
            total: orders.data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, size) => update({ page: String(p), pageSize: String(size) }),
          }}
          data-testid="store-orders"
        />
      </ScrollRegion>
      {cancelling && (
        <CancelOrderModal order={cancelling} onClose={() => setCancelling(null)} onDone={() => setCancelling(null)} />
      )}
    </Space>
  );
}
