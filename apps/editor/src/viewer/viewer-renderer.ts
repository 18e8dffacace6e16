// The viewer's renderer, run inside a Web Worker (viewer-worker.ts) so that driving and splatting
// a 356k-Gaussian avatar never blocks the page. One scene at a time: a GaussianCloud, or a live
// Avatar re-driven for each pose. WebGPU when the worker's adapter is a hardware one ('auto'), our
// CPU reference otherwise; both come from @ffavatar/nodes-splat and are held to each other there.
import { acquireGpu } from '@ffavatar/core/browser';
import { evaluateHead } from '@ffavatar/core/geometry';
import { type Avatar, type Camera, type GaussianCloud, type HeadModel } from '@ffavatar/core';
import {
  AvatarDriverWebGpu,
  chooseBackend,
  destroyGpuGaussianCloud,
  driveAndRasterizeWebGpu,
  driveAvatarCpu,
  rasterizeCpu,
  sharedRasterizer,
  uploadGaussianCloud,
  writeAvatarPly,
  writeGaussianPly,
  type GpuGaussianCloud,
} from '@ffavatar/nodes-splat/browser';
import { NEUTRAL_POSE, poseParams, type AvatarPose } from './avatar-pose.js';

export type ViewerBackend = 'auto' | 'webgpu' | 'cpu';
export type ViewerScene =
  { kind: 'cloud'; cloud: GaussianCloud } | { kind: 'avatar'; avatar: Avatar; model: HeadModel };
/** Centre and radius of the scene's bounding box (an avatar's on its neutral head), to frame the camera. */
export interface SceneFrame {
  centre: [number, number, number];
  radius: number;
}
export interface ViewerFrame {
  rgba: Uint8ClampedArray;
  ms: number;
  backend: 'webgpu' | 'cpu';
}

const BACKGROUND = [0.09, 0.1, 0.12] as const;

export function createViewerRenderer(requested: ViewerBackend) {
  let scene: ViewerScene | undefined;
  let scratch: GaussianCloud | undefined;
  let gpu: { driver?: AvatarDriverWebGpu | undefined; cloud?: GpuGaussianCloud | undefined } = {};
  const backend = chooseBackend(requested, () => acquireGpu());

  const releaseGpu = () => {
    gpu.driver?.destroy();
    if (gpu.cloud) destroyGpuGaussianCloud(gpu.cloud);
    gpu = {};
  };
  // Calls run one at a time, in order: a frame never sees a scene (or GPU buffers) change under it.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    setScene: (next: ViewerScene) =>
      serial(async (): Promise<SceneFrame> => {
        releaseGpu();
        scene = next;
        scratch = undefined;
        const chosen = await backend;
        if (chosen.ctx) {
          if (next.kind === 'avatar') gpu.driver = await AvatarDriverWebGpu.create(chosen.ctx, next.avatar);
          else gpu.cloud = uploadGaussianCloud(chosen.ctx.device, next.cloud);
        }
        return frameOf(
          next.kind === 'cloud'
            ? next.cloud
            : driveAvatarCpu(
                next.avatar,
                evaluateHead(next.model, poseParams(next.model, next.avatar, NEUTRAL_POSE)),
              ),
        );
      }),

    render: (camera: Camera, pose: AvatarPose | undefined) =>
      serial(async (): Promise<ViewerFrame> => {
        if (!scene) throw new Error('the viewer has no scene');
        const t0 = performance.now();
        const chosen = await backend;
        const mesh =
          scene.kind === 'avatar'
            ? evaluateHead(scene.model, poseParams(scene.model, scene.avatar, pose ?? NEUTRAL_POSE))
            : undefined;
        let rgba: Float32Array;
        if (chosen.ctx) {
          const raster = await sharedRasterizer(chosen.ctx);
          const frame =
            gpu.driver && mesh
              ? await driveAndRasterizeWebGpu(gpu.driver, mesh, camera, {
                  rasterizer: raster,
                  background: BACKGROUND,
                })
              : await raster.render(gpu.cloud!, camera, { background: BACKGROUND });
          rgba = frame.targets!.rgba;
        } else {
          const cloud =
            scene.kind === 'cloud' ? scene.cloud : (scratch = driveAvatarCpu(scene.avatar, mesh!, scratch));
          rgba = rasterizeCpu(cloud, camera, { background: BACKGROUND }).rgba;
        }
        const px = new Uint8ClampedArray(rgba.length);
        for (let i = 0; i < px.length; i++) px[i] = (i & 3) === 3 ? 255 : Math.round(rgba[i]! * 255);
        return { rgba: px, ms: performance.now() - t0, backend: chosen.backend };
      }),

    /**
     * What the view shows as a standard 3DGS PLY: the cloud, or the avatar driven to `pose` with its
     * binding as extra properties (so the file can be driven again).
     */
    plyBytes: (pose: AvatarPose | undefined) =>
      serial((): Uint8Array => {
        if (!scene) throw new Error('the viewer has no scene');
        if (scene.kind === 'cloud') return writeGaussianPly(scene.cloud);
        return writeAvatarPly(
          scene.avatar,
          evaluateHead(scene.model, poseParams(scene.model, scene.avatar, pose ?? NEUTRAL_POSE)),
        );
      }),
  };
}

export type ViewerRenderer = ReturnType<typeof createViewerRenderer>;

function frameOf(cloud: GaussianCloud): SceneFrame {
  const m = cloud.means;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < m.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = m[i + k]!;
      if (v < lo[k]!) lo[k] = v;
      if (v > hi[k]!) hi[k] = v;
    }
  }
  const centre = [0, 1, 2].map((k) => (lo[k]! + hi[k]!) / 2) as [number, number, number];
  const radius = Math.hypot(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!) / 2 || 1;
  return { centre, radius };
}
