/**
 * 兑换核销 (the redemption desk): a resident shows the 8-digit pickup code (or its QR) of an order
 * placed on their phone; staff type it, or scan the QR with a USB scanner, which types the code
 * and presses Enter. The open order is looked up in the chosen community and shown — item,
 * quantity, points, the masked name — then handed over (确认兑换) or cancelled with its points
 * refunded (取消并退还). A wrong, used, cancelled or expired code says so plainly.
 */
import { CheckCircleOutlined, ScanOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  type InputRef,
  Result,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { formatTime } from '../../i18n/format.ts';
import { UnitPicker } from '../registry/fields.tsx';
import { isCommunity, Points, useDefaultCommunity } from './display.tsx';
import { type Order, useFulfilOrder, useOrderByCode } from './hooks-store.ts';
import { CancelOrderModal, OrderStatusTag, StoreKindTag } from './StoreItemModal.tsx';

/**
 * The code in what was typed or scanned: digits only, and when a scanner sent more than the
 * code (a longer string), the last run of eight digits in it.
 */
export function pickupCodeOf(text: string): string {
  const runs = text.match(/\d{8,}/g);
  const last = runs?.at(-1);
  if (last) return last.slice(-8);
  return text.replace(/\D/g, '').slice(0, 8);
}

export default function DeskPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const defaultCommunity = useDefaultCommunity();
  const community = params.get('community') ?? defaultCommunity;
  const [typed, setTyped] = useState('');
  const [code, setCode] = useState<string>();
  const [done, setDone] = useState<Order>();
  // Enter pressed before all eight digits were in: said under the field, not while typing.
  const [short, setShort] = useState(false);
  const input = useRef<InputRef>(null);
  const lookup = useOrderByCode(community, code);

  const focusInput = () => setTimeout(() => input.current?.focus(), 0);
  const next = () => {
    setTyped('');
    setCode(undefined);
    focusInput();
  };
  const submit = () => {
    const c = pickupCodeOf(typed);
    setTyped(c);
    setDone(undefined);
    setShort(c.length !== 8);
    // The same code again (Enter pressed twice, or after the resident refreshed): ask anew.
    if (c === code) void lookup.refetch();
    else setCode(c.length === 8 ? c : undefined);
  };

  const notFound = lookup.error instanceof ApiError && lookup.error.status === 404;

  return (
    <>
      <Typography.Title level={1} className="gz-page-title">
        {t('points.store.desk.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card>
            <Form layout="vertical" onFinish={submit} requiredMark={false}>
              <Form.Item label={t('points.store.desk.community')} htmlFor="desk-community">
                <UnitPicker
                  id="desk-community"
                  value={community}
                  allowClear={false}
                  usable={isCommunity}
                  placeholder={t('points.store.pickCommunity')}
                  onChange={(v) => {
                    setParams(v ? { community: v } : {});
                    next();
                  }}
                  testId="desk-community"
                />
              </Form.Item>
              <Form.Item
                label={t('points.store.desk.code')}
                htmlFor="desk-code"
                extra={<span className="gz-muted">{t('points.store.desk.scanHint')}</span>}
                validateStatus={short ? 'error' : undefined}
                help={short ? t('points.store.desk.codeShort') : undefined}
              >
                <Input
                  id="desk-code"
                  ref={input}
                  size="large"
                  autoFocus
                  autoComplete="off"
                  inputMode="numeric"
                  prefix={<ScanOutlined aria-hidden />}
                  placeholder={t('points.store.desk.codePlaceholder')}
                  value={typed}
                  onChange={(e) => {
                    const v = e.target.value;
                    setShort(false);
                    // A scanner may send more than the code; keep digits, keep what it ends with.
                    setTyped(/\d{9,}/.test(v) ? pickupCodeOf(v) : v.replace(/\D/g, '').slice(0, 8));
                  }}
                  style={{ fontSize: 28, letterSpacing: 4, fontVariantNumeric: 'tabular-nums' }}
                  data-testid="desk-code"
                />
              </Form.Item>
              <Button
                type="primary"
                size="large"
                htmlType="submit"
                block
                disabled={!community}
                loading={lookup.isFetching}
                data-testid="desk-lookup"
              >
                {t('points.store.desk.lookup')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <section aria-live="polite" aria-label={t('points.store.desk.result')}>
            {!community && <Alert type="info" showIcon title={t('points.store.pickCommunity')} />}
            {done && <Handed order={done} onNext={next} />}
            {!done && code && notFound && (
              <Alert
                type="error"
                showIcon
                title={t('points.store.desk.notFound', { code })}
                description={t('points.store.desk.notFoundBody')}
                data-testid="desk-not-found"
              />
            )}
            {!done && code && lookup.isError && !notFound && (
              <Alert type="error" showIcon title={lookup.error.message} data-testid="desk-error" />
            )}
            {!done && code && lookup.data && (
              <OrderCard
                key={lookup.data.id}
                order={lookup.data}
                onHanded={(o) => {
                  setDone(o);
                  setCode(undefined);
                }}
                onCancelled={next}
              />
            )}
            {!done && !code && community && (
              <Card>
                <Typography.Paragraph className="gz-muted" style={{ margin: 0 }}>
                  {t('points.store.desk.idle')}
                </Typography.Paragraph>
              </Card>
            )}
          </section>
        </Col>
      </Row>
    </>
  );
}

function OrderFacts({ order }: { order: Order }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} size="middle" bordered data-testid="desk-order">
      <Descriptions.Item label={t('points.store.item')}>
        <Space wrap>
          <strong data-testid="desk-item">{order.item.name}</strong>
          <StoreKindTag kind={order.item.kind} />
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('points.store.quantity')}>
        <span data-testid="desk-quantity">{order.quantity}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('points.store.points')}>
        <Points value={order.points} signed={false} />
      </Descriptions.Item>
      <Descriptions.Item label={t('points.store.person')}>
        <span data-testid="desk-person">{order.person.name}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('points.store.status.label')}>
        <OrderStatusTag status={order.status} testId="desk-status" />
      </Descriptions.Item>
      <Descriptions.Item label={t('points.store.placedAt')}>{formatTime(order.createdAt)}</Descriptions.Item>
      {order.expiresAt && (
        <Descriptions.Item label={t('points.store.expiresAt')}>{formatTime(order.expiresAt)}</Descriptions.Item>
      )}
    </Descriptions>
  );
}

