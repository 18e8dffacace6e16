// The 3DGS forward pass on WebGPU: the same pixels as rasterizeCpu (../rasterize-cpu.ts) within
// f32 rounding. One command buffer per frame: project, depth sort, tile binning, tile sort, ranges,
// blend, and the copy of the image (and a 16-byte frame summary) to staging buffers. Nothing is read
// back in between; pipelines are compiled once per device and buffers are reused across frames.
//
// The pair buffer has a capacity chosen before the frame (the number of (tile, Gaussian) pairs is
// only known on the GPU): the frame summary reports the true count, and a frame that overflowed is
// rendered again with room (at most once per growth; frame loops settle after the first frame).
import {
  GpuBufferUsage,
  GpuMapMode,
  createBufferFromData,
  readBuffer,
  createExclusiveScanU32,
  createRadixSortKeyValueU32,
  computePipeline,
  workgroupGrid,
  writeBuffer,
  type ExclusiveScanU32,
  type GpuContext,
  type RadixSortKeyValueU32,
} from '@ffavatar/core/gpu';
import { type Camera, type GaussianCloud } from '@ffavatar/core';
import type { RasterOptions } from '../rasterize-cpu.js';
import type { RasterTargets } from '../blend-cpu.js';
import { cameraCentre } from '@ffavatar/core/geometry';
import { FOV_CLAMP } from '../project-cpu.js';
import { TILE_SIZE, type TileLists } from '../tiles.js';
import { destroyGpuGaussianCloud, uploadGaussianCloud, type GpuGaussianCloud } from './gpu-cloud.js';
import {
  DEPTH_KEY_BITS,
  PAIR_ID_MASK,
  WG_LINEAR,
  blendWgsl,
  countTilesWgsl,
  emitPairsWgsl,
  projectWgsl,
  tileRangesWgsl,
  type BlendVariant,
} from './raster-wgsl.js';

const STORAGE = GpuBufferUsage.STORAGE | GpuBufferUsage.COPY_SRC | GpuBufferUsage.COPY_DST;

export interface WebGpuRasterOptions extends RasterOptions {
  /** Copy the image back (default true). False renders and checks the pair count only (benchmarks). */
  readback?: boolean;
  /**
   * Recorded into the frame's command encoder before the rasterizer's own work, e.g. a driver that
   * writes the cloud's buffers: drive + sort + render then go in one submit. Called again if the
   * frame is re-rendered after a pair overflow, so it must be repeatable.
   */
  before?: (encoder: GPUCommandEncoder) => void;
  /**
   * GPU time per phase from timestamp queries (needs the 'timestamp-query' feature; ignored
   * without it). The sorts record their own passes, so their times are the gaps between ours.
   */
  profile?: boolean;
}

/** Milliseconds of GPU time per phase of one frame (timestamps at pass boundaries). */
export interface WebGpuPhaseTimes {
  project: number;
  depthSort: number;
  binning: number;
  tileSort: number;
  ranges: number;
  blend: number;
  total: number;
}

export interface WebGpuFrameStats {
  /** Gaussians that passed culling. */
  visible: number;
  /** (tile, Gaussian) pairs blended. */
  pairs: number;
  /** Pair slots allocated for the frame (sorted whether used or not). */
  pairCapacity: number;
  /** 1, or 2 when the pair buffer overflowed and the frame was rendered again. */
  attempts: number;
  /** With `profile` on a device that has timestamp queries. */
  gpuMs?: WebGpuPhaseTimes;
  /** Host time of the last attempt: recording the commands, then waiting for the results to map. */
  hostMs: { encode: number; wait: number };
}

export interface WebGpuFrame {
  /** Present when `readback` was not false. */
  targets?: RasterTargets;
  stats: WebGpuFrameStats;
}

export interface SplatRasterizerOptions {
  /** Blend kernel; default 'rows' on a software adapter, 'shared' on hardware (see raster-wgsl.ts). */
  blend?: BlendVariant;
}

interface Pipelines {
  project: GPUComputePipeline;
  countTiles: GPUComputePipeline;
  emitPairs: GPUComputePipeline;
  tileRanges: GPUComputePipeline;
  blend: GPUComputePipeline;
}

