import { z } from 'zod';

/** A file path ending in `ext` (any case): a bare folder (`out/`, `.`) or another format is refused at validation. */
export function savePath(ext: string, example: string) {
  const pattern = [...ext].map((c) => `[${c}${c.toUpperCase()}]`).join('');
  return z
    .string()
    .min(1)
    .regex(
      new RegExp(`^(?:.*/)?[^/]+\\.${pattern}$`),
      `a file path ending in .${ext}, relative to the output folder (e.g. ${example})`,
    );
}
