/**
 * `npm run points:verify`: recomputes the points ledger in the database the server uses —
 * PostgreSQL at DATABASE_URL, or the embedded PGlite database in GONGZHI_DATA_DIR (./data):
 * every account's hash chain and balance against its row, each transfer's two entries, that
 * all balances sum to 0, and the monthly earned totals. Prints the report as JSON.
 * Exit code 0: the ledger adds up; 1: a problem was found; 2: it could not be verified.
 * The embedded database is locked by a running server: stop it first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyLedger } from '../apps/server/src/modules/points/ledger-verify.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { type Database, openDatabase } from '../apps/server/src/platform/db/database.ts';
import { AppError, messageFor } from '../apps/server/src/platform/errors.ts';
import type { Output } from './audit-verify.ts';

const consoleOutput: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function main(env: NodeJS.ProcessEnv = process.env, io: Output = consoleOutput): Promise<number> {
  const config = loadConfig(env);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  // Opening PGlite on a folder without a database would create an empty one there.
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pg', 'PG_VERSION'))) {
    io.err(`No Gongzhi database in ${config.dataDir}: set GONGZHI_DATA_DIR or DATABASE_URL.`);
    return 2;
  }
  let database: Database;
  try {
    database = await openDatabase(
      config.databaseUrl ? { url: config.databaseUrl, poolSize: 1 } : { dataDir: config.dataDir },
    );
  } catch (err) {
    if (err instanceof AppError && err.code === 'DATA_DIR_LOCKED') {
      const { pid } = err.details as { pid?: number };
      io.err(`${messageFor(err.code, 'en')}: ${config.dataDir} (pid ${pid ?? '?'}). Stop the server, then verify.`);
      return 2;
    }
    throw err;
  }
  try {
    // One snapshot: entries written while verifying would otherwise not match the rows read before.
    const report = await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => verifyLedger(trx));
    io.out(JSON.stringify({ database: where, ...report }, null, 2));
    return report.ok ? 0 : 1;
  } catch (err) {
    io.err(`Could not verify the points ledger in ${where}: ${(err as Error).message}`);
    return 2;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
