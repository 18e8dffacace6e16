/// <reference types="webgpu" preserve="true" />
// Creating, filling and reading back GPU buffers with the usage flags each job needs.
import { GpuBufferUsage as BufferUsage, GpuMapMode as MapMode } from './webgpu-constants.js';

/** STORAGE plus both copy directions: kernels read/write it, and it can be filled and read back. */
export const STORAGE_RW = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/** Buffer sizes must be multiples of 4, and a zero-sized binding is invalid: never below 4 bytes. */
export function bufferSize(byteLength: number): number {
  return Math.max(4, Math.ceil(byteLength / 4) * 4);
}

export function createStorageBuffer(
  device: GPUDevice,
  byteLength: number,
  label?: string,
  extraUsage = 0,
): GPUBuffer {
  return device.createBuffer({
    size: bufferSize(byteLength),
    usage: STORAGE_RW | extraUsage,
    ...(label ? { label } : {}),
  });
}

/**
 * A new buffer holding `data`. Filled through `mappedAtCreation` (a copy into the mapping), which,
 * unlike `queue.writeBuffer` in Dawn/Node, accepts views on SharedArrayBuffers.
 */
export function createBufferFromData(
  device: GPUDevice,
  data: ArrayBufferView,
  usage: number = STORAGE_RW,
  label?: string,
): GPUBuffer {
  const buffer = device.createBuffer({
    size: bufferSize(data.byteLength),
    usage,
    mappedAtCreation: true,
    ...(label ? { label } : {}),
  });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

/** A uniform buffer with fixed contents (u32 words), e.g. a kernel's parameters. */
export function createUniformBuffer(device: GPUDevice, words: readonly number[], label?: string): GPUBuffer {
  // Uniform structs are padded to 16 bytes.
  const padded = new Uint32Array(Math.max(4, Math.ceil(words.length / 4) * 4));
  padded.set(words);
  return createBufferFromData(device, padded, BufferUsage.UNIFORM | BufferUsage.COPY_DST, label);
}

/**
 * Writes `data` into `buffer` at `byteOffset` (queued; lands before the next submit). Dawn in Node
 * rejects views on a SharedArrayBuffer here, so those are copied first.
 */
export function writeBuffer(
  device: GPUDevice,
  buffer: GPUBuffer,
  data: ArrayBufferView,
  byteOffset = 0,
): void {
  if (data.byteLength % 4 !== 0)
    throw new RangeError(`writeBuffer needs a multiple of 4 bytes, got ${data.byteLength}`);
  const source =
    data.buffer instanceof ArrayBuffer
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  device.queue.writeBuffer(buffer, byteOffset, source);
}

/**
 * Copies `byteLength` bytes of `buffer` (needs COPY_SRC) to the CPU: staging buffer, copy, submit,
 * mapAsync. Waits for all work submitted before it. Not for the middle of a frame.
 */
export async function readBuffer(
  device: GPUDevice,
  buffer: GPUBuffer,
  byteLength: number,
  byteOffset = 0,
): Promise<ArrayBuffer> {
  if (byteLength === 0) return new ArrayBuffer(0);
  if (byteLength % 4 !== 0 || byteOffset % 4 !== 0)
    throw new RangeError('readBuffer needs 4-byte aligned offset and length');
  const staging = device.createBuffer({
    size: byteLength,
    usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
    label: 'readback',
  });
  try {
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(buffer, byteOffset, staging, 0, byteLength);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(MapMode.READ);
    // unmap() detaches the mapped range, so copy out first.
    return staging.getMappedRange().slice(0);
  } finally {
    // destroy() unmaps as well; also frees the staging buffer when mapAsync failed.
    staging.destroy();
  }
}

export async function readU32(
  device: GPUDevice,
  buffer: GPUBuffer,
  count: number,
  offset = 0,
): Promise<Uint32Array> {
  return new Uint32Array(await readBuffer(device, buffer, count * 4, offset * 4));
}
