/**
 * Turns landmark vertex indices into the triangle + barycentric embedding a HeadModel stores: the
 * first triangle (lowest id) that uses the vertex, weight 1 on that corner. Exact for every pose,
 * since the point is the vertex itself.
 */
export function embedVertices(
  vertices: Uint32Array,
  triangles: Uint32Array,
): { triangles: Uint32Array; barycentrics: Float32Array } {
  const L = vertices.length;
  const wanted = new Map<number, number[]>();
  vertices.forEach((v, l) => {
    const list = wanted.get(v);
    if (list) list.push(l);
    else wanted.set(v, [l]);
  });
  const tri = new Uint32Array(L),
    bary = new Float32Array(L * 3);
  const found = new Uint8Array(L);
  for (let f = 0; f < triangles.length / 3 && wanted.size > 0; f++) {
    for (let k = 0; k < 3; k++) {
      const ls = wanted.get(triangles[f * 3 + k]!);
      if (!ls) continue;
      for (const l of ls) {
        tri[l] = f;
        bary[l * 3 + k] = 1;
        found[l] = 1;
      }
      wanted.delete(triangles[f * 3 + k]!);
    }
  }
  const missing = [...found.keys()].filter((l) => found[l] === 0);
  if (missing.length > 0)
    throw new Error(`landmark vertices ${missing.map((l) => vertices[l]).join(', ')} belong to no triangle`);
  return { triangles: tri, barycentrics: bary };
}
