import { z } from 'zod';
import { fileParam } from '@ffavatar/core';
import { DEFAULT_MAX_MODEL_BYTES } from '../onnx/limits.js';

/**
 * The params every image-to-canonical learned stage takes (encoder, alternating attention, vertex
 * alignment): its ONNX model or reference weights, the seed of untrained weights, a size cap.
 */
export const stageModelParams = {
  model: fileParam(z.string(), ['.onnx'])
    .default('')
    .describe('ONNX file (see CONTRACTS.md); empty: seeded reference weights, untrained'),
  weights: fileParam(z.string(), ['.safetensors'])
    .default('')
    .describe('safetensors file of reference-architecture weights (used when model is empty); empty: seeded'),
  seed: z.number().int().min(0).default(0),
  maxModelBytes: z.number().int().positive().default(DEFAULT_MAX_MODEL_BYTES),
};
