// WebGPU driving held to driveAvatarCpu, and a driven frame (drive + sort + render in one submit)
// held to the CPU pipeline.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { float16ToFloat32, readNpz } from '@ffavatar/core/io';
import { lookAtCamera } from '@ffavatar/core/geometry';
import { type Avatar, type GaussianCloud, type Mesh } from '@ffavatar/core';
import { type GpuContext } from '@ffavatar/core/gpu';
import { resolveAsset } from '@ffavatar/core/node';
import { seeded } from '../../test-support/random-cloud.js';
import { rasterizeCpu } from '../../raster/rasterize-cpu.js';
import { SplatRasterizerWebGpu } from '../../raster/webgpu/rasterize-webgpu.js';
import { useTestGpu, withoutGpuErrors } from '../../test-support/test-gpu.js';
import { driveAvatarCpu } from '../drive-cpu.js';
import { AvatarDriverWebGpu, driveAndRasterizeWebGpu, driveAvatarWebGpu } from './drive-webgpu.js';

/** `n` Gaussians on random triangles of `mesh`, random local offsets, scales and rotations, SH degree 3. */
function randomAvatar(n: number, triangleCount: number, seed: number): Avatar {
  const rand = seeded(seed);
  const bary = new Float32Array(n * 3),
    rotations = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const a = rand(),
      b = rand() * (1 - a);
    bary.set([a, b, 1 - a - b], i * 3);
    const q = [rand() - 0.5, rand() - 0.5, rand() - 0.5, rand() - 0.5];
    const l = Math.hypot(...q);
    rotations.set(
      q.map((v) => v / l),
      i * 4,
    );
  }
  return {
    headModel: 'test',
    identity: new Float32Array(0),
    count: n,
    shDegree: 3,
    triangle: Uint32Array.from({ length: n }, () => Math.floor(rand() * triangleCount)),
    barycentric: bary,
    normalOffset: Float32Array.from({ length: n }, () => (rand() - 0.5) * 0.4),
    logScales: Float32Array.from({ length: n * 3 }, () => Math.log(0.05 + rand() * 0.5)),
    rotations,
    logitOpacities: Float32Array.from({ length: n }, () => (rand() - 0.3) * 6),
    sh: Float32Array.from({ length: n * 48 }, (_, j) => (rand() - 0.5) * (j % 48 < 3 ? 3 : 0.6)),
  };
}

/** A bumpy sphere (lat-long grid) of radius ~0.3 m: triangles of every orientation, so every quaternion branch. */
function sphereMesh(rings: number, segments: number, seed: number): Mesh {
  const rand = seeded(seed);
  const v: number[] = [],
    f: number[] = [];
  for (let r = 0; r <= rings; r++) {
    for (let s = 0; s < segments; s++) {
      const th = (Math.PI * (r + 0.5)) / (rings + 1),
        ph = (2 * Math.PI * s) / segments,
        rad = 0.3 * (1 + 0.1 * rand());
      v.push(rad * Math.sin(th) * Math.cos(ph), rad * Math.cos(th), rad * Math.sin(th) * Math.sin(ph));
    }
  }
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < segments; s++) {
      const a = r * segments + s,
        b = r * segments + ((s + 1) % segments),
        c = a + segments,
        d = b + segments;
      f.push(a, c, b, b, c, d);
    }
  }
  return {
    vertexCount: v.length / 3,
    triangleCount: f.length / 3,
    vertices: new Float32Array(v),
    triangles: new Uint32Array(f),
  };
}

/** Largest difference; quaternions compared up to sign (q and -q are one rotation; Shepperd's branch can flip it). */
function maxDiff(
  a: GaussianCloud,
  b: GaussianCloud,
): { means: number; logScales: number; rotations: number } {
  let means = 0,
    logScales = 0,
    rotations = 0;
  for (let i = 0; i < a.means.length; i++) means = Math.max(means, Math.abs(a.means[i]! - b.means[i]!));
  for (let i = 0; i < a.logScales.length; i++)
    logScales = Math.max(logScales, Math.abs(a.logScales[i]! - b.logScales[i]!));
  for (let i = 0; i < a.count; i++) {
    let dot = 0;
    for (let c = 0; c < 4; c++) dot += a.rotations[i * 4 + c]! * b.rotations[i * 4 + c]!;
    const s = dot < 0 ? -1 : 1;
    for (let c = 0; c < 4; c++)
      rotations = Math.max(rotations, Math.abs(a.rotations[i * 4 + c]! - s * b.rotations[i * 4 + c]!));
  }
  return { means, logScales, rotations };
}

let ctx: GpuContext;
const figures: string[] = [];
const gpu = useTestGpu({ beforeAll, beforeEach });
beforeEach(() => {
  ctx = gpu();
});
afterAll(() => {
  if (figures.length) console.log(`WebGPU driving vs CPU:\n${figures.join('\n')}`);
});

