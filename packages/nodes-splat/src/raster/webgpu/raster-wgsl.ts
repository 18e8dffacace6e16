// WGSL for the 3DGS forward pass on WebGPU. Each kernel mirrors a step of the CPU reference in
// ../project-cpu.ts, ../tiles.ts and ../blend-cpu.ts, in f32 instead of f64; the tests in this
// folder hold the two together.
//
// Frame: project (one thread per Gaussian) -> stable radix sort of (depth key, id) -> per sorted
// Gaussian tile count -> exclusive scan -> emit (tile + 1, id) pairs in depth order -> stable radix
// sort by tile -> tile ranges -> blend (one workgroup per 16x16 tile). Sorting by depth first and
// then stably by tile gives every tile exactly the CPU's list: nearest first, ties by id.
//
// Per Gaussian, `splats` holds four vec4<u32> (f32 values as bits, so the integer tile rectangle
// in the .w lanes survives untouched):
//   [0] u, v, opacity, camera depth      [1] conic a, b, c, tile x0 | y0 << 16
//   [2] r, g, b,       tile x1 | y1 << 16
//   [3] for the 'rows' blend: first and last pixel-centre y the alpha >= ALPHA_MIN ellipse can
//       reach (widened by a pixel), its size m = -2 ln(ALPHA_MIN / opacity) (0.1 % larger), and
//       the conic's determinant
import { ALPHA_MAX, ALPHA_MIN, T_MIN } from '../blend-cpu.js';
import { DILATION, NEAR_PLANE } from '../project-cpu.js';
import { SH_C0 } from '@ffavatar/core/geometry';
import { TILE_SIZE } from '../tiles.js';

/** Threads per workgroup of the per-Gaussian and per-pair kernels. */
export const WG_LINEAR = 128;

/**
 * Depth keys: bits(z) - bits(NEAR_PLANE) for visible Gaussians (z > NEAR_PLANE, so >= 1 and
 * monotonic in z), clamped to DEPTH_KEY_MAX; culled ones get DEPTH_KEY_CULLED and sort last.
 * 28 bits cover depths up to about 4e7 m in 7 radix passes instead of 8.
 */
export const DEPTH_KEY_BITS = 28;
const DEPTH_KEY_CULLED = 2 ** DEPTH_KEY_BITS - 1;
const DEPTH_KEY_MAX = DEPTH_KEY_CULLED - 1;

/**
 * Pair values: the Gaussian id in the low PAIR_ID_BITS bits, the tile rows its alpha >= 1/255
 * ellipse can reach in the high 8 (for the rows blend). 2^24 Gaussians would need 1 GiB of splat
 * records, past WebGPU's usual binding limit anyway; the rasterizer refuses more.
 */
const PAIR_ID_BITS = 24;
export const PAIR_ID_MASK = 2 ** PAIR_ID_BITS - 1;

