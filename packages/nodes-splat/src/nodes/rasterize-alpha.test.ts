import { describe, expect, it } from 'vitest';
import { lookAtCamera } from '@ffavatar/core/geometry';
import { decodeImage } from '@ffavatar/core/io';
import nodePackage from '@ffavatar/core/nodes';
import type { FileAccess, Image } from '@ffavatar/core';
import { randomCloud } from '../test-support/random-cloud.js';
import { createRasterizeNode } from './rasterize.js';

const rasterize = createRasterizeNode(() => Promise.reject(new Error('the CPU backend needs no GPU')));
const saveImage = nodePackage.nodes.find((n) => n.type === 'io.saveImage')!;

async function render(background: [number, number, number]): Promise<Image> {
  const cloud = randomCloud(400, 0, 5, { center: [0, 0, 0], spread: 0.4, scale: [0.02, 0.06] });
  const camera = lookAtCamera({
    eye: [0, 0, 2],
    target: [0, 0, 0],
    up: [0, 1, 0],
    width: 64,
    height: 64,
    fovYDegrees: 40,
  });
  const ctx = {
    nodeId: 'r',
    item: undefined,
    signal: new AbortController().signal,
    progress: () => {},
    files: {} as FileAccess,
  };
  const out = (await rasterize.run({
    inputs: { gaussians: cloud, camera },
    params: rasterize.params.parse({ backend: 'cpu', background }),
    ctx,
  } as never)) as { image: Image };
  return out.image;
}

/** The PNG bytes io.saveImage writes for an image, decoded. */
async function savedPng(image: Image) {
  let bytes: Uint8Array | undefined;
  const files = {
    write: async (_: string, data: Uint8Array) => {
      bytes = data;
      return 'render.png';
    },
  } as unknown as FileAccess;
  const ctx = {
    nodeId: 's',
    item: undefined,
    signal: new AbortController().signal,
    progress: () => {},
    files,
  };
  await saveImage.run({
    inputs: { image },
    params: saveImage.params.parse({ path: 'render.png' }),
    ctx,
  } as never);
  return decodeImage(bytes!);
}

describe('rendered PNGs hold straight alpha', () => {
  it('a saved edge pixel composited over white matches a render over white: no dark fringe', async () => {
    const overBlack = await render([0, 0, 0]);
    const overWhite = await render([1, 1, 1]); // the rasterizer's own composite: the truth
    expect(overBlack).toMatchObject({ alphaMode: 'premultiplied', background: [0, 0, 0] });
    const darkest = async (image: Image) => {
      const png = await savedPng(image);
      let edges = 0;
      let worst = 0;
      for (let p = 0; p < 64 * 64; p++) {
        const a8 = png.data[p * 4 + 3]!;
        if (a8 === 0 || a8 === 255) continue;
        edges++;
        const a = a8 / 255;
        for (let c = 0; c < 3; c++) {
          const composited = (png.data[p * 4 + c]! / 255) * a + (1 - a);
          const truth = Math.min(1, Math.max(0, (overWhite.data as Float32Array)[p * 4 + c]!));
          worst = Math.max(worst, truth - composited); // darker than it should be
        }
      }
      expect(edges).toBeGreaterThan(100);
      return worst;
    };
    // 8-bit rounding of colour and alpha is all that is left.
    expect(await darkest(overBlack)).toBeLessThan(4 / 255);
    expect(await darkest(overWhite)).toBeLessThan(4 / 255);
    // Control: the same bytes saved as they come out of the blend show the fringe.
    expect(await darkest({ ...overBlack, alphaMode: undefined } as Image)).toBeGreaterThan(0.1);
  });
});
