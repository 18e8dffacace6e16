// Peer renderer benchmark: ms per frame of Spark and GaussianSplats3D in headless Chromium on the
// same PLY and camera as our CPU rasterizer (in Node) and our WebGPU rasterizer (in the same Chromium
// page, fixtures/ours-page.ts, and in a Web Worker of that page), for 100k and 500k Gaussians at
// 512^2 and 1024^2. Opt-in ids: ours-webgpu-direct (ours with the blend kernel used on SwiftShader
// before 'rows'), lam (gaussian-splat-renderer-for-lam through an identity avatar, f_dc rewritten
// to the colour LAM reads there; checked in peer-check.test.ts, PEERS.md). Prints a table, writes bench-results/peers.json at the checkout root.
//
//   pnpm exec tsx packages/nodes-splat/src/peer/peer-bench.ts [--counts 100000,500000]
//     [--sizes 512,1024] [--frames 3] [--sorts 2] [--peers ours-webgpu,ours-webgpu-worker,spark,spark-defaults,gs3d]
//     [--warmup 2]
//
// Without a GPU, Chromium's WebGL and WebGPU run on SwiftShader (Vulkan on the CPU, 2 cores here): the
// figures are CPU-bound and only comparable with each other within one run, never with a GPU.
import { lookAtCamera } from '@ffavatar/core/geometry';
import { writeBenchResult } from '@ffavatar/core/node';
import { writeGaussianPly } from '../io/ply-gaussians.js';
import { NEAR_PLANE } from '../raster/project-cpu.js';
import { rasterizeCpu } from '../raster/rasterize-cpu.js';
import { headLikeCloud } from '../test-support/head-like-cloud.js';
import { PeerHarness } from './peer-harness.js';
import type { PeerRenderRequest } from './peer-protocol.js';
import type { BlendVariant } from '../raster/webgpu/raster-wgsl.js';
import { toThreeCamera } from './three-camera.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const counts = arg('counts', '100000,500000').split(',').map(Number);
const sizes = arg('sizes', '512,1024').split(',').map(Number);
const frames = Number(arg('frames', '3'));
const sorts = Number(arg('sorts', '2'));
const peerIds = arg('peers', 'ours-webgpu,ours-webgpu-worker,spark,spark-defaults,gs3d').split(',');
const warmup = Number(arg('warmup', '2'));
const OURS_WEBGPU = 'ours-webgpu';
const OURS_WEBGPU_WORKER = 'ours-webgpu-worker';

/** The configurations the correctness check verified (PEERS.md), plus Spark as shipped. */
const PEERS: Record<
  string,
  {
    label: string;
    req?: Pick<PeerRenderRequest, 'peer' | 'spark' | 'gs3d'>;
    where?: 'page' | 'worker';
    blend?: BlendVariant;
  }
> = {
  [OURS_WEBGPU]: {
    label:
      'ours, WebGPU in this Chromium (SplatRasterizerWebGpu through the browser entry; cloud on the GPU)',
    where: 'page',
  },
  'ours-webgpu-direct': {
    label:
      'ours, WebGPU in this Chromium with the previous software blend kernel (direct: one thread per pixel)',
    where: 'page',
    blend: 'direct',
  },
  [OURS_WEBGPU_WORKER]: {
    label:
      'ours, WebGPU in a dedicated Web Worker of the same page (its own navigator.gpu device; cloud on the GPU)',
    where: 'worker',
  },
  spark: {
    label: 'Spark 2.2 (matched: PackedSplats in, extended accumulator)',
    req: { peer: 'spark', spark: { extSplats: false } },
  },
  'spark-defaults': {
    label: 'Spark 2.2 (library defaults)',
    req: { peer: 'spark', spark: { libraryDefaults: true } },
  },
  gs3d: { label: 'GaussianSplats3D 0.4.7 (matched, SH degree 2)', req: { peer: 'gs3d' } },
  // Opt-in (--peers ...,lam): draws our PLY through an identity-avatar shim, f_dc rewritten to
  // 0.5 + SH_C0 f_dc (LAM reads f_dc as the colour; the page's rewrite counts in its load time).
  lam: {
    label:
      'gaussian-splat-renderer-for-lam 0.0.8 (GS3D fork, identity avatar, own three r173 renderer, 8-bit canvas; f_dc as colour)',
    req: { peer: 'lam' },
  },
};

