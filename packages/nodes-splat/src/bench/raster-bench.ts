import { parseArgs } from 'node:util';
import { adapterLabel, GpuBufferUsage, GpuMapMode, type GpuContext } from '@ffavatar/core/gpu';
import { lookAtCamera } from '@ffavatar/core/geometry';
import { type Camera } from '@ffavatar/core';
import { acquireGpu, writeBenchResult } from '@ffavatar/core/node';
import { availableParallelism } from 'node:os';
import { rasterizeCpu } from '../raster/rasterize-cpu.js';
import { CpuRasterPool } from '../node/cpu-pool.js';
import { driveAvatarCpu } from '../drive/drive-cpu.js';
import { AvatarDriverWebGpu, driveAndRasterizeWebGpu } from '../drive/webgpu/drive-webgpu.js';
import { headLikeAvatar } from '../test-support/head-like-avatar.js';
import { destroyGpuGaussianCloud, uploadGaussianCloud } from '../raster/webgpu/gpu-cloud.js';
import {
  SplatRasterizerWebGpu,
  type WebGpuFrame,
  type WebGpuPhaseTimes,
} from '../raster/webgpu/rasterize-webgpu.js';
import type { BlendVariant } from '../raster/webgpu/raster-wgsl.js';
import { headLikeCloud } from '../test-support/head-like-cloud.js';
import { photometricLoss } from '@ffavatar/core/optim';
import { rasterizeBackwardCpu, rasterizeForwardCpu } from '../raster/backward-cpu.js';
import { allocateGaussianGradients } from '../raster/project-backward-cpu.js';
import { SplatTrainerCpu } from '../raster/train-step-cpu.js';

/**
 * Rasterizer figures: ms per frame for a head-like scene at 512 and 1024 px with 100k and 500k
 * Gaussians (median of several frames after a warm-up), on the CPU and on WebGPU in Node; and the
 * driving bench: a 50k-Gaussian bound avatar whose expression changes every frame, drive + sort +
 * render per frame, FPS per backend. Printed as tables, written to bench-results/raster.json.
 * Backends that are not built or not available are absent, not zero.
 *
 * WebGPU "render" is a frame whose data is already on the GPU: submit to the 16-byte frame summary
 * being mapped (what a frame loop pays); "+readback" adds copying the RGBA + depth image back.
 * On a software adapter (SwiftShader) WebGPU proves correctness only; its figures are not speed.
 *
 * "cpu xN": the same CPU rasterizer with its blend on N worker_threads (CpuRasterPool, same pixels).
 *
 * "cpu-train": one optimisation step (forward with saved state + 0.8 L1 + 0.2 D-SSIM + backward +
 * Adam on every parameter group, SplatTrainerCpu) against one forward render (rasterizeCpu), same
 * scene and camera, as a ratio, with the step's phases timed on their own; 100k at 256 and 512 px.
 *
 * Options: --counts 100000,500000 --sizes 512,1024 --runs 5 --gpu-runs 10 --backends cpu,cpu-threads,webgpu
 *          --threads N (default: availableParallelism)
 *          --blend shared,direct,rows --drive-frames 20 --drive-size 512
 *          --train-counts 100000 --train-sizes 256,512 --train-runs 3
 */
const { values: args } = parseArgs({
  options: {
    counts: { type: 'string' },
    sizes: { type: 'string' },
    threads: { type: 'string' },
    runs: { type: 'string' },
    'gpu-runs': { type: 'string' },
    backends: { type: 'string' },
    blend: { type: 'string' },
    'drive-frames': { type: 'string' },
    'drive-size': { type: 'string' },
    'train-counts': { type: 'string' },
    'train-sizes': { type: 'string' },
    'train-runs': { type: 'string' },
  },
});
const counts = (args.counts ?? '100000,500000').split(',').map(Number);
const sizes = (args.sizes ?? '512,1024').split(',').map(Number);
const backends = new Set((args.backends ?? 'cpu,cpu-threads,webgpu,cpu-train').split(','));
const threads = Number(args.threads ?? Math.max(2, availableParallelism()));
const pool = backends.has('cpu-threads') ? await CpuRasterPool.create(threads) : undefined;
const cpuRuns = Number(args.runs ?? 5);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Median of `reps` timed calls after `warmup` untimed ones; with `warmMs`, warm-up goes on until that
 * long has passed too: a GPU left idle during the CPU timings runs at idle clocks for its first
 * frames (an H100 here idles at 345 MHz against 1980 MHz under load).
 */
