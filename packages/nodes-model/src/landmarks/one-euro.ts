/**
 * The One Euro filter (Casiez, Roussel and Vogel, CHI 2012) over a sequence of point sets: a low-pass
 * whose cutoff rises with speed (cutoff = minCutoff + beta * |speed|), so a still face stops
 * jittering while a blink or a quick turn passes through with little lag.
 */
export interface OneEuroOptions {
  /** Cutoff at rest, Hz. */
  readonly minCutoff: number;
  /** Cutoff added per px/s of speed, Hz / (px/s). */
  readonly beta: number;
  /** Cutoff of the speed estimate itself, Hz. */
  readonly dCutoff?: number;
}

function alpha(cutoff: number, dt: number): number {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
}

/**
 * Filters each coordinate of `frames` (each [2N] x, y) in time order at `fps`, in place of a copy.
 * `reset[i]` true starts the filter afresh at frame i (after a re-detection or a lost face), so a
 * jump is never smeared across frames.
 */
export function oneEuroSmooth(
  frames: readonly Float32Array[],
  fps: number,
  options: OneEuroOptions,
  reset: readonly boolean[] = [],
): Float32Array[] {
  const dt = 1 / fps;
  const dCutoff = options.dCutoff ?? 1;
  const out: Float32Array[] = [];
  let prev: Float32Array | undefined;
  let dPrev: Float64Array | undefined;
  for (let i = 0; i < frames.length; i++) {
    const x = frames[i]!;
    if (!prev || reset[i] || prev.length !== x.length) {
      prev = x.slice();
      dPrev = new Float64Array(x.length);
      out.push(prev);
      continue;
    }
    const y = new Float32Array(x.length);
    const aD = alpha(dCutoff, dt);
    for (let k = 0; k < x.length; k++) {
      const d = aD * ((x[k]! - prev[k]!) / dt) + (1 - aD) * dPrev![k]!;
      dPrev![k] = d;
      const a = alpha(options.minCutoff + options.beta * Math.abs(d), dt);
      y[k] = a * x[k]! + (1 - a) * prev[k]!;
    }
    prev = y;
    out.push(y);
  }
  return out;
}