const median = (xs: number[]) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN;

interface Row {
  gaussians: number;
  size: number;
  peer: string;
  msPerFrame: number;
  framesMs: number[];
  sortMs: number | null;
  loadMs: number;
  /** Ours on WebGPU only: frame including the image copied back to the page. */
  readbackMs?: number | null;
  oursCpuMs: number;
  ratioToOursCpu: number;
  /** This row's draw ms over ours on WebGPU in the same Chromium (null when that did not run). */
  ratioToOursWebGpu: number | null;
  error?: string;
}

// Ours first, with the browser not yet started: its SwiftShader threads would share the 2 cores.
const cameraFor = (size: number) =>
  lookAtCamera({ eye: [0, 0, 0.6], target: [0, 0, 0], width: size, height: size, fovYDegrees: 30 });
const clouds = new Map(counts.map((n) => [n, headLikeCloud(n, 7)] as const));
const oursCpu = new Map<string, number>();
for (const n of counts) {
  for (const size of sizes) {
    const cloud = clouds.get(n)!,
      cam = cameraFor(size);
    rasterizeCpu(cloud, cam);
    const cpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      rasterizeCpu(cloud, cam);
      cpu.push(performance.now() - t0);
    }
    oursCpu.set(`${n}/${size}`, median(cpu));
    console.log(
      `${String(n).padStart(7)} ${String(size).padStart(5)}  ours CPU (Node) ${median(cpu).toFixed(1)} ms`,
    );
  }
}

const harness = await PeerHarness.start();
const gl = await harness.glInfo();
const webgpu =
  peerIds.includes(OURS_WEBGPU) || peerIds.includes(OURS_WEBGPU_WORKER)
    ? await harness.webGpuInfo().catch((err: Error) => ({ error: err.message }))
    : null;
