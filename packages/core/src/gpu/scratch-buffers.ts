/// <reference types="webgpu" preserve="true" />
// Per-kernel scratch storage that grows on demand and is reused across calls.
import { createStorageBuffer } from './buffers.js';

export class ScratchBuffers {
  private readonly slots: (GPUBuffer | undefined)[] = [];
  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
  ) {}

  /**
   * Slot `index` with at least `byteLength` bytes. Growing drops the old buffer without destroying
   * it (a recorded but unsubmitted command buffer may still use it; the GC frees it) and leaves
   * headroom, so slowly growing sizes do not reallocate every call.
   */
  get(index: number, byteLength: number): GPUBuffer {
    const current = this.slots[index];
    if (current && current.size >= byteLength) return current;
    const size = current ? Math.max(byteLength, Math.floor(current.size * 1.5)) : byteLength;
    const buffer = createStorageBuffer(this.device, size, `${this.label} ${index}`);
    this.slots[index] = buffer;
    return buffer;
  }

  /** Frees everything now: only once no submitted or recorded work uses these buffers. */
  destroy(): void {
    for (const b of this.slots) b?.destroy();
    this.slots.length = 0;
  }
}
