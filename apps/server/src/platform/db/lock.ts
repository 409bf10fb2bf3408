/**
 * PGlite does not lock its data directory, and two processes writing one directory corrupt
 * it. We take `gongzhi.lock` (holding our pid) at start and refuse to open a directory whose
 * lock belongs to a live process.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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

export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'gongzhi.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
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
