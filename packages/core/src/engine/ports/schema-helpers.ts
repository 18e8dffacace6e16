import { z } from 'zod';

/** A typed-array field; typed as ArrayBufferLike-backed so SharedArrayBuffer views pass too. */
function typed<T>(ctor: abstract new (...args: any[]) => unknown, name: string) {
  return z.custom<T>((v) => v instanceof ctor, { message: `expected a ${name}` });
}

export const f32 = typed<Float32Array>(Float32Array, 'Float32Array');
export const f64 = typed<Float64Array>(Float64Array, 'Float64Array');
export const u32 = typed<Uint32Array>(Uint32Array, 'Uint32Array');
export const u16 = typed<Uint16Array>(Uint16Array, 'Uint16Array');
export const u8 = typed<Uint8Array>(Uint8Array, 'Uint8Array');
export const i32 = typed<Int32Array>(Int32Array, 'Int32Array');

/** Expected length of a typed-array field, computed from its parent, with the shape for messages. */
export interface SizeRule {
  len(parent: any): number;
  shape: string;
}

export function sized(len: (parent: any) => number, shape: string): SizeRule {
  return { len, shape };
}

/** Adds length checks to an object schema: each message names the field, its shape and both counts. */
export function withSizes<S extends z.ZodObject>(object: S, sizes: Record<string, SizeRule>) {
  return object.superRefine((value: any, ctx) => {
    for (const [key, rule] of Object.entries(sizes)) {
      const field = value[key];
      if (field === undefined) continue;
      const want = rule.len(value);
      if (field.length !== want) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `expected ${rule.shape} (${want} values), got ${field.length}`,
        });
      }
    }
  });
}
