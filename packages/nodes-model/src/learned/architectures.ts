import { attention, block, layerNorm, linear, mlp } from './layers.js';
import type { Ops } from './ops.js';
import type { StageName } from './contracts.js';
import { tokensPerImage, type StageSize } from './stage-size.js';

/** A reference architecture: contract inputs by name in, contract outputs by name out. */
export type Architecture = <T>(o: Ops<T>, s: StageSize, inputs: Record<string, T>) => Record<string, T>;

const get = <T>(inputs: Record<string, T>, name: string): T => {
  const v = inputs[name];
  if (v === undefined) throw new Error(`missing input ${name}`);
  return v;
};

/** ViT-style: patchify, linear embedding + learned positions, transformer blocks, final norm. */
const encoder: Architecture = (o, s, inputs) => {
  const g = s.imageSize / s.patch,
    p = s.patch;
  if (!Number.isInteger(g)) throw new Error(`image side ${s.imageSize} is not a multiple of the patch ${p}`);
  const patches = o.reshape(
    o.transpose(o.reshape(get(inputs, 'images'), [-1, 3, g, p, g, p]), [0, 2, 4, 1, 3, 5]),
    [-1, g * g, 3 * p * p],
  );
  let x = o.add(
    linear(o, 'encoder.patch_embed', patches, 3 * p * p, s.dim),
    o.weight('encoder.pos_embed', [g * g, s.dim], { kind: 'normal', std: 0.02 }),
  );
  for (let i = 0; i < s.depth; i++) x = block(o, `encoder.blocks.${i}`, x, s.dim, s.heads, s.mlpRatio);
  return { tokens: layerNorm(o, 'encoder.norm', x, s.dim) };
};

/**
 * Camera and expression encodings added to every token of their image, then pairs of blocks:
 * frame attention (each image alone, the batch axis is the image) and global attention (all
 * N * P tokens as one sequence). The mean over images gives the canonical set.
 */
const alternatingAttention: Architecture = (o, s, inputs) => {
  const P = tokensPerImage(s);
  const cond = o.add(
    linear(o, 'aa.camera_embed', get(inputs, 'camera'), 12, s.dim),
    linear(o, 'aa.expression_embed', get(inputs, 'expression'), s.expression, s.dim),
  );
  let x = o.add(get(inputs, 'tokens'), o.reshape(cond, [-1, 1, s.dim]));
  for (let i = 0; i < s.depth; i++) {
    x = block(o, `aa.frame.${i}`, x, s.dim, s.heads, s.mlpRatio);
    x = o.reshape(block(o, `aa.global.${i}`, o.reshape(x, [1, -1, s.dim]), s.dim, s.heads, s.mlpRatio), [
      -1,
      P,
      s.dim,
    ]);
  }
  return { canonical: o.meanAxis0(layerNorm(o, 'aa.norm', x, s.dim)) };
};

/** Vertex queries from position + UV, cross-attending to the canonical tokens. */
const vertexAlignment: Architecture = (o, s, inputs) => {
  const q0 = o.reshape(mlp(o, 'va.query', get(inputs, 'anchors'), 5, s.dim, s.dim), [1, -1, s.dim]);
  const kv = layerNorm(o, 'va.norm_kv', get(inputs, 'canonical'), s.dim);
  const q1 = o.add(q0, attention(o, 'va.cross', layerNorm(o, 'va.norm_q', q0, s.dim), kv, s.dim, s.heads));
  const q2 = o.add(
    q1,
    mlp(o, 'va.mlp', layerNorm(o, 'va.norm2', q1, s.dim), s.dim, s.dim * s.mlpRatio, s.dim),
  );
  return {
    vertex_features: o.reshape(
      linear(o, 'va.head', layerNorm(o, 'va.norm_out', q2, s.dim), s.dim, s.channels),
      [-1, s.channels],
    ),
  };
};

/** Per-texel MLP trunk, one linear head per Gaussian attribute. */
const uvDecoder: Architecture = (o, s, inputs) => {
  const h = o.gelu(
    linear(
      o,
      'uv.fc2',
      o.gelu(linear(o, 'uv.fc1', get(inputs, 'uv_features'), s.channels, s.hidden)),
      s.hidden,
      s.hidden,
    ),
  );
  const head = (name: string, n: number, gain: number) => linear(o, `uv.${name}`, h, s.hidden, n, gain);
  return {
    offset: head('offset', 3, 0.1),
    scale: head('scale', 3, 0.1),
    rotation: head('rotation', 4, 0.1),
    opacity: head('opacity', 1, 1),
    colour: o.sigmoid(head('colour', 3, 1)),
  };
};

/** Expression and anchor features into one hidden layer, ReLU MLP, small residual out. */
const motionRefiner: Architecture = (o, s, inputs) => {
  const h0 = o.relu(
    o.add(
      linear(o, 'mr.expression', get(inputs, 'expression'), s.expression, s.hidden),
      linear(o, 'mr.anchor', get(inputs, 'anchor_features'), s.anchorFeatures, s.hidden),
    ),
  );
  const h1 = o.relu(linear(o, 'mr.fc', h0, s.hidden, s.hidden));
  // A small output gain: untrained weights should nudge the Gaussians, not scatter them.
  return { offsets: linear(o, 'mr.out', h1, s.hidden, 3, 0.05) };
};

export const ARCHITECTURES: Record<StageName, Architecture> = {
  encoder,
  alternatingAttention,
  vertexAlignment,
  uvDecoder,
  motionRefiner,
};
