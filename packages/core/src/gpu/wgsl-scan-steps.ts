// An inclusive Hillis-Steele scan across a workgroup, unrolled in TS rather than looped in WGSL.
// On SwiftShader a barrier inside a WGSL loop costs several times an unrolled one and multiplies
// compile time (measured: 7.6 s -> 1.4 s compile, 1.5 s -> 0.7 s per 1M-element dispatch); GPUs
// do not mind either way.

/**
 * WGSL statements scanning `own` (a value of `type`) over `threads` invocations through the
 * workgroup array `buf` (2 * threads elements, ping-pong), leaving the inclusive result in `result`.
 * Must run in uniform control flow (it has barriers). `lid` is the local invocation index.
 */
export function workgroupInclusiveScan(opts: {
  buf: string;
  own: string;
  result: string;
  threads: number;
}): string {
  const { buf, own, result, threads } = opts;
  const lines = [`${buf}[lid] = ${own};`, 'workgroupBarrier();'];
  let cur = 0;
  for (let off = 1; off < threads; off <<= 1) {
    const next = threads - cur;
    lines.push(
      `{ var v = ${buf}[${cur}u + lid]; if (lid >= ${off}u) { v += ${buf}[${cur}u + lid - ${off}u]; } ${buf}[${next}u + lid] = v; }`,
      'workgroupBarrier();',
    );
    cur = next;
  }
  lines.push(`let ${result} = ${buf}[${cur}u + lid];`);
  return lines.join('\n  ');
}
