import { lookAtCamera } from '@ffavatar/core';
import { writeBenchResult } from '@ffavatar/core/node';
import { rasterizeCpu } from '../raster/rasterize-cpu.js';
import { driveAvatarCpu } from '../drive/drive-cpu.js';
import { headLikeCloud } from '../test-support/head-like-cloud.js';

/**
 * Rasterizer figures: ms per frame for a head-like scene at 512 and 1024 px with 100k and 500k
 * Gaussians (median of several frames after a warm-up). Printed as a table, written to
 * bench-results/raster.json. Backends that are not built yet are absent, not zero.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(fn: () => void, reps: number): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); samples.push(performance.now() - t0); }
  return median(samples);
}

const rows: { gaussians: number; size: number; cpuMs: number }[] = [];
for (const gaussians of [100_000, 500_000]) {
  const cloud = headLikeCloud(gaussians, 7);
  for (const size of [512, 1024]) {
    const cam = lookAtCamera({ eye: [0, 0, 0.6], target: [0, 0, 0], width: size, height: size, fovYDegrees: 30 });
    rows.push({ gaussians, size, cpuMs: time(() => rasterizeCpu(cloud, cam), 5) });
  }
}

// Driving: 50k bound Gaussians re-posed each frame (mesh changes), then rendered.
const n = 50_000;
const mesh = { vertexCount: 3, triangleCount: 1, vertices: new Float32Array([0, 0, 0, 0.1, 0, 0, 0, 0.1, 0]), triangles: new Uint32Array([0, 1, 2]) };
const base = headLikeCloud(n, 3);
const avatar = {
  headModel: 'bench', identity: new Float32Array(0), count: n, shDegree: 3, triangle: new Uint32Array(n),
  barycentric: Float32Array.from({ length: n * 3 }, (_, i) => [0.2, 0.3, 0.5][i % 3]!), normalOffset: base.means.filter((_, i) => i % 3 === 2),
  logScales: base.logScales, rotations: base.rotations, logitOpacities: base.logitOpacities, sh: base.sh,
};
const driveMs = time(() => { mesh.vertices[4] = Math.random() * 0.01; driveAvatarCpu(avatar, mesh); }, 9);

const width = 34;
console.log(`${'scene'.padEnd(width)}  cpu ms/frame`);
for (const r of rows) console.log(`${`${r.gaussians / 1000}k Gaussians, ${r.size}x${r.size}`.padEnd(width)}  ${r.cpuMs.toFixed(1).padStart(12)}`);
console.log(`${'drive 50k bound Gaussians'.padEnd(width)}  ${driveMs.toFixed(1).padStart(12)}`);

const file = await writeBenchResult('raster', { scene: 'head-like ellipsoid shell, SH degree 3', rows, drive50kMs: driveMs });
console.log(`wrote ${file}`);
