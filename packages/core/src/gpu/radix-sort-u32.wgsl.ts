// WGSL for one pass of the stable LSD radix sort: RADIX_BITS (4) bits per pass, blocks of
// RADIX_THREADS x RADIX_PER_THREAD consecutive elements.
//
// histogram: each block counts its digits into counts[digit * blocks + block] (digit-major, so an
//   exclusive scan of `counts` gives every (digit, block) its first output slot, in stable order).
// scatter:   each thread counts the digits of its run into 16-bit lanes packed two per word
//   (8 words = 16 digits); an unrolled Hillis-Steele scan of those across the workgroup gives, per
//   thread, how many of each digit came before it in the block. Walking its run in order and
//   bumping the lane of each element's digit gives its rank among equal digits: stable. A block
//   holds at most 65535 elements, so lanes never carry into each other.
//
// Long serial runs per thread and few, unrolled barriers: SwiftShader runs a workgroup's
// invocations as fibers switched at every barrier, and is slow at loops over workgroup memory.
import { LINEAR_WORKGROUP } from './dispatch.js';
import { workgroupInclusiveScan } from './wgsl-scan-steps.js';

export const RADIX_BITS = 4;
export const RADIX_DIGITS = 1 << RADIX_BITS;
const RADIX_THREADS = 64;
const RADIX_PER_THREAD = 64;
export const RADIX_BLOCK = RADIX_THREADS * RADIX_PER_THREAD;

function header(threads: number, perThread: number): string {
  if (threads * perThread > 0xffff)
    throw new RangeError('a radix block must hold fewer than 65536 elements (16-bit lanes)');
  return `
const WG: u32 = ${threads}u;
const PER: u32 = ${perThread}u;
const BLOCK: u32 = ${threads * perThread}u;
// Pass parameters: shift of this digit, mask of its width (narrower on a last partial pass).
struct Params { n: u32, shift: u32, mask: u32, blocks: u32 }
@group(0) @binding(0) var<uniform> params: Params;

fn lane_shift(d: u32) -> u32 { return (d & 1u) * 16u; }
`;
}

export function radixHistogramWgsl(threads = RADIX_THREADS, perThread = RADIX_PER_THREAD): string {
  return `${header(threads, perThread)}
@group(0) @binding(1) var<storage, read> keys: array<u32>;
@group(0) @binding(2) var<storage, read_write> counts: array<u32>;

var<workgroup> hist: array<atomic<u32>, ${RADIX_DIGITS}>;

@compute @workgroup_size(${threads})
fn radix_histogram(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                   @builtin(local_invocation_index) lid: u32) {
  let block = ${LINEAR_WORKGROUP};
  if (block >= params.blocks) { return; }
  for (var d = lid; d < ${RADIX_DIGITS}u; d += WG) { atomicStore(&hist[d], 0u); }
  workgroupBarrier();
  var c: array<u32, ${RADIX_DIGITS / 2}>;
  let first = block * BLOCK + lid * PER;
  let end = min(first + PER, params.n);
  for (var i = first; i < end; i++) {
    let d = (keys[i] >> params.shift) & params.mask;
    c[d >> 1u] += 1u << lane_shift(d);
  }
  for (var d = 0u; d < ${RADIX_DIGITS}u; d++) {
    let v = (c[d >> 1u] >> lane_shift(d)) & 0xffffu;
    if (v != 0u) { atomicAdd(&hist[d], v); }
  }
  workgroupBarrier();
  for (var d = lid; d < ${RADIX_DIGITS}u; d += WG) { counts[d * params.blocks + block] = atomicLoad(&hist[d]); }
}
`;
}

export function radixScatterWgsl(threads = RADIX_THREADS, perThread = RADIX_PER_THREAD): string {
  return `${header(threads, perThread)}
@group(0) @binding(1) var<storage, read> keys_in: array<u32>;
@group(0) @binding(2) var<storage, read> values_in: array<u32>;
@group(0) @binding(3) var<storage, read> offsets: array<u32>;
@group(0) @binding(4) var<storage, read_write> keys_out: array<u32>;
@group(0) @binding(5) var<storage, read_write> values_out: array<u32>;

// Packed digit counts per thread (digits 0-7 in lo, 8-15 in hi), two halves for the ping-pong scan.
var<workgroup> lo: array<vec4<u32>, ${2 * threads}>;
var<workgroup> hi: array<vec4<u32>, ${2 * threads}>;

@compute @workgroup_size(${threads})
fn radix_scatter(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                 @builtin(local_invocation_index) lid: u32) {
  let block = ${LINEAR_WORKGROUP};
  if (block >= params.blocks) { return; }
  // Each thread owns a run of consecutive elements: thread order then run order is input order.
  let first = block * BLOCK + lid * PER;
  let end = min(first + PER, params.n);
  var c: array<u32, ${RADIX_DIGITS / 2}>;
  for (var i = first; i < end; i++) {
    let d = (keys_in[i] >> params.shift) & params.mask;
    c[d >> 1u] += 1u << lane_shift(d);
  }
  let own_lo = vec4<u32>(c[0], c[1], c[2], c[3]);
  let own_hi = vec4<u32>(c[4], c[5], c[6], c[7]);
  ${workgroupInclusiveScan({ buf: 'lo', own: 'own_lo', result: 'incl_lo', threads })}
  ${workgroupInclusiveScan({ buf: 'hi', own: 'own_hi', result: 'incl_hi', threads })}
  let before_lo = incl_lo - own_lo;
  let before_hi = incl_hi - own_hi;
  var run = array<u32, ${RADIX_DIGITS / 2}>(before_lo.x, before_lo.y, before_lo.z, before_lo.w,
                                            before_hi.x, before_hi.y, before_hi.z, before_hi.w);
  for (var i = first; i < end; i++) {
    let key = keys_in[i];
    let d = (key >> params.shift) & params.mask;
    let w = d >> 1u;
    let rank = (run[w] >> lane_shift(d)) & 0xffffu;
    run[w] += 1u << lane_shift(d);
    let pos = offsets[d * params.blocks + block] + rank;
    keys_out[pos] = key;
    values_out[pos] = values_in[i];
  }
}
`;
}
