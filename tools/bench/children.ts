/**
 * Child processes and clean-up for the bench: every child is killed and every temporary
 * database dropped when the bench ends, fails or is interrupted. Only 127.0.0.1 is used.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const HOST = '127.0.0.1';
export const ROOT = new URL('../..', import.meta.url).pathname;

const children = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void>>();

/** Runs at exit (or on Ctrl-C) unless removed first with the function it returns. */
export function onCleanup(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

export async function cleanupAll(): Promise<void> {
  await Promise.allSettled([...children].map((c) => stopChild(c, 5_000)));
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    await fn().catch((err) => console.error(`bench: clean-up failed: ${(err as Error).message}`));
  }
}

process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, stopping children and dropping bench databases …`);
    void cleanupAll().finally(() => process.exit(130));
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** SIGTERM, then SIGKILL if it has not exited in time. */
export async function stopChild(child: ChildProcess, timeoutMs = 15_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await exited(child);
  clearTimeout(timer);
  return code;
}

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, HOST, () => {
      const address = srv.address();
      srv.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface SpawnOptions {
  /** Node flags before the entry, e.g. --cpu-prof. */
  nodeArgs?: string[];
  env: Record<string, string | undefined>;
  /** Where the child's stdout (the JSON log) goes; /dev/null by default. */
  logFile?: string;
  ipc?: boolean;
}

/** Runs a TypeScript entry under tsx, as `npm start` does, with stderr passed through. */
export function spawnTs(entry: string, opts: SpawnOptions): ChildProcess {
  const out = openSync(opts.logFile ?? '/dev/null', 'a');
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', out, 'pipe', ...(opts.ipc ? (['ipc'] as const) : [])],
  });
  closeSync(out);
  // Pass the child's stderr on, prefixed, so a crash is visible but stdout stays JSON lines.
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.trim()) process.stderr.write(`  [server ${child.pid}] ${line}\n`);
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Waits for the child's { type: 'ready', port } message; fails if it exits first. */
export function readyMessage(child: ChildProcess, timeoutMs: number): Promise<{ port: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (m: { type?: string; port?: number }) => {
      if (m?.type === 'ready' && typeof m.port === 'number') {
        clearTimeout(timer);
        resolve({ port: m.port });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it was ready`));
    });
  });
}

/** Sends a message to the child and waits for its answer of the same action. */
export function ask(
  child: ChildProcess,
  message: { type: 'profile'; action: 'start' | 'stop'; file?: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${message.type} ${message.action}`)), 60_000);
    const onMessage = (m: { type?: string; action?: string }) => {
      if (m?.type === 'profiled' && m.action === message.action) {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolve();
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** Polls a URL until it answers 2xx; returns when it did. */
export async function waitForOk(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited with code ${child.exitCode} before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc. */
export function memoryOf(pid: number): { rssMb: number; peakRssMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** CPU time (user + system, all threads) a process has used so far, in ms, from /proc. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux the bench runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;
