// One blend worker of CpuRasterPool (cpu-pool.ts): blends chunks of tiles into the shared image,
// taking the next chunk from a shared counter until none is left. Everything it reads and writes
// lives in SharedArrayBuffers set up by the pool; the code per tile is blendTilesCpu's, so the
// pixels are the single-threaded ones, bit for bit.
import { parentPort } from 'node:worker_threads';
import { blendTilesCpu } from '../raster/blend-cpu.js';
import type { BlendJob } from './cpu-pool.js';

parentPort!.on('message', (job: BlendJob) => {
  const p = {
    count: job.count,
    uv: new Float32Array(job.uv),
    conic: new Float32Array(job.conic),
    depth: new Float32Array(job.depth),
    radius: new Int32Array(job.count),
    rgb: new Float32Array(job.rgb),
    opacity: new Float32Array(job.opacity),
  };
  const lists = {
    tilesX: job.tilesX,
    tilesY: job.tilesY,
    offsets: new Uint32Array(job.offsets),
    ids: new Uint32Array(job.ids),
  };
  const out = { rgba: new Float32Array(job.rgba), depth: new Float32Array(job.outDepth) };
  const next = new Int32Array(job.counter);
  const tiles = job.tilesX * job.tilesY;
  for (;;) {
    const start = Atomics.add(next, 0, job.chunk);
    if (start >= tiles) break;
    blendTilesCpu(p, lists, job.width, job.height, job.background, out, {
      start,
      end: Math.min(tiles, start + job.chunk),
    });
  }
  parentPort!.postMessage('done');
});
