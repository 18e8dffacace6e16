import type { Rgba8 } from './landmark-backend.js';

/** How much wider than the detector's box a face crop is: room for hair, ears and chin. */
const CROP_MARGIN = 2.2;

/**
 * A square crop centred on a face box, CROP_MARGIN times its larger side, clipped to the image (a
 * face at the border gives a smaller square, never padding the pipeline would paint onto the head).
 */
export function faceCrop(image: Rgba8, box: Float32Array): Rgba8 {
  const cx = box[0]! + box[2]! / 2,
    cy = box[1]! + box[3]! / 2;
  let side = Math.round(Math.max(box[2]!, box[3]!) * CROP_MARGIN);
  side = Math.max(1, Math.min(side, image.width, image.height));
  const x0 = Math.min(Math.max(0, Math.round(cx - side / 2)), image.width - side);
  const y0 = Math.min(Math.max(0, Math.round(cy - side / 2)), image.height - side);
  const data = new Uint8Array(side * side * 4);
  for (let y = 0; y < side; y++)
    data.set(
      image.data.subarray(((y0 + y) * image.width + x0) * 4, ((y0 + y) * image.width + x0 + side) * 4),
      y * side * 4,
    );
  return { width: side, height: side, data };
}
