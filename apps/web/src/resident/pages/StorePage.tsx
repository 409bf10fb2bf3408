/**
 * 积分超市: my community's items with price, stock and my limit. Redeeming asks how many and
 * from which account (mine or my household's), shows the balance after in a confirmation, and
 * places the order; its pickup code and QR wait in 我的订单.
 */
import type { MyStoreItem, OrderBody, PointsMyAccount } from '@gongzhi/api';
import { Button, Dialog, Toast } from 'antd-mobile';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { Badge, errorText, LoadFailed, Loading } from '../display.tsx';
import { useMyPoints, useMyStore, useRedeem } from '../hooks.ts';
import { ResidentPage } from '../layout.tsx';
import { useWriteKey } from '../write-key.ts';

/** How many the resident may still take: stock, their limit, and at most 99 an order. */
export function maxQuantity(item: MyStoreItem): number {
  let max = 99;
  if (item.stock !== null) max = Math.min(max, item.stock);
  if (item.perPersonLimit !== null) max = Math.min(max, item.perPersonLimit - item.ordered);
  return Math.max(0, max);
}

function RedeemForm({
  item,
  accounts,
  onClose,
}: {
  item: MyStoreItem;
  accounts: PointsMyAccount[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const redeem = useRedeem();
  const writeKey = useWriteKey('points-order');
  const id = useId();
  const payable = accounts.filter((a) => a.kind === 'person' || a.kind === 'household');
  const [accountId, setAccountId] = useState(payable[0]?.id ?? '');
  const [quantity, setQuantity] = useState(1);
  const [problem, setProblem] = useState<string | null>(null);
  const max = maxQuantity(item);
  const account = payable.find((a) => a.id === accountId);
  const cost = quantity * item.price;

  const confirm = async () => {
    setProblem(null);
    if (!account) return;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > max) {
      setProblem(t('resident.store.quantityRange', { max }));
      return;
    }
    if (cost > account.balance) {
      setProblem(t('resident.store.notEnough', { balance: account.balance, cost }));
      return;
    }
    const ok = await Dialog.confirm({
      title: t('resident.store.confirmTitle'),
      // antd-mobile's dialog names itself only when told (axe: aria-dialog-name).
      'aria-label': t('resident.store.confirmTitle'),
      content: (
        <div className="gzr-confirm" data-testid="r-redeem-confirm">
          <dl>
            <dt>{t('resident.store.item')}</dt>
            <dd>{item.name}</dd>
            <dt>{t('resident.store.quantity')}</dt>
            <dd>{quantity}</dd>
            <dt>{t('resident.store.cost')}</dt>
            <dd>{t('resident.pointsValue', { points: cost })}</dd>
            <dt>{t('resident.store.from')}</dt>
            <dd>{t(`resident.account.${account.kind}`)}</dd>
            <dt>{t('resident.store.balanceNow')}</dt>
            <dd>{t('resident.pointsValue', { points: account.balance })}</dd>
            <dt>{t('resident.store.balanceAfter')}</dt>
            <dd data-testid="r-balance-after">{t('resident.pointsValue', { points: account.balance - cost })}</dd>
          </dl>
        </div>
      ),
      confirmText: t('resident.store.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    const body: OrderBody = { item: item.id, quantity, account: account.id };
    try {
      const order = await redeem.mutateAsync({ body, key: writeKey.keyFor(body) });
      writeKey.done();
      Toast.show({ icon: 'success', content: t('resident.store.placed') });
      navigate(`/r/orders?placed=${order.id}`);
    } catch (err) {
      setProblem(errorText(err, t('errors.unexpected')));
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void confirm();
      }}
      data-testid="r-redeem-form"
    >
      <div style={{ marginTop: 8 }}>
        <label className="gzr-label" htmlFor={`${id}-qty`}>
          {t('resident.store.quantityLabel', { max })}
        </label>
        <input
          id={`${id}-qty`}
          className="gzr-input"
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          step={1}
          value={Number.isNaN(quantity) ? '' : quantity}
          onChange={(e) => setQuantity(e.target.valueAsNumber)}
          data-testid="r-redeem-qty"
        />
      </div>
      {payable.length > 1 && (
        <fieldset style={{ border: 0, padding: 0, margin: '12px 0 0' }}>
          <legend className="gzr-label">{t('resident.store.from')}</legend>
          <div className="gzr-radios">
            {payable.map((a) => (
              <label key={a.id} className="gzr-radio">
                <input
                  type="radio"
                  name={`${id}-account`}
                  value={a.id}
                  checked={accountId === a.id}
                  onChange={() => setAccountId(a.id)}
                  data-testid={`r-redeem-account-${a.kind}`}
                />
                {t('resident.store.accountOption', { account: t(`resident.account.${a.kind}`), balance: a.balance })}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <p className="gzr-muted">{t('resident.store.costLine', { cost })}</p>
      {problem && (
        <p className="gzr-field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="gzr-inline-actions">
        <Button type="submit" color="primary" loading={redeem.isPending} data-testid="r-redeem-submit">
          {t('resident.store.redeem')}
        </Button>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}

function ItemRow({ item, accounts }: { item: MyStoreItem; accounts: PointsMyAccount[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const max = maxQuantity(item);
  const best = Math.max(0, ...accounts.filter((a) => a.kind !== 'party_member').map((a) => a.balance));
  const headingId = useId();
  return (
    <li className="gzr-row" data-testid="r-store-item" aria-labelledby={headingId}>
      <div className="gzr-row-body">
        <h3 id={headingId} className="gzr-row-title" style={{ margin: 0, fontSize: 15 }}>
          {item.name} <Badge tone="blue">{t(`resident.itemKind.${item.kind}`)}</Badge>
        </h3>
        {item.description && <span className="gzr-row-meta">{item.description}</span>}
        <span className="gzr-row-meta">
          {item.stock === null ? t('resident.store.stockUnlimited') : t('resident.store.stock', { stock: item.stock })}
          {item.perPersonLimit !== null &&
            ` · ${t('resident.store.limit', { limit: item.perPersonLimit, ordered: item.ordered })}`}
          {item.validUntil && ` · ${t('resident.store.validUntil', { date: item.validUntil })}`}
        </span>
        {open ? (
          <RedeemForm item={item} accounts={accounts} onClose={() => setOpen(false)} />
        ) : (
          <div className="gzr-inline-actions">
            <Button
              size="small"
              color="primary"
              disabled={max === 0 || best < item.price}
              onClick={() => setOpen(true)}
              data-testid="r-redeem-open"
            >
              {max === 0
                ? item.stock === 0
                  ? t('resident.store.soldOut')
                  : t('resident.store.limitReached')
                : best < item.price
                  ? t('resident.store.tooFew')
                  : t('resident.store.redeem')}
            </Button>
          </div>
        )}
      </div>
      <div className="gzr-row-side">
        <span className="gzr-item-price">{t('resident.pointsValue', { points: item.price })}</span>
      </div>
    </li>
  );
}

export default function StorePage() {
  const { t } = useTranslation();
  const me = useMyPoints();
  const store = useMyStore();
  const title = t('resident.store.title');
  const extra = (
    <Link to="/r/orders" className="gzr-link" data-testid="r-to-orders">
      {t('resident.orders.title')}
    </Link>
  );
  if (me.isPending || store.isPending) {
    return (
      <ResidentPage title={title} extra={extra} testId="r-store">
        <Loading />
      </ResidentPage>
    );
  }
  if (me.isError || store.isError) {
    return (
      <ResidentPage title={title} extra={extra} testId="r-store">
        <LoadFailed error={me.error ?? store.error} />
      </ResidentPage>
    );
  }
  const payable = me.data.accounts.filter((a) => a.kind === 'person' || a.kind === 'household');
  return (
    <ResidentPage title={title} extra={extra} testId="r-store">
      <section className="gzr-section" aria-labelledby="r-store-balances">
        <h2 id="r-store-balances" className="gzr-sr-only">
          {t('resident.store.balances')}
        </h2>
        <dl className="gzr-balances">
          {payable.map((a) => (
            <div key={a.id}>
              <dt>{t(`resident.account.${a.kind}`)}</dt>
              <dd data-testid={`r-store-balance-${a.kind}`}>{a.balance}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="r-store-items" style={{ marginTop: 8 }}>
        <h2 id="r-store-items" className="gzr-h2 gzr-pad" style={{ padding: '8px 16px' }}>
          {t('resident.store.items', { community: store.data.community.name })}
        </h2>
        {store.data.items.length === 0 ? (
          <p className="gzr-empty">{t('resident.store.empty')}</p>
        ) : (
          <ul className="gzr-list" data-testid="r-store-items">
            {store.data.items.map((item) => (
              <ItemRow key={item.id} item={item} accounts={payable} />
            ))}
          </ul>
        )}
      </section>
    </ResidentPage>
  );
}
