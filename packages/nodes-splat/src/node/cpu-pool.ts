// Node-only: the CPU rasterizer with its blend (about 80 % of a frame) split over worker_threads.
// Projection, depth sort and binning run on the calling thread as in rasterizeCpu; the projected
// Gaussians and tile lists are copied into SharedArrayBuffers and the workers take chunks of tiles
// from a shared counter. Each tile is blended by blendTilesCpu exactly as in rasterizeCpu, so the
// image is bit-identical to rasterizeCpu's (test: cpu-pool.test.ts).
//
// The Node modules are imported when a pool is created, not at load: apps/editor bundles the
// package's main entry for the browser (vite), which must not meet a static Node built-in there.
import type { Worker } from 'node:worker_threads';
import type { Camera, GaussianCloud } from '@ffavatar/core';
import type { RasterTargets } from '../raster/blend-cpu.js';
import { projectGaussiansCpu } from '../raster/project-cpu.js';
import type { RasterOptions } from '../raster/rasterize-cpu.js';
import { binTilesCpu, depthOrder } from '../raster/tiles.js';

/** What a blend worker gets per frame (blend-worker.ts): shared buffers and the frame's sizes. */
export interface BlendJob {
  count: number;
  width: number;
  height: number;
  tilesX: number;
  tilesY: number;
  chunk: number;
  background: [number, number, number];
  uv: SharedArrayBuffer;
  conic: SharedArrayBuffer;
  depth: SharedArrayBuffer;
  rgb: SharedArrayBuffer;
  opacity: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  ids: SharedArrayBuffer;
  rgba: SharedArrayBuffer;
  outDepth: SharedArrayBuffer;
  counter: SharedArrayBuffer;
}

/** The worker's compiled file: next to this one in dist/, or dist/ seen from src/ (vitest). */
async function workerFile(): Promise<URL> {
  const [{ existsSync }, { fileURLToPath }] = await Promise.all([import('node:fs'), import('node:url')]);
  for (const rel of ['./blend-worker.js', '../../dist/node/blend-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(
    'cpu-pool: blend-worker.js not found next to cpu-pool or under dist/node/ (build with tsc -b first)',
  );
}

function shared<T extends Float32Array | Uint32Array>(src: T): SharedArrayBuffer {
  const sab = new SharedArrayBuffer(Math.max(4, src.byteLength));
  new (src.constructor as { new (b: SharedArrayBuffer): T })(sab).set(src);
  return sab;
}

/**
 * A pool of blend workers for frame after frame (workers start once). Frames are serialised per
 * pool. `create(threads)` defaults to the machine's parallelism (at least 1); `destroy()` ends the
 * workers.
 */
export class CpuRasterPool {
  private queue: Promise<unknown> = Promise.resolve();
  private constructor(private readonly workers: Worker[]) {}

  static async create(threads?: number): Promise<CpuRasterPool> {
    const [{ availableParallelism }, { Worker: NodeWorker }, file] = await Promise.all([
      import('node:os'),
      import('node:worker_threads'),
      workerFile(),
    ]);
    const n = threads ?? Math.max(1, availableParallelism());
    return new CpuRasterPool(Array.from({ length: n }, () => new NodeWorker(file)));
  }

  get threads(): number {
    return this.workers.length;
  }

  /** rasterizeCpu with the blend on the pool's workers; the same pixels. */
  rasterize(cloud: GaussianCloud, cam: Camera, opts: RasterOptions = {}): Promise<RasterTargets> {
    const next = this.queue.then(() => this.frame(cloud, cam, opts));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async frame(cloud: GaussianCloud, cam: Camera, opts: RasterOptions): Promise<RasterTargets> {
    const { width, height } = cam;
    const p = projectGaussiansCpu(cloud, cam);
    const lists = binTilesCpu(p, width, height, depthOrder(p));
    const rgba = new SharedArrayBuffer(width * height * 16),
      outDepth = new SharedArrayBuffer(width * height * 4);
    const bg = opts.background ?? [0, 0, 0];
    const job: BlendJob = {
      count: p.count,
      width,
      height,
      tilesX: lists.tilesX,
      tilesY: lists.tilesY,
      chunk: 4,
      background: [bg[0], bg[1], bg[2]],
      uv: shared(p.uv),
      conic: shared(p.conic),
      depth: shared(p.depth),
      rgb: shared(p.rgb),
      opacity: shared(p.opacity),
      offsets: shared(lists.offsets),
      ids: shared(lists.ids),
      rgba,
      outDepth,
      counter: new SharedArrayBuffer(4),
    };
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onError = (err: Error) => {
              w.off('message', onDone);
              reject(err);
            };
            const onDone = () => {
              w.off('error', onError);
              resolve();
            };
            w.once('message', onDone);
            w.once('error', onError);
            w.postMessage(job);
          }),
      ),
    );
    return { rgba: new Float32Array(rgba), depth: new Float32Array(outDepth) };
  }

  /** Ends the workers (after the frames already asked for). */
  async destroy(): Promise<void> {
    await this.queue;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** One frame on a temporary pool (for a single image; keep a CpuRasterPool for frame loops). */
export async function rasterizeCpuParallel(
  cloud: GaussianCloud,
  cam: Camera,
  opts: RasterOptions & { threads?: number } = {},
): Promise<RasterTargets> {
  const pool = await CpuRasterPool.create(opts.threads);
  try {
    return await pool.rasterize(cloud, cam, opts);
  } finally {
    await pool.destroy();
  }
}