/** WGSL float literal that round-trips a JS number through f32. */
function f(x: number): string {
  const v = Math.fround(x);
  const s = v.toPrecision(9);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const LINEAR_ID = 'let i = (wid.x + wid.y * nwg.x) * WG + lid;';
const LINEAR_BUILTINS = `@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32`;

const SH_C1 = 0.4886025119029199;
const SH_C2 = [
  1.0925484305920792, -1.0925484305920792, 0.31539156525252005, -1.0925484305920792, 0.5462742152960396,
];
const SH_C3 = [
  -0.5900435899266435, 2.890611442640554, -0.4570457994644658, 0.3731763325901154, -0.4570457994644658,
  1.445305721320277, -0.5900435899266435,
];

/** Project: world -> image, EWA covariance, 3-sigma radius, cull, SH colour, tile rectangle, depth key. */
export const projectWgsl = /* wgsl */ `
const WG: u32 = ${WG_LINEAR}u;
const NEAR: f32 = ${f(NEAR_PLANE)};
const DILATION: f32 = ${f(DILATION)};
const TILE: f32 = ${f(TILE_SIZE)};
const KEY_CULLED: u32 = ${DEPTH_KEY_CULLED}u;
const KEY_MAX: u32 = ${DEPTH_KEY_MAX}u;
const ALPHA_MIN: f32 = ${f(ALPHA_MIN)};

struct Params {
  // Rows of the world-to-camera rotation, translation in .w.
  r0: vec4<f32>, r1: vec4<f32>, r2: vec4<f32>,
  // Camera centre in world space (xyz).
  centre: vec4<f32>,
  // fx, fy, cx, cy
  intr: vec4<f32>,
  // FOV clamp limits x, y; image width, height (as floats)
  lim: vec4<f32>,
  n: u32, sh_k: u32, tiles_x: u32, tiles_y: u32,
}
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> means: array<f32>;
@group(0) @binding(2) var<storage, read> log_scales: array<f32>;
@group(0) @binding(3) var<storage, read> rotations: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> logit_opacities: array<f32>;
@group(0) @binding(5) var<storage, read> sh: array<f32>;
@group(0) @binding(6) var<storage, read_write> splats: array<vec4<u32>>;
@group(0) @binding(7) var<storage, read_write> depth_keys: array<u32>;

@compute @workgroup_size(${WG_LINEAR})
fn project(${LINEAR_BUILTINS}) {
  ${LINEAR_ID}
  if (i >= P.n) { return; }
  depth_keys[i] = KEY_CULLED;
  let m = vec3<f32>(means[3u * i], means[3u * i + 1u], means[3u * i + 2u]);
  let px = dot(P.r0.xyz, m) + P.r0.w;
  let py = dot(P.r1.xyz, m) + P.r1.w;
  let pz = dot(P.r2.xyz, m) + P.r2.w;
  if (!(pz > NEAR)) { return; }

  // Sigma = M M^T, M = Rq S.
  var q = rotations[i];
  let ql = length(q);
  q = q * select(1.0 / ql, 1.0, ql == 0.0);
  let qw = q.x; let qx = q.y; let qy = q.z; let qz = q.w;
  let sx = exp(log_scales[3u * i]); let sy = exp(log_scales[3u * i + 1u]); let sz = exp(log_scales[3u * i + 2u]);
  let m00 = (1.0 - 2.0 * (qy * qy + qz * qz)) * sx; let m01 = 2.0 * (qx * qy - qw * qz) * sy; let m02 = 2.0 * (qx * qz + qw * qy) * sz;
  let m10 = 2.0 * (qx * qy + qw * qz) * sx; let m11 = (1.0 - 2.0 * (qx * qx + qz * qz)) * sy; let m12 = 2.0 * (qy * qz - qw * qx) * sz;
  let m20 = 2.0 * (qx * qz - qw * qy) * sx; let m21 = 2.0 * (qy * qz + qw * qx) * sy; let m22 = (1.0 - 2.0 * (qx * qx + qy * qy)) * sz;
  let s00 = m00 * m00 + m01 * m01 + m02 * m02; let s01 = m00 * m10 + m01 * m11 + m02 * m12; let s02 = m00 * m20 + m01 * m21 + m02 * m22;
  let s11 = m10 * m10 + m11 * m11 + m12 * m12; let s12 = m10 * m20 + m11 * m21 + m12 * m22; let s22 = m20 * m20 + m21 * m21 + m22 * m22;

  // T = J W, J at the direction clamped to 1.3x the field of view.
  let inv_z = 1.0 / pz;
  let tx = clamp(px * inv_z, -P.lim.x, P.lim.x) * pz;
  let ty = clamp(py * inv_z, -P.lim.y, P.lim.y) * pz;
  let fx = P.intr.x; let fy = P.intr.y;
  let j00 = fx * inv_z; let j02 = -fx * tx * inv_z * inv_z;
  let j11 = fy * inv_z; let j12 = -fy * ty * inv_z * inv_z;
  let t00 = j00 * P.r0.x + j02 * P.r2.x; let t01 = j00 * P.r0.y + j02 * P.r2.y; let t02 = j00 * P.r0.z + j02 * P.r2.z;
  let t10 = j11 * P.r1.x + j12 * P.r2.x; let t11 = j11 * P.r1.y + j12 * P.r2.y; let t12 = j11 * P.r1.z + j12 * P.r2.z;
  let u0 = t00 * s00 + t01 * s01 + t02 * s02; let u1 = t00 * s01 + t01 * s11 + t02 * s12; let u2 = t00 * s02 + t01 * s12 + t02 * s22;
  let v0 = t10 * s00 + t11 * s01 + t12 * s02; let v1 = t10 * s01 + t11 * s11 + t12 * s12; let v2 = t10 * s02 + t11 * s12 + t12 * s22;
  let a = u0 * t00 + u1 * t01 + u2 * t02 + DILATION;
  let b = u0 * t10 + u1 * t11 + u2 * t12;
  let c = v0 * t10 + v1 * t11 + v2 * t12 + DILATION;
  let det = a * c - b * b;
  if (!(det > 0.0)) { return; }
  let mid = 0.5 * (a + c);
  let lambda = mid + sqrt(max(0.1, mid * mid - det));
  let radius = ceil(3.0 * sqrt(lambda));
  let u = fx * px * inv_z + P.intr.z;
  let v = fy * py * inv_z + P.intr.w;
  if (u + radius <= 0.0 || u - radius >= P.lim.z || v + radius <= 0.0 || v - radius >= P.lim.w) { return; }

  // Tiles floor((u - r) / 16) .. floor((u + r) / 16), clamped (tiles.ts, tileRect).
  let x0 = u32(max(0.0, floor((u - radius) / TILE)));
  let y0 = u32(max(0.0, floor((v - radius) / TILE)));
  let x1 = u32(min(f32(P.tiles_x - 1u), floor((u + radius) / TILE)));
  let y1 = u32(min(f32(P.tiles_y - 1u), floor((v + radius) / TILE)));

  // View-dependent colour from the direction camera centre -> Gaussian (world space).
  var d = m - P.centre.xyz;
  let dl = length(d);
  d = d * select(1.0 / dl, 1.0, dl == 0.0);
  let x = d.x; let y = d.y; let z = d.z;
  var basis: array<f32, 16>;
  basis[0] = ${f(SH_C0)};
  if (P.sh_k > 1u) {
    basis[1] = ${f(-SH_C1)} * y; basis[2] = ${f(SH_C1)} * z; basis[3] = ${f(-SH_C1)} * x;
  }
  if (P.sh_k > 4u) {
    let xx = x * x; let yy = y * y; let zz = z * z; let xy = x * y; let yz = y * z; let xz = x * z;
    basis[4] = ${f(SH_C2[0]!)} * xy;
    basis[5] = ${f(SH_C2[1]!)} * yz;
    basis[6] = ${f(SH_C2[2]!)} * (2.0 * zz - xx - yy);
    basis[7] = ${f(SH_C2[3]!)} * xz;
    basis[8] = ${f(SH_C2[4]!)} * (xx - yy);
    if (P.sh_k > 9u) {
      basis[9] = ${f(SH_C3[0]!)} * y * (3.0 * xx - yy);
      basis[10] = ${f(SH_C3[1]!)} * xy * z;
      basis[11] = ${f(SH_C3[2]!)} * y * (4.0 * zz - xx - yy);
      basis[12] = ${f(SH_C3[3]!)} * z * (2.0 * zz - 3.0 * xx - 3.0 * yy);
      basis[13] = ${f(SH_C3[4]!)} * x * (4.0 * zz - xx - yy);
      basis[14] = ${f(SH_C3[5]!)} * z * (xx - yy);
      basis[15] = ${f(SH_C3[6]!)} * x * (xx - 3.0 * yy);
    }
  }
  var rgb = vec3<f32>(0.0);
  let base = i * P.sh_k * 3u;
  for (var j = 0u; j < P.sh_k; j++) {
    let o = base + 3u * j;
    rgb += basis[j] * vec3<f32>(sh[o], sh[o + 1u], sh[o + 2u]);
  }
  rgb = max(vec3<f32>(0.0), rgb + 0.5);
  let opacity = 1.0 / (1.0 + exp(-logit_opacities[i]));

  splats[4u * i] = bitcast<vec4<u32>>(vec4<f32>(u, v, opacity, pz));
  splats[4u * i + 1u] = vec4<u32>(bitcast<vec3<u32>>(vec3<f32>(c / det, -b / det, a / det)), x0 | (y0 << 16u));
  splats[4u * i + 2u] = vec4<u32>(bitcast<vec3<u32>>(rgb), x1 | (y1 << 16u));
  // The rows blend's prefilter: q = A dx^2 + 2 B dx dy + C dy^2 <= m reaches |dy| <= sqrt(A m / det).
  let ca = c / det; let cb = -b / det; let cc = a / det;
  let cdet = ca * cc - cb * cb;
  let mm = -2.0 * log(ALPHA_MIN / opacity) * 1.001 + 0.01;
  let ey = sqrt(max(0.0, ca * mm / cdet)) + 1.0;
  let rows = select(vec2<f32>(3.0e38, -3.0e38), vec2<f32>(v - ey, v + ey), mm > 0.0 && cdet > 0.0);
  splats[4u * i + 3u] = bitcast<vec4<u32>>(vec4<f32>(rows, mm, cdet));
  depth_keys[i] = min(bitcast<u32>(pz) - bitcast<u32>(NEAR), KEY_MAX);
}
`;

const PAIR_PARAMS = /* wgsl */ `
const WG: u32 = ${WG_LINEAR}u;
const PAIR_ID_BITS: u32 = ${PAIR_ID_BITS}u;
const KEY_CULLED: u32 = ${DEPTH_KEY_CULLED}u;
struct Params { n: u32, capacity: u32, tiles_x: u32, tiles: u32 }
@group(0) @binding(0) var<uniform> P: Params;

fn rect_area(r0: u32, r1: u32) -> u32 {
  return ((r1 & 0xffffu) - (r0 & 0xffffu) + 1u) * ((r1 >> 16u) - (r0 >> 16u) + 1u);
}
`;

/**
 * After the depth sort: tiles touched by the o-th nearest Gaussian (0 when culled), scanned next
 * into its first pair slot. Also stores how many are visible (info[1]).
 */
export const countTilesWgsl = /* wgsl */ `${PAIR_PARAMS}
@group(0) @binding(1) var<storage, read> sorted_keys: array<u32>;
@group(0) @binding(2) var<storage, read> sorted_ids: array<u32>;
@group(0) @binding(3) var<storage, read> splats: array<vec4<u32>>;
@group(0) @binding(4) var<storage, read_write> counts: array<u32>;
@group(0) @binding(5) var<storage, read_write> info: array<u32>;

@compute @workgroup_size(${WG_LINEAR})
fn count_tiles(${LINEAR_BUILTINS}) {
  ${LINEAR_ID}
  if (i >= P.n) { return; }
  var count = 0u;
  if (sorted_keys[i] != KEY_CULLED) {
    let id = sorted_ids[i];
    count = rect_area(splats[4u * id + 1u].w, splats[4u * id + 2u].w);
    if (i + 1u == P.n || sorted_keys[i + 1u] == KEY_CULLED) { info[1] = i + 1u; }
  }
  counts[i] = count;
}
`;

/**
 * One thread per sorted Gaussian writes its (tile + 1, id) pairs from its scanned offset: pairs come
 * out in depth order. Slots past `capacity` are dropped; info[0] = the total, so the host sees an
 * overflow and renders again with room.
 */
export const emitPairsWgsl = /* wgsl */ `${PAIR_PARAMS}
@group(0) @binding(1) var<storage, read> sorted_keys: array<u32>;
@group(0) @binding(2) var<storage, read> sorted_ids: array<u32>;
@group(0) @binding(3) var<storage, read> splats: array<vec4<u32>>;
@group(0) @binding(4) var<storage, read> offsets: array<u32>;
@group(0) @binding(5) var<storage, read_write> pair_keys: array<u32>;
@group(0) @binding(6) var<storage, read_write> pair_ids: array<u32>;
@group(0) @binding(7) var<storage, read_write> info: array<u32>;

@compute @workgroup_size(${WG_LINEAR})
fn emit_pairs(${LINEAR_BUILTINS}) {
  ${LINEAR_ID}
  if (i >= P.n) { return; }
  let start = offsets[i];
  if (sorted_keys[i] == KEY_CULLED) {
    if (i + 1u == P.n) { info[0] = start; }
    return;
  }
  let id = sorted_ids[i];
  let r0 = splats[4u * id + 1u].w;
  let r1 = splats[4u * id + 2u].w;
  if (i + 1u == P.n) { info[0] = start + rect_area(r0, r1); }
  // The rows blend's prefilter per tile: pixel rows of the tile the splat's ellipse can reach
  // (splats[3].xy), packed above the id (PAIR_ID_BITS) as first | last << 4 (first 15, last 0: none).
  let yr = bitcast<vec2<f32>>(splats[4u * id + 3u].xy);
  var k = start;
  for (var ty = r0 >> 16u; ty <= (r1 >> 16u); ty++) {
    let base = f32(ty * 16u) + 0.5;
    let lo = ceil(yr.x - base);
    let hi = floor(yr.y - base);
    var rows = 15u;
    if (!(hi < 0.0 || lo > 15.0 || lo > hi)) { rows = u32(max(lo, 0.0)) | (u32(min(hi, 15.0)) << 4u); }
    let value = id | (rows << PAIR_ID_BITS);
    for (var tx = r0 & 0xffffu; tx <= (r1 & 0xffffu); tx++) {
      if (k < P.capacity) {
        pair_keys[k] = ty * P.tiles_x + tx + 1u;
        pair_ids[k] = value;
      }
      k++;
    }
  }
}
`;

/**
 * After the tile sort (unused slots hold key 0 and sort first): the [start, end) of every tile's
 * run; tiles with none keep the cleared (0, 0).
 */
export const tileRangesWgsl = /* wgsl */ `${PAIR_PARAMS}
@group(0) @binding(1) var<storage, read> pair_keys: array<u32>;
@group(0) @binding(2) var<storage, read_write> ranges: array<vec2<u32>>;

@compute @workgroup_size(${WG_LINEAR})
fn tile_ranges(${LINEAR_BUILTINS}) {
  ${LINEAR_ID}
  if (i >= P.capacity) { return; }
  let key = pair_keys[i];
  if (key == 0u) { return; }
  if (i == 0u || pair_keys[i - 1u] != key) { ranges[key - 1u].x = i; }
  if (i + 1u == P.capacity || pair_keys[i + 1u] != key) { ranges[key - 1u].y = i + 1u; }
}
`;

export type BlendVariant = 'shared' | 'direct' | 'rows';

const BLEND_HEADER = /* wgsl */ `
const PAIR_ID_BITS: u32 = ${PAIR_ID_BITS}u;
const ALPHA_MIN: f32 = ${f(ALPHA_MIN)};
const ALPHA_MAX: f32 = ${f(ALPHA_MAX)};
const T_MIN: f32 = ${f(T_MIN)};
const BATCH: u32 = ${TILE_SIZE * TILE_SIZE}u;
const PAIR_ID_MASK: u32 = ${PAIR_ID_MASK}u;
// inf_bits: 0x7f800000 (+Infinity, the depth of empty pixels; WGSL has no infinite constants).
struct Params { width: u32, height: u32, tiles_x: u32, inf_bits: u32, background: vec4<f32> }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> ranges: array<vec2<u32>>;
@group(0) @binding(2) var<storage, read> pair_ids: array<u32>;
@group(0) @binding(3) var<storage, read> splats: array<vec4<u32>>;
// rgba [H, W, 4], then depth [H, W].
@group(0) @binding(4) var<storage, read_write> image: array<f32>;

struct Pixel { rgb: vec3<f32>, z: f32, t: f32, done: bool }

// One splat over one pixel, the 3DGS rules (blend-cpu.ts): skip faint, stop before T < T_MIN.
fn blend_one(px: ptr<function, Pixel>, pf: vec2<f32>, s0: vec4<f32>, s1: vec4<f32>, s2: vec4<f32>) {
  let d = s0.xy - pf;
  let power = -0.5 * (s1.x * d.x * d.x + s1.z * d.y * d.y) - s1.y * d.x * d.y;
  if (power > 0.0) { return; }
  let alpha = min(ALPHA_MAX, s0.z * exp(power));
  if (alpha < ALPHA_MIN) { return; }
  let next_t = (*px).t * (1.0 - alpha);
  if (next_t < T_MIN) { (*px).done = true; return; }
  let w = alpha * (*px).t;
  (*px).rgb += w * s2.xyz;
  (*px).z += w * s0.w;
  (*px).t = next_t;
}

fn write_pixel(x: u32, y: u32, px: Pixel) {
  let p = y * P.width + x;
  let c = px.rgb + px.t * P.background.xyz;
  image[4u * p] = c.x; image[4u * p + 1u] = c.y; image[4u * p + 2u] = c.z; image[4u * p + 3u] = 1.0 - px.t;
  image[4u * P.width * P.height + p] = select(bitcast<f32>(P.inf_bits), px.z / (1.0 - px.t), px.t < 1.0);
}
`;

/**
 * Blend, one 16x16 workgroup per tile. 'shared' stages batches of 256 splats in workgroup memory
 * and stops the tile once every pixel is done (the 3DGS kernel; barriers inside the batch loop).
 * 'direct' has no barriers: each pixel walks the tile's list reading splats from storage and stops
 * on its own. SwiftShader runs loops with barriers slowly (core/CONTEXT.md); GPUs prefer 'shared'.
 * 'rows' (the default on software adapters) is 'direct' with one thread per 16-pixel row of the
 * tile (see blendRowsWgsl). All three give the same pixels.
 */
export function blendWgsl(variant: BlendVariant): string {
  if (variant === 'rows') return blendRowsWgsl;
  if (variant === 'direct') {
    return /* wgsl */ `${BLEND_HEADER}
@compute @workgroup_size(16, 16)
fn blend(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let x = wid.x * 16u + lid.x;
  let y = wid.y * 16u + lid.y;
  if (x >= P.width || y >= P.height) { return; }
  let pf = vec2<f32>(f32(x) + 0.5, f32(y) + 0.5);
  let range = ranges[wid.y * P.tiles_x + wid.x];
  var px = Pixel(vec3<f32>(0.0), 0.0, 1.0, false);
  for (var k = range.x; k < range.y; k++) {
    let id = pair_ids[k] & PAIR_ID_MASK;
    blend_one(&px, pf, bitcast<vec4<f32>>(splats[4u * id]), bitcast<vec4<f32>>(splats[4u * id + 1u]), bitcast<vec4<f32>>(splats[4u * id + 2u]));
    if (px.done) { break; }
  }
  write_pixel(x, y, px);
}
`;
  }
  return /* wgsl */ `${BLEND_HEADER}
var<workgroup> batch0: array<vec4<f32>, BATCH>;
var<workgroup> batch1: array<vec4<f32>, BATCH>;
var<workgroup> batch2: array<vec4<f32>, BATCH>;
var<workgroup> done_count: atomic<u32>;
var<workgroup> done_seen: u32;

@compute @workgroup_size(16, 16)
fn blend(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid3: vec3<u32>,
         @builtin(local_invocation_index) lid: u32) {
  let x = wid.x * 16u + lid3.x;
  let y = wid.y * 16u + lid3.y;
  let inside = x < P.width && y < P.height;
  let pf = vec2<f32>(f32(x) + 0.5, f32(y) + 0.5);
  let range = ranges[wid.y * P.tiles_x + wid.x];
  var px = Pixel(vec3<f32>(0.0), 0.0, 1.0, !inside);
  if (lid == 0u) { atomicStore(&done_count, 0u); }
  workgroupBarrier();
  if (px.done) { atomicAdd(&done_count, 1u); }
  let total = range.y - range.x;
  let rounds = (total + BATCH - 1u) / BATCH;
  for (var r = 0u; r < rounds; r++) {
    // Every pixel done: the whole tile stops (uniform: read through workgroupUniformLoad).
    workgroupBarrier();
    if (lid == 0u) { done_seen = atomicLoad(&done_count); }
    if (workgroupUniformLoad(&done_seen) == BATCH) { break; }
    let k = range.x + r * BATCH + lid;
    if (k < range.y) {
      let id = pair_ids[k] & PAIR_ID_MASK;
      batch0[lid] = bitcast<vec4<f32>>(splats[4u * id]);
      batch1[lid] = bitcast<vec4<f32>>(splats[4u * id + 1u]);
      batch2[lid] = bitcast<vec4<f32>>(splats[4u * id + 2u]);
    }
    workgroupBarrier();
    if (!px.done) {
      let count = min(BATCH, total - r * BATCH);
      for (var j = 0u; j < count; j++) {
        blend_one(&px, pf, batch0[j], batch1[j], batch2[j]);
        if (px.done) { atomicAdd(&done_count, 1u); break; }
      }
    }
  }
  if (inside) { write_pixel(x, y, px); }
}
`;
}

/**
 * Blend for CPU-emulated GPUs (SwiftShader): one workgroup of 16 threads per tile, one thread per
 * 16-pixel row, no barriers. Each splat of the tile's list is read once per row instead of once
 * per pixel, rows that its alpha >= ALPHA_MIN ellipse misses are skipped, and on the others only
 * the pixels between the ellipse's edges (widened by a pixel and by a 0.1 % larger ellipse, so
 * f32 rounding never drops a pixel) go through blend_one, the same per-pixel test and arithmetic
 * as 'direct': the pixels are identical, the work is proportional to covered pixels (as on the
 * CPU, blend-cpu.ts). A row stops once its 16 pixels are done.
 */
const blendRowsWgsl = /* wgsl */ `${BLEND_HEADER}
@compute @workgroup_size(16)
fn blend(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let y = wid.y * 16u + lid;
  if (y >= P.height) { return; }
  let x0 = wid.x * 16u;
  let w = min(16u, P.width - x0);
  let pyc = f32(y) + 0.5;
  let range = ranges[wid.y * P.tiles_x + wid.x];
  // Per pixel of the row: colour and depth sums (rgb, z), transmittance, and a done bit
  // (blend_one's arithmetic, on arrays instead of a Pixel struct: SwiftShader indexes them faster).
  var acc: array<vec4<f32>, 16>;
  var tr: array<f32, 16>;
  for (var i = 0u; i < 16u; i++) { acc[i] = vec4<f32>(0.0); tr[i] = 1.0; }
  let all_done = (1u << w) - 1u;
  var done = 0u;
  let last = i32(w) - 1;
  let x0f = f32(x0) + 0.5;
  for (var k = range.x; k < range.y && done != all_done; k++) {
    // Rows the splat's alpha >= ALPHA_MIN ellipse cannot reach (packed by emit_pairs from project's
    // y range, splats[3].xy): skipped without reading the splat.
    let pv = pair_ids[k];
    let first = (pv >> PAIR_ID_BITS) & 15u;
    if (lid < first || lid > (pv >> (PAIR_ID_BITS + 4u))) { continue; }
    let id = pv & PAIR_ID_MASK;
    let s3 = bitcast<vec4<f32>>(splats[4u * id + 3u]);
    let s0 = bitcast<vec4<f32>>(splats[4u * id]);
    let s1 = bitcast<vec4<f32>>(splats[4u * id + 1u]);
    // alpha >= ALPHA_MIN needs q = A dx^2 + 2 B dx dy + C dy^2 <= m = -2 ln(ALPHA_MIN / opacity).
    let dy = s0.y - pyc;
    let disc = s1.x * s3.z - s3.w * dy * dy;
    if (!(disc >= 0.0)) { continue; }
    // dx = u - x_centre in [(-B dy - sq) / A, (-B dy + sq) / A].
    let sq = sqrt(disc);
    let lo = s0.x - (-s1.y * dy + sq) / s1.x - x0f;
    let hi = s0.x - (-s1.y * dy - sq) / s1.x - x0f;
    let p0 = max(0, i32(ceil(clamp(lo, -2.0, 17.0))) - 1);
    let p1 = min(last, i32(floor(clamp(hi, -2.0, 17.0))) + 1);
    if (p0 > p1) { continue; }
    let s2 = bitcast<vec4<f32>>(splats[4u * id + 2u]);
    let cz = vec4<f32>(s2.xyz, s0.w);
    for (var px = p0; px <= p1; px++) {
      if (((done >> u32(px)) & 1u) != 0u) { continue; }
      // blend_one, term for term.
      let d = s0.xy - vec2<f32>(f32(x0 + u32(px)) + 0.5, pyc);
      let power = -0.5 * (s1.x * d.x * d.x + s1.z * d.y * d.y) - s1.y * d.x * d.y;
      if (power > 0.0) { continue; }
      let alpha = min(ALPHA_MAX, s0.z * exp(power));
      if (alpha < ALPHA_MIN) { continue; }
      let t = tr[px];
      let next_t = t * (1.0 - alpha);
      if (next_t < T_MIN) { done |= 1u << u32(px); continue; }
      acc[px] += (alpha * t) * cz;
      tr[px] = next_t;
    }
  }
  for (var i = 0u; i < w; i++) { write_pixel(x0 + i, y, Pixel(acc[i].xyz, acc[i].w, tr[i], false)); }
}
`;
