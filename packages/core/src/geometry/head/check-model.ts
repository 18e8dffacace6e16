import { checkValue } from '../../engine/ports/port-type.js';
import { HeadModel } from '../../engine/ports/head.js';

/**
 * Checks what the port schema cannot afford to on every hand-off: indices in range, a kinematic
 * tree in parent-first order. Loaders call it once; returns every problem as a sentence.
 */
export function headModelProblems(model: HeadModel): string[] {
  const shape = checkValue(HeadModel, model);
  if (shape) return [shape];
  const problems: string[] = [];
  const V = model.vertexCount,
    F = model.triangleCount;
  const maxOf = (a: ArrayLike<number>) => {
    let m = -1;
    for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
    return m;
  };
  const tri = maxOf(model.triangles);
  if (tri >= V) problems.push(`triangles: index ${tri} out of range (${V} vertices)`);
  if (model.uv) {
    const uvMax = maxOf(model.uv.triangles);
    if (uvMax >= model.uv.count)
      problems.push(`uv.triangles: index ${uvMax} out of range (${model.uv.count} UV coordinates)`);
  }
  if (model.landmarks) {
    const lm = maxOf(model.landmarks.triangles);
    if (lm >= F) problems.push(`landmarks.triangles: triangle ${lm} out of range (${F} triangles)`);
  }
  if (model.regions && model.regionNames) {
    const r = maxOf(model.regions);
    if (r >= model.regionNames.length)
      problems.push(`regions: id ${r} has no name (${model.regionNames.length} region names)`);
  }
  if (model.rigidVertices) {
    const r = maxOf(model.rigidVertices);
    if (r >= V) problems.push(`rigidVertices: index ${r} out of range (${V} vertices)`);
  }
  const s = model.skinning;
  if (s) {
    if (s.parents[0] !== -1)
      problems.push(`skinning.parents: joint 0 must be the root (parent -1), has parent ${s.parents[0]}`);
    for (let j = 1; j < s.jointCount; j++) {
      const p = s.parents[j]!;
      if (p < 0 || p >= j)
        problems.push(
          `skinning.parents: joint ${j} (${s.jointNames[j]}) has parent ${p}; parents must come before their children`,
        );
    }
  }
  return problems;
}
