import { z } from 'zod';

/**
 * A save path names a file with its format's extension. Written as a regex (not a refine) so the
 * graph JSON Schema carries it as `pattern` and a stock validator refuses the same paths; no `i`
 * flag for the same reason (JSON Schema patterns have none).
 */
export function savePathParam(extensions: readonly string[], example: string) {
  const ext = extensions
    .map((e) => [...e.slice(1)].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join(''))
    .join('|');
  const listed =
    extensions.length === 1
      ? extensions[0]!
      : `${extensions.slice(0, -1).join(', ')} or ${extensions[extensions.length - 1]}`;
  return z
    .string()
    .min(1)
    .regex(
      new RegExp(`^(?:.*/)?[^/]+\\.(?:${ext})$`),
      `a file path ending in ${listed}, relative to the output folder (e.g. ${example})`,
    );
}
