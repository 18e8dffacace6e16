import type { HeadModel } from '@ffavatar/core';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import type { TrackedImage } from './reconstruct.js';

/** How far tracked frames are from their truth, in the units a reader can picture. */
export interface TrackingError {
  /** Mean |fx / fx_true - 1|, per cent. */
  focalPercent: number;
  /** Mean distance of the head's origin in camera space from the truth's, millimetres. */
  headOffsetMm: number;
  /** Mean vertex distance of the neutral head (shape alone) from the truth's, millimetres. */
  identityMm: number;
  /** Mean absolute expression-weight error. */
  expression: number;
}

export function trackingError(
  model: HeadModel,
  tracked: readonly TrackedImage[],
  truth: readonly TrackedImage[],
): TrackingError {
  const headInCamera = (t: TrackedImage) => {
    const R = t.camera.rotation,
      c = t.camera.translation,
      h = t.params.translation;
    return [0, 1, 2].map((r) => R[r * 3]! * h[0]! + R[r * 3 + 1]! * h[1]! + R[r * 3 + 2]! * h[2]! + c[r]!);
  };
  const neutral = (t: TrackedImage) =>
    evaluateHead(model, { ...neutralHeadParams(model), identity: t.params.identity }).vertices;
  let focal = 0,
    offset = 0,
    expression = 0;
  tracked.forEach((t, i) => {
    const g = truth[i]!;
    focal += Math.abs(t.camera.fx / g.camera.fx - 1);
    const a = headInCamera(t),
      b = headInCamera(g);
    offset += Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
    let e = 0;
    for (let k = 0; k < t.params.expression.length; k++)
      e += Math.abs(t.params.expression[k]! - g.params.expression[k]!);
    expression += e / t.params.expression.length;
  });
  const a = neutral(tracked[0]!),
    b = neutral(truth[0]!);
  let id = 0;
  for (let v = 0; v < model.vertexCount; v++)
    id += Math.hypot(a[v * 3]! - b[v * 3]!, a[v * 3 + 1]! - b[v * 3 + 1]!, a[v * 3 + 2]! - b[v * 3 + 2]!);
  const n = tracked.length;
  return {
    focalPercent: (100 * focal) / n,
    headOffsetMm: (1000 * offset) / n,
    identityMm: (1000 * id) / model.vertexCount,
    expression: expression / n,
  };
}

export function describeTrackingError(e: TrackingError): string {
  return `focal ${e.focalPercent.toFixed(1)} %, head ${e.headOffsetMm.toFixed(0)} mm, identity ${e.identityMm.toFixed(2)} mm, expression ${e.expression.toFixed(3)}`;
}
