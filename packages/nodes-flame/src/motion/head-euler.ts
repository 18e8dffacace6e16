import { matrixToAxisAngle, rodrigues } from '@ffavatar/core/geometry';

/**
 * Head yaw / pitch / roll (radians; yaw about +y, pitch about +x, roll about +z, applied roll
 * first: R = Ry Rx Rz) as our axis-angle rotation. Live Link Face writes head angles as Euler
 * angles; this is the one place their order is fixed.
 */
export function eulerToAxisAngle(yaw: number, pitch: number, roll: number): [number, number, number] {
  const y = new Float64Array(9),
    x = new Float64Array(9),
    z = new Float64Array(9);
  rodrigues(0, yaw, 0, y);
  rodrigues(pitch, 0, 0, x);
  rodrigues(0, 0, roll, z);
  return matrixToAxisAngle(mul(mul(y, x), z));
}

/** The inverse of eulerToAxisAngle (pitch within +-90 degrees). */
export function axisAngleToEuler(vx: number, vy: number, vz: number): [number, number, number] {
  const m = new Float64Array(9);
  rodrigues(vx, vy, vz, m);
  const pitch = Math.asin(Math.max(-1, Math.min(1, -m[5]!)));
  return [Math.atan2(m[2]!, m[8]!), pitch, Math.atan2(m[3]!, m[4]!)];
}

function mul(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(9);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      out[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  return out;
}
