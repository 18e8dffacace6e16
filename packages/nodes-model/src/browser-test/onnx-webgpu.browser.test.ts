// onnxruntime-web's WebGPU execution provider in a real Chromium: every reference stage's outputs
// held to the TypeScript reference, with 1 and 4 on the dynamic axis (images for the encoder and
// alternating attention; vertices, UV side, anchors for the others). Here the adapter is
// SwiftShader (CPU-emulated Vulkan): the numbers are WebGPU's, the speed is not a GPU's. Without
// Chromium every test fails with how to install it; nothing is skipped.
import { describe, expect, it } from 'vitest';
import { STAGE_CONTRACTS, type StageName } from '../learned/contracts.js';
import { stageOutputShape } from '../test-support/stage-inputs.js';
import { SMALL_SIZE } from '../learned/stage-size.js';
import { openOnnxPage } from './chromium.js';
import { pageForTests } from './page-for-tests.js';

// Measured on SwiftShader: at most 1.7e-6 (encoder tokens); the wasm EP 2e-6.
const TOLERANCE = 1e-4;

const { call, opened } = pageForTests(() => openOnnxPage('the WebGPU ONNX test'));

const stages = Object.keys(STAGE_CONTRACTS) as StageName[];
const worst: Record<string, number> = {};

describe('onnxruntime-web WebGPU EP in Chromium equals the TypeScript reference', () => {
  it('has a WebGPU adapter (navigator.gpu in a secure context, --enable-unsafe-webgpu)', async () => {
    const info = await call('gpuInfo');
    expect(info.webgpu, 'navigator.gpu').toBe(true);
    expect(
      info.adapter,
      'requestAdapter() gave no adapter: check the Vulkan / SwiftShader flags',
    ).not.toBeNull();
  });

  for (const ep of ['webgpu', 'wasm'] as const) {
    for (const stage of stages) {
      for (const count of [1, 4]) {
        it(`${ep}: ${stage}, ${count} on ${STAGE_CONTRACTS[stage].dynamic.join(' and ')}`, async () => {
          const r = await call('compare', ep, stage, count);
          expect(r.backend).toBe(`onnxruntime-web (${ep})`);
          for (const v of STAGE_CONTRACTS[stage].outputs) {
            const o = r.outputs[v.name];
            expect(o.shape).toEqual(stageOutputShape(stage, SMALL_SIZE, v.name, count));
            expect(o.shape).toEqual(o.wantShape);
            expect(o.finite, `${stage}.${v.name} finite`).toBe(true);
            expect(o.maxAbs, `${stage}.${v.name} is not all zeros`).toBeGreaterThan(0);
            expect(o.maxErr, `${ep} ${stage}.${v.name} max abs error`).toBeLessThan(TOLERANCE);
            worst[ep] = Math.max(worst[ep] ?? 0, o.maxErr);
          }
        }, 120_000);
      }
    }
  }

  it("fetched ort's .wasm from the test server only, and no error reached the page", () => {
    const p = opened();
    expect(p.requests).toContain(`${p.origin}/ort-wasm-simd-threaded.jsep.wasm`);
    expect(p.requests.filter((url) => !url.startsWith(`${p.origin}/`))).toEqual([]);
    expect(p.pageErrors).toEqual([]);
    console.log(`worst max abs error against the TypeScript reference: ${JSON.stringify(worst)}`);
  });
});
