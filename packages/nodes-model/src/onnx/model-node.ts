import { z } from 'zod';
import { AbortError, defineNode, input, Json, output, PortError, Tensor, fileParam } from '@ffavatar/core';
import { checkModelSize, DEFAULT_MAX_MODEL_BYTES } from './limits.js';
import type { RuntimeTensor } from './session.js';
import { readSignature, type ValueSignature } from './signature.js';

/** Ports are fixed per node type, so the model's inputs and outputs map onto them by position. */
const PORTS = 4;
const EMPTY: Tensor = { dtype: 'f32', shape: [0], data: new Float32Array(0) };

export const onnxModelNode = defineNode({
  type: 'model.onnx',
  version: 1,
  title: 'ONNX model',
  category: 'Learned',
  description: `Runs any ONNX model (onnxruntime-web, wasm). The model's inputs, in the model's order, are fed from in0..in${PORTS - 1}; its outputs come out on out0..out${PORTS - 1} (unused ports carry an empty [0] tensor); \`signature\` lists names, dtypes and shapes. Inputs are checked against the model (dtype, rank, fixed axes) before it runs.`,
  inputs: Object.fromEntries(
    Array.from({ length: PORTS }, (_, i) => [`in${i}`, input(Tensor, { optional: true })]),
  ) as Record<`in${0 | 1 | 2 | 3}`, ReturnType<typeof input<Tensor>> & { optional: true }>,
  params: z.object({
    model: fileParam(z.string().min(1), ['.onnx']).describe('ONNX file, relative to the graph file'),
    maxModelBytes: z.number().int().positive().default(DEFAULT_MAX_MODEL_BYTES),
  }),
  outputs: {
    ...(Object.fromEntries(Array.from({ length: PORTS }, (_, i) => [`out${i}`, output(Tensor)])) as Record<
      `out${0 | 1 | 2 | 3}`,
      ReturnType<typeof output<Tensor>>
    >),
    signature: output(Json, {
      description:
        '{ inputs, outputs, backend }: name, dtype, shape (axis names for dynamic axes); the runtime that ran it',
    }),
  },
  async run({ inputs, params, ctx }) {
    const bytes = await ctx.files.read(params.model);
    checkModelSize(bytes.byteLength, params.maxModelBytes, `model ${params.model}`);
    const sig = readSignature(bytes, `model ${params.model}`);
    if (sig.inputs.length > PORTS || sig.outputs.length > PORTS) {
      throw new Error(
        `${params.model} has ${sig.inputs.length} inputs and ${sig.outputs.length} outputs; model.onnx takes at most ${PORTS} of each`,
      );
    }
    const given = inputs as Record<string, Tensor | undefined>;
    const feeds: Record<string, RuntimeTensor> = {};
    sig.inputs.forEach((v, i) => {
      feeds[v.name] = toRuntime(`in${i}`, v, given[`in${i}`], params.model);
    });
    for (let i = sig.inputs.length; i < PORTS; i++) {
      if (given[`in${i}`])
        throw new PortError(
          `in${i}`,
          `${params.model} has ${sig.inputs.length} inputs; nothing reads in${i}`,
        );
    }
    if (ctx.signal.aborted) throw new AbortError();
    const { openSession } = await import('./session.js');
    const session = await openSession(bytes, {
      maxBytes: params.maxModelBytes,
      name: `model ${params.model}`,
    });
    if (ctx.signal.aborted) throw new AbortError();
    const out = await session.run(feeds, ctx.signal);
    const result: Record<string, unknown> = {
      signature: { ...JSON.parse(JSON.stringify(sig)), backend: session.backend },
    };
    for (let i = 0; i < PORTS; i++) {
      const v = sig.outputs[i];
      result[`out${i}`] = v ? fromRuntime(out[v.name], v.name, params.model) : EMPTY;
    }
    return result as { [K in `out${0 | 1 | 2 | 3}`]: Tensor } & { signature: z.infer<typeof Json.schema> };
  },
});

function toRuntime(port: string, want: ValueSignature, t: Tensor | undefined, model: string): RuntimeTensor {
  const shapeText = `${want.dtype} [${want.shape.join(', ')}]`;
  if (!t) throw new PortError(port, `${model} input "${want.name}" (${shapeText}) needs a tensor on ${port}`);
  if (t.shape.length !== want.shape.length)
    throw new PortError(
      port,
      `${model} input "${want.name}" expects rank ${want.shape.length} ${shapeText}, got [${t.shape.join(', ')}]`,
    );
  want.shape.forEach((d, k) => {
    if (typeof d === 'number' && t.shape[k] !== d)
      throw new PortError(
        port,
        `${model} input "${want.name}" axis ${k} must be ${d} (${shapeText}), got [${t.shape.join(', ')}]`,
      );
  });
  const shape = [...t.shape];
  if (want.dtype === 'float32' && t.data instanceof Float32Array && t.dtype === 'f32')
    return { dtype: 'float32', shape, data: t.data };
  if (want.dtype === 'int32' && t.data instanceof Int32Array) return { dtype: 'int32', shape, data: t.data };
  // Tensor has no i64: an i32 tensor feeds an int64 input (indices, token ids) widened.
  if (want.dtype === 'int64' && t.data instanceof Int32Array)
    return { dtype: 'int64', shape, data: BigInt64Array.from(t.data, (v) => BigInt(v)) };
  if (want.dtype === 'uint8' && t.data instanceof Uint8Array) return { dtype: 'uint8', shape, data: t.data };
  throw new PortError(port, `${model} input "${want.name}" expects ${shapeText}, got a ${t.dtype} tensor`);
}

function fromRuntime(t: RuntimeTensor | undefined, name: string, model: string): Tensor {
  if (!t) throw new Error(`${model} produced no output "${name}"`);
  const shape = [...t.shape];
  switch (t.dtype) {
    case 'float32':
      return { dtype: 'f32', shape, data: t.data };
    case 'int32':
      return { dtype: 'i32', shape, data: t.data };
    case 'uint8':
      return { dtype: 'u8', shape, data: t.data };
    case 'int64': {
      const out = new Int32Array(t.data.length);
      for (let i = 0; i < out.length; i++) {
        const v = t.data[i]!;
        if (v > 2147483647n || v < -2147483648n)
          throw new Error(`${model} output "${name}" holds ${v}, beyond i32`);
        out[i] = Number(v);
      }
      return { dtype: 'i32', shape, data: out };
    }
  }
}
