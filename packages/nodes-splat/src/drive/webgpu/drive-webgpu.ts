// Driving bound Gaussians on WebGPU: the math of driveAvatarCpu (../drive-cpu.ts) in f32, writing
// straight into a GpuGaussianCloud the rasterizer reads, so drive + sort + render is one submit
// with nothing read back but the image.
import {
  createBufferFromData,
  createStorageBuffer,
  computePipeline,
  readBuffer,
  workgroupGrid,
  writeBuffer,
  GpuBufferUsage,
  type GpuContext,
} from '@ffavatar/core/gpu';
import { type Avatar, type Camera, type GaussianCloud, type Mesh } from '@ffavatar/core';
import type { GpuGaussianCloud } from '../../raster/webgpu/gpu-cloud.js';
import {
  sharedRasterizer,
  type SplatRasterizerWebGpu,
  type WebGpuFrame,
  type WebGpuRasterOptions,
} from '../../raster/webgpu/rasterize-webgpu.js';
import { DRIVE_WG, driveWgsl } from './drive-wgsl.js';

/** The avatar's per-Gaussian binding packed as the kernel reads it (drive-wgsl.ts). */
function packBinding(avatar: Avatar): Uint32Array {
  const n = avatar.count;
  const out = new Uint32Array(n * 12);
  const f = new Float32Array(out.buffer);
  const { triangle, barycentric, normalOffset, logScales, rotations } = avatar;
  for (let i = 0; i < n; i++) {
    const o = i * 12;
    out[o] = triangle[i]!;
    f[o + 1] = barycentric[i * 3]!;
    f[o + 2] = barycentric[i * 3 + 1]!;
    f[o + 3] = barycentric[i * 3 + 2]!;
    f[o + 4] = normalOffset[i]!;
    f[o + 5] = logScales[i * 3]!;
    f[o + 6] = logScales[i * 3 + 1]!;
    f[o + 7] = logScales[i * 3 + 2]!;
    f[o + 8] = rotations[i * 4]!;
    f[o + 9] = rotations[i * 4 + 1]!;
    f[o + 10] = rotations[i * 4 + 2]!;
    f[o + 11] = rotations[i * 4 + 3]!;
  }
  return out;
}

/**
 * One avatar's Gaussians on the GPU, re-posed by `encode` for each mesh. `cloud` is what it writes
 * (means, log-scales, rotations) plus the avatar's opacities and SH, uploaded once.
 */
export class AvatarDriverWebGpu {
  readonly cloud: GpuGaussianCloud;
  private readonly params: GPUBuffer;
  private vertices: GPUBuffer | undefined;
  private faces: GPUBuffer | undefined;
  private facesSource: Uint32Array | undefined;
  private faceCount = -1;
  /** Largest triangle id and the first Gaussian bound to it, for the CPU's error message. */
  private readonly maxTriangle: { id: number; gaussian: number };

  private constructor(
    readonly ctx: GpuContext,
    readonly avatar: Avatar,
    private readonly pipeline: GPUComputePipeline,
    private readonly binding: GPUBuffer,
  ) {
    const d = ctx.device,
      n = avatar.count;
    this.cloud = {
      count: n,
      shDegree: avatar.shDegree,
      means: createStorageBuffer(d, n * 12, 'driven means'),
      logScales: createStorageBuffer(d, n * 12, 'driven log-scales'),
      rotations: createStorageBuffer(d, n * 16, 'driven rotations'),
      logitOpacities: createBufferFromData(d, avatar.logitOpacities, undefined, 'avatar opacities'),
      sh: createBufferFromData(d, avatar.sh, undefined, 'avatar sh'),
    };
    this.params = d.createBuffer({
      size: 16,
      usage: GpuBufferUsage.UNIFORM | GpuBufferUsage.COPY_DST,
      label: 'drive params',
    });
    let id = -1,
      gaussian = -1;
    for (let i = 0; i < n; i++)
      if (avatar.triangle[i]! > id) {
        id = avatar.triangle[i]!;
        gaussian = i;
      }
    this.maxTriangle = { id, gaussian };
  }

  static async create(ctx: GpuContext, avatar: Avatar): Promise<AvatarDriverWebGpu> {
    const pipeline = await computePipeline(ctx.device, driveWgsl, 'drive', 'splat drive');
    return new AvatarDriverWebGpu(
      ctx,
      avatar,
      pipeline,
      createBufferFromData(ctx.device, packBinding(avatar), undefined, 'avatar binding'),
    );
  }

