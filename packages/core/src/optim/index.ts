// @ffavatar/core/optim: what every optimisation in the project shares, written once: Adam with
// per-group learning rates and schedules, the photometric losses (L1, D-SSIM) with their
// gradients with respect to the rendered image. Plain maths over typed arrays: it imports nothing
// of core (no host, no other library), so a trainer inside any node can use it on any platform.
export * from './adam.js';
export * from './schedule.js';
export * from './losses.js';
// The image metrics (PSNR, SSIM) live beside the losses: splat.metrics reports them and core's
// test.matchImage gates on them, one implementation for both.
export * from './image-metrics.js';
