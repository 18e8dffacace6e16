import { z } from 'zod';

/** The detector settings the photo and the video landmark nodes share. */
export const detectorParams = z.object({
  detector: z
    .enum(['auto', 'tiny', 'ssd'])
    .default('auto')
    .describe(
      'auto: Tiny Face Detector, then SSD MobileNet v1 if it finds nothing, then the tiny one on four tiles (small faces); or one of them alone',
    ),
  minConfidence: z
    .number()
    .min(0.05)
    .max(0.99)
    .default(0.5)
    .describe('Detection score threshold; lower finds more (and more false) faces'),
  inputSize: z
    .number()
    .int()
    .min(128)
    .max(1024)
    .multipleOf(32)
    .default(416)
    .describe(
      'Tiny detector input size in px, a multiple of 32; larger finds smaller faces, slower. ssd ignores it',
    ),
});