const chromiumVersion = harness.version;
console.log(
  `Chromium ${chromiumVersion}, WebGL: ${String(gl.renderer)}, WebGPU adapter: ${JSON.stringify(webgpu)}`,
);
const rows: Row[] = [];
try {
  for (const n of counts) {
    // The raster bench's scene and camera: a head-sized shell seen from 60 cm.
    const url = harness.serve(`/bench/head-${n}.ply`, writeGaussianPly(clouds.get(n)!));
    for (const size of sizes) {
      const cam = cameraFor(size);
      const oursCpuMs = oursCpu.get(`${n}/${size}`)!;
      let oursGpuMs: number | null = null;
      for (const id of peerIds) {
        const p = PEERS[id];
        if (!p) throw new Error(`unknown peer "${id}" (known: ${Object.keys(PEERS).join(', ')})`);
        try {
          if (!p.req) {
            const r = await harness.renderOurs(
              {
                plyUrl: url,
                camera: cam,
                background: [0, 0, 0],
                warmup,
                frames: Math.max(frames, 3),
                skipPixels: true,
                ...(p.blend ? { blend: p.blend } : {}),
              },
              600_000,
              p.where,
            );
            const ms = median(r.frameMs);
            if (id === OURS_WEBGPU) oursGpuMs = ms;
            rows.push({
              gaussians: n,
              size,
              peer: id,
              msPerFrame: ms,
              framesMs: r.frameMs,
              sortMs: null,
              readbackMs: median(r.readbackMs),
              loadMs: r.loadMs,
              oursCpuMs,
              ratioToOursCpu: ms / oursCpuMs,
              ratioToOursWebGpu: oursGpuMs ? ms / oursGpuMs : null,
            });
            const last = rows.at(-1)!;
            console.log(
              `${String(n).padStart(7)} ${String(size).padStart(5)}  ${id.padEnd(15)} frame ${ms.toFixed(1)} ms (sort every frame), with readback ${last.readbackMs!.toFixed(1)} ms, load ${r.loadMs.toFixed(0)} ms, ${r.pairs} pairs, blend ${r.blend}`,
            );
            continue;
          }
          const r = await harness.render(
            {
              ...p.req,
              plyUrl: url,
              camera: toThreeCamera(cam, NEAR_PLANE, 1000),
              background: [0, 0, 0],
              target: 'canvas',
              frames,
              sorts,
              skipPixels: true,
            },
            600_000,
          );
          const ms = median(r.frameMs);
          rows.push({
            gaussians: n,
            size,
            peer: id,
            msPerFrame: ms,
            framesMs: r.frameMs,
            sortMs: r.sortMs.length ? median(r.sortMs) : null,
            loadMs: r.loadMs,
            oursCpuMs,
            ratioToOursCpu: ms / oursCpuMs,
            ratioToOursWebGpu: oursGpuMs ? ms / oursGpuMs : null,
          });
        } catch (err) {
          rows.push({
            gaussians: n,
            size,
            peer: id,
            msPerFrame: NaN,
            framesMs: [],
            sortMs: null,
            loadMs: NaN,
            oursCpuMs,
            ratioToOursCpu: NaN,
            ratioToOursWebGpu: null,
            error: String((err as Error).message ?? err),
          });
        }
        const last = rows.at(-1)!;
        console.log(
          `${String(n).padStart(7)} ${String(size).padStart(5)}  ${id.padEnd(15)} ${last.error ? `ERROR ${last.error}` : `draw ${last.msPerFrame.toFixed(1)} ms, re-sort+draw ${last.sortMs?.toFixed(1) ?? '-'} ms, load ${last.loadMs.toFixed(0)} ms`}`,
        );
      }
    }
  }
} finally {
  await harness.close();
}

const header =
  '| Gaussians | size | renderer | draw ms/frame | camera change -> re-sorted frame, ms | ours WebGPU + readback, ms | draw / ours WebGPU in Chromium | draw / ours CPU |';
console.log(`\n${header}\n|---|---|---|---|---|---|---|---|`);
for (const r of rows) {
  console.log(
    `| ${r.gaussians} | ${r.size} | ${r.peer} | ${r.error ? 'error' : r.msPerFrame.toFixed(1)} | ${r.sortMs?.toFixed(1) ?? '-'} | ${r.readbackMs?.toFixed(1) ?? '-'} | ${r.error || r.ratioToOursWebGpu === null ? '-' : r.ratioToOursWebGpu.toFixed(2)} | ${r.error ? '-' : r.ratioToOursCpu.toFixed(2)} |`,
  );
}
const file = await writeBenchResult('peers', {
  scene:
    'head-like ellipsoid shell (test-support/head-like-cloud.ts, seed 7), SH degree 3; camera 0.6 m, fovY 30 deg',
  browser: { chromium: chromiumVersion, webgl: gl, webgpu },
  note: 'WebGL and WebGPU on SwiftShader (CPU): figures are CPU-bound and comparable only within this run. Ours WebGPU = SplatRasterizerWebGpu in the same page (ours-webgpu-worker: in a dedicated Web Worker of that page, its own device), cloud already on the GPU, full frame (project, depth sort, binning, tile sort, blend) every frame, median after warm-up, waiting for the 16-byte frame summary; readbackMs adds the float RGBA + depth image copied to the page. Draw = one frame of an unchanged view (gl.finish + 1-pixel read). Re-sort = camera orbits 2 degrees -> peer sorts in its worker -> frame drawn. Ours CPU = rasterizeCpu in Node on the same cloud and camera (includes its sort every frame).',
  peers: Object.fromEntries(peerIds.map((id) => [id, PEERS[id]?.label])),
  frames,
  sorts,
  warmup,
  rows,
});
console.log(`\nwrote ${file}`);
