import { describe, expect, it } from 'vitest';
import { faceLandmarks, segment } from '../test-support/face-landmarks-node.js';
import { loadPortrait, sideBySide, solidImage, writeTestOutput } from '../test-support/portrait.js';
import { runNode } from '../test-support/run-node.js';

const portrait = loadPortrait();

/** Mean mask value (0..1) over a box. */
function meanIn(
  mask: { width: number; data: ArrayLike<number> },
  x0: number,
  y0: number,
  x1: number,
  y1: number,
) {
  let s = 0,
    n = 0;
  for (let y = Math.max(0, Math.round(y0)); y < Math.round(y1); y++)
    for (let x = Math.max(0, Math.round(x0)); x < Math.round(x1); x++) {
      s += mask.data[(y * mask.width + x) * 4 + 3]! / 255;
      n++;
    }
  return s / n;
}

describe('model.segmentPortrait', () => {
  it('keeps the face and the hair and drops the background of the bundled portrait', async () => {
    const t0 = performance.now();
    const { mask, cutout } = await runNode(segment, { image: portrait });
    const ms = performance.now() - t0;
    expect(mask.width).toBe(portrait.width);
    expect(mask.height).toBe(portrait.height);
    const box = (await runNode(faceLandmarks, { image: portrait })).box.data as Float32Array;
    const [x, y, w, h] = Array.from(box) as [number, number, number, number];
    const opaque = { ...mask, data: Uint8Array.from(mask.data, (v, i) => (i % 4 === 3 ? 255 : v)) };
    writeTestOutput('segment-portrait.png', sideBySide([portrait, opaque, cutout]));
    console.log(`segmentation ${ms.toFixed(0)} ms (model load included); face box ${box.join(', ')}`);
    // The face, and the hair above it.
    expect(meanIn(mask, x + w * 0.2, y + h * 0.2, x + w * 0.8, y + h * 0.8)).toBeGreaterThan(0.95);
    expect(meanIn(mask, x + w * 0.3, y - h * 0.15, x + w * 0.7, y)).toBeGreaterThan(0.8);
    // The plain background beside the head, at eye height, and the top corners.
    expect(meanIn(mask, 0, y, Math.max(4, x - w * 0.6), y + h * 0.5)).toBeLessThan(0.1);
    expect(meanIn(mask, 0, 0, 40, 40)).toBeLessThan(0.05);
    expect(meanIn(mask, portrait.width - 40, 0, portrait.width, 40)).toBeLessThan(0.05);
    // The cutout is the photo where the mask is full.
    const c = (Math.round(y + h / 2) * portrait.width + Math.round(x + w / 2)) * 4;
    expect(cutout.data[c]).toBe(portrait.data[c]);
  });

  it('finds no person in a blank frame, and refuses an empty image naming the port', async () => {
    const { mask } = await runNode(segment, { image: solidImage(128, 96, [200, 200, 200]) });
    expect(meanIn(mask, 0, 0, 128, 96)).toBeLessThan(0.1);
    await expect(
      runNode(segment, { image: { width: 0, height: 0, format: 'rgba8', data: new Uint8Array(0) } }),
    ).rejects.toMatchObject({ port: 'image' });
  });
});
