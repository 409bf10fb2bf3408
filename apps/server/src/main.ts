/**
 * `npm start`: serves Gongzhi on PORT (3000) with the embedded database in GONGZHI_DATA_DIR
 * (./data), or on PostgreSQL when DATABASE_URL is set.
 */
import { fileURLToPath } from 'node:url';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from './demo/district.ts';
import { startPlatform } from './platform/boot.ts';
import { loadConfig } from './platform/config.ts';
import { AppError, messageFor } from './platform/errors.ts';

const started = Date.now();
const config = loadConfig();
config.webDist ??= fileURLToPath(new URL('../../web/dist', import.meta.url));

let platform: Awaited<ReturnType<typeof startPlatform>>;
try {
  platform = await startPlatform(config, { logger: { level: config.logLevel } });
} catch (err) {
  if (err instanceof AppError && err.code === 'DATA_DIR_LOCKED') {
    const { dir, pid } = err.details as { dir: string; pid?: number };
    console.error(`\n${messageFor(err.code, 'zh-CN')} / ${messageFor(err.code, 'en')}: ${dir} (pid ${pid ?? '?'})`);
    console.error('Stop the other Gongzhi process, or set GONGZHI_DATA_DIR to another folder.\n');
    process.exit(1);
  }
  throw err;
}

await platform.app.listen({ port: config.port, host: config.host });
if (config.runJobs) platform.jobs.start();

const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
console.log(`\n共治 Gongzhi ready on http://localhost:${config.port} — ${where} — ${Date.now() - started} ms`);
if (platform.seeded) {
  console.log(`
Demo district 江海区 seeded: ${platform.seeded.units} units, ${platform.seeded.accounts} accounts.
⚠  DEMONSTRATION ACCOUNTS — for trying Gongzhi only. Never keep them on a system with real records.
   Password for every account: ${DEMO_PASSWORD}
   TOTP secret of the admin accounts (add it to an authenticator app): ${DEMO_TOTP_SECRET}
${DEMO_ACCOUNTS.map((a) => `   ${a.username.padEnd(16)} ${a.role.padEnd(16)} ${a.displayName}${a.totp ? '  (TOTP)' : ''}`).join('\n')}
   …and a grid worker for every grid (grid.<community><nn>).
`);
}
if (!config.databaseUrl) {
  console.log(
    'Note: the embedded database runs without fsync; a deployment holding real records uses PostgreSQL (DATABASE_URL).',
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void platform.close().then(() => process.exit(0));
  });
}
