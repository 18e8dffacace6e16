// WGSL for the multi-level exclusive scan of u32 (wrapping, like u32 arithmetic on the CPU).
//
// One workgroup scans a block of SCAN_BLOCK = 64 threads x 64 consecutive elements: each thread
// sums its run serially, an unrolled Hillis-Steele scan across the 64 thread totals gives each
// thread its starting offset, and the thread writes its run's prefixes. Each block's total goes to
// `sums`, which the next level scans; `add_block_sums` adds those back.
//
// Shaped for SwiftShader as much as for GPUs: it runs a workgroup's invocations as fibers switched
// at every barrier, and loops over workgroup memory are slow there. Measured on 1M elements:
// 256 threads x 16 through a workgroup tile with looped barriers 1.5 s; this shape 21 ms.
import { LINEAR_WORKGROUP } from './dispatch.js';
import { workgroupInclusiveScan } from './wgsl-scan-steps.js';

const SCAN_THREADS = 64;
const SCAN_PER_THREAD = 64;
export const SCAN_BLOCK = SCAN_THREADS * SCAN_PER_THREAD;

const header = `
const WG: u32 = ${SCAN_THREADS}u;
const PER: u32 = ${SCAN_PER_THREAD}u;
const BLOCK: u32 = ${SCAN_BLOCK}u;
struct Params { n: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<uniform> params: Params;
`;

/** `inPlace`: scans `data` itself; otherwise reads `src` and writes `data`. */
export function scanBlocksWgsl(inPlace: boolean): string {
  const src = inPlace ? 'data' : 'src';
  return `${header}
@group(0) @binding(1) var<storage, read_write> data: array<u32>;
@group(0) @binding(2) var<storage, read_write> sums: array<u32>;
${inPlace ? '' : '@group(0) @binding(3) var<storage, read> src: array<u32>;'}

var<workgroup> partial: array<u32, ${2 * SCAN_THREADS}>;

@compute @workgroup_size(${SCAN_THREADS})
fn scan_blocks(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
               @builtin(local_invocation_index) lid: u32) {
  let block = ${LINEAR_WORKGROUP};
  // Uniform: depends only on the workgroup id and a uniform, so the barriers below stay legal.
  if (block * BLOCK >= params.n) { return; }
  let n = params.n;
  let first = block * BLOCK + lid * PER;
  let end = min(first + PER, n);
  var total = 0u;
  for (var i = first; i < end; i++) { total += ${src}[i]; }
  ${workgroupInclusiveScan({ buf: 'partial', own: 'total', result: 'inclusive', threads: SCAN_THREADS })}
  var run = inclusive - total;
  for (var i = first; i < end; i++) {
    let v = ${src}[i];
    data[i] = run;
    run += v;
  }
  if (lid == WG - 1u) { sums[block] = inclusive; }
}
`;
}

export const addBlockSumsWgsl = `${header}
@group(0) @binding(1) var<storage, read_write> data: array<u32>;
@group(0) @binding(2) var<storage, read> sums: array<u32>;

@compute @workgroup_size(${SCAN_THREADS})
fn add_block_sums(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
                  @builtin(local_invocation_index) lid: u32) {
  let block = ${LINEAR_WORKGROUP};
  // Block 0's offset is 0: nothing to add.
  if (block == 0u || block * BLOCK >= params.n) { return; }
  let add = sums[block];
  // Order does not matter here, so neighbouring threads touch neighbouring words.
  for (var k = 0u; k < PER; k++) {
    let i = block * BLOCK + k * WG + lid;
    if (i < params.n) { data[i] += add; }
  }
}
`;
