// @ffavatar/core/optim: what every optimisation in the project shares, written once: Adam with
// per-group learning rates and schedules, and the photometric losses (L1, D-SSIM) with their
// gradients with respect to the rendered image. Plain maths over typed arrays: it imports nothing
// of core (no host, no other library), so a trainer inside any node can use it on any platform.
export * from './adam.js';
export * from './schedule.js';
export * from './losses.js';