  /**
   * Records driving on `mesh` into `encoder` (its vertices are queued for upload and land before
   * the submit: one mesh per submit). Throws, as the CPU path does, when a Gaussian is bound to a
   * triangle the mesh lacks.
   */
  encode(encoder: GPUCommandEncoder, mesh: Mesh): void {
    const { device } = this.ctx;
    if (this.maxTriangle.id >= mesh.triangleCount) {
      throw new RangeError(
        `Gaussian ${this.maxTriangle.gaussian} is bound to triangle ${this.maxTriangle.id}, but the mesh has ${mesh.triangleCount}`,
      );
    }
    if (!this.vertices || this.vertices.size < mesh.vertices.byteLength) {
      this.vertices?.destroy();
      this.vertices = createStorageBuffer(device, mesh.vertices.byteLength, 'drive mesh vertices');
    }
    writeBuffer(device, this.vertices, mesh.vertices);
    if (this.facesSource !== mesh.triangles || this.faceCount !== mesh.triangleCount) {
      this.faces?.destroy();
      this.faces = createBufferFromData(device, mesh.triangles, undefined, 'drive mesh triangles');
      this.facesSource = mesh.triangles;
      this.faceCount = mesh.triangleCount;
    }
    const n = this.avatar.count;
    if (n === 0) return;
    writeBuffer(device, this.params, new Uint32Array([n, mesh.triangleCount, 0, 0]));
    const c = this.cloud;
    const group = device.createBindGroup({
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [this.params, this.binding, this.vertices, this.faces!, c.means, c.logScales, c.rotations].map(
        (buffer, binding) => ({ binding, resource: { buffer } }),
      ),
    });
    const pass = encoder.beginComputePass({ label: 'splat drive' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(
      ...workgroupGrid(Math.ceil(n / DRIVE_WG), device.limits.maxComputeWorkgroupsPerDimension),
    );
    pass.end();
  }

  /** Drives on `mesh` and reads the posed cloud back (opacities and SH are the avatar's arrays, as on the CPU). */
  async drive(mesh: Mesh): Promise<GaussianCloud> {
    const { device } = this.ctx;
    const encoder = device.createCommandEncoder({ label: 'splat drive' });
    this.encode(encoder, mesh);
    device.queue.submit([encoder.finish()]);
    const n = this.avatar.count;
    const read = async (b: GPUBuffer, len: number) => new Float32Array(await readBuffer(device, b, len * 4));
    const [means, logScales, rotations] = await Promise.all([
      read(this.cloud.means, n * 3),
      read(this.cloud.logScales, n * 3),
      read(this.cloud.rotations, n * 4),
    ]);
    const a = this.avatar;
    return {
      count: n,
      shDegree: a.shDegree,
      means,
      logScales,
      rotations,
      logitOpacities: a.logitOpacities,
      sh: a.sh,
    };
  }

  destroy(): void {
    const c = this.cloud;
    for (const b of [
      c.means,
      c.logScales,
      c.rotations,
      c.logitOpacities,
      c.sh,
      this.binding,
      this.params,
      this.vertices,
      this.faces,
    ])
      b?.destroy();
  }
}

/** driveAvatarCpu on WebGPU, reading the result back: a one-off call (uploads the avatar each time). */
export async function driveAvatarWebGpu(ctx: GpuContext, avatar: Avatar, mesh: Mesh): Promise<GaussianCloud> {
  const driver = await AvatarDriverWebGpu.create(ctx, avatar);
  try {
    return await driver.drive(mesh);
  } finally {
    driver.destroy();
  }
}

/**
 * One frame of a driven avatar: drive on `mesh`, depth-sort the deformed Gaussians, bin, sort, blend,
 * all recorded into one command buffer and submitted once; only the image (and a 16-byte frame
 * summary) comes back, and none of it when `readback` is false.
 */
export async function driveAndRasterizeWebGpu(
  driver: AvatarDriverWebGpu,
  mesh: Mesh,
  camera: Camera,
  opts: Omit<WebGpuRasterOptions, 'before'> & { rasterizer?: SplatRasterizerWebGpu } = {},
): Promise<WebGpuFrame> {
  const { rasterizer: given, ...raster } = opts;
  const rasterizer = given ?? (await sharedRasterizer(driver.ctx));
  return rasterizer.render(driver.cloud, camera, {
    ...raster,
    before: (encoder) => driver.encode(encoder, mesh),
  });
}
