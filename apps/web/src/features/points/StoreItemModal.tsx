/**
 * The points store's dialogs and tags: an item created or edited (StoreItemModal, the default
 * export), an order cancelled with its points refunded, and the kind and status tags the store
 * page and the redemption desk share.
 */
import { App, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Switch, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormModal } from '../../components/FormModal.tsx';
import { useFormErrors } from '../../components/useFormErrors.ts';
import { chinaToday } from './display.tsx';
import {
  type Order,
  type OrderStatus,
  STORE_ITEM_KINDS,
  type StoreItem,
  type StoreItemKind,
  useCancelOrder,
  useCreateStoreItem,
  useUpdateStoreItem,
} from './hooks-store.ts';

const KIND_COLOURS: Record<StoreItemKind, string> = { goods: 'blue', service: 'green', coupon: 'gold' };
const STATUS_COLOURS: Record<OrderStatus, string> = {
  placed: 'blue',
  fulfilled: 'green',
  cancelled: 'default',
  expired: 'orange',
};

/** 实物 / 服务 / 兑换券, always in words. */
export function StoreKindTag({ kind }: { kind: StoreItemKind }) {
  const { t } = useTranslation();
  return <Tag color={KIND_COLOURS[kind]}>{t(`points.store.kind.${kind}`)}</Tag>;
}

/** 待兑换 / 已兑换 / 已取消 / 已过期. */
export function OrderStatusTag({ status, testId }: { status: OrderStatus; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={testId} data-status={status}>
      {t(`points.store.status.${status}`)}
    </Tag>
  );
}

interface ItemForm {
  name: string;
  description?: string;
  kind: StoreItemKind;
  price: number;
  stock?: number | null;
  perPersonLimit?: number | null;
  validFrom: Dayjs;
  validUntil?: Dayjs | null;
  active: boolean;
}

const nullable = (v: number | null | undefined) => (v === undefined || v === null ? null : v);

/** 新增商品 / 编辑商品: the kind is chosen once; price, stock, limit, validity and 上架 may change later. */
export default function StoreItemModal({
  community,
  item,
  onClose,
}: {
  community: string;
  item?: StoreItem;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemForm>();
  const onError = useFormErrors(form);
  const create = useCreateStoreItem();
  const update = useUpdateStoreItem();
  const busy = create.isPending || update.isPending;

  const initial: Partial<ItemForm> = item
    ? {
        name: item.name,
        description: item.description ?? undefined,
        kind: item.kind,
        price: item.price,
        stock: item.stock,
        perPersonLimit: item.perPersonLimit,
        validFrom: dayjs(item.validFrom),
        validUntil: item.validUntil ? dayjs(item.validUntil) : null,
        active: item.active,
      }
    : { kind: 'goods', validFrom: dayjs(chinaToday()), active: true };

  const submit = () =>
    form.validateFields().then((v) => {
      const fields = {
        name: v.name.trim(),
        description: v.description?.trim() ? v.description.trim() : null,
        price: v.price,
        stock: nullable(v.stock),
        perPersonLimit: nullable(v.perPersonLimit),
        validFrom: v.validFrom.format('YYYY-MM-DD'),
        validUntil: v.validUntil ? v.validUntil.format('YYYY-MM-DD') : null,
        active: v.active,
      };
      const done = (saved: StoreItem) => {
        message.success(t(item ? 'points.store.itemSaved' : 'points.store.itemCreated', { name: saved.name }));
        onClose();
      };
      if (item) update.mutate({ id: item.id, patch: fields }, { onSuccess: done, onError });
      else create.mutate({ community, kind: v.kind, ...fields }, { onSuccess: done, onError });
    });

  return (
    <FormModal
      title={item ? t('points.store.editItem', { name: item.name }) : t('points.store.newItem')}
      onCancel={onClose}
      onSubmit={submit}
      submitting={busy}
      submitText={t('points.store.saveItem')}
      submitTestId="store-item-submit"
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={initial} requiredMark="optional">
        <Form.Item
          name="name"
          label={t('points.store.name')}
          rules={[{ required: true, whitespace: true, message: t('points.store.nameRequired') }]}
        >
          <Input maxLength={60} showCount data-testid="store-item-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('points.store.kindLabel')} rules={[{ required: true }]}>
          <Radio.Group
            disabled={Boolean(item)}
            optionType="button"
            options={STORE_ITEM_KINDS.map((k) => ({ value: k, label: t(`points.store.kind.${k}`) }))}
            data-testid="store-item-kind"
          />
        </Form.Item>
        <Form.Item name="description" label={t('points.store.description')}>
          <Input.TextArea rows={2} maxLength={500} showCount />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="price"
              label={t('points.store.price')}
              rules={[{ required: true, message: t('points.store.priceRequired') }]}
            >
              <InputNumber
                min={1}
                max={1_000_000}
                precision={0}
                suffix={t('points.store.pointsUnit')}
                style={{ width: '100%' }}
                data-testid="store-item-price"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="stock" label={t('points.store.stock')} extra={t('points.store.stockHelp')}>
              <InputNumber
                min={0}
                max={1_000_000}
                precision={0}
                style={{ width: '100%' }}
                data-testid="store-item-stock"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="perPersonLimit" label={t('points.store.limit')} extra={t('points.store.limitHelp')}>
              <InputNumber
                min={1}
                max={10_000}
                precision={0}
                style={{ width: '100%' }}
                data-testid="store-item-limit"
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="validFrom"
              label={t('points.store.validFrom')}
              rules={[{ required: true, message: t('points.store.validFromRequired') }]}
            >
              <DatePicker inputReadOnly style={{ width: '100%' }} data-testid="store-item-from" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="validUntil"
              label={t('points.store.validUntil')}
              extra={t('points.store.validUntilHelp')}
              dependencies={['validFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value: Dayjs | null | undefined) => {
                    const from = getFieldValue('validFrom') as Dayjs | undefined;
                    return !value || !from || !value.isBefore(from, 'day')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('points.store.validUntilBefore')));
                  },
                }),
              ]}
            >
              <DatePicker inputReadOnly style={{ width: '100%' }} data-testid="store-item-until" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="active" label={t('points.store.active')} valuePropName="checked">
          <Switch data-testid="store-item-active" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** 取消并退还: staff say why (the resident reads it); the points go back to the paying account. */
export function CancelOrderModal({
  order,
  onClose,
  onDone,
}: {
  order: Order;
  onClose: () => void;
  onDone: (o: Order) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelOrder();
  const onError = useFormErrors(form);
  const submit = () =>
    form.validateFields().then(({ reason }) =>
      cancel.mutate(
        { id: order.id, reason: reason.trim() },
        {
          onSuccess: (o) => {
            message.success(t('points.store.cancelled', { points: o.points }));
            onDone(o);
          },
          onError,
        },
      ),
    );
  return (
    <FormModal
      title={t('points.store.cancelTitle', { item: order.item.name })}
      onCancel={onClose}
      onSubmit={submit}
      submitting={cancel.isPending}
      submitText={t('points.store.desk.cancel')}
      submitTestId="order-cancel-submit"
      danger
    >
      <Typography.Paragraph>
        {t('points.store.cancelBody', { points: order.points, person: order.person.name })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item
          name="reason"
          label={t('points.store.cancelReason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('points.store.cancelReasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="order-cancel-reason" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
