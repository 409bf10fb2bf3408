/**
 * HTTP of the points store (积分超市): items (/api/points/store/items), the resident's store and
 * orders (/api/points/me/store, /api/points/me/orders), and the redemption desk
 * (/api/points/store/orders). Every write takes an Idempotency-Key (write()).
 */
import {
  ErrorBody,
  MyOrdersQuery,
  MyStore,
  Order,
  OrderBody,
  OrderByCodeParams,
  OrderByCodeQuery,
  OrderList,
  StaffCancelOrderBody,
  StoreItem,
  StoreItemBody,
  StoreItemList,
  StoreItemPatch,
  StoreItemsQuery,
  StoreOrdersQuery,
  Uid,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createStoreService } from './store-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const Params = Type.Object({ uid: Uid });
const tags = ['points'];
const read = { access: 'points:read' as const };
const review = { access: 'points:review' as const };
const manage = { access: 'points:manage' as const };
const self = { access: 'points:self' as const };

export function storeRoutes(app: App, deps: AppDeps) {
  const store = createStoreService({ clock: deps.clock });

  // ── Items ──
  app.get(
    '/api/points/store/items',
    {
      schema: {
        tags,
        summary: 'A community’s store items (积分超市), inactive ones included',
        querystring: StoreItemsQuery,
        response: { 200: StoreItemList, ...errors },
      },
      config: read,
    },
    (req) => store.listItems(deps.db, req.scope, req.query),
  );

  app.post(
    '/api/points/store/items',
    {
      schema: {
        tags,
        summary: 'Add an item to a community’s store; audited',
        body: StoreItemBody,
        response: { 201: StoreItem, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => store.createItem(trx, req.scope, req.body), 201),
  );

  app.patch(
    '/api/points/store/items/:uid',
    {
      schema: {
        tags,
        summary: 'Change an item: price, stock (set, never below 0), limit, validity, active; audited',
        params: Params,
        body: StoreItemPatch,
        response: { 200: StoreItem, ...errors },
      },
      config: manage,
    },
    (req, reply) => write(deps, req, reply, (trx) => store.updateItem(trx, req.scope, req.params.uid, req.body)),
  );

  // ── The resident ──
  app.get(
    '/api/points/me/store',
    {
      schema: {
        tags,
        summary: 'My community’s items on offer today, with how many of each I have ordered',
        response: { 200: MyStore, ...errors },
      },
      config: self,
    },
    (req) => store.myStore(deps.db, req.scope),
  );

  app.post(
    '/api/points/me/orders',
    {
      schema: {
        tags,
        summary: 'Redeem points for an item (兑换): pays from my or my household’s account, returns the pickup code',
        body: OrderBody,
        response: { 201: Order, ...errors },
      },
      config: self,
    },
    (req, reply) => write(deps, req, reply, (trx) => store.placeOrder(trx, req.scope, req.body), 201),
  );

  app.get(
    '/api/points/me/orders',
    {
      schema: {
        tags,
        summary: 'My orders, newest first, with their pickup codes',
        querystring: MyOrdersQuery,
        response: { 200: OrderList, ...errors },
      },
      config: self,
    },
    (req) => store.myOrders(deps.db, req.scope, req.query),
  );

  app.post(
    '/api/points/me/orders/:uid/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel my order while it is not handed over: the points come back',
        params: Params,
        response: { 200: Order, ...errors },
      },
      config: self,
    },
    (req, reply) => write(deps, req, reply, (trx) => store.cancelMine(trx, req.scope, req.params.uid)),
  );

  // ── The redemption desk ──
  app.get(
    '/api/points/store/orders',
    {
      schema: {
        tags,
        summary: 'Orders in my area, newest first (names masked, no codes)',
        querystring: StoreOrdersQuery,
        response: { 200: OrderList, ...errors },
      },
      config: review,
    },
    (req) => store.staffOrders(deps.db, req.scope, req.query),
  );

  app.get(
    '/api/points/store/orders/by-code/:code',
    {
      schema: {
        tags,
        summary: 'The open order with this pickup code in a community (核销 desk)',
        params: OrderByCodeParams,
        querystring: OrderByCodeQuery,
        response: { 200: Order, ...errors },
      },
      config: review,
    },
    (req) => store.orderByCode(deps.db, req.scope, req.params.code, req.query.community),
  );

  app.post(
    '/api/points/store/orders/:uid/fulfil',
    {
      schema: {
        tags,
        summary: 'Hand the item over (核销); once only',
        params: Params,
        response: { 200: Order, ...errors },
      },
      config: review,
    },
    (req, reply) => write(deps, req, reply, (trx) => store.fulfil(trx, req.scope, req.params.uid)),
  );

  app.post(
    '/api/points/store/orders/:uid/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel an order not handed over, with a reason the resident sees: the points are refunded',
        params: Params,
        body: StaffCancelOrderBody,
        response: { 200: Order, ...errors },
      },
      config: review,
    },
    (req, reply) =>
      write(deps, req, reply, (trx) => store.staffCancel(trx, req.scope, req.params.uid, req.body.reason)),
  );
}
