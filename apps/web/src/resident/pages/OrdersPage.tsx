/**
 * 我的订单: my orders with their state; a placed order shows its pickup code and QR (the
 * desk scans or types it) and may be cancelled, which refunds its points.
 */
import type { Order, OrderStatus } from '@gongzhi/api';
import { Button, Dialog, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { Badge, type BadgeTone, errorText, LoadFailed, Loading } from '../display.tsx';
import { day } from '../format.ts';
import { useCancelOrder, useMyOrders } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';
import { PickupCode } from '../QrCode.tsx';
import { newKey } from '../write-key.ts';

const TONE: Record<OrderStatus, BadgeTone> = {
  placed: 'blue',
  fulfilled: 'green',
  cancelled: 'grey',
  expired: 'orange',
};

function OrderRow({ order, fresh }: { order: Order; fresh: boolean }) {
  const { t } = useTranslation();
  const cancel = useCancelOrder();
  const askCancel = async () => {
    const ok = await Dialog.confirm({
      title: t('resident.orders.cancelTitle'),
      // antd-mobile's dialog names itself only when told (axe: aria-dialog-name).
      'aria-label': t('resident.orders.cancelTitle'),
      content: t('resident.orders.cancelBody', { item: order.item.name, points: order.points }),
      confirmText: t('resident.orders.cancel'),
      cancelText: t('resident.orders.keep'),
    });
    if (!ok) return;
    try {
      await cancel.mutateAsync({ id: order.id, key: newKey('points-order-cancel') });
      Toast.show({ icon: 'success', content: t('resident.orders.cancelled') });
    } catch (err) {
      Toast.show({ icon: 'fail', content: errorText(err, t('errors.unexpected')) });
    }
  };
  return (
    <li
      className={`gzr-row${fresh ? ' gzr-me-row' : ''}`}
      data-testid="r-order"
      data-status={order.status}
      style={{ flexDirection: 'column', alignItems: 'stretch' }}
    >
      <div style={{ display: 'flex', gap: 8 }}>
        <div className="gzr-row-body">
          <span className="gzr-row-title">
            {t('resident.orders.line', { item: order.item.name, quantity: order.quantity })}
          </span>
          <span className="gzr-row-meta">
            {t('resident.orders.meta', {
              date: day(order.createdAt),
              points: order.points,
              account: t(`resident.account.${order.account.kind}`),
            })}
          </span>
          {order.status === 'placed' && order.expiresAt && (
            <span className="gzr-row-meta">{t('resident.orders.expires', { date: day(order.expiresAt) })}</span>
          )}
          {order.status === 'fulfilled' && order.fulfilledAt && (
            <span className="gzr-row-meta">{t('resident.orders.fulfilledAt', { date: day(order.fulfilledAt) })}</span>
          )}
          {order.cancelReason && (
            <span className="gzr-reason">{t('resident.orders.cancelReason', { reason: order.cancelReason })}</span>
          )}
        </div>
        <div className="gzr-row-side">
          <Badge tone={TONE[order.status]} testId="r-order-status">
            {t(`resident.orderStatus.${order.status}`)}
          </Badge>
        </div>
      </div>
      {order.status === 'placed' && order.code && (
        <>
          <PickupCode code={order.code} />
          <p className="gzr-muted" style={{ textAlign: 'center' }}>
            {t('resident.orders.show')}
          </p>
          <Button
            size="small"
            color="danger"
            fill="outline"
            loading={cancel.isPending}
            onClick={() => void askCancel()}
            data-testid="r-order-cancel"
          >
            {t('resident.orders.cancel')}
          </Button>
        </>
      )}
    </li>
  );
}

export default function OrdersPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const placed = params.get('placed');
  const orders = useMyOrders();
  const rows = orders.data?.pages.flatMap((p) => p.items) ?? [];
  const total = orders.data?.pages[0]?.total ?? 0;
  return (
    <ResidentPage title={t('resident.orders.title')} back="/r/store" testId="r-orders">
      {orders.isPending ? (
        <Loading />
      ) : orders.isError ? (
        <LoadFailed error={orders.error} retry={() => void orders.refetch()} />
      ) : rows.length === 0 ? (
        <p className="gzr-empty">{t('resident.orders.empty')}</p>
      ) : (
        <ul className="gzr-list" style={{ marginTop: 8 }} data-testid="r-order-list">
          {rows.map((o) => (
            <OrderRow key={o.id} order={o} fresh={o.id === placed} />
          ))}
        </ul>
      )}
      {orders.hasNextPage && (
        <div className="gzr-actions">
          <Button block fill="outline" loading={orders.isFetchingNextPage} onClick={() => void orders.fetchNextPage()}>
            {t('resident.loadMore', { shown: rows.length, total })}
          </Button>
        </div>
      )}
    </ResidentPage>
  );
}
