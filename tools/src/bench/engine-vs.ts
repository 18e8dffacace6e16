// In-process engine overhead per trivial node, this checkout's core against another build of core,
// interleaved in one process so both see the same machine (it is shared and noisy here):
//   node tools/dist/bench/engine-vs.js <other-checkout>/packages/core/dist
// Build the other checkout's core first (`tsc -p packages/core` there).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import * as ours from '@ffavatar/core';
import { nodeFileAccess } from '@ffavatar/core/node';

type Core = typeof ours;
const otherDist = process.argv[2];
if (!otherDist) {
  console.error('usage: engine-vs <other core dist folder>');
  process.exit(2);
}
const other = (await import(pathToFileURL(resolve(otherDist, 'index.js')).href)) as Core;
const roots = { baseDir: process.cwd(), outDir: undefined };
const files = nodeFileAccess(roots);
const N = 1000;

function chainRunner(core: Core): (seed: number) => Promise<number> {
  const inc = core.defineNode({
    type: 'bench.inc',
    version: 1,
    title: 'Increment',
    category: 'Bench',
    runOn: 'main',
    inputs: { n: core.input(core.Num, { optional: true }) },
    params: z.object({ seed: z.number().default(0) }),
    outputs: { n: core.output(core.Num) },
    run: ({ inputs }) => ({ n: (inputs.n ?? 0) + 1 }),
  });
  const registry = core.createRegistry([core.defineNodePackage({ name: 'bench', nodes: [inc] })]);
  return async (seed) => {
    const { plan } = core.validateGraph(
      {
        format: 'ffavatar-graph',
        version: 1,
        nodes: Array.from({ length: N }, (_, i) => ({ id: `n${i}`, type: 'bench.inc', params: { seed } })),
        edges: Array.from({ length: N - 1 }, (_, i) => ({ from: `n${i}.n`, to: `n${i + 1}.n` })),
        inputs: {},
        outputs: { last: `n${N - 1}.n` },
      },
      registry,
    );
    const t0 = performance.now();
    const r = await core.runGraph(plan!, { roots, files });
    if (r.outputs.last !== N) throw new Error('the chain computed the wrong value');
    return ((performance.now() - t0) * 1000) / N;
  };
}

const runs = { ours: chainRunner(ours), other: chainRunner(other) };
const samples: Record<keyof typeof runs, number[]> = { ours: [], other: [] };
for (let i = 0; i < 3; i++) {
  await runs.ours(-1 - i);
  await runs.other(-1 - i);
} // JIT warm-up
for (let i = 0; i < 21; i++) {
  for (const k of (i % 2 ? ['ours', 'other'] : ['other', 'ours']) as (keyof typeof runs)[])
    samples[k].push(await runs[k](i));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`in-process overhead per node, ${N}-node chain, 21 interleaved runs each (µs): median (min)`);
console.log(`  this core   ${median(samples.ours).toFixed(1)} (${Math.min(...samples.ours).toFixed(1)})`);
console.log(
  `  other core  ${median(samples.other).toFixed(1)} (${Math.min(...samples.other).toFixed(1)})   ${otherDist}`,
);
console.log(`  ratio this / other: ${(median(samples.ours) / median(samples.other)).toFixed(2)}`);
