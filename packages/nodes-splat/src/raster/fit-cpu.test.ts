import { describe, expect, it } from 'vitest';
import { lookAtCamera } from '@ffavatar/core/geometry';
import { psnr } from '@ffavatar/core/optim';
import { randomCloud } from '../test-support/random-cloud.js';
import { rasterizeCpu } from './rasterize-cpu.js';
import { SplatTrainerCpu } from './train-step-cpu.js';

const W = 64,
  H = 64;
const cam = lookAtCamera({
  eye: [0, 0, 0],
  target: [0, 0, 1],
  up: [0, -1, 0],
  width: W,
  height: H,
  fovYDegrees: 40,
});

/** Fits a seeded random cloud to the image of another (hidden) one, same camera. */
function fit(steps: number) {
  const hidden = randomCloud(40, 1, 101, { center: [0, 0, 3], spread: 1.2, scale: [0.05, 0.15] });
  const target = rasterizeCpu(hidden, cam).rgba;
  const cloud = randomCloud(60, 1, 202, { center: [0, 0, 3], spread: 1.2, scale: [0.05, 0.12] });
  cloud.logitOpacities.fill(-1);
  // Start grey: colour 0.5 is SH DC 0, higher orders 0.
  cloud.sh.fill(0);
  const trainer = new SplatTrainerCpu(cloud, {
    means: 2e-3,
    logScales: 1e-2,
    rotations: 5e-3,
    logitOpacities: 5e-2,
    sh: 1e-2,
  });
  const curve: { step: number; loss: number; psnr: number }[] = [];
  const score = () =>
    psnr(
      { data: rasterizeCpu(cloud, cam).rgba, width: W, height: H, channels: 4 },
      { data: target, width: W, height: H, channels: 4 },
    );
  curve.push({ step: 0, loss: NaN, psnr: score() });
  for (let s = 1; s <= steps; s++) {
    const { loss } = trainer.step(cam, { data: target, channels: 4 });
    if (s % 50 === 0 || s === 1) curve.push({ step: s, loss, psnr: score() });
  }
  return { curve, cloud };
}

describe('closing the loop on the CPU: backward + Adam + 0.8 L1 + 0.2 D-SSIM', () => {
  it("fits a Gaussian cloud to a hidden cloud's image; PSNR climbs, deterministically", () => {
    const t0 = performance.now();
    const a = fit(300);
    const ms = performance.now() - t0;
    console.log(
      `fit: 60 Gaussians to a 40-Gaussian target, ${W}x${H}, 300 steps in ${ms.toFixed(0)} ms\n` +
        a.curve
          .map(
            (c) =>
              `  step ${String(c.step).padStart(4)}  loss ${Number.isNaN(c.loss) ? '   -   ' : c.loss.toFixed(4)}  PSNR ${c.psnr.toFixed(2)} dB`,
          )
          .join('\n'),
    );
    const first = a.curve[0]!.psnr,
      last = a.curve.at(-1)!.psnr;
    expect(last - first).toBeGreaterThan(8);
    expect(a.curve.at(-1)!.loss).toBeLessThan(a.curve[1]!.loss * 0.5);
    const b = fit(300);
    expect(Array.from(b.cloud.means)).toEqual(Array.from(a.cloud.means));
    expect(b.curve).toEqual(a.curve);
  });
});