/** Grows a buffer to at least `bytes` (x1.5 headroom), dropping the old one to the GC. */
class GrowingBuffer {
  buffer: GPUBuffer | undefined;
  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
    private readonly usage = STORAGE,
  ) {}
  get(bytes: number): GPUBuffer {
    const need = Math.max(16, Math.ceil(bytes / 16) * 16);
    if (!this.buffer || this.buffer.size < need) {
      this.buffer?.destroy();
      const size = this.buffer ? Math.max(need, Math.ceil((this.buffer.size * 1.5) / 16) * 16) : need;
      this.buffer = this.device.createBuffer({ size, usage: this.usage, label: this.label });
    }
    return this.buffer;
  }
  destroy(): void {
    this.buffer?.destroy();
    this.buffer = undefined;
  }
}

function tileGrid(
  width: number,
  height: number,
): { tilesX: number; tilesY: number; tiles: number; tileKeyBits: number } {
  const tilesX = Math.ceil(width / TILE_SIZE),
    tilesY = Math.ceil(height / TILE_SIZE);
  const tiles = tilesX * tilesY;
  if (tilesX > 0xffff || tilesY > 0xffff)
    throw new RangeError(`${width}x${height} is too large for the tile rectangle encoding`);
  // Pair keys are tile + 1 (0 marks an unused slot): tiles + 1 values.
  return { tilesX, tilesY, tiles, tileKeyBits: Math.max(1, Math.ceil(Math.log2(tiles + 1))) };
}

/**
 * A rasterizer bound to one device. Buffers grow to the largest frame seen and are reused; frames
 * on one rasterizer run one after another (calls are queued).
 */
export class SplatRasterizerWebGpu {
  readonly blendVariant: BlendVariant;
  private pairCapacity = 0;
  private readonly bufs;
  private readonly projectParams: GPUBuffer;
  private readonly pairParams: GPUBuffer;
  private readonly blendParams: GPUBuffer;
  private queue: Promise<unknown> = Promise.resolve();
  private last: { tilesX: number; tilesY: number; capacity: number } | undefined;

  private constructor(
    readonly ctx: GpuContext,
    private readonly pipelines: Pipelines,
    private readonly depthSort: RadixSortKeyValueU32,
    private readonly tileSort: RadixSortKeyValueU32,
    private readonly scan: ExclusiveScanU32,
    blend: BlendVariant,
  ) {
    const d = ctx.device;
    this.blendVariant = blend;
    this.bufs = {
      iota: new GrowingBuffer(d, 'raster iota'),
      ids: new GrowingBuffer(d, 'raster ids'),
      depthKeys: new GrowingBuffer(d, 'raster depth keys'),
      splats: new GrowingBuffer(d, 'raster splats'),
      counts: new GrowingBuffer(d, 'raster tile counts'),
      pairKeys: new GrowingBuffer(d, 'raster pair keys'),
      pairIds: new GrowingBuffer(d, 'raster pair ids'),
      ranges: new GrowingBuffer(d, 'raster tile ranges'),
      image: new GrowingBuffer(d, 'raster image'),
      info: new GrowingBuffer(d, 'raster frame info'),
      stagingImage: new GrowingBuffer(
        d,
        'raster image readback',
        GpuBufferUsage.MAP_READ | GpuBufferUsage.COPY_DST,
      ),
      stagingInfo: new GrowingBuffer(
        d,
        'raster info readback',
        GpuBufferUsage.MAP_READ | GpuBufferUsage.COPY_DST,
      ),
    };
    const uniform = (bytes: number, label: string) =>
      d.createBuffer({ size: bytes, usage: GpuBufferUsage.UNIFORM | GpuBufferUsage.COPY_DST, label });
    this.projectParams = uniform(112, 'raster project params');
    this.pairParams = uniform(16, 'raster pair params');
    this.blendParams = uniform(32, 'raster blend params');
  }

