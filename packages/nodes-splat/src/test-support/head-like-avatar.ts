import type { Avatar, Mesh } from '@ffavatar/core';
import { seeded } from './random-cloud.js';

/**
 * A head-sized bound avatar for benchmarks: an ellipsoid mesh (18 x 24 x 20 cm, about the triangle
 * count of the ICT light head) with `n` Gaussians bound to random triangles, flat along the normal,
 * sized so neighbours overlap about 2x (as head-like-cloud.ts), SH degree 3. `meshAt(t)` is the
 * mesh with an "expression" that changes with t: the lower half swings open around a jaw hinge and
 * the top rises, so every frame moves most Gaussians and changes their depth order.
 */
export function headLikeAvatar(
  n: number,
  seed = 1,
  rings = 64,
  segments = 96,
): { avatar: Avatar; meshAt(t: number): Mesh } {
  const rand = seeded(seed);
  const [ra, rb, rc] = [0.09, 0.12, 0.1];
  const base: number[] = [];
  for (let r = 0; r <= rings; r++) {
    const th = (Math.PI * (r + 0.5)) / (rings + 1);
    for (let s = 0; s < segments; s++) {
      const ph = (2 * Math.PI * s) / segments;
      base.push(ra * Math.sin(th) * Math.cos(ph), rb * Math.cos(th), rc * Math.sin(th) * Math.sin(ph));
    }
  }
  const faces: number[] = [];
  for (let r = 0; r < rings; r++) {
    for (let s = 0; s < segments; s++) {
      const a = r * segments + s,
        b = r * segments + ((s + 1) % segments),
        c = a + segments,
        d = b + segments;
      faces.push(a, c, b, b, c, d);
    }
  }
  const vertices0 = new Float32Array(base),
    triangles = new Uint32Array(faces);
  const triangleCount = triangles.length / 3,
    vertexCount = vertices0.length / 3;
  const meshAt = (t: number): Mesh => {
    const v = new Float32Array(vertices0);
    const jaw = 0.12 * (1 + Math.sin(t)),
      brow = 0.01 * Math.sin(1.7 * t);
    const cj = Math.cos(jaw),
      sj = Math.sin(jaw);
    for (let i = 0; i < vertexCount; i++) {
      const y = v[i * 3 + 1]!,
        z = v[i * 3 + 2]!;
      if (y < 0) {
        // Rotate about the hinge (x axis through y = 0, z = -0.02), weighted by how low the vertex sits.
        const w = Math.min(1, -y / 0.06);
        const dy = y,
          dz = z + 0.02;
        const ny = dy * cj - dz * sj,
          nz = dy * sj + dz * cj - 0.02;
        v[i * 3 + 1] = y + w * (ny - y);
        v[i * 3 + 2] = z + w * (nz - z);
      } else {
        v[i * 3 + 1] = y + brow * (y / rb);
      }
    }
    return { vertexCount, triangleCount, vertices: v, triangles };
  };

  const area =
    4 * Math.PI * ((ra * rb) ** 1.6 / 3 + (ra * rc) ** 1.6 / 3 + (rb * rc) ** 1.6 / 3) ** (1 / 1.6);
  const tangent = Math.sqrt(area / n);
  // Mean edge length of the neutral mesh's triangles: the frame scale k the driver divides out.
  const edge = (a: number, b: number) =>
    Math.hypot(
      base[a * 3]! - base[b * 3]!,
      base[a * 3 + 1]! - base[b * 3 + 1]!,
      base[a * 3 + 2]! - base[b * 3 + 2]!,
    );
  const triangle = new Uint32Array(n),
    barycentric = new Float32Array(n * 3),
    normalOffset = new Float32Array(n);
  const logScales = new Float32Array(n * 3),
    rotations = new Float32Array(n * 4);
  const logitOpacities = new Float32Array(n),
    sh = new Float32Array(n * 48);
  for (let i = 0; i < n; i++) {
    // Area-agnostic but fine here: the grid's triangles are of similar size away from the poles.
    const f = Math.floor(rand() * triangleCount);
    triangle[i] = f;
    const a = rand(),
      b = rand() * (1 - a);
    barycentric.set([a, b, 1 - a - b], i * 3);
    const [p, q, r] = [triangles[f * 3]!, triangles[f * 3 + 1]!, triangles[f * 3 + 2]!];
    const k = (edge(p, q) + edge(p, r) + edge(q, r)) / 3 || 1;
    normalOffset[i] = (rand() - 0.5) * 0.1;
    logScales[i * 3] = Math.log((tangent * (0.6 + rand())) / k);
    logScales[i * 3 + 1] = Math.log((tangent * (0.6 + rand())) / k);
    logScales[i * 3 + 2] = Math.log((tangent * 0.1) / k);
    const spin = rand() * Math.PI; // about the triangle normal (local z)
    rotations.set([Math.cos(spin), 0, 0, Math.sin(spin)], i * 4);
    logitOpacities[i] = 2 + 3 * rand();
    for (let j = 0; j < 48; j++) sh[i * 48 + j] = (rand() - 0.5) * (j < 3 ? 2 : 0.2);
  }
  const avatar: Avatar = {
    headModel: 'bench-ellipsoid',
    identity: new Float32Array(0),
    count: n,
    shDegree: 3,
    triangle,
    barycentric,
    normalOffset,
    logScales,
    rotations,
    logitOpacities,
    sh,
  };
  return { avatar, meshAt };
}
