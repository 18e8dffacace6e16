import type { Ops } from './ops.js';

// The building blocks of the reference architectures, written against Ops so the TypeScript
// reference and the ONNX graph are the same math by construction. Weight names are stable
// (`prefix.part.weight`), the key a safetensors file would use.

export function linear<T>(o: Ops<T>, name: string, x: T, din: number, dout: number, gain = 1): T {
  const w = o.weight(`${name}.weight`, [din, dout], { kind: 'normal', std: gain / Math.sqrt(din) });
  const b = o.weight(`${name}.bias`, [dout], { kind: 'normal', std: 0.02 });
  return o.add(o.matmul(x, w), b);
}

export function layerNorm<T>(o: Ops<T>, name: string, x: T, d: number): T {
  // Scale near 1 and shift near 0, but not exactly, so the test sees both applied.
  const g = o.add(
    o.weight(`${name}.weight`, [d], { kind: 'normal', std: 0.1 }),
    o.weight(`${name}.one`, [1], { kind: 'const', value: 1 }),
  );
  return o.layerNorm(x, g, o.weight(`${name}.bias`, [d], { kind: 'normal', std: 0.1 }));
}

export function mlp<T>(
  o: Ops<T>,
  name: string,
  x: T,
  din: number,
  hidden: number,
  dout: number,
  act: 'gelu' | 'relu' = 'gelu',
): T {
  const h = linear(o, `${name}.fc1`, x, din, hidden);
  return linear(o, `${name}.fc2`, act === 'gelu' ? o.gelu(h) : o.relu(h), hidden, dout);
}

/**
 * Multi-head attention over [B, L, D] queries and [B, M, D] keys/values (self-attention when they
 * are the same value): split heads, softmax(q k^T / sqrt(dh)) v, merge heads, project.
 */
export function attention<T>(o: Ops<T>, name: string, xq: T, xkv: T, d: number, heads: number): T {
  const dh = d / heads;
  if (!Number.isInteger(dh))
    throw new Error(`attention ${name}: dim ${d} is not divisible by ${heads} heads`);
  const split = (x: T) => o.reshape(x, [0, 0, heads, dh]);
  const q = o.transpose(split(linear(o, `${name}.q`, xq, d, d)), [0, 2, 1, 3]);
  const kT = o.transpose(split(linear(o, `${name}.k`, xkv, d, d)), [0, 2, 3, 1]);
  const v = o.transpose(split(linear(o, `${name}.v`, xkv, d, d)), [0, 2, 1, 3]);
  const p = o.softmax(o.scale(o.matmul(q, kT), 1 / Math.sqrt(dh)));
  const merged = o.reshape(o.transpose(o.matmul(p, v), [0, 2, 1, 3]), [0, 0, d]);
  return linear(o, `${name}.out`, merged, d, d);
}

/** Pre-norm transformer block: x + attn(ln(x)), then x + mlp(ln(x)). */
export function block<T>(o: Ops<T>, name: string, x: T, d: number, heads: number, mlpRatio: number): T {
  const n1 = layerNorm(o, `${name}.norm1`, x, d);
  const a = o.add(x, attention(o, `${name}.attn`, n1, n1, d, heads));
  return o.add(a, mlp(o, `${name}.mlp`, layerNorm(o, `${name}.norm2`, a, d), d, d * mlpRatio, d));
}
