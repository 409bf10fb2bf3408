/**
 * The 台账 import target: 100,000 rows from .xlsx checked and committed in < 60 s on
 * PostgreSQL (validation, encryption and blind index included).
 *
 * Generates a register of households of 1–5 persons (realistic names, valid 身份证号 built
 * with the domain's makeIdNumber, phones, tags, some migrants) across the grids of 金溪社区,
 * starts the product server (tools/bench/server.ts) on a fresh bench database of the demo
 * district, uploads the file through the real HTTP route as the community's staff, polls
 * until it is checked, commits, polls until committed, and prints one JSON line:
 *   {"scenario":"registry-import","db","rows","validRows","households","checkMs","commitMs","totalMs","targetMs","met"}
 * Generating the file is not timed. Run through `npm run bench -- --only registry-import`,
 * or alone: `npx tsx tools/bench/registry-import.ts [--rows N] [--db postgres|pglite]`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeIdNumber } from '@gongzhi/domain';
import ExcelJS from 'exceljs';
import { DEMO_PASSWORD } from '../../apps/server/src/demo/district.ts';
import { Rng } from '../../apps/server/src/demo/random.ts';
import { COLUMNS } from '../../apps/server/src/modules/registry/import/columns.ts';
import { personName } from '../generate/names.ts';
import { cleanupAll, HOST, readyMessage, spawnTs, stopChild } from './children.ts';
import { createBenchDatabase, type DbKind, populate } from './databases.ts';

export const REGISTRY_IMPORT = 'registry-import';
const COMMUNITY = '440704001001';
const STAFF = 'staff.jinxi';
const TARGET_MS = 60_000;

export interface RegistryImportLine {
  scenario: typeof REGISTRY_IMPORT;
  db: DbKind;
  rows: number;
  validRows: number;
  errorRows: number;
  households: number;
  fileMb: number;
  generateMs: number;
  uploadMs: number;
  checkMs: number;
  commitMs: number;
  totalMs: number;
  targetMs: number;
  met: boolean;
}

// Regions other than 江海区's own: the generated district's residents hold 440704… numbers already.
const REGIONS = ['440781', '440783', '445102', '450103', '430102', '360102', '510104', '350102', '420102', '610102'];
const ESTATES = ['金溪花园', '江海雅苑', '丽景豪庭', '碧桂新城', '东湖名居', '南山小区', '翠苑', '滨江华府'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A register of `rows` persons in households of 1–5, written as .xlsx with ExcelJS's streaming writer. */
export async function writeRegister(path: string, rows: number, grids: string[], seed = 20261123): Promise<number> {
  const rng = new Rng(seed);
  const used = new Set<string>();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = wb.addWorksheet('台账');
  sheet.addRow(COLUMNS.map((c) => c.zh)).commit();
  const idFor = (birth: string, gender: 'male' | 'female') => {
    for (;;) {
      const region = rng.pick(REGIONS);
      const n = rng.int(500) * 2 + (gender === 'male' ? 1 : 0);
      const key = `${region}${birth}${n}`;
      if (used.has(key)) continue;
      used.add(key);
      return makeIdNumber(region, birth, n);
    }
  };
  const date = (year: number) => `${year}-${pad(rng.between(1, 12))}-${pad(rng.between(1, 28))}`;
  const phone = () => `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(1e9)).padStart(9, '0')}`;
  let written = 0;
  let household = 0;
  while (written < rows) {
    household++;
    const grid = grids[household % grids.length] as string;
    const gridIndex = household % grids.length;
    const estate = ESTATES[gridIndex % ESTATES.length] as string;
    // 144 rooms a building: 2 stairwells × 18 floors × 4 rooms.
    const slot = Math.floor(household / grids.length);
    const building = `${estate}${Math.floor(slot / 144) + 1}栋`;
    const inBuilding = slot % 144;
    const unit = `${Math.floor(inBuilding / 72) + 1}单元`;
    const room = `${Math.floor((inBuilding % 72) / 4) + 1}${pad((inBuilding % 4) + 1)}`;
    const size = Math.min(rows - written, rng.pick([1, 1, 2, 2, 3, 3, 3, 4, 4, 5]));
    const migrant = rng.chance(0.1);
    const headYear = rng.between(1940, 1995);
    const headGender = rng.chance(0.7) ? 'male' : 'female';
    const base = {
      grid,
      building,
      buildingAddress: `江海路${(gridIndex + 1) * 100 + Math.floor(slot / 144)}号`,
      unit,
      room,
      householdNo: `${grid.slice(-6)}-${pad(household, 6)}`,
      ethnicity: rng.chance(0.97) ? '汉族' : rng.pick(['壮族', '回族', '满族', '瑶族']),
      registeredAddress: migrant ? '湖南省长沙市岳麓区' : '广东省江门市江海区',
      registeredHere: migrant ? '否' : '是',
      migrant: migrant ? '是' : '否',
    };
    const members: Array<{ relation: string; gender: 'male' | 'female'; year: number }> = [
      { relation: '户主', gender: headGender, year: headYear },
    ];
    if (size >= 2) {
      const g = headGender === 'male' ? 'female' : 'male';
      members.push({ relation: g === 'female' ? '妻' : '夫', gender: g, year: headYear + rng.between(-4, 4) });
    }
    for (let i = members.length; i < size; i++) {
      if (i === 4 && headYear > 1965) {
        const g = rng.chance(0.5) ? 'male' : 'female';
        members.push({ relation: g === 'male' ? '父亲' : '母亲', gender: g, year: headYear - rng.between(24, 32) });
      } else {
        const g = rng.chance(0.5) ? 'male' : 'female';
        members.push({
          relation: g === 'male' ? '子' : '女',
          gender: g,
          year: Math.min(2024, headYear + rng.between(22, 34)),
        });
      }
    }
    for (const m of members) {
      const birth = date(Math.max(1925, m.year));
      const adult = 2026 - m.year >= 18;
      const tags: string[] = [];
      if (m.relation === '户主' && rng.chance(0.05)) tags.push('困难群众');
      if (size === 1 && 2026 - m.year >= 70) tags.push('独居老人');
      if (rng.chance(0.01)) tags.push('残疾人');
      if (2026 - m.year >= 60 && rng.chance(0.05)) tags.push('老党员');
      const values: Record<string, string> = {
        ...base,
        name: personName(rng, m.gender).name,
        relation: m.relation,
        gender: m.gender === 'male' ? '男' : '女',
        birthDate: birth,
        idNumber: idFor(birth, m.gender),
        phone: adult && rng.chance(0.85) ? phone() : '',
        partyMember: adult && rng.chance(0.08) ? '是' : '否',
        tags: tags.join('、'),
      };
      sheet.addRow(COLUMNS.map((c) => values[c.key] ?? '')).commit();
      written++;
    }
  }
  sheet.commit();
  await wb.commit();
  return household;
}

