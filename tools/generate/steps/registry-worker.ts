/**
 * A worker thread of the registry step: plans, seals and encodes the chunks it is given and
 * posts each chunk's statements; it keeps at most one chunk ready ahead of the main thread,
 * which runs the statements on the generator's transaction.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type ChunkJob, ChunkPlanner, type ChunkSettings } from './registry-chunk.ts';

interface Data {
  keys: { seal: Uint8Array; index: Uint8Array };
  settings: ChunkSettings;
  jobs: ChunkJob[];
}

const data = workerData as Data;
const port = parentPort;
if (!port) throw new Error('registry-worker runs as a worker thread');
const planner = new ChunkPlanner(
  { seal: Buffer.from(data.keys.seal), index: Buffer.from(data.keys.index) },
  data.settings,
);
let credit = 2;
let wake: (() => void) | null = null;
port.on('message', (m: { type: 'ack' }) => {
  if (m.type !== 'ack') return;
  credit++;
  wake?.();
  wake = null;
});
for (const job of data.jobs) {
  const result = planner.run(job);
  while (credit === 0) await new Promise<void>((r) => (wake = r));
  credit--;
  port.postMessage({ type: 'chunk', result });
}
port.postMessage({ type: 'done' });
