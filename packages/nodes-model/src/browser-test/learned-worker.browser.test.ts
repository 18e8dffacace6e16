// The learned nodes in a real Chromium: core's browser worker pool runs this package's browser
// entry in a module Web Worker; onnxruntime-web (wasm, and its WebGPU EP via `?ortEp=webgpu`)
// starts there with its .wasm served beside the bundled plugin, and the outputs are held to a Node
// run of the same node. Without Chromium every test fails with how to install it.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { motionRefinerNode } from '../learned/motion-refiner-node.js';
import { buildReferenceModel, runReference } from '../learned/reference-model.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { seededWeights } from '../learned/weights.js';
import { runNode } from '../test-support/run-node.js';
import { openChromiumPage, ortWasmRoutes, sibling } from './chromium.js';
import { pageForTests } from './page-for-tests.js';
import { testAvatar, testParams } from './learned-worker-fixtures.js';

const require = createRequire(import.meta.url);
const N = 40_000; // over one 32768 chunk
const refiner = buildReferenceModel('motionRefiner', SMALL_SIZE, seededWeights(5));

const { call, opened } = pageForTests(() =>
  openChromiumPage({
    entries: {
      'learned-worker-page': sibling('learned-worker-page'),
      // The worker entry is core's, from its build (nx builds core before this package's tests).
      'worker-entry': join(dirname(require.resolve('@ffavatar/core/browser')), 'worker-entry.js'),
      'nodes-model': sibling('../browser'),
    },
    files: ortWasmRoutes('/'),
    bytes: [['/models/refiner.onnx', refiner]],
    global: 'learnedTest',
    what: 'the browser learned-node test',
  }),
);

describe('learned nodes in a browser worker (Chromium)', () => {
  let nodeOffsets: Float32Array;
  beforeAll(async () => {
    nodeOffsets = (await runNode(motionRefinerNode, { avatar: testAvatar(N), params: testParams() }, {}))
      .offsets.data as Float32Array;
  });

  for (const ep of ['wasm', 'webgpu'] as const) {
    it(`learned.motionRefiner (${ep}) gives the Node run's offsets`, async () => {
      const r = await call('motionRefiner', ep, N);
      expect(r.error).toBeUndefined();
      expect(r).toMatchObject({ ok: true, shape: [N, 3], count: N });
      let worst = 0;
      r.offsets.forEach((v: number, i: number) => {
        worst = Math.max(worst, Math.abs(v - nodeOffsets[i]!));
      });
      expect(worst).toBeLessThan(1e-4);
      expect(nodeOffsets.some((v) => v !== 0)).toBe(true);
    }, 120_000);
  }

  for (const ep of ['wasm', 'webgpu'] as const) {
    it(`model.onnx (${ep}) reads the model over fetch in the worker and equals the reference`, async () => {
      const features = Array.from({ length: 5 * 8 }, (_, i) => Math.sin(i));
      const r = await call('onnxModel', ep, features);
      expect(r.error).toBeUndefined();
      expect(r.backend).toBe(`onnxruntime-web (${ep})`); // the plugin URL's ?ortEp= reached the session
      expect(r.shape).toEqual([5, 3]);
      const want = runReference('motionRefiner', SMALL_SIZE, seededWeights(5), {
        expression: { shape: [1, 53], data: Float32Array.from(testParams().expression) },
        anchor_features: { shape: [5, 8], data: Float32Array.from(features) },
      }).offsets!.data;
      r.out.forEach((v: number, i: number) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-4));
    }, 120_000);
  }

  it("fetched the model and ort's .wasm from the test server only, and closed cleanly", async () => {
    const p = opened();
    expect(p.requests).toEqual(
      expect.arrayContaining([
        `${p.origin}/models/refiner.onnx`,
        `${p.origin}/ort-wasm-simd-threaded.jsep.wasm`,
      ]),
    );
    expect(p.requests.filter((url) => !url.startsWith(`${p.origin}/`))).toEqual([]);
    expect(await call('close')).toEqual([0, 0]);
    expect(p.pageErrors).toEqual([]);
  });
});