  /** Compiles (or reuses, per device) the pipelines. Prefer `sharedRasterizer` for one per device. */
  static async create(ctx: GpuContext, opts: SplatRasterizerOptions = {}): Promise<SplatRasterizerWebGpu> {
    const { device } = ctx;
    const blend = opts.blend ?? (ctx.isSoftware ? 'rows' : 'shared');
    const [project, countTiles, emitPairs, tileRanges, blendPipeline, depthSort, tileSort, scan] =
      await Promise.all([
        computePipeline(device, projectWgsl, 'project', 'splat project'),
        computePipeline(device, countTilesWgsl, 'count_tiles', 'splat count tiles'),
        computePipeline(device, emitPairsWgsl, 'emit_pairs', 'splat emit pairs'),
        computePipeline(device, tileRangesWgsl, 'tile_ranges', 'splat tile ranges'),
        computePipeline(device, blendWgsl(blend), 'blend', `splat blend (${blend})`),
        createRadixSortKeyValueU32(device),
        createRadixSortKeyValueU32(device),
        createExclusiveScanU32(device),
      ]);
    return new SplatRasterizerWebGpu(
      ctx,
      { project, countTiles, emitPairs, tileRanges, blend: blendPipeline },
      depthSort,
      tileSort,
      scan,
      blend,
    );
  }

