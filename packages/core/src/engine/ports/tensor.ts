import { z } from 'zod';
import { definePortType } from './port-type.js';
import { f32, u16, u8, i32, sized, withSizes } from './schema-helpers.js';

export const TensorSchema = withSizes(
  z.looseObject({
    dtype: z.enum(['f32', 'f16', 'i32', 'u8']),
    shape: z.array(z.number().int().nonnegative()),
    data: z.union([f32, u16, i32, u8]),
  }),
  { data: sized((t) => t.shape.reduce((a: number, b: number) => a * b, 1), 'prod(shape)') },
);
export type Tensor = z.infer<typeof TensorSchema>;
export const Tensor = definePortType<Tensor>({
  name: 'Tensor',
  description: 'An n-d array, row-major: dtype f32 | f16 (raw bits in Uint16Array) | i32 | u8, shape, data.',
  schema: TensorSchema,
  color: '#f18f01',
});
