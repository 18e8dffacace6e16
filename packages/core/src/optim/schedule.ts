/**
 * Learning-rate schedules: a schedule maps the number of steps already taken (0 for the first
 * step) to the learning rate of the next one. Pure functions, so a run is reproducible from its
 * step count alone.
 */
export type Schedule = (step: number) => number;

export function constantRate(lr: number): Schedule {
  return () => lr;
}

/**
 * Log-linear decay from `initial` to `final` over `steps`, then `final`: 3DGS's
 * `get_expon_lr_func` (its position learning rate uses 1.6e-4 -> 1.6e-6 over 30k steps, scaled by
 * the scene extent). With `delaySteps`, the rate is further multiplied by a ramp that rises from
 * `delayMultiplier` to 1 along a quarter sine over the first `delaySteps` steps, as there.
 */
export function exponentialDecay(opts: {
  initial: number;
  final: number;
  steps: number;
  delaySteps?: number;
  delayMultiplier?: number;
}): Schedule {
  const { initial, final, steps } = opts;
  const delaySteps = opts.delaySteps ?? 0,
    delayMultiplier = opts.delayMultiplier ?? 1;
  if (!(initial > 0 && final > 0)) {
    if (initial === 0 && final === 0) return () => 0;
    throw new Error(`exponentialDecay: initial and final must both be positive (got ${initial}, ${final})`);
  }
  if (!(steps > 0)) throw new Error(`exponentialDecay: steps must be positive (got ${steps})`);
  const logInitial = Math.log(initial),
    logFinal = Math.log(final);
  return (step) => {
    if (step < 0) return 0;
    const delay =
      delaySteps > 0
        ? delayMultiplier +
          (1 - delayMultiplier) * Math.sin(0.5 * Math.PI * Math.min(1, Math.max(0, step / delaySteps)))
        : 1;
    const t = Math.min(1, Math.max(0, step / steps));
    return delay * Math.exp(logInitial * (1 - t) + logFinal * t);
  };
}

/**
 * Linear warm-up from 0 to `initial` over `warmupSteps`, then half a cosine down to `final`
 * (default 0) at `steps`, then `final`.
 */
export function cosineDecay(opts: {
  initial: number;
  final?: number;
  steps: number;
  warmupSteps?: number;
}): Schedule {
  const { initial, steps } = opts;
  const final = opts.final ?? 0,
    warmup = opts.warmupSteps ?? 0;
  if (!(steps > warmup)) throw new Error(`cosineDecay: steps (${steps}) must exceed warmupSteps (${warmup})`);
  return (step) => {
    if (step < warmup) return (initial * (step + 1)) / (warmup + 1);
    const t = Math.min(1, (step - warmup) / (steps - warmup));
    return final + 0.5 * (initial - final) * (1 + Math.cos(Math.PI * t));
  };
}
