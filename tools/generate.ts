/**
 * `npx tsx tools/generate.ts --scale 10 [--seed N] [--database-url postgres://…] [--data-dir DIR]`
 *
 * Migrates the database and fills it with a generated district (see tools/generate/plan.ts),
 * then prints what it made as JSON. The database is the one the server would use:
 * --database-url, else DATABASE_URL, else PGlite in --data-dir / GONGZHI_DATA_DIR / ./data.
 * It must be empty: the generator writes the demo district itself, so run it before the
 * server's first start (or with GONGZHI_SEED_DEMO=0 on that start).
 * Every account's password is the demo password; the admin accounts use the demo TOTP secret.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { loadKeys } from '../apps/server/src/platform/crypto.ts';
import { openDatabase } from '../apps/server/src/platform/db/database.ts';
import { migrateToLatest } from '../apps/server/src/platform/db/migrate.ts';
import { DatabaseNotEmpty, generate } from './generate/index.ts';
import { DEFAULT_SEED } from './generate/plan.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('usage: npx tsx tools/generate.ts [--scale N] [--seed N] [--database-url URL | --data-dir DIR]');
  process.exit(0);
}

const config = loadConfig();
const url = values['database-url'] ?? config.databaseUrl;
const dataDir = values['data-dir'] ?? config.dataDir;
const database = await openDatabase(url ? { url, poolSize: 2 } : { dataDir });
try {
  await migrateToLatest(database.db);
  // The same key the server will use: GONGZHI_DATA_KEY, or the key file in the data dir.
  const keys = loadKeys(config.dataKey, dataDir);
  const result = await generate(database.db, { scale: Number(values.scale), seed: Number(values.seed), keys });
  const { accounts: _accounts, district, ...rest } = result;
  console.log(
    JSON.stringify({
      db: database.kind,
      where: url ? new URL(url).pathname.slice(1) : dataDir,
      ...rest,
      districtPath: district.path,
    }),
  );
} catch (err) {
  if (err instanceof DatabaseNotEmpty) {
    console.error(err.message);
    process.exitCode = 1;
  } else {
    throw err;
  }
} finally {
  await database.close();
}
