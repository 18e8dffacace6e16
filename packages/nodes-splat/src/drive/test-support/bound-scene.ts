import { seededRandom, type Avatar, type Mesh } from '@ffavatar/core';

// A small, curved, randomly posed mesh and Gaussians bound to it with random local parameters.
export function boundScene(seed: number): { mesh: Mesh; avatar: Avatar } {
  const rnd = seededRandom(seed);
  const side = 4,
    verts: number[] = [],
    tris: number[] = [];
  for (let y = 0; y <= side; y++)
    for (let x = 0; x <= side; x++) verts.push(x * 0.1, y * 0.1, 0.05 * Math.sin(x + y) + 0.01 * rnd());
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const i = y * (side + 1) + x;
      tris.push(i, i + 1, i + side + 1, i + 1, i + side + 2, i + side + 1);
    }
  const mesh: Mesh = {
    vertexCount: verts.length / 3,
    triangleCount: tris.length / 3,
    vertices: Float32Array.from(verts),
    triangles: Uint32Array.from(tris),
  };
  const n = 40;
  const bary = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const u = rnd(),
      v = rnd() * (1 - u);
    bary.set([1 - u - v, u, v], i * 3);
  }
  const avatar: Avatar = {
    headModel: 'test',
    identity: new Float32Array(0),
    count: n,
    shDegree: 1,
    triangle: Uint32Array.from({ length: n }, () => Math.floor(rnd() * mesh.triangleCount)),
    barycentric: bary,
    normalOffset: Float32Array.from({ length: n }, () => rnd() - 0.5),
    logScales: Float32Array.from({ length: n * 3 }, () => rnd() - 2),
    rotations: Float32Array.from({ length: n * 4 }, () => rnd() * 2 - 1),
    logitOpacities: Float32Array.from({ length: n }, () => rnd() * 4 - 2),
    sh: Float32Array.from({ length: n * 12 }, () => rnd() - 0.5),
  };
  return { mesh, avatar };
}
