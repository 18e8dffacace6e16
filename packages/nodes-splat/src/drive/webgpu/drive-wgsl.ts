// WGSL twin of driveAvatarCpu (../drive-cpu.ts): one thread per bound Gaussian builds its
// triangle's frame (origin at the barycentric point, e0 = first edge, e2 = unit normal,
// e1 = e2 x e0, scale k = mean edge length) and writes the world mean, log-scale and rotation.
//
// `binding` packs the avatar's per-Gaussian data, three vec4<u32> (f32 values as bits):
//   [0] triangle id, barycentric 0, 1, 2   [1] normal offset, local log-scale 0, 1, 2
//   [2] local rotation w, x, y, z
export const DRIVE_WG = 128;

export const driveWgsl = /* wgsl */ `
const WG: u32 = ${DRIVE_WG}u;
struct Params { n: u32, triangles: u32, _a: u32, _b: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> binding: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> vertices: array<f32>;
@group(0) @binding(3) var<storage, read> faces: array<u32>;
@group(0) @binding(4) var<storage, read_write> means: array<f32>;
@group(0) @binding(5) var<storage, read_write> log_scales: array<f32>;
@group(0) @binding(6) var<storage, read_write> rotations: array<vec4<f32>>;

fn vertex(v: u32) -> vec3<f32> { return vec3<f32>(vertices[3u * v], vertices[3u * v + 1u], vertices[3u * v + 2u]); }

// Rotation matrix (columns c0, c1, c2) to a unit quaternion wxyz, Shepperd's method, the same
// branches as matrixToQuaternion in triangle-frame.ts.
fn matrix_to_quaternion(c0: vec3<f32>, c1: vec3<f32>, c2: vec3<f32>) -> vec4<f32> {
  let m00 = c0.x; let m01 = c1.x; let m02 = c2.x;
  let m10 = c0.y; let m11 = c1.y; let m12 = c2.y;
  let m20 = c0.z; let m21 = c1.z; let m22 = c2.z;
  let trace = m00 + m11 + m22;
  if (trace > 0.0) {
    let s = sqrt(trace + 1.0) * 2.0;
    return vec4<f32>(0.25 * s, (m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s);
  }
  if (m00 > m11 && m00 > m22) {
    let s = sqrt(1.0 + m00 - m11 - m22) * 2.0;
    return vec4<f32>((m21 - m12) / s, 0.25 * s, (m01 + m10) / s, (m02 + m20) / s);
  }
  if (m11 > m22) {
    let s = sqrt(1.0 + m11 - m00 - m22) * 2.0;
    return vec4<f32>((m02 - m20) / s, (m01 + m10) / s, 0.25 * s, (m12 + m21) / s);
  }
  let s = sqrt(1.0 + m22 - m00 - m11) * 2.0;
  return vec4<f32>((m10 - m01) / s, (m02 + m20) / s, (m12 + m21) / s, 0.25 * s);
}

@compute @workgroup_size(${DRIVE_WG})
fn drive(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
         @builtin(local_invocation_index) lid: u32) {
  let i = (wid.x + wid.y * nwg.x) * WG + lid;
  if (i >= P.n) { return; }
  let b0 = binding[3u * i];
  let b1 = bitcast<vec4<f32>>(binding[3u * i + 1u]);
  let local_q = bitcast<vec4<f32>>(binding[3u * i + 2u]);
  let f = b0.x;
  // The host checks triangle ids against the mesh; this only keeps a bad one from reading garbage.
  if (f >= P.triangles) { return; }
  let bary = bitcast<vec3<f32>>(b0.yzw);
  let pa = vertex(faces[3u * f]); let pb = vertex(faces[3u * f + 1u]); let pc = vertex(faces[3u * f + 2u]);
  let e0 = pb - pa;
  let e1 = pc - pa;
  var nrm = cross(e0, e1);
  let nl = length(nrm);
  nrm = nrm * select(1.0 / nl, 1.0, nl == 0.0);
  let l0 = length(e0);
  let ax_u = e0 * select(1.0 / l0, 1.0, l0 == 0.0);
  let ax_v = cross(nrm, ax_u);
  let k = (l0 + length(e1) + length(pc - pb)) / 3.0;

  let off = b1.x * k;
  let mean = bary.x * pa + bary.y * pb + bary.z * pc + off * nrm;
  means[3u * i] = mean.x; means[3u * i + 1u] = mean.y; means[3u * i + 2u] = mean.z;
  let log_k = log(k);
  log_scales[3u * i] = b1.y + log_k; log_scales[3u * i + 1u] = b1.z + log_k; log_scales[3u * i + 2u] = b1.w + log_k;

  // q_world = q_frame * q_local (Hamilton product, wxyz).
  let fq = matrix_to_quaternion(ax_u, ax_v, nrm);
  let fw = fq.x; let fx = fq.y; let fy = fq.z; let fz = fq.w;
  let lw = local_q.x; let lx = local_q.y; let ly = local_q.z; let lz = local_q.w;
  rotations[i] = vec4<f32>(
    fw * lw - fx * lx - fy * ly - fz * lz,
    fw * lx + fx * lw + fy * lz - fz * ly,
    fw * ly - fx * lz + fy * lw + fz * lx,
    fw * lz + fx * ly - fy * lx + fz * lw);
}
`;
