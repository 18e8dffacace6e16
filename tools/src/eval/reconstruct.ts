import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { type Avatar, type Camera, type HeadModel, type HeadParams, type Image } from '@ffavatar/core';
import { densifyAvatar, fuseField, fuseImage, uvAtlasFor } from '@ffavatar/nodes-flame';
import { driveAvatarCpu, psnr, rasterizeCpu, ssim } from '@ffavatar/nodes-splat';

/** One training image with the tracking the classic pipeline would have produced for it. */
export interface TrackedImage {
  image: Image;
  camera: Camera;
  params: HeadParams;
}

export interface Reconstruction {
  avatar: Avatar;
  /** Seconds of fusion (per-image contributions, field) and densification: the avatar's cost. */
  seconds: number;
}

/**
 * The classic pipeline after tracking, as its nodes call it (nodes/fuse.ts, nodes/densify.ts):
 * each image inverse-warped into UV space (fuseImage), the running sums turned into a field with
 * symmetry, mouth priors and push-pull (fuseField), one Gaussian per covered texel (densifyAvatar)
 * bound to the subject's neutral head.
 */
export function reconstruct(
  model: HeadModel,
  images: readonly TrackedImage[],
  uvSize: number,
): Reconstruction {
  const start = performance.now();
  const atlas = uvAtlasFor(model, uvSize);
  const contributions = images.map((t) => fuseImage(atlas, evaluateHead(model, t.params), t.camera, t.image));
  const field = fuseField(model, atlas, contributions);
  const identity = images[0]!.params.identity;
  const canonical = evaluateHead(model, { ...neutralHeadParams(model), identity }).vertices;
  const avatar = densifyAvatar(model, atlas, field, canonical, identity);
  return { avatar, seconds: (performance.now() - start) / 1000 };
}

/** The avatar driven to `params` and splatted from `camera` on black, RGBA f32 clamped to 0..1. */
export function renderAvatar(
  model: HeadModel,
  avatar: Avatar,
  params: HeadParams,
  camera: Camera,
): Float32Array {
  const cloud = driveAvatarCpu(avatar, evaluateHead(model, params));
  const { rgba } = rasterizeCpu(cloud, camera, { background: [0, 0, 0] });
  for (let i = 0; i < rgba.length; i++) rgba[i] = Math.min(1, Math.max(0, rgba[i]!));
  return rgba;
}

/** PSNR and SSIM of a render against a ground-truth photo, inside `mask`. */
export function score(
  render: Float32Array,
  truth: Image,
  mask: Float32Array,
): { psnr: number; ssim: number } {
  const { width, height } = truth;
  const gt = { width, height, channels: 4 as const, data: Float32Array.from(truth.data, (v) => v / 255) };
  const out = { width, height, channels: 4 as const, data: render };
  return { psnr: psnr(out, gt, mask), ssim: ssim(out, gt, mask) };
}
