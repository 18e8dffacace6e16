// The WebGPU rasterizer held to the CPU reference (rasterizeCpu) on the test adapter (SwiftShader
// where there is no GPU): same pixels within f32 rounding, same tile lists, the analytic profile of
// one Gaussian. No adapter fails the suite with what to install.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookAtCamera } from '@ffavatar/core/geometry';
import { type Camera, type GaussianCloud } from '@ffavatar/core';
import { type GpuContext } from '@ffavatar/core/gpu';
import { headLikeCloud } from '../../test-support/head-like-cloud.js';
import { randomCloud, seeded } from '../../test-support/random-cloud.js';
import { ALPHA_MIN, type RasterTargets } from '../blend-cpu.js';
import { DILATION, projectGaussiansCpu } from '../project-cpu.js';
import { rasterizeCpu } from '../rasterize-cpu.js';
import { SH_C0 } from '@ffavatar/core/geometry';
import { binTilesCpu, depthOrder, tileRect, TILE_SIZE } from '../tiles.js';
import { destroyGpuGaussianCloud, uploadGaussianCloud } from './gpu-cloud.js';
import { rasterizeWebGpu, SplatRasterizerWebGpu, type WebGpuFrame } from './rasterize-webgpu.js';
import { useTestGpu, withoutGpuErrors } from '../../test-support/test-gpu.js';

const camAt = (width: number, height: number, eye: [number, number, number] = [0, 0, 3]): Camera =>
  lookAtCamera({ eye, target: [0, 0, 0], width, height, fovYDegrees: 40 });

interface Agreement {
  /** Mean absolute difference per channel R, G, B, A. */
  mad: number[];
  /** Fraction of pixels where some channel differs by more than 1/255. */
  largeFraction: number;
  maxDiff: number;
  large: { x: number; y: number; diff: number }[];
  /** Largest relative depth difference where both have alpha > 0.5. */
  depthRel: number;
}

function agreement(cpu: RasterTargets, gpu: RasterTargets, width: number, height: number): Agreement {
  const mad = [0, 0, 0, 0];
  const large: Agreement['large'] = [];
  let maxDiff = 0,
    depthRel = 0;
  for (let p = 0; p < width * height; p++) {
    let m = 0;
    for (let c = 0; c < 4; c++) {
      const d = Math.abs(cpu.rgba[p * 4 + c]! - gpu.rgba[p * 4 + c]!);
      mad[c]! += d;
      m = Math.max(m, d);
    }
    maxDiff = Math.max(maxDiff, m);
    if (m > 1 / 255) large.push({ x: p % width, y: Math.floor(p / width), diff: m });
    if (cpu.rgba[p * 4 + 3]! > 0.5 && gpu.rgba[p * 4 + 3]! > 0.5) {
      depthRel = Math.max(depthRel, Math.abs(cpu.depth[p]! - gpu.depth[p]!) / cpu.depth[p]!);
    } else if (cpu.rgba[p * 4 + 3]! === 0 && gpu.rgba[p * 4 + 3]! === 0) {
      expect(cpu.depth[p]).toBe(Infinity);
      expect(gpu.depth[p]).toBe(Infinity);
    }
  }
  return {
    mad: mad.map((s) => s / (width * height)),
    largeFraction: large.length / (width * height),
    maxDiff,
    large,
    depthRel,
  };
}

/**
 * Why a pixel may legitimately differ by more than 1/255 between f64 (CPU) and f32 (GPU): some
 * splat there sits at a decision edge, i.e. its alpha is near the 1/255 cut, or the pixel's tile
 * lies on the border of its tile rectangle (a radius that rounds to the next integer), or two
 * splats covering the pixel have depths that f32 cannot order. Returns the pixels left unexplained.
 */
