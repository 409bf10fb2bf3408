/** What every module is built from. Passed explicitly: no container, no globals. */

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { AccessLog } from './audit/access-log.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Keys } from './crypto.ts';
import type { Db } from './db/database.ts';
import type { ReadCaches } from './read-cache.ts';

export interface AppDeps {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  config: Config;
  clock: Clock;
  keys: Keys;
  caches: ReadCaches;
  /** Views of personal records, written in batches (see access-log.ts). */
  accessLog: AccessLog;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