async function time(fn: () => unknown, reps: number, warmup = 1, warmMs = 0): Promise<number> {
  const w0 = performance.now();
  for (let i = 0; i < warmup || performance.now() - w0 < warmMs; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

let gpu: GpuContext | undefined;
let gpuNote = 'not requested';
if (backends.has('webgpu')) {
  try {
    gpu = await acquireGpu();
    gpuNote = `${adapterLabel(gpu.adapterInfo)}${gpu.isSoftware ? ' [software: correctness only, not speed]' : ''}`;
  } catch (err) {
    gpuNote = `unavailable: ${(err as Error).message}`;
  }
}
const gpuRuns = Number(args['gpu-runs'] ?? (gpu?.isSoftware ? 1 : 10));
const profile = Boolean(gpu && !gpu.isSoftware && gpu.features.includes('timestamp-query'));
const gpuWarmMs = gpu && !gpu.isSoftware ? 500 : 0;
// Software adapters: 'rows' (their default) beside 'direct' (the default before it), in one run.
const variants = (args.blend?.split(',') ??
  (gpu?.isSoftware ? ['rows', 'direct'] : ['shared'])) as BlendVariant[];
console.log(`WebGPU: ${gpuNote}`);

const rasterizers = new Map<BlendVariant, SplatRasterizerWebGpu>();
if (gpu) {
  const t0 = performance.now();
  for (const v of variants) rasterizers.set(v, await SplatRasterizerWebGpu.create(gpu, { blend: v }));
  console.log(
    `WebGPU pipelines compiled in ${(performance.now() - t0).toFixed(0)} ms (blend: ${variants.join(', ')})`,
  );
}

/**
 * The floor under every WebGPU frame time here: an empty submit and a 16-byte map back, what any
 * frame that waits for its result pays in this host (Dawn in Node) before doing any work.
 */
let roundTripMs: number | undefined;
if (gpu) {
  const { device } = gpu;
  const small = device.createBuffer({
    size: 16,
    usage: GpuBufferUsage.STORAGE | GpuBufferUsage.COPY_SRC | GpuBufferUsage.COPY_DST,
  });
  const staging = device.createBuffer({ size: 16, usage: GpuBufferUsage.MAP_READ | GpuBufferUsage.COPY_DST });
  roundTripMs = await time(
    async () => {
      const e = device.createCommandEncoder();
      e.clearBuffer(small);
      e.copyBufferToBuffer(small, 0, staging, 0, 16);
      device.queue.submit([e.finish()]);
      await staging.mapAsync(GpuMapMode.READ);
      staging.unmap();
    },
    20,
    3,
  );
  small.destroy();
  staging.destroy();
  console.log(`WebGPU round trip (empty submit + 16-byte map): ${roundTripMs.toFixed(2)} ms`);
}

const headCamera = (size: number): Camera =>
  lookAtCamera({ eye: [0, 0, 0.6], target: [0, 0, 0], width: size, height: size, fovYDegrees: 30 });

interface Row {
  gaussians: number;
  size: number;
  cpuMs?: number;
  /** CpuRasterPool: the blend on `threads` worker_threads. */
  cpuThreadsMs?: number;
  /** Per blend variant: render (data on the GPU) and render + image readback. */
  webgpu?: Record<
    string,
    {
      ms: number;
      readbackMs: number;
      pairs: number;
      visible: number;
      vsCpu?: Agreement;
      gpuMs?: WebGpuPhaseTimes;
      hostMs?: { encode: number; wait: number };
    }
  >;
}
interface Agreement {
  madPer255: number;
  maxDiff: number;
  over1of255: number;
}

/** Mean absolute difference over RGBA (x255), largest difference, fraction of pixels off by more than 1/255. */
function agreement(a: Float32Array, b: Float32Array): Agreement {
  let sum = 0,
    max = 0,
    over = 0;
  for (let p = 0; p < a.length; p += 4) {
    let m = 0;
    for (let c = 0; c < 4; c++) {
      const d = Math.abs(a[p + c]! - b[p + c]!);
      sum += d;
      m = Math.max(m, d);
    }
    max = Math.max(max, m);
    if (m > 1 / 255) over++;
  }
  return { madPer255: (sum / a.length) * 255, maxDiff: max, over1of255: over / (a.length / 4) };
}
const rows: Row[] = [];
for (const gaussians of counts) {
  const cloud = headLikeCloud(gaussians, 7);
  const gpuCloud = gpu ? uploadGaussianCloud(gpu.device, cloud) : undefined;
  for (const size of sizes) {
    const cam = headCamera(size);
    const row: Row = { gaussians, size };
    let cpuImage: Float32Array | undefined;
    if (backends.has('cpu')) {
      row.cpuMs = await time(() => rasterizeCpu(cloud, cam), cpuRuns);
      cpuImage = rasterizeCpu(cloud, cam).rgba;
    }
    if (pool) row.cpuThreadsMs = await time(() => pool.rasterize(cloud, cam), cpuRuns);
    if (gpu && gpuCloud) {
      row.webgpu = {};
      for (const [v, r] of rasterizers) {
        const host: { encode: number; wait: number }[] = [];
        const ms = await time(
          async () => {
            host.push((await r.render(gpuCloud, cam, { readback: false })).stats.hostMs);
          },
          gpuRuns,
          1,
          gpuWarmMs,
        );
        host.splice(0, host.length - gpuRuns);
        const hostMs = { encode: median(host.map((h) => h.encode)), wait: median(host.map((h) => h.wait)) };
        let last: WebGpuFrame | undefined;
        const readbackMs = await time(
          async () => {
            last = await r.render(gpuCloud, cam);
          },
          gpuRuns,
          0,
        );
        const { stats, targets } = last!;
        // GPU time per phase (hardware only: on a software adapter it says nothing): median of a few profiled frames.
        const profiled: (WebGpuPhaseTimes | undefined)[] = [];
        if (profile)
          for (let i = 0; i < 5; i++)
            profiled.push((await r.render(gpuCloud, cam, { readback: false, profile: true })).stats.gpuMs);
        const phases = profiled[0]
          ? (Object.fromEntries(
              Object.keys(profiled[0]).map((k) => [
                k,
                median(profiled.map((p) => p![k as keyof WebGpuPhaseTimes])),
              ]),
            ) as unknown as WebGpuPhaseTimes)
          : undefined;
        row.webgpu[v] = {
          ms,
          readbackMs,
          hostMs,
          pairs: stats.pairs,
          visible: stats.visible,
          ...(cpuImage ? { vsCpu: agreement(cpuImage, targets!.rgba) } : {}),
          ...(phases ? { gpuMs: phases } : {}),
        };
      }
    }
    rows.push(row);
    console.log(`  measured ${gaussians / 1000}k @ ${size}`);
  }
  if (gpuCloud) destroyGpuGaussianCloud(gpuCloud);
}

// Driving: a 50k bound avatar, a new expression every frame, drive + sort + render.
const driveN = 50_000;
const driveSize = Number(args['drive-size'] ?? 512);
const driveFrames = Number(args['drive-frames'] ?? (gpu?.isSoftware ? 2 : 20));
const { avatar, meshAt } = headLikeAvatar(driveN, 3);
const driveCam = headCamera(driveSize);
const driving: Record<string, { frameMs: number; fps: number; note: string }> = {};
let t = 0;
if (backends.has('cpu')) {
  const posed = driveAvatarCpu(avatar, meshAt(0));
  const driveMs = await time(() => driveAvatarCpu(avatar, meshAt(t++), posed), Math.max(driveFrames, 5));
  const frameMs = await time(
    () => rasterizeCpu(driveAvatarCpu(avatar, meshAt(t++), posed), driveCam),
    Math.max(3, Math.min(driveFrames, cpuRuns)),
  );
  driving.cpu = { frameMs, fps: 1000 / frameMs, note: `drive alone ${driveMs.toFixed(1)} ms` };
}
if (gpu) {
  const driver = await AvatarDriverWebGpu.create(gpu, avatar);
  for (const [v, r] of rasterizers) {
    const frameMs = await time(
      () => driveAndRasterizeWebGpu(driver, meshAt(t++), driveCam, { rasterizer: r, readback: false }),
      driveFrames,
      gpu.isSoftware ? 1 : 2,
      gpuWarmMs,
    );
    const withImage = await time(
      () => driveAndRasterizeWebGpu(driver, meshAt(t++), driveCam, { rasterizer: r }),
      driveFrames,
      0,
    );
    driving[`webgpu (${v})`] = {
      frameMs,
      fps: 1000 / frameMs,
      note: `with image readback ${withImage.toFixed(1)} ms (${(1000 / withImage).toFixed(1)} FPS)`,
    };
  }
  driver.destroy();
}

// Optimisation step vs forward render, CPU, one thread.
interface TrainRow {
  gaussians: number;
  size: number;
  renderMs: number;
  stepMs: number;
  ratio: number;
  phasesMs: { forward: number; loss: number; backward: number; adam: number };
}
const trainRows: TrainRow[] = [];
if (backends.has('cpu-train')) {
  const trainRuns = Number(args['train-runs'] ?? 3);
  for (const gaussians of (args['train-counts'] ?? '100000').split(',').map(Number)) {
    for (const size of (args['train-sizes'] ?? '256,512').split(',').map(Number)) {
      const cam = headCamera(size);
      // The target: another head-like cloud's image, so the loss and its gradient are dense.
      const target = rasterizeCpu(headLikeCloud(gaussians, 8), cam).rgba;
      const cloud = headLikeCloud(gaussians, 7);
      const trainer = new SplatTrainerCpu(cloud, {
        means: 1.6e-4,
        logScales: 5e-3,
        rotations: 1e-3,
        logitOpacities: 2.5e-2,
        sh: 2.5e-3,
      });
      // Interleaved in one run, so both sides see the same load.
      const renderMs = await time(() => rasterizeCpu(cloud, cam), trainRuns);
      const stepMs = await time(() => trainer.step(cam, { data: target, channels: 4 }), trainRuns);
      const fwd = rasterizeForwardCpu(cloud, cam);
      const forward = await time(() => rasterizeForwardCpu(cloud, cam), trainRuns);
      const dRgba = new Float32Array(size * size * 4);
      const img = { data: fwd.targets.rgba, width: size, height: size, channels: 4 };
      const loss = await time(() => {
        dRgba.fill(0);
        photometricLoss(img, { data: target, width: size, height: size, channels: 4 }, { grad: dRgba });
      }, trainRuns);
      const grads = allocateGaussianGradients(cloud.count, cloud.shDegree);
      const backward = await time(() => rasterizeBackwardCpu(fwd, dRgba, grads), trainRuns);
      const adam = await time(
        () =>
          trainer.optimizer.step({
            means: grads.means,
            logScales: grads.logScales,
            rotations: grads.rotations,
            logitOpacities: grads.logitOpacities,
            sh: grads.sh,
          }),
        trainRuns,
      );
      trainRows.push({
        gaussians,
        size,
        renderMs,
        stepMs,
        ratio: stepMs / renderMs,
        phasesMs: { forward, loss, backward, adam },
      });
      console.log(`  measured train step ${gaussians / 1000}k @ ${size}`);
    }
  }
}

const width = 30;
const fmt = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(x < 10 ? 2 : 1)).padStart(11);
console.log(
  `\n${'scene (head-like, SH 3)'.padEnd(width)}  ${'cpu ms'.padStart(11)}${`cpu x${threads}`.padStart(11)}${variants.map((v) => `${`gpu ${v}`.padStart(14)}${'+readback'.padStart(11)}${'cpu/gpu'.padStart(9)}`).join('')}`,
);
for (const r of rows) {
  const cells = variants
    .map((v) => {
      const w = r.webgpu?.[v];
      return `${fmt(w?.ms).padStart(14)}${fmt(w?.readbackMs)}${(w && r.cpuMs ? `${(r.cpuMs / w.ms).toFixed(1)}x` : '-').padStart(9)}`;
    })
    .join('');
  console.log(
    `${`${r.gaussians / 1000}k Gaussians, ${r.size}x${r.size}`.padEnd(width)}  ${fmt(r.cpuMs)}${fmt(r.cpuThreadsMs)}${cells}`,
  );
}
for (const r of rows) {
  for (const [v, w] of Object.entries(r.webgpu ?? {})) {
    if (w.gpuMs)
      console.log(
        `  ${r.gaussians / 1000}k @ ${r.size}, ${v}: GPU ms ${Object.entries(w.gpuMs)
          .map(([k, x]) => `${k} ${x.toFixed(3)}`)
          .join(', ')}`,
      );
    if (w.hostMs)
      console.log(
        `  ${r.gaussians / 1000}k @ ${r.size}, ${v}: host ms encode ${w.hostMs.encode.toFixed(2)}, submit-to-mapped ${w.hostMs.wait.toFixed(2)}`,
      );
    if (w.vsCpu)
      console.log(
        `  ${r.gaussians / 1000}k @ ${r.size}, ${v} blend vs CPU: MAD ${w.vsCpu.madPer255.toFixed(5)}/255, max ${w.vsCpu.maxDiff.toExponential(2)}, ${(w.vsCpu.over1of255 * 100).toFixed(4)}% of pixels off by > 1/255; ${w.visible} visible, ${w.pairs} pairs`,
      );
  }
}
console.log(
  `\ndriving: ${driveN / 1000}k bound Gaussians, new expression every frame, drive + sort + render at ${driveSize}x${driveSize}`,
);
for (const [backend, d] of Object.entries(driving))
  console.log(
    `  ${backend.padEnd(18)} ${d.frameMs.toFixed(1).padStart(8)} ms/frame ${d.fps.toFixed(1).padStart(7)} FPS   (${d.note})`,
  );

if (trainRows.length) {
  console.log(
    '\noptimisation step on the CPU (1 thread): forward + 0.8 L1 + 0.2 D-SSIM + backward + Adam, against one forward render',
  );
  console.log(
    `${'scene (head-like, SH 3)'.padEnd(width)}  ${'render ms'.padStart(11)}${'step ms'.padStart(11)}${'step/render'.padStart(13)}   phases: forward, loss, backward, adam (ms)`,
  );
  for (const r of trainRows) {
    const p = r.phasesMs;
    console.log(
      `${`${r.gaussians / 1000}k Gaussians, ${r.size}x${r.size}`.padEnd(width)}  ${fmt(r.renderMs)}${fmt(r.stepMs)}${`${r.ratio.toFixed(2)}x`.padStart(13)}   ${[p.forward, p.loss, p.backward, p.adam].map((x) => x.toFixed(0)).join(', ')}`,
    );
  }
}

for (const r of rasterizers.values()) r.destroy();
await pool?.destroy();
const file = await writeBenchResult('raster', {
  scene: 'head-like ellipsoid shell, SH degree 3',
  cpuThreads: pool ? threads : undefined,
  webgpuAdapter: gpuNote,
  webgpuRoundTripMs: roundTripMs,
  rows,
  driving: { gaussians: driveN, size: driveSize, backends: driving },
  trainStep: trainRows,
});
console.log(`wrote ${file}`);