  /** Renders `cloud` (already on the GPU) from `camera`. Frames are serialised per rasterizer. */
  render(cloud: GpuGaussianCloud, camera: Camera, opts: WebGpuRasterOptions = {}): Promise<WebGpuFrame> {
    const next = this.queue.then(() => this.renderNow(cloud, camera, opts));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async renderNow(
    cloud: GpuGaussianCloud,
    camera: Camera,
    opts: WebGpuRasterOptions,
  ): Promise<WebGpuFrame> {
    const n = cloud.count;
    if (n > PAIR_ID_MASK + 1)
      throw new RangeError(
        `${n} Gaussians: the rasterizer takes at most ${PAIR_ID_MASK + 1} (24-bit ids in the pair list)`,
      );
    if (this.pairCapacity === 0) this.pairCapacity = Math.max(4096, n * 4);
    for (let attempt = 1; ; attempt++) {
      const capacity = this.pairCapacity;
      const { info, image, gpuMs, hostMs } = await this.frame(cloud, camera, opts, capacity);
      const pairs = info[0]!,
        visible = info[1]!;
      if (pairs > capacity) {
        if (attempt >= 3)
          throw new Error(`pair buffer overflowed twice (${pairs} pairs for ${capacity} slots)`);
        this.pairCapacity = Math.ceil(pairs * 1.25) + 1024;
        continue;
      }
      // Shrink when far too large: every slot is sorted, used or not.
      if (pairs * 3 < capacity && capacity > 8192)
        this.pairCapacity = Math.max(4096, Math.ceil(pairs * 1.25) + 1024);
      const stats: WebGpuFrameStats = {
        visible,
        pairs,
        pairCapacity: capacity,
        attempts: attempt,
        hostMs,
        ...(gpuMs ? { gpuMs } : {}),
      };
      if (!image) return { stats };
      const px = camera.width * camera.height;
      return { targets: { rgba: image.subarray(0, px * 4), depth: image.subarray(px * 4, px * 5) }, stats };
    }
  }

  private async frame(
    cloud: GpuGaussianCloud,
    cam: Camera,
    opts: WebGpuRasterOptions,
    capacity: number,
  ): Promise<{
    info: Uint32Array;
    image?: Float32Array;
    gpuMs?: WebGpuPhaseTimes;
    hostMs: { encode: number; wait: number };
  }> {
    const t0 = performance.now();
    const { device } = this.ctx;
    const { width, height } = cam;
    const n = cloud.count;
    const { tilesX, tilesY, tiles, tileKeyBits } = tileGrid(width, height);
    const b = this.bufs;
    const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
    const groups = (count: number) => workgroupGrid(Math.ceil(count / WG_LINEAR), maxGroups);

    this.writeProjectParams(cloud, cam, tilesX, tilesY);
    writeBuffer(device, this.pairParams, new Uint32Array([n, capacity, tilesX, tiles]));
    const bg = opts.background ?? [0, 0, 0];
    const blendParams = new ArrayBuffer(32);
    new Uint32Array(blendParams, 0, 4).set([width, height, tilesX, 0x7f800000]);
    new Float32Array(blendParams, 16, 4).set([bg[0], bg[1], bg[2], 0]);
    writeBuffer(device, this.blendParams, new Uint8Array(blendParams));

    const iota = this.iota(n);
    const ids = b.ids.get(n * 4),
      depthKeys = b.depthKeys.get(n * 4),
      splats = b.splats.get(n * 64),
      counts = b.counts.get(n * 4);
    const pairKeys = b.pairKeys.get(capacity * 4),
      pairIds = b.pairIds.get(capacity * 4);
    const ranges = b.ranges.get(tiles * 8),
      info = b.info.get(16);
    const imageBytes = width * height * 5 * 4;
    const image = b.image.get(imageBytes);
    const bind = (p: GPUComputePipeline, buffers: GPUBuffer[]) =>
      device.createBindGroup({
        layout: p.getBindGroupLayout(0),
        entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
      });

    const profile = opts.profile && n > 0 ? this.timestamps() : undefined;
    // Timestamps: 0-1 project, 2-3 binning, 4-5 ranges, 6-7 blend.
    const stamp = (i: number): { timestampWrites?: GPUComputePassTimestampWrites } =>
      profile
        ? {
            timestampWrites: {
              querySet: profile.set,
              beginningOfPassWriteIndex: i,
              endOfPassWriteIndex: i + 1,
            },
          }
        : {};
    const encoder = device.createCommandEncoder({ label: 'splat frame' });
    opts.before?.(encoder);
    encoder.clearBuffer(info, 0, 16);
    encoder.clearBuffer(ranges, 0, Math.ceil((tiles * 8) / 4) * 4);
    encoder.clearBuffer(pairKeys, 0, capacity * 4);
    if (n > 0) {
      encoder.copyBufferToBuffer(iota, 0, ids, 0, n * 4);
      const p = this.pipelines;
      let pass = encoder.beginComputePass({ label: 'splat project', ...stamp(0) });
      pass.setPipeline(p.project);
      pass.setBindGroup(
        0,
        bind(p.project, [
          this.projectParams,
          cloud.means,
          cloud.logScales,
          cloud.rotations,
          cloud.logitOpacities,
          cloud.sh,
          splats,
          depthKeys,
        ]),
      );
      pass.dispatchWorkgroups(...groups(n));
      pass.end();

      this.depthSort.encode(encoder, { keys: depthKeys, values: ids, count: n, keyBits: DEPTH_KEY_BITS });

      pass = encoder.beginComputePass({ label: 'splat binning', ...stamp(2) });
      pass.setPipeline(p.countTiles);
      pass.setBindGroup(0, bind(p.countTiles, [this.pairParams, depthKeys, ids, splats, counts, info]));
      pass.dispatchWorkgroups(...groups(n));
      this.scan.record(pass, { input: counts, count: n });
      pass.setPipeline(p.emitPairs);
      pass.setBindGroup(
        0,
        bind(p.emitPairs, [this.pairParams, depthKeys, ids, splats, counts, pairKeys, pairIds, info]),
      );
      pass.dispatchWorkgroups(...groups(n));
      pass.end();

      this.tileSort.encode(encoder, {
        keys: pairKeys,
        values: pairIds,
        count: capacity,
        keyBits: tileKeyBits,
      });

      pass = encoder.beginComputePass({ label: 'splat ranges', ...stamp(4) });
      pass.setPipeline(p.tileRanges);
      pass.setBindGroup(0, bind(p.tileRanges, [this.pairParams, pairKeys, ranges]));
      pass.dispatchWorkgroups(...groups(capacity));
      pass.end();
    }
    const pass = encoder.beginComputePass({ label: 'splat blend', ...(n > 0 ? stamp(6) : {}) });
    pass.setPipeline(this.pipelines.blend);
    pass.setBindGroup(0, bind(this.pipelines.blend, [this.blendParams, ranges, pairIds, splats, image]));
    pass.dispatchWorkgroups(tilesX, tilesY);
    pass.end();

    const stagingInfo = b.stagingInfo.get(16);
    encoder.copyBufferToBuffer(info, 0, stagingInfo, 0, 16);
    const readImage = opts.readback !== false;
    const stagingImage = readImage ? b.stagingImage.get(imageBytes) : undefined;
    if (stagingImage) encoder.copyBufferToBuffer(image, 0, stagingImage, 0, imageBytes);
    if (profile) {
      encoder.resolveQuerySet(profile.set, 0, 8, profile.resolve, 0);
      encoder.copyBufferToBuffer(profile.resolve, 0, profile.staging, 0, 64);
    }
    device.queue.submit([encoder.finish()]);
    this.last = { tilesX, tilesY, capacity };
    const t1 = performance.now();

    await Promise.all([
      stagingInfo.mapAsync(GpuMapMode.READ, 0, 16),
      stagingImage?.mapAsync(GpuMapMode.READ, 0, imageBytes),
      profile?.staging.mapAsync(GpuMapMode.READ, 0, 64),
    ]);
    let gpuMs: WebGpuPhaseTimes | undefined;
    if (profile) {
      const ts = new BigUint64Array(profile.staging.getMappedRange(0, 64).slice(0));
      profile.staging.unmap();
      const ms = (a: number, b: number) => Number(ts[b]! - ts[a]!) / 1e6;
      gpuMs = {
        project: ms(0, 1),
        depthSort: ms(1, 2),
        binning: ms(2, 3),
        tileSort: ms(3, 4),
        ranges: ms(4, 5),
        blend: ms(6, 7),
        total: ms(0, 7),
      };
    }
    const infoWords = new Uint32Array(stagingInfo.getMappedRange(0, 16).slice(0));
    stagingInfo.unmap();
    let pixels: Float32Array | undefined;
    if (stagingImage) {
      pixels = new Float32Array(stagingImage.getMappedRange(0, imageBytes).slice(0));
      stagingImage.unmap();
    }
    return {
      info: infoWords,
      ...(pixels ? { image: pixels } : {}),
      ...(gpuMs ? { gpuMs } : {}),
      hostMs: { encode: t1 - t0, wait: performance.now() - t1 },
    };
  }

  /**
   * The last frame's per-tile lists in the CPU's layout (tiles.ts, TileLists): for tests that hold
   * the GPU's binning and depth order to binTilesCpu. Reads back; not for frame loops.
   */
  readLastTileLists(): Promise<TileLists> {
    const next = this.queue.then(async () => {
      const last = this.last;
      if (!last) throw new Error('no frame rendered yet');
      const { device } = this.ctx;
      const tiles = last.tilesX * last.tilesY;
      const ranges = new Uint32Array(await readBuffer(device, this.bufs.ranges.buffer!, tiles * 8));
      const pairIds = new Uint32Array(await readBuffer(device, this.bufs.pairIds.buffer!, last.capacity * 4));
      const offsets = new Uint32Array(tiles + 1);
      for (let t = 0; t < tiles; t++) offsets[t + 1] = offsets[t]! + ranges[2 * t + 1]! - ranges[2 * t]!;
      const ids = new Uint32Array(offsets[tiles]!);
      for (let t = 0; t < tiles; t++)
        ids.set(pairIds.subarray(ranges[2 * t]!, ranges[2 * t + 1]!), offsets[t]!);
      for (let i = 0; i < ids.length; i++) ids[i] = ids[i]! & PAIR_ID_MASK;
      return { tilesX: last.tilesX, tilesY: last.tilesY, offsets, ids };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private writeProjectParams(cloud: GpuGaussianCloud, cam: Camera, tilesX: number, tilesY: number): void {
    const R = cam.rotation,
      t = cam.translation;
    const [ox, oy, oz] = cameraCentre(cam);
    const f = new Float32Array(28);
    f.set([
      R[0]!,
      R[1]!,
      R[2]!,
      t[0]!,
      R[3]!,
      R[4]!,
      R[5]!,
      t[1]!,
      R[6]!,
      R[7]!,
      R[8]!,
      t[2]!,
      ox,
      oy,
      oz,
      0,
    ]);
    f.set([cam.fx, cam.fy, cam.cx, cam.cy], 16);
    f.set(
      [
        (FOV_CLAMP * 0.5 * cam.width) / cam.fx,
        (FOV_CLAMP * 0.5 * cam.height) / cam.fy,
        cam.width,
        cam.height,
      ],
      20,
    );
    new Uint32Array(f.buffer, 24 * 4, 4).set([cloud.count, (cloud.shDegree + 1) ** 2, tilesX, tilesY]);
    writeBuffer(this.ctx.device, this.projectParams, f);
  }

  private profiling: { set: GPUQuerySet; resolve: GPUBuffer; staging: GPUBuffer } | undefined;
  private timestamps() {
    if (!this.ctx.features.includes('timestamp-query')) return undefined;
    const d = this.ctx.device;
    this.profiling ??= {
      set: d.createQuerySet({ type: 'timestamp', count: 8, label: 'splat frame timestamps' }),
      resolve: d.createBuffer({
        size: 64,
        usage: GpuBufferUsage.QUERY_RESOLVE | GpuBufferUsage.COPY_SRC,
        label: 'splat timestamps',
      }),
      staging: d.createBuffer({
        size: 64,
        usage: GpuBufferUsage.MAP_READ | GpuBufferUsage.COPY_DST,
        label: 'splat timestamps readback',
      }),
    };
    return this.profiling;
  }

  private iotaLength = 0;
  private iota(n: number): GPUBuffer {
    if (n > this.iotaLength || !this.bufs.iota.buffer) {
      const len = Math.max(n, Math.ceil(this.iotaLength * 1.5));
      this.bufs.iota.buffer?.destroy();
      this.bufs.iota.buffer = createBufferFromData(
        this.ctx.device,
        Uint32Array.from({ length: len }, (_, i) => i),
        STORAGE,
        'raster iota',
      );
      this.iotaLength = len;
    }
    return this.bufs.iota.buffer;
  }

  /** Frees the buffers; the pipelines stay cached for the device. */
  destroy(): void {
    for (const b of Object.values(this.bufs)) b.destroy();
    this.projectParams.destroy();
    this.pairParams.destroy();
    this.blendParams.destroy();
    if (this.profiling) {
      this.profiling.set.destroy();
      this.profiling.resolve.destroy();
      this.profiling.staging.destroy();
    }
    this.depthSort.destroy();
    this.tileSort.destroy();
    this.scan.destroy();
  }
}

const shared = new WeakMap<GPUDevice, Map<BlendVariant | 'default', Promise<SplatRasterizerWebGpu>>>();

/** One rasterizer per device (and blend variant), created on first use and kept. */
export function sharedRasterizer(
  ctx: GpuContext,
  opts: SplatRasterizerOptions = {},
): Promise<SplatRasterizerWebGpu> {
  let byVariant = shared.get(ctx.device);
  if (!byVariant) shared.set(ctx.device, (byVariant = new Map()));
  const key = opts.blend ?? 'default';
  let r = byVariant.get(key);
  if (!r) {
    r = SplatRasterizerWebGpu.create(ctx, opts);
    r.catch(() => byVariant.delete(key));
    byVariant.set(key, r);
  }
  return r;
}

/**
 * rasterizeCpu on WebGPU: uploads `cloud`, renders, reads back RGBA (alpha = 1 - transmittance) and
 * expected depth. For frames whose data already lives on the GPU use `sharedRasterizer(ctx).render`.
 */
export async function rasterizeWebGpu(
  ctx: GpuContext,
  cloud: GaussianCloud,
  camera: Camera,
  opts: RasterOptions & SplatRasterizerOptions = {},
): Promise<RasterTargets & { stats: WebGpuFrameStats }> {
  const rasterizer = await sharedRasterizer(ctx, opts.blend ? { blend: opts.blend } : {});
  const gpuCloud = uploadGaussianCloud(ctx.device, cloud);
  try {
    const { targets, stats } = await rasterizer.render(
      gpuCloud,
      camera,
      opts.background ? { background: opts.background } : {},
    );
    return { ...targets!, stats };
  } finally {
    destroyGpuGaussianCloud(gpuCloud);
  }
}
