/**
 * HTTP of the points ledger: holders' accounts and their entries for staff
 * (/api/points/accounts), the reversal of a transfer (/api/points/transfers/:id/reverse), and
 * a resident's own points (/api/points/me).
 */
import {
  ErrorBody,
  PointsAccountDetail,
  PointsAccountList,
  PointsAccountsQuery,
  PointsEntriesQuery,
  PointsEntryList,
  PointsMe,
  PointsMyEntriesQuery,
  PointsMyEntryList,
  PointsReverseBody,
  PointsTransfer,
  Uid,
} from '@gongzhi/api';
import { Type } from '@sinclair/typebox';
import type { App, AppDeps } from '../../platform/deps.ts';
import { write } from '../../platform/http/write.ts';
import { createLedgerService } from './ledger-service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ id: Uid });
const tags = ['points'];

export function ledgerRoutes(app: App, deps: AppDeps) {
  const ledger = createLedgerService({ clock: deps.clock });

  app.get(
    '/api/points/accounts',
    {
      schema: {
        tags,
        summary: 'Residents’ points accounts in my area with their balances (highest first)',
        querystring: PointsAccountsQuery,
        response: { 200: PointsAccountList, ...errors },
      },
      config: { access: 'points:read' },
    },
    (req) => ledger.listAccounts(deps.db, req.scope, req.query),
  );

  app.get(
    '/api/points/accounts/:id',
    {
      schema: {
        tags,
        summary: 'A points account: its holder, balance, earned this month and year, spent in the store',
        params: Params,
        response: { 200: PointsAccountDetail, ...errors },
      },
      config: { access: 'points:read' },
    },
    (req) => ledger.viewAccount(deps.db, req.scope, req.params.id),
  );

  app.get(
    '/api/points/accounts/:id/entries',
    {
      schema: {
        tags,
        summary: 'A points account’s history, newest first',
        params: Params,
        querystring: PointsEntriesQuery,
        response: { 200: PointsEntryList, ...errors },
      },
      config: { access: 'points:read' },
    },
    (req) => ledger.accountEntries(deps.db, req.scope, req.params.id, req.query),
  );

  app.post(
    '/api/points/transfers/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse a transfer (冲正): the points run back, once; audited with the reason',
        params: Params,
        body: PointsReverseBody,
        response: { 200: PointsTransfer, ...errors },
      },
      config: { access: 'points:review' },
    },
    (req, reply) => write(deps, req, reply, (trx) => ledger.reverse(trx, req.scope, req.params.id, req.body)),
  );

  app.get(
    '/api/points/me',
    {
      schema: {
        tags,
        summary: 'My points: my accounts (mine, my household’s, as a party member) and my last 20 entries',
        response: { 200: PointsMe, ...errors },
      },
      config: { access: 'points:self' },
    },
    (req) => ledger.me(deps.db, req.scope),
  );

  app.get(
    '/api/points/me/entries',
    {
      schema: {
        tags,
        summary: 'My points history, newest first (one of my accounts, or all of them)',
        querystring: PointsMyEntriesQuery,
        response: { 200: PointsMyEntryList, ...errors },
      },
      config: { access: 'points:self' },
    },
    (req) => ledger.myEntries(deps.db, req.scope, req.query),
  );
}
