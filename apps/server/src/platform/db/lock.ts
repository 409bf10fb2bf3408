/**
 * PGlite does not lock its data directory, and two processes writing one directory corrupt
 * it. We take `gongzhi.lock` (holding our pid) at start and refuse to open a directory whose
 * lock belongs to a live process — or to this process, when it already has it open.
 */
import { closeSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Lock files this process holds. A lock file naming our own pid is stale when we do not hold
 * it (in a container the server is pid 1 after every restart), but a second open of a
 * directory this process already has open must be refused like any other.
 */
const heldHere = new Set<string>();

export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(realpathSync(dir), 'gongzhi.lock');
  if (heldHere.has(file)) throw new AppError('DATA_DIR_LOCKED', 500, { dir, pid: process.pid });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(file);
      return () => {
        heldHere.delete(file);
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw new AppError('DATA_DIR_LOCKED', 500, { dir, pid: holder });
      }
      // The previous holder died without cleaning up: the lock is stale.
      rmSync(file, { force: true });
    }
  }
  throw new AppError('DATA_DIR_LOCKED', 500, { dir });
}
