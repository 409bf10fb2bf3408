/**
 * `npm run audit:verify`: walks every hash chain of the audit log in the database the server
 * uses — PostgreSQL at DATABASE_URL, or the embedded PGlite database in GONGZHI_DATA_DIR
 * (./data) — and prints the first broken record of each broken chain as `chain:seq problem`.
 * Exit code 0: every chain intact; 1: a chain is broken; 2: the log could not be verified.
 * The embedded database is locked by a running server: stop it first.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { verifyAuditChains } from '../apps/server/src/platform/audit/audit.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { type Database, openDatabase } from '../apps/server/src/platform/db/database.ts';
import { AppError, messageFor } from '../apps/server/src/platform/errors.ts';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

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
    const { records, chains, breaks } = await verifyAuditChains(database.db);
    if (breaks.length === 0) {
      io.out(`audit log intact: ${records} records in ${chains} chains (${where})`);
      return 0;
    }
    io.out(`audit log BROKEN: ${breaks.length} of ${chains} chains (${records} records, ${where})`);
    for (const b of breaks) io.out(`${b.chain}:${b.seq} ${b.problem}`);
    return 1;
  } catch (err) {
    io.err(`Could not verify the audit log in ${where}: ${(err as Error).message}`);
    return 2;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
