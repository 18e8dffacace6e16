import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Image } from '../engine/ports/image.js';
import { imageToRgba8 } from '../engine/values/image.js';

/** Bilinear sample of an rgba8 image at continuous (x, y), pixel centres at +0.5, clamped. */
function sample(
  img: { width: number; height: number; data: Uint8Array },
  x: number,
  y: number,
  c: number,
): number {
  const fx = Math.min(Math.max(x - 0.5, 0), img.width - 1),
    fy = Math.min(Math.max(y - 0.5, 0), img.height - 1);
  const x0 = Math.floor(fx),
    y0 = Math.floor(fy);
  const x1 = Math.min(x0 + 1, img.width - 1),
    y1 = Math.min(y0 + 1, img.height - 1);
  const tx = fx - x0,
    ty = fy - y0;
  const at = (xx: number, yy: number) => img.data[(yy * img.width + xx) * 4 + c]!;
  return (
    (1 - ty) * ((1 - tx) * at(x0, y0) + tx * at(x1, y0)) + ty * ((1 - tx) * at(x0, y1) + tx * at(x1, y1))
  );
}

export const imageBeside = defineNode({
  type: 'image.beside',
  version: 1,
  title: 'Side by side',
  category: 'Image',
  description:
    "Puts two images side by side, the right one scaled to the left one's height: an avatar beside the frames that drive it.",
  inputs: { left: input(Image), right: input(Image) },
  outputs: { image: output(Image) },
  run({ inputs }) {
    const left = imageToRgba8(inputs.left),
      right = imageToRgba8(inputs.right);
    const h = left.height;
    const s = right.height / h;
    const rw = Math.max(1, Math.round(right.width / s));
    const w = left.width + rw;
    const data = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) {
      data.set(left.data.subarray(y * left.width * 4, (y + 1) * left.width * 4), y * w * 4);
      for (let x = 0; x < rw; x++) {
        const o = (y * w + left.width + x) * 4;
        for (let c = 0; c < 4; c++) data[o + c] = Math.round(sample(right, (x + 0.5) * s, (y + 0.5) * s, c));
      }
    }
    return { image: { width: w, height: h, format: 'rgba8' as const, data } };
  },
});
