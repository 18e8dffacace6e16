import * as gifModule from 'gifenc';
import type { Rgba8Image } from './image-codec.js';

// Node loads gifenc's CommonJS build (functions under `default`); bundlers load its ESM build
// (named exports, `default` is GIFEncoder). Take whichever object has the functions.
const gifenc = (
  'quantize' in gifModule ? gifModule : (gifModule as { default: unknown }).default
) as typeof gifModule.default;

/**
 * Animated GIF from RGBA frames (gifenc): one 256-colour palette per frame, so colour gradients in
 * renders survive better than with a global palette; alpha is dropped (GIF has 1-bit alpha only).
 * `fps` becomes the frame delay in centiseconds, as GIF stores it; `loop` 0 repeats forever.
 */
export function encodeGif(
  frames: readonly Rgba8Image[],
  opts: { fps?: number; loop?: number } = {},
): Uint8Array {
  if (frames.length === 0) throw new RangeError('encodeGif: no frames');
  const { width, height } = frames[0]!;
  const delay = Math.round(1000 / (opts.fps ?? 12));
  const gif = gifenc.GIFEncoder();
  frames.forEach((frame, i) => {
    if (frame.width !== width || frame.height !== height) {
      throw new RangeError(
        `encodeGif: frame ${i} is ${frame.width}x${frame.height}, frame 0 is ${width}x${height}`,
      );
    }
    const palette = gifenc.quantize(frame.data, 256, { format: 'rgb565' });
    const index = gifenc.applyPalette(frame.data, palette, 'rgb565');
    gif.writeFrame(index, width, height, { palette, delay, ...(i === 0 ? { repeat: opts.loop ?? 0 } : {}) });
  });
  gif.finish();
  return gif.bytes();
}
