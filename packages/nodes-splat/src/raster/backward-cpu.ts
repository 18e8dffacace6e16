import type { Camera } from '@ffavatar/core';
import {
  blendBackwardCpu,
  allocateProjectedGradients,
  type ProjectedGradients,
} from './blend-backward-cpu.js';
import { blendTilesCpu, type BlendSaved, type RasterTargets } from './blend-cpu.js';
import {
  allocateGaussianGradients,
  projectBackwardCpu,
  zeroCameraGradients,
  type CameraGradients,
  type GaussianGradients,
} from './project-backward-cpu.js';
import { projectGaussiansCpu } from './project-cpu.js';
import {
  allocateProjected,
  allocateProjected64,
  type FloatArray,
  type GaussianArrays,
  type ProjectedGaussians,
} from './projected.js';
import type { RasterOptions } from './rasterize-cpu.js';
import { binTilesCpu, depthOrder, type TileLists } from './tiles.js';

/**
 * One forward render with everything its backward reuses: the projection, the depth-sorted tile
 * lists and the per-pixel saved state (final transmittance, contributor count). The backward never
 * re-sorts or re-bins, so it differentiates exactly the frame that was drawn.
 */
export interface RasterForward<F extends FloatArray = Float32Array> {
  cloud: GaussianArrays;
  cam: Camera;
  background: readonly [number, number, number];
  projected: ProjectedGaussians<F>;
  lists: TileLists;
  targets: RasterTargets<F>;
  saved: BlendSaved;
}

export interface RasterGradients<G extends FloatArray = Float32Array> {
  gaussians: GaussianGradients<G>;
  camera: CameraGradients;
  /** The intermediate gradients (2D centre, conic, opacity, colour): densification reads |dL/d uv|. */
  projected: ProjectedGradients;
}

/** `rasterizeCpu`'s frame (same pixels: f32 projection), keeping what `rasterizeBackwardCpu` needs. */
export function rasterizeForwardCpu(
  cloud: GaussianArrays,
  cam: Camera,
  opts: RasterOptions = {},
): RasterForward {
  return forward(cloud, cam, opts, allocateProjected(cloud.count), (n) => new Float32Array(n));
}

/**
 * The same frame computed in f64 throughout (projection slots and image), for finite-difference
 * gradient checks: f32 slots would round a small parameter step away. Same code, same order.
 */
export function rasterizeForwardCpu64(
  cloud: GaussianArrays,
  cam: Camera,
  opts: RasterOptions = {},
): RasterForward<Float64Array> {
  return forward(cloud, cam, opts, allocateProjected64(cloud.count), (n) => new Float64Array(n));
}

function forward<F extends FloatArray>(
  cloud: GaussianArrays,
  cam: Camera,
  opts: RasterOptions,
  projected: ProjectedGaussians<F>,
  make: (n: number) => F,
): RasterForward<F> {
  const { width, height } = cam;
  const background = opts.background ?? [0, 0, 0];
  projectGaussiansCpu(cloud, cam, projected);
  const lists = binTilesCpu(projected, width, height, depthOrder(projected));
  const saved: BlendSaved = {
    transmittance: new Float64Array(width * height),
    contributors: new Uint32Array(width * height),
  };
  const targets = blendTilesCpu(
    projected,
    lists,
    width,
    height,
    background,
    { rgba: make(width * height * 4), depth: make(width * height) },
    undefined,
    saved,
  );
  return { cloud, cam, background, projected, lists, targets, saved };
}

/**
 * The backward pass: from dL/d(rendered RGBA) [H, W, 4] (channels 0..2 colour, 3 alpha) to the
 * gradients of every stored Gaussian parameter and of the camera. `out` (reuse it across steps:
 * at 100k Gaussians, SH 3, it is 24 MB in f32) is overwritten; pass f64 arrays for the checks.
 */
export function rasterizeBackwardCpu(fwd: RasterForward<FloatArray>, dRgba: FloatArray): RasterGradients;
export function rasterizeBackwardCpu<G extends FloatArray>(
  fwd: RasterForward<FloatArray>,
  dRgba: FloatArray,
  out: GaussianGradients<G>,
): RasterGradients<G>;
export function rasterizeBackwardCpu(
  fwd: RasterForward<FloatArray>,
  dRgba: FloatArray,
  out: GaussianGradients<FloatArray> = allocateGaussianGradients(fwd.cloud.count, fwd.cloud.shDegree),
): RasterGradients<FloatArray> {
  const { cloud, cam, projected, lists, saved, background } = fwd;
  if (dRgba.length !== cam.width * cam.height * 4) {
    throw new Error(
      `rasterizeBackwardCpu: dL/dRGBA has ${dRgba.length} values, expected ${cam.width} x ${cam.height} x 4`,
    );
  }
  if (out.count !== cloud.count || out.shDegree !== cloud.shDegree) {
    throw new Error(
      `rasterizeBackwardCpu: gradient buffers are for ${out.count} Gaussians at SH ${out.shDegree}, the frame has ${cloud.count} at SH ${cloud.shDegree}`,
    );
  }
  const dProjected = allocateProjectedGradients(cloud.count);
  blendBackwardCpu(projected, lists, cam.width, cam.height, background, saved, dRgba, dProjected);
  const { gaussians, camera } = projectBackwardCpu(
    cloud,
    cam,
    projected,
    dProjected,
    out,
    zeroCameraGradients(),
  );
  return { gaussians, camera, projected: dProjected };
}
