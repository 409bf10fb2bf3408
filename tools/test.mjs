// `npm test`: lint and types, the unit and server suites on PGlite, the server suite again on
// PostgreSQL when TEST_DATABASE_URL is set, and the browser tests when Chromium is present.
// Whatever cannot run here is named loudly at the end, with how to enable it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const pgUrl = process.env.TEST_DATABASE_URL;
const totals = { passed: 0, failed: 0, skipped: 0 };
const skipped = [];
let failed = false;

function run(title, cmd, args, env = {}) {
  console.log(`\n━━ ${title} ━━`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    failed = true;
    console.log(`✗ ${title} failed`);
  }
  return r.status === 0;
}

function vitest(title, args, env = {}) {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const out = join(root, '.tmp', `vitest-${title.replace(/\W+/g, '-')}.json`);
  run(title, 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...args], env);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
  }
}

run('lint and format (biome)', 'npx', ['biome', 'check', '.']);
run('types (tsc)', 'npm', ['run', 'typecheck', '--silent']);
vitest('unit and server tests on PGlite', [], { TEST_DATABASE_URL: '' });

if (pgUrl) {
  vitest('server tests on PostgreSQL', ['--project', 'server'], { TEST_DATABASE_URL: pgUrl });
} else {
  skipped.push(
    'server tests on PostgreSQL — set TEST_DATABASE_URL=postgres://… (eval "$(bash tools/pg-throwaway.sh start)" starts one)',
  );
}

if (existsSync(chromium)) {
  if (run('build the web app', 'npm', ['run', 'build', '-w', 'apps/web', '--silent'])) {
    vitest('browser tests in Chromium', ['--config', 'tools/e2e/vitest.config.ts'], { CHROMIUM_PATH: chromium });
  }
} else {
  skipped.push(`browser tests — Chromium not found at ${chromium} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

if (skipped.length) {
  console.log('\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  console.log('!! SKIPPED SUITES — these did not run on this machine:');
  for (const s of skipped) console.log(`!!   - ${s}`);
  console.log('!! .ci/run installs PostgreSQL and Chromium, so CI runs everything.');
  console.log('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
}
if (totals.failed > 0) failed = true;
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
