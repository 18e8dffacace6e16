import { seededRandom } from '@ffavatar/core';
import type { WeightInit } from './ops.js';

/** Source of an architecture's weights by name: both the reference and the ONNX writer read it. */
export interface WeightSource {
  get(name: string, shape: readonly number[], init: WeightInit): Float32Array;
}

/**
 * Seeded weights: each tensor from its own stream (seed + name), so adding a layer does not
 * change the others and the same seed gives the same model on every machine.
 */
export function seededWeights(seed: number): WeightSource {
  const memo = new Map<string, Float32Array>();
  return {
    get(name, shape, init) {
      const size = shape.reduce((a, b) => a * b, 1);
      let w = memo.get(name);
      if (!w) {
        w = new Float32Array(size);
        if (init.kind === 'const') w.fill(init.value);
        else {
          const rand = seededRandom(seed ^ fnv1a(name));
          for (let i = 0; i < size; i += 2) {
            // Box-Muller: two normals per pair of uniforms.
            const u = Math.max(rand(), 1e-12),
              v = rand();
            const r = Math.sqrt(-2 * Math.log(u)) * init.std;
            w[i] = r * Math.cos(2 * Math.PI * v);
            if (i + 1 < size) w[i + 1] = r * Math.sin(2 * Math.PI * v);
          }
        }
        memo.set(name, w);
      }
      if (w.length !== size) throw new Error(`weight ${name}: asked for ${size} values, have ${w.length}`);
      return w;
    },
  };
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
