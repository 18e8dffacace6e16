/// <reference types="webgpu" preserve="true" />
// Kernel parameters live in small immutable uniform buffers keyed by their contents. Writing one
// shared buffer per call would be wrong: queue.writeBuffer lands before the whole submit, so two
// scans of different lengths recorded into one encoder would both see the last write. Immutable
// buffers keyed by value are always right and, in a frame loop with stable sizes, allocate nothing.
import { createUniformBuffer } from './buffers.js';

const MAX_ENTRIES = 256;

export class UniformCache {
  private readonly entries = new Map<string, GPUBuffer>();
  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
  ) {}

  get(words: readonly number[]): GPUBuffer {
    const key = words.join(',');
    let buffer = this.entries.get(key);
    if (!buffer) {
      // Evicted buffers are dropped, not destroyed: a recorded, not yet submitted command buffer
      // may still use them (a destroyed buffer fails the submit). The GC frees them.
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      buffer = createUniformBuffer(this.device, words, `${this.label} params`);
      this.entries.set(key, buffer);
    }
    return buffer;
  }

  destroy(): void {
    for (const b of this.entries.values()) b.destroy();
    this.entries.clear();
  }
}