function unexplained(cloud: GaussianCloud, cam: Camera, pixels: Agreement['large']): Agreement['large'] {
  const p = projectGaussiansCpu(cloud, cam);
  const tilesX = Math.ceil(cam.width / TILE_SIZE),
    tilesY = Math.ceil(cam.height / TILE_SIZE);
  return pixels.filter(({ x, y }) => {
    const tx = Math.floor(x / TILE_SIZE),
      ty = Math.floor(y / TILE_SIZE);
    const covering: number[] = [];
    for (let i = 0; i < p.count; i++) {
      if (p.radius[i]! <= 0) continue;
      const u = p.uv[i * 2]!,
        v = p.uv[i * 2 + 1]!;
      const dx = u - (x + 0.5),
        dy = v - (y + 0.5);
      const power =
        -0.5 * (p.conic[i * 3]! * dx * dx + p.conic[i * 3 + 2]! * dy * dy) - p.conic[i * 3 + 1]! * dx * dy;
      const alpha = p.opacity[i]! * Math.exp(power);
      if (alpha < ALPHA_MIN / 2) continue;
      if (alpha < ALPHA_MIN * 2) return false; // at the alpha cut
      const r = p.radius[i]!;
      const inner = tileRect(u, v, r - 1, tilesX, tilesY),
        outer = tileRect(u, v, r + 1, tilesX, tilesY);
      const inside = (rc: number[]) => tx >= rc[0]! && tx <= rc[2]! && ty >= rc[1]! && ty <= rc[3]!;
      if (inside(outer) && !inside(inner)) return false; // on the tile-rectangle border
      covering.push(i);
    }
    for (const i of covering)
      for (const j of covering) {
        if (i < j && Math.abs(p.depth[i]! - p.depth[j]!) <= 1e-5 * p.depth[i]!) return false; // depth tie
      }
    return true;
  });
}

/** Elongated, overlapping, partly off-screen and partly behind the camera, SH degree 3. */
function hardCloud(n: number, seed: number): GaussianCloud {
  const cloud = randomCloud(n, 3, seed, { center: [0, 0, 0], spread: 1.2, scale: [0.004, 0.25] });
  const rand = seeded(seed + 1000);
  // A few far off-screen (FOV clamp) and behind the camera or inside the near plane (culled).
  for (let i = 0; i < n; i += 17) {
    cloud.means[i * 3] = (rand() - 0.5) * 8;
    cloud.means[i * 3 + 2] = 2 + rand() * 2;
  }
  return cloud;
}

function single(
  mean: [number, number, number],
  scale: number,
  opacity: number,
  rgb: [number, number, number],
): GaussianCloud {
  return {
    count: 1,
    shDegree: 0,
    means: new Float32Array(mean),
    logScales: new Float32Array([Math.log(scale), Math.log(scale), Math.log(scale)]),
    rotations: new Float32Array([1, 0, 0, 0]),
    logitOpacities: new Float32Array([Math.log(opacity / (1 - opacity))]),
    sh: new Float32Array(rgb.map((c) => (c - 0.5) / SH_C0)),
  };
}

let ctx: GpuContext;
let direct: SplatRasterizerWebGpu;
const figures: string[] = [];

const gpu = useTestGpu({ beforeAll, beforeEach });
beforeEach(async () => {
  ctx = gpu();
  direct ??= await SplatRasterizerWebGpu.create(ctx, { blend: 'direct' });
}, 120_000);

afterAll(() => {
  direct?.destroy();
  // The measured agreement, for the report (vitest prints console output of passing suites).
  if (figures.length)
    console.log(
      `WebGPU vs CPU on ${ctx?.adapterInfo.description || ctx?.adapterInfo.vendor}:\n${figures.join('\n')}`,
    );
});

async function render(
  r: SplatRasterizerWebGpu,
  cloud: GaussianCloud,
  cam: Camera,
  background?: [number, number, number],
): Promise<WebGpuFrame & { targets: RasterTargets }> {
  const g = uploadGaussianCloud(ctx.device, cloud);
  try {
    const frame = await withoutGpuErrors(ctx.device, () =>
      r.render(g, cam, background ? { background } : {}),
    );
    return frame as WebGpuFrame & { targets: RasterTargets };
  } finally {
    destroyGpuGaussianCloud(g);
  }
}

async function expectAgreement(
  name: string,
  cloud: GaussianCloud,
  cam: Camera,
  r = direct,
  background?: [number, number, number],
) {
  const cpu = rasterizeCpu(cloud, cam, background ? { background } : {});
  const { targets, stats } = await render(r, cloud, cam, background);
  const a = agreement(cpu, targets, cam.width, cam.height);
  figures.push(
    `  ${name.padEnd(44)} ${cam.width}x${cam.height}  MAD*255 [${a.mad.map((m) => (m * 255).toFixed(5)).join(', ')}]  max ${a.maxDiff.toExponential(2)}  >1/255: ${(a.largeFraction * 100).toFixed(3)}%  depth rel ${a.depthRel.toExponential(1)}  (${stats.visible} visible, ${stats.pairs} pairs)`,
  );
  for (const m of a.mad) expect(m).toBeLessThanOrEqual(1 / 255);
  expect(a.largeFraction).toBeLessThanOrEqual(0.005);
  expect(unexplained(cloud, cam, a.large)).toEqual([]);
  expect(a.depthRel).toBeLessThan(1e-3);
  return { cpu, gpu: targets, stats, a };
}

