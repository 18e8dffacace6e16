import { beforeAll, describe, expect, it } from 'vitest';
import { runEval } from './run-eval.js';
import { makeSubject, renderFrame, type Subject } from './subject.js';

// The eval at a size a test can afford: 128 px images, a 128 px/page texture and reconstruction
// (about 92,000 Gaussians), K = 1 and 4. The full table is `pnpm eval`.
const SIZE = 128;

describe('pnpm eval, reduced', () => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await makeSubject({ textureSize: SIZE });
  }, 120_000);

  it('reconstructs held-out views better from 4 views than from 1', async () => {
    const result = await runEval({ ks: [1, 4], size: SIZE, uvSize: SIZE, textureSize: SIZE }, subject);
    const [one, four] = result.rows;
    expect(one!.K).toBe(1);
    expect(four!.K).toBe(4);
    // Four views over +-45 degrees see the cheeks and ears the frontal view only grazes.
    expect(four!.views.psnr).toBeGreaterThan(one!.views.psnr + 0.3);
    expect(four!.views.ssim).toBeGreaterThan(one!.views.ssim);
    for (const row of result.rows) {
      expect(row.views.psnr).toBeGreaterThan(18);
      expect(row.expressions.psnr).toBeGreaterThan(18);
      expect(row.gaussians).toBeGreaterThan(50_000);
    }
    // The true-texture reference is in the same range: the avatar is not scored on the wrong frames.
    expect(Math.abs(result.oracle!.views.psnr - four!.views.psnr)).toBeLessThan(3);
  }, 120_000);

  it('textures each UDIM tile and each stacked eyeball layer from its own atlas page', () => {
    // Paint every page one flat colour: page p gets (p + 1) / 16 in red. Neck pixels (ICT tile 1)
    // must read tile 1's page, eyeball pixels their own layer's; shadeTexture's u wrap would read
    // the face page for both.
    const { atlas } = subject;
    const texture = new Float32Array(subject.texture.length);
    for (let t = 0; t < atlas.width * atlas.size; t++)
      texture[t * 3] = (Math.floor((t % atlas.width) / atlas.size) + 1) / 16;
    const frame = renderFrame(
      { ...subject, texture },
      { label: 'side', yaw: 30, pitch: 0, expression: {} },
      SIZE,
      1,
    );
    const pageAt = (p: number) => Math.round((frame.image.data[p * 4]! / 255) * 16) - 1;
    const seen = new Set<number>(),
      face = new Set<number>();
    for (let p = 0; p < SIZE * SIZE; p++) {
      if (!frame.image.data[p * 4 + 3]) continue;
      seen.add(pageAt(p));
      if (frame.mask[p]) face.add(pageAt(p));
    }
    const page = (tile: number, layer: number) =>
      atlas.pages.findIndex((pg) => pg.tile === tile && pg.layer === layer);
    expect(seen).toContain(page(0, 0)); // face
    expect(seen).toContain(page(1, 0)); // head and neck
    expect([...seen].some((p) => atlas.pages[p]!.layer > 0)).toBe(true); // eyeballs
    // The scored face reads only first-layer pages (ICT puts some face in tile 1), never an eyeball's.
    for (const p of face) expect(atlas.pages[p]!.layer).toBe(0);
  });
});
