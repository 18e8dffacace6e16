import type { Camera, GaussianCloud } from '@ffavatar/core';
import { Adam, photometricLoss, type Schedule } from '@ffavatar/core/optim';
import {
  rasterizeBackwardCpu,
  rasterizeForwardCpu,
  type RasterForward,
  type RasterGradients,
} from './backward-cpu.js';
import { allocateGaussianGradients, type GaussianGradients } from './project-backward-cpu.js';

/** Learning rate per stored parameter group (fixed or scheduled); a group left out is frozen. */
export interface SplatLearningRates {
  means?: number | Schedule;
  logScales?: number | Schedule;
  rotations?: number | Schedule;
  logitOpacities?: number | Schedule;
  sh?: number | Schedule;
}

export interface StepReport {
  loss: number;
  l1: number;
  dssim: number;
}

/**
 * One optimisation of a Gaussian cloud against target images on the CPU: render (saving what the
 * backward needs), 3DGS's 0.8 L1 + 0.2 D-SSIM on RGB, backward, one Adam update of the cloud's own
 * arrays (in place). Buffers (gradients, dL/dRGBA) are allocated once and reused. Deterministic:
 * the same cloud, targets and rates give the same parameters after every step.
 */
export class SplatTrainerCpu {
  readonly optimizer: Adam;
  private readonly grads: GaussianGradients;
  private readonly groups: readonly ('means' | 'logScales' | 'rotations' | 'logitOpacities' | 'sh')[];
  private dRgba = new Float32Array(0);
  lastForward: RasterForward | undefined;
  lastGradients: RasterGradients | undefined;

  constructor(
    readonly cloud: GaussianCloud,
    rates: SplatLearningRates,
    opts: { eps?: number } = {},
  ) {
    this.grads = allocateGaussianGradients(cloud.count, cloud.shDegree);
    this.groups = (['means', 'logScales', 'rotations', 'logitOpacities', 'sh'] as const).filter(
      (name) => rates[name] !== undefined,
    );
    // 3DGS runs Adam with eps 1e-15: with tiny gradients (far-off Gaussians) 1e-8 would stall them.
    this.optimizer = new Adam(
      this.groups.map((name) => ({ name, params: cloud[name], lr: rates[name]! })),
      { eps: opts.eps ?? 1e-15 },
    );
  }

  /** One step on one view: `target` is RGB or RGBA [H, W, channels] in [0, 1] at the camera's size. */
  step(
    cam: Camera,
    target: { data: Float32Array | Float64Array; channels: number },
    opts: { background?: readonly [number, number, number]; mask?: Float32Array } = {},
  ): StepReport {
    const { width, height } = cam;
    const fwd = rasterizeForwardCpu(this.cloud, cam, opts.background ? { background: opts.background } : {});
    if (this.dRgba.length !== width * height * 4) this.dRgba = new Float32Array(width * height * 4);
    else this.dRgba.fill(0);
    const pred = { data: fwd.targets.rgba, width, height, channels: 4 };
    const { loss, l1, dssim } = photometricLoss(
      pred,
      { data: target.data, width, height, channels: target.channels },
      {
        grad: this.dRgba,
        ...(opts.mask ? { mask: opts.mask } : {}),
      },
    );
    const g = rasterizeBackwardCpu(fwd, this.dRgba, this.grads);
    this.optimizer.step(Object.fromEntries(this.groups.map((name) => [name, g.gaussians[name]])));
    this.lastForward = fwd;
    this.lastGradients = g;
    return { loss, l1, dssim };
  }
}
