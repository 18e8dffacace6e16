import { z } from 'zod';

/** The `uvSize` param of the fusion nodes: both must agree for the contributions to fit. */
export const UV_SIZE = z.number().int().min(16).max(2048).default(256).describe('UV texels per page side');