describe('rasterizeWebGpu against rasterizeCpu', () => {
  it.each([
    [64, 48],
    [200, 150],
    [97, 61],
  ])('random SH-degree-3 scene at %ix%i', async (w, h) => {
    const { stats, a } = await expectAgreement(
      'random 1500, SH 3',
      randomCloud(1500, 3, 7, { center: [0, 0, 0] }),
      camAt(w, h),
    );
    expect(stats.visible).toBe(1500);
    expect(a.maxDiff).toBeLessThan(1e-3);
  });

  it.each([0, 1, 2])('SH degree %i', async (degree) => {
    await expectAgreement(
      `random 800, SH ${degree}`,
      randomCloud(800, degree, 20 + degree, { center: [0, 0, 0] }),
      camAt(80, 64, [1.2, -0.8, 2.6]),
    );
  });

  it('anisotropic, overlapping Gaussians, some off-screen or behind the camera, on a background', async () => {
    const cloud = hardCloud(2000, 3);
    const { stats } = await expectAgreement(
      'needles, off-screen, culled, background',
      cloud,
      camAt(120, 90),
      direct,
      [0.2, 0.4, 0.9],
    );
    expect(stats.visible).toBeLessThan(2000);
    expect(stats.visible).toBeGreaterThan(1500);
  });

  it('a dense cluster where most pixels stop early', async () => {
    const cloud = randomCloud(3000, 3, 9, { center: [0, 0, 0], spread: 0.5, scale: [0.02, 0.1] });
    for (let i = 0; i < cloud.count; i++) cloud.logitOpacities[i] = 3;
    const { gpu } = await expectAgreement('dense opaque 3000', cloud, camAt(64, 64));
    expect(gpu.rgba[(32 * 64 + 32) * 4 + 3]).toBeGreaterThan(0.999);
  });

  it('the benchmark scene: a head-like shell of flat, mostly opaque Gaussians', async () => {
    const cam = lookAtCamera({
      eye: [0, 0, 0.6],
      target: [0, 0, 0],
      width: 144,
      height: 144,
      fovYDegrees: 30,
    });
    await expectAgreement('head-like shell 30k', headLikeCloud(30_000, 7), cam);
  }, 60_000);

  it('bins and depth-sorts exactly as the CPU: every tile list, in order', async () => {
    const cloud = randomCloud(1200, 3, 4, { center: [0, 0, 0], scale: [0.01, 0.15] });
    const cam = camAt(200, 150);
    await render(direct, cloud, cam);
    const gpu = await direct.readLastTileLists();
    const p = projectGaussiansCpu(cloud, cam);
    const cpu = binTilesCpu(p, cam.width, cam.height, depthOrder(p));
    expect(gpu.tilesX).toBe(cpu.tilesX);
    expect(gpu.tilesY).toBe(cpu.tilesY);
    let differing = 0;
    for (let t = 0; t < cpu.tilesX * cpu.tilesY; t++) {
      const a = cpu.ids.subarray(cpu.offsets[t], cpu.offsets[t + 1]),
        b = gpu.ids.subarray(gpu.offsets[t], gpu.offsets[t + 1]);
      if (a.length !== b.length || a.some((v, k) => v !== b[k])) differing++;
    }
    expect(differing).toBe(0);
    expect(gpu.ids.length).toBeGreaterThan(5000);
  });

  it('renders a single isotropic Gaussian with the analytic 2D profile', async () => {
    const W = 64,
      H = 48,
      s = 0.3,
      opacity = 0.8;
    const cam = camAt(W, H);
    const { rgba } = await rasterizeWebGpu(ctx, single([0, 0, 0], s, opacity, [1, 1, 1]), cam);
    const sigma2 = ((cam.fx * s) / 3) ** 2 + DILATION;
    let checked = 0,
      worst = 0;
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const dx = x + 0.5 - W / 2,
          dy = y + 0.5 - H / 2;
        const alpha = Math.min(0.99, opacity * Math.exp((-0.5 * (dx * dx + dy * dy)) / sigma2));
        const got = rgba[(y * W + x) * 4 + 3]!;
        if (alpha >= 1.01 / 255 && dx * dx + dy * dy < 9 * sigma2) {
          worst = Math.max(worst, Math.abs(got - alpha), Math.abs(rgba[(y * W + x) * 4]! - alpha));
          checked++;
        } else if (alpha < 0.99 / 255) {
          expect(got).toBe(0);
        }
      }
    }
    figures.push(
      `  single isotropic Gaussian vs analytic profile: max |diff| ${worst.toExponential(2)} over ${checked} pixels`,
    );
    expect(worst).toBeLessThan(1e-5);
    expect(checked).toBeGreaterThan(100);
  });

  it.each(['shared', 'rows'] as const)(
    'the %s blend kernel gives the same pixels as the direct one, bit for bit',
    async (variant) => {
      // shared: workgroup memory and barriers (used on GPUs); rows: a thread per 16-pixel row that
      // skips the pixels outside each splat's alpha >= 1/255 ellipse (the default on SwiftShader).
      const other = await SplatRasterizerWebGpu.create(ctx, { blend: variant });
      try {
        for (const [cloud, cam] of [
          [randomCloud(1500, 3, 7, { center: [0, 0, 0] }), camAt(97, 61)],
          // Opaque and dense: tiles stop early, long lists span several batches of 256.
          [
            (() => {
              const c = randomCloud(3000, 1, 9, { center: [0, 0, 0], spread: 0.4 });
              c.logitOpacities.fill(4);
              return c;
            })(),
            camAt(48, 48),
          ],
          // Faint and sub-pixel splats next to large ones: ellipse edges at the 1/255 cut.
          [
            (() => {
              const c = randomCloud(2500, 2, 12, { center: [0, 0, 0] });
              for (let i = 0; i < c.count; i += 3) c.logitOpacities[i] = -5 + (i % 7) * 0.1;
              return c;
            })(),
            camAt(83, 70),
          ],
        ] as const) {
          const a = await render(direct, cloud, cam);
          const b = await render(other, cloud, cam);
          expect(b.stats.pairs).toBe(a.stats.pairs);
          expect(Array.from(b.targets.rgba)).toEqual(Array.from(a.targets.rgba));
          expect(Array.from(b.targets.depth)).toEqual(Array.from(a.targets.depth));
        }
        await expectAgreement(
          `${variant} blend, random 1500`,
          randomCloud(1500, 3, 8, { center: [0, 0, 0] }),
          camAt(64, 48),
          other,
        );
      } finally {
        other.destroy();
      }
    },
    60_000,
  );

  it('draws the background where nothing is visible, and an empty cloud', async () => {
    const cam = camAt(40, 24);
    for (const cloud of [
      single([0, 0, 4], 0.5, 0.99, [1, 1, 1]),
      {
        ...single([0, 0, 0], 1, 0.5, [1, 1, 1]),
        count: 0,
        means: new Float32Array(0),
        logScales: new Float32Array(0),
        rotations: new Float32Array(0),
        logitOpacities: new Float32Array(0),
        sh: new Float32Array(0),
      },
    ]) {
      const { targets, stats } = await render(direct, cloud, cam, [0.25, 0.5, 1]);
      expect(stats.visible).toBe(0);
      expect(stats.pairs).toBe(0);
      for (let p = 0; p < 40 * 24; p++) {
        expect(Array.from(targets.rgba.subarray(p * 4, p * 4 + 4))).toEqual([0.25, 0.5, 1, 0]);
        expect(targets.depth[p]).toBe(Infinity);
      }
    }
  });

  it('grows the pair buffer when a frame overflows it, and the re-rendered frame is right', async () => {
    const fresh = await SplatRasterizerWebGpu.create(ctx, { blend: 'direct' });
    try {
      // Few, large Gaussians: many more tiles each than the first frame's guess of 4 per Gaussian.
      const cloud = randomCloud(300, 2, 12, { center: [0, 0, 0], scale: [0.15, 0.3] });
      const cam = camAt(160, 128);
      const first = await render(fresh, cloud, cam);
      expect(first.stats.attempts).toBe(2);
      expect(first.stats.pairs).toBeGreaterThan(300 * 4);
      const second = await render(fresh, cloud, cam);
      expect(second.stats.attempts).toBe(1);
      expect(Array.from(second.targets.rgba)).toEqual(Array.from(first.targets.rgba));
      const a = agreement(rasterizeCpu(cloud, cam), first.targets, cam.width, cam.height);
      for (const m of a.mad) expect(m).toBeLessThanOrEqual(1 / 255);
    } finally {
      fresh.destroy();
    }
  });
});