describe('driveAvatarWebGpu against driveAvatarCpu', () => {
  it('matches within 1e-5 on a bumpy sphere (every frame orientation)', async () => {
    const mesh = sphereMesh(24, 32, 3);
    const avatar = randomAvatar(20_000, mesh.triangleCount, 5);
    const gpu = await withoutGpuErrors(ctx.device, () => driveAvatarWebGpu(ctx, avatar, mesh));
    const d = maxDiff(driveAvatarCpu(avatar, mesh), gpu);
    figures.push(
      `  sphere, 20k Gaussians: max |diff| means ${d.means.toExponential(2)} m, log-scales ${d.logScales.toExponential(2)}, rotations ${d.rotations.toExponential(2)}`,
    );
    expect(d.means).toBeLessThan(1e-5);
    expect(d.logScales).toBeLessThan(1e-5);
    expect(d.rotations).toBeLessThan(1e-5);
    expect(gpu.logitOpacities).toBe(avatar.logitOpacities);
  });

  it('on the ICT head, neutral and jaw open, re-driving one driver per frame', async () => {
    const path = resolveAsset('ict-facekit-light/ict_facekit_light.npz');
    const npz = readNpz(new Uint8Array(readFileSync(path)), path, {
      keys: ['v_template', 'exprdirs', 'expr_names', 'f'],
    });
    const template = npz.v_template!.data as Float32Array;
    const names = npz.expr_names!.data as string[];
    const E = names.length,
      jaw = names.indexOf('jawOpen');
    const exprdirs = float16ToFloat32(npz.exprdirs!.data as Uint16Array);
    const triangles = new Uint32Array(npz.f!.data as Int32Array);
    const meshAt = (w: number): Mesh => ({
      vertexCount: template.length / 3,
      triangleCount: triangles.length / 3,
      triangles,
      vertices: Float32Array.from(template, (v, i) => v + w * exprdirs[i * E + jaw]!),
    });
    const avatar = randomAvatar(10_000, triangles.length / 3, 8);
    const driver = await AvatarDriverWebGpu.create(ctx, avatar);
    try {
      for (const w of [0, 1, 0.5]) {
        const mesh = meshAt(w);
        const d = maxDiff(
          driveAvatarCpu(avatar, mesh),
          await withoutGpuErrors(ctx.device, () => driver.drive(mesh)),
        );
        figures.push(
          `  ICT head, jawOpen ${w}: max |diff| means ${d.means.toExponential(2)} m, log-scales ${d.logScales.toExponential(2)}, rotations ${d.rotations.toExponential(2)}`,
        );
        expect(Math.max(d.means, d.logScales, d.rotations)).toBeLessThan(1e-5);
      }
    } finally {
      driver.destroy();
    }
  });

  it('refuses a triangle id the mesh lacks, as the CPU path does', async () => {
    const mesh = sphereMesh(2, 3, 1);
    const avatar = randomAvatar(4, mesh.triangleCount, 2);
    avatar.triangle[2] = mesh.triangleCount;
    const message = (() => {
      try {
        driveAvatarCpu(avatar, mesh);
        return '';
      } catch (e) {
        return (e as Error).message;
      }
    })();
    await expect(driveAvatarWebGpu(ctx, avatar, mesh)).rejects.toThrow(message);
  });
});

describe('driveAndRasterizeWebGpu', () => {
  it('renders a driven frame in one submit as the CPU pipeline renders it', async () => {
    const mesh = sphereMesh(12, 16, 4);
    const avatar = randomAvatar(1500, mesh.triangleCount, 9);
    avatar.logScales.forEach((v, i, a) => {
      a[i] = v - 3;
    }); // small splats on a 0.3 m sphere
    const cam = lookAtCamera({
      eye: [0.4, 0.3, 1.6],
      target: [0, 0, 0],
      width: 96,
      height: 72,
      fovYDegrees: 40,
    });
    const rasterizer = await SplatRasterizerWebGpu.create(ctx, { blend: 'direct' });
    const driver = await AvatarDriverWebGpu.create(ctx, avatar);
    try {
      for (const bump of [0, 0.05]) {
        const moved = { ...mesh, vertices: mesh.vertices.map((v, i) => v * (1 + bump * Math.sin(i))) };
        const frame = await withoutGpuErrors(ctx.device, () =>
          driveAndRasterizeWebGpu(driver, moved, cam, { rasterizer, background: [1, 1, 1] }),
        );
        const cpu = rasterizeCpu(driveAvatarCpu(avatar, moved), cam, { background: [1, 1, 1] });
        let mad = 0,
          max = 0;
        for (let i = 0; i < cpu.rgba.length; i++) {
          const d = Math.abs(cpu.rgba[i]! - frame.targets!.rgba[i]!);
          mad += d;
          max = Math.max(max, d);
        }
        mad /= cpu.rgba.length;
        figures.push(
          `  drive + render 1500 Gaussians 96x72, bump ${bump}: MAD*255 ${(mad * 255).toFixed(5)}, max ${max.toExponential(2)}`,
        );
        expect(mad).toBeLessThan(1 / 255);
        expect(frame.stats.visible).toBeGreaterThan(500);
      }
    } finally {
      driver.destroy();
      rasterizer.destroy();
    }
  });
});
