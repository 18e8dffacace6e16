import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkValue, GaussianCloud, type Avatar, type Mesh } from '@ffavatar/core';
import { float16ToFloat32, readNpz } from '@ffavatar/core/io';
import { resolveAsset } from '@ffavatar/core/node';
import { driveAvatarCpu } from './drive-cpu.js';
import { matrixToQuaternion } from './triangle-frame.js';

/** One Gaussian at the centroid of each triangle, identity local rotation, unit local scale. */
function bindToTriangles(triangles: Uint32Array): Avatar {
  const n = triangles.length;
  return {
    headModel: 'test',
    identity: new Float32Array(0),
    count: n,
    shDegree: 0,
    triangle: triangles,
    barycentric: new Float32Array(n * 3).fill(1 / 3),
    normalOffset: new Float32Array(n),
    logScales: new Float32Array(n * 3),
    rotations: Float32Array.from({ length: n * 4 }, (_, i) => (i % 4 === 0 ? 1 : 0)),
    logitOpacities: new Float32Array(n),
    sh: new Float32Array(n * 3),
  };
}

describe('driveAvatarCpu', () => {
  it('places a Gaussian on its triangle frame: offset along the normal, rotation and scale from the frame', () => {
    // A right triangle in the z = 1 plane, edges of length 2 along x and y.
    const mesh: Mesh = {
      vertexCount: 3,
      triangleCount: 1,
      vertices: new Float32Array([0, 0, 1, 2, 0, 1, 0, 2, 1]),
      triangles: new Uint32Array([0, 1, 2]),
    };
    const avatar = { ...bindToTriangles(new Uint32Array([0])), normalOffset: new Float32Array([0.5]) };
    avatar.barycentric.set([1, 0, 0]);
    const cloud = driveAvatarCpu(avatar, mesh);
    const k = (2 + 2 + Math.SQRT2 * 2) / 3;
    expect(Array.from(cloud.means)).toEqual([0, 0, 1 + 0.5 * k].map((v) => expect.closeTo(v, 6)));
    expect(cloud.logScales[0]).toBeCloseTo(Math.log(k), 6);
    // Frame axes are x, y, z here: the identity rotation.
    expect(Math.abs(cloud.rotations[0]!)).toBeCloseTo(1, 6);
    expect(checkValue(GaussianCloud, cloud)).toBeNull();
  });

  it('converts rotation matrices to quaternions on every branch', () => {
    const cases: [number, number, number, number][] = [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0.5, 0.5, -0.5, 0.5],
    ];
    for (const [w, x, y, z] of cases) {
      const m = [
        1 - 2 * (y * y + z * z),
        2 * (x * y - w * z),
        2 * (x * z + w * y),
        2 * (x * y + w * z),
        1 - 2 * (x * x + z * z),
        2 * (y * z - w * x),
        2 * (x * z - w * y),
        2 * (y * z + w * x),
        1 - 2 * (x * x + y * y),
      ] as const;
      const q = matrixToQuaternion(...m);
      const sign = Math.sign(q[0] * w + q[1] * x + q[2] * y + q[3] * z);
      expect(q.map((v) => v * sign)).toEqual([w, x, y, z].map((v) => expect.closeTo(v, 9)));
    }
  });

  it('on the ICT head, jawOpen moves mouth-region Gaussians and leaves skull-region ones still', () => {
    const path = resolveAsset('ict-facekit-light/ict_facekit_light.npz');
    const npz = readNpz(new Uint8Array(readFileSync(path)), path, {
      keys: ['v_template', 'exprdirs', 'expr_names', 'f', 'region', 'region_names'],
    });
    const template = npz.v_template!.data as Float32Array;
    const V = template.length / 3;
    const names = npz.expr_names!.data as string[];
    const E = names.length;
    const jaw = names.indexOf('jawOpen');
    expect(jaw).toBeGreaterThanOrEqual(0);
    const exprdirs = float16ToFloat32(npz.exprdirs!.data as Uint16Array);
    const open = Float32Array.from(template, (v, i) => v + exprdirs[i * E + jaw]!);
    const f = npz.f!.data as Int32Array;
    const triangles = new Uint32Array(f);
    const meshAt = (vertices: Float32Array): Mesh => ({
      vertexCount: V,
      triangleCount: triangles.length / 3,
      vertices,
      triangles,
    });

    const region = npz.region!.data as Uint8Array;
    const regionNames = npz.region_names!.data as string[];
    const trianglesIn = (names: string[]) => {
      const ids = new Set(names.map((n) => regionNames.indexOf(n)));
      const out: number[] = [];
      for (let t = 0; t < triangles.length / 3; t++) {
        if ([0, 1, 2].every((c) => ids.has(region[triangles[t * 3 + c]!]!))) out.push(t);
      }
      return new Uint32Array(out);
    };
    const skull = trianglesIn(['eyeball_left', 'eyeball_right', 'eye_socket_left', 'eye_socket_right']);
    const mouth = trianglesIn(['gums_tongue']);
    expect(skull.length).toBeGreaterThan(100);
    expect(mouth.length).toBeGreaterThan(100);

    const moved = (tris: Uint32Array) => {
      const avatar = bindToTriangles(tris);
      const a = driveAvatarCpu(avatar, meshAt(template)).means;
      const b = driveAvatarCpu(avatar, meshAt(open)).means;
      const d = new Float32Array(tris.length);
      for (let i = 0; i < tris.length; i++)
        d[i] = Math.hypot(
          b[i * 3]! - a[i * 3]!,
          b[i * 3 + 1]! - a[i * 3 + 1]!,
          b[i * 3 + 2]! - a[i * 3 + 2]!,
        );
      return d;
    };
    const skullMoves = moved(skull);
    const mouthMoves = moved(mouth);
    expect(Math.max(...skullMoves)).toBeLessThan(0.0005); // < 0.5 mm
    expect(mouthMoves.reduce((s, v) => s + v, 0) / mouthMoves.length).toBeGreaterThan(0.005); // > 5 mm on average
  });
});