async function login(baseUrl: string, username: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const body = (await res.json()) as { csrfToken: string };
  if (!res.ok) throw new Error(`login as ${username}: HTTP ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .join('; ');
  return { cookie, csrf: body.csrfToken };
}

interface ImportView {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  validRows: number;
  errorRows: number;
  households: number;
  error: string | null;
  problems: Array<{ row: number; column: string | null; code: string; message: string }>;
}

async function until(
  baseUrl: string,
  session: { cookie: string },
  id: string,
  done: (s: string) => boolean,
  note: (s: string) => void,
): Promise<ImportView> {
  let last = '';
  for (;;) {
    const res = await fetch(`${baseUrl}/api/registry/imports/${id}`, { headers: { cookie: session.cookie } });
    const view = (await res.json()) as ImportView;
    if (!res.ok) throw new Error(`GET import: HTTP ${res.status} ${JSON.stringify(view)}`);
    const line = `${view.status} ${view.processedRows} rows`;
    if (line !== last) note(`registry-import: ${line}`);
    last = line;
    if (done(view.status)) return view;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** One measured run on a fresh database of the demo district. */
export async function benchRegistryImport(
  kind: DbKind,
  opts: { pgUrl?: string; rows?: number; note?: (s: string) => void; logFile?: string },
): Promise<RegistryImportLine> {
  const note = opts.note ?? ((s: string) => process.stderr.write(`bench: ${s}\n`));
  const rows = opts.rows ?? 100_000;
  const dataKey = randomBytes(32).toString('base64');
  const db = await createBenchDatabase(kind, { ...(opts.pgUrl ? { pgUrl: opts.pgUrl } : {}), dataKey });
  try {
    note(`${kind}: migrating and generating the demo district …`);
    await populate(db, 1, dataKey);
    const grids = [1, 2, 3, 4].map((n) => `${COMMUNITY}${pad(n, 3)}`);
    const file = join(db.dir, 'registry-import.xlsx');
    const g0 = performance.now();
    const households = await writeRegister(file, rows, grids);
    const generateMs = Math.round(performance.now() - g0);
    const fileMb = Math.round((statSync(file).size / 1048576) * 10) / 10;
    note(`registry-import: ${rows} rows in ${households} households, ${fileMb} MB, generated in ${generateMs} ms`);
    const profileDir = process.env.GZ_BENCH_CPU_PROF;
    const child = spawnTs('tools/bench/server.ts', {
      ipc: true,
      ...(profileDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] } : {}),
      env: {
        ...db.env,
        PORT: '0',
        HOST,
        LOG_LEVEL: 'info',
        GONGZHI_SEED_DEMO: '0',
        GONGZHI_LOGIN_RATE_LIMIT: '1000000000',
      },
      ...(opts.logFile ? { logFile: opts.logFile } : {}),
    });
    try {
      const { port } = await readyMessage(child, 180_000);
      const baseUrl = `http://${HOST}:${port}`;
      const session = await login(baseUrl, STAFF);
      const tree = (await (await fetch(`${baseUrl}/api/org/tree`, { headers: { cookie: session.cookie } })).json()) as {
        roots: Array<{ id: string; code: string; children: unknown[] }>;
      };
      const find = (nodes: Array<{ id: string; code: string; children: unknown[] }>): string | undefined => {
        for (const n of nodes) {
          if (n.code === COMMUNITY) return n.id;
          const hit = find(n.children as typeof nodes);
          if (hit) return hit;
        }
        return undefined;
      };
      const unit = find(tree.roots);
      if (!unit) throw new Error(`community ${COMMUNITY} not in ${STAFF}'s tree`);

      const form = new FormData();
      form.set('unit', unit);
      form.set('file', new Blob([readFileSync(file)]), '金溪社区台账.xlsx');
      const t0 = performance.now();
      const uploaded = await fetch(`${baseUrl}/api/registry/imports`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
        body: form,
      });
      const created = (await uploaded.json()) as ImportView;
      if (uploaded.status !== 202) throw new Error(`upload: HTTP ${uploaded.status} ${JSON.stringify(created)}`);
      const uploadMs = Math.round(performance.now() - t0);
      const checked = await until(baseUrl, session, created.id, (s) => s !== 'checking', note);
      const t1 = performance.now();
      if (checked.status !== 'checked') throw new Error(`check ended ${checked.status}: ${checked.error}`);
      if (checked.errorRows > 0)
        note(
          `registry-import: ${checked.errorRows} rows with problems, e.g. ${JSON.stringify(checked.problems.filter((p) => p.code !== 'HOUSEHOLD_INCOMPLETE').slice(0, 3))}`,
        );
      const commit = await fetch(`${baseUrl}/api/registry/imports/${created.id}/commit`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      });
      if (commit.status !== 202) throw new Error(`commit: HTTP ${commit.status} ${await commit.text()}`);
      const committed = await until(baseUrl, session, created.id, (s) => s !== 'committing', note);
      const t2 = performance.now();
      if (committed.status !== 'committed') throw new Error(`commit ended ${committed.status}: ${committed.error}`);
      const totalMs = Math.round(t2 - t0);
      return {
        scenario: REGISTRY_IMPORT,
        db: kind,
        rows: checked.totalRows,
        validRows: checked.validRows,
        errorRows: checked.errorRows,
        households: checked.households,
        fileMb,
        generateMs,
        uploadMs,
        checkMs: Math.round(t1 - t0),
        commitMs: Math.round(t2 - t1),
        totalMs,
        targetMs: TARGET_MS,
        met: totalMs < TARGET_MS,
      };
    } finally {
      await stopChild(child);
    }
  } finally {
    await db.drop();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\/tools\//, '/tools/'))) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, db: { type: 'string' } } });
  const pgUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
  const kind = (values.db ?? (pgUrl ? 'postgres' : 'pglite')) as DbKind;
  try {
    const line = await benchRegistryImport(kind, { ...(pgUrl ? { pgUrl } : {}), rows: Number(values.rows) });
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } catch (err) {
    console.error(`registry-import bench failed: ${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  } finally {
    await cleanupAll();
  }
}