function OrderCard({
  order,
  onHanded,
  onCancelled,
}: {
  order: Order;
  onHanded: (o: Order) => void;
  onCancelled: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fulfil = useFulfilOrder();
  const [cancelling, setCancelling] = useState(false);
  const confirm = () =>
    fulfil.mutate(order.id, {
      onSuccess: (o) => {
        message.success(t('points.store.desk.handedToast', { item: o.item.name }));
        onHanded(o);
      },
      onError: (err) => void message.error(err instanceof ApiError ? err.message : t('errors.unexpected')),
    });
  return (
    <Card
      title={
        <Space>
          {t('points.store.desk.order')}
          <Tag>{order.code}</Tag>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <OrderFacts order={order} />
        <Typography.Paragraph style={{ margin: 0 }}>{t('points.store.desk.checkPerson')}</Typography.Paragraph>
        <Space wrap>
          <Button type="primary" size="large" onClick={confirm} loading={fulfil.isPending} data-testid="desk-fulfil">
            {t('points.store.desk.fulfil')}
          </Button>
          <Button danger size="large" onClick={() => setCancelling(true)} data-testid="desk-cancel">
            {t('points.store.desk.cancel')}
          </Button>
        </Space>
      </Space>
      {cancelling && (
        <CancelOrderModal
          order={order}
          onClose={() => setCancelling(false)}
          onDone={() => {
            setCancelling(false);
            onCancelled();
          }}
        />
      )}
    </Card>
  );
}

function Handed({ order, onNext }: { order: Order; onNext: () => void }) {
  const { t } = useTranslation();
  const nextButton = useRef<HTMLButtonElement>(null);
  useEffect(() => nextButton.current?.focus(), []);
  return (
    <Card data-testid="desk-done">
      <Result
        status="success"
        icon={<CheckCircleOutlined />}
        title={t('points.store.desk.handed')}
        subTitle={t('points.store.desk.handedBody', { item: order.item.name, quantity: order.quantity })}
        extra={
          <Button type="primary" ref={nextButton} onClick={onNext} data-testid="desk-next">
            {t('points.store.desk.next')}
          </Button>
        }
      />
      <OrderFacts order={order} />
    </Card>
  );
}
