import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET, FUZZ_RUNS, damaged, expectValueOrError } from '../test-support/fuzz-bytes.js';
import { OnnxGraphWriter } from './graph-writer.js';
import { openSession } from './session.js';
import { readSignature } from './signature.js';

// Damaged .onnx files: the signature reader and onnxruntime either load them or fail with an Error
// naming the model file, never a crash, a hang or a non-Error.

function tinyModel(): Uint8Array {
  const g = new OnnxGraphWriter('tiny');
  const x = g.input('x', [1, 4]);
  const w = g.floats(
    'w',
    [4, 3],
    Float32Array.from({ length: 12 }, (_, i) => i / 10),
  );
  const b = g.floats('b', [3], Float32Array.of(1, 2, 3));
  g.output(g.node('Add', [g.node('MatMul', [x, w]), b]), 'y', [1, 3]);
  return g.toBytes();
}

const good = tinyModel();
const NAME = 'model models/tiny.onnx';

describe('ONNX loading on damaged files', () => {
  it('names the model when onnxruntime refuses a file the signature reader accepts', async () => {
    const g = new OnnxGraphWriter('odd');
    g.output(g.node('NoSuchOperator', [g.input('x', [1])]), 'y', [1]);
    const bytes = g.toBytes();
    expect(readSignature(bytes, NAME).inputs.map((v) => v.name)).toEqual(['x']);
    await expect(openSession(bytes, { name: 'model models/odd.onnx' })).rejects.toThrow(
      /^model models\/odd\.onnx: onnxruntime cannot load it \(.*NoSuchOperator/,
    );
    expect(() => readSignature(new TextEncoder().encode('<html>not found</html>'), 'model m.onnx')).toThrow(
      /^model m\.onnx: not an ONNX model \(/,
    );
  });

  it('readSignature: a signature or an Error naming the model', () => {
    fc.assert(
      fc.property(damaged(good), (bytes) => {
        expectValueOrError(
          NAME,
          bytes,
          () => readSignature(bytes, NAME),
          (sig) => {
            expect(Array.isArray(sig.inputs) && Array.isArray(sig.outputs)).toBe(true);
          },
          DEFAULT_BUDGET,
        );
      }),
      FUZZ_RUNS,
    );
  });

  it('onnxruntime: a session or an Error naming the model; the runtime still works afterwards', async () => {
    // A session start costs milliseconds to hundreds of them: few cases, one overall time limit.
    await fc.assert(
      fc.asyncProperty(damaged(good), async (bytes) => {
        let failure: unknown;
        const session = await openSession(bytes, { name: NAME }).catch((err: unknown) => {
          failure = err;
          return undefined;
        });
        if (session) {
          expect(session.signature.inputs.length).toBeGreaterThanOrEqual(0);
        } else {
          expect(failure).toBeInstanceOf(Error);
          expect((failure as Error).message.startsWith(`${NAME}: `)).toBe(true);
        }
      }),
      {
        numRuns: Math.ceil(FUZZ_RUNS.numRuns / 3),
        interruptAfterTimeLimit: 8000,
        markInterruptAsFailure: false,
      },
    );
    const session = await openSession(good, { name: NAME });
    const out = await session.run({
      x: { dtype: 'float32', shape: [1, 4], data: Float32Array.of(1, 0, 0, 0) },
    });
    expect([...out.y!.data]).toEqual([1, 2.0999999046325684, 3.200000047683716]);
  }, 30_000);
});
