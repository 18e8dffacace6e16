import { describe, expect, it } from 'vitest';
import { evaluateHead, lookAtCamera, neutralHeadParams } from '@ffavatar/core/geometry';
import { type Image } from '@ffavatar/core';
import { ictModel } from '../test-support/ict-asset.js';
import { rasterizeMesh } from '../raster/rasterize-mesh.js';
import { rgbaToImage, shadeTexture } from '../raster/shade.js';
import { densifyAvatar } from '../densify/densify.js';
import { buildUvAtlas } from './uv-atlas.js';
import { fuseImage } from './fuse-image.js';
import { fuseField } from './fuse-field.js';
import { mirrorTexels, texelPoints } from './mirror-map.js';
import { pushPull } from './push-pull.js';

/** A texture whose colour encodes its own UV: red = u within the tile, green = v. */
function uvTexture(size: number): Image {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      data[i] = Math.round(((x + 0.5) / size) * 255);
      data[i + 1] = Math.round((1 - (y + 0.5) / size) * 255);
      data[i + 2] = 128;
      data[i + 3] = 255;
    }
  return { width: size, height: size, format: 'rgba8', data };
}

describe('canonical fusion on the ICT head', () => {
  const model = ictModel();
  const S = 64;
  const atlas = buildUvAtlas(model, S);
  const mesh = evaluateHead(model, neutralHeadParams(model));

  it('lays the UV layout out in pages, stacked islands (the eyeballs) on pages of their own', () => {
    expect(atlas.pages.filter((p) => p.layer === 0).map((p) => p.tile)).toEqual([0, 1, 2, 3]);
    expect(atlas.pages.length).toBeGreaterThan(4);
    // Every triangle covering a few texels of UV space owns texels on some page, stacked or not.
    const owners = new Set<number>();
    for (const f of atlas.triangle) if (f >= 0) owners.add(f);
    const uv = model.uv!;
    let big = 0,
      missing = 0;
    for (let f = 0; f < model.triangleCount; f++) {
      const [a, b, c] = [0, 1, 2].map((k) => uv.triangles[f * 3 + k]! * 2) as [number, number, number];
      const area =
        Math.abs(
          (uv.coords[b]! - uv.coords[a]!) * (uv.coords[c + 1]! - uv.coords[a + 1]!) -
            (uv.coords[c]! - uv.coords[a]!) * (uv.coords[b + 1]! - uv.coords[a + 1]!),
        ) / 2;
      if (area * S * S < 4) continue;
      big++;
      if (!owners.has(f)) missing++;
    }
    expect(big).toBeGreaterThan(1000);
    expect(missing / big).toBeLessThan(0.01);
  });

  it('inverse-warps a photo back into UV space: a UV-coded render fuses to its own coordinates', () => {
    const camera = lookAtCamera({
      eye: [0, 0.02, 0.55],
      target: [0, 0.02, 0],
      width: 384,
      height: 384,
      fovYDegrees: 30,
    });
    const raster = rasterizeMesh(mesh, camera, { cullBackFaces: true });
    const photo = rgbaToImage(
      shadeTexture(raster, model.uv!.coords, model.uv!.triangles, uvTexture(512)),
      384,
      384,
    );
    const field = fuseField(model, atlas, [fuseImage(atlas, mesh, camera, photo)], { symmetry: false });
    let sum = 0,
      n = 0;
    for (let t = 0; t < atlas.triangle.length; t++) {
      if (field.uvConfidence[t]! < 0.6 || atlas.pages[Math.floor((t % atlas.width) / S)]!.layer !== 0)
        continue;
      const x = (t % atlas.width) % S,
        y = Math.floor(t / atlas.width);
      sum +=
        Math.abs(field.uvFeatures[t * 3]! - (x + 0.5) / S) +
        Math.abs(field.uvFeatures[t * 3 + 1]! - (1 - (y + 0.5) / S));
      n++;
    }
    expect(n).toBeGreaterThan(500); // the face is well seen from the front
    expect(sum / (2 * n)).toBeLessThan(0.02); // ~1 texel of 64
  });

  it('adds images as running sums, fills the unseen side by symmetry, and leaves no texel unfilled', () => {
    const photoOf = (eye: [number, number, number]) => {
      const camera = lookAtCamera({ eye, target: [0, 0.02, 0], width: 256, height: 256, fovYDegrees: 30 });
      const raster = rasterizeMesh(mesh, camera, { cullBackFaces: true });
      return {
        camera,
        photo: rgbaToImage(
          shadeTexture(raster, model.uv!.coords, model.uv!.triangles, uvTexture(256)),
          256,
          256,
        ),
      };
    };
    const left = photoOf([0.5, 0.02, 0.2]),
      right = photoOf([-0.5, 0.02, 0.2]);
    const a = fuseImage(atlas, mesh, left.camera, left.photo),
      b = fuseImage(atlas, mesh, right.camera, right.photo);
    const both = fuseField(model, atlas, [a, b], { symmetry: false });
    const summed = Float32Array.from(a, (v, i) => v + b[i]!);
    const once = fuseField(model, atlas, [summed], { symmetry: false }).uvFeatures;
    let worst = 0;
    for (let i = 0; i < once.length; i++) worst = Math.max(worst, Math.abs(once[i]! - both.uvFeatures[i]!));
    expect(worst).toBeLessThan(1e-5); // float32 sums in a different order
    // One side only: symmetry gives the other cheek colour from the seen one (mirrored UVs differ,
    // so compare coverage: far fewer texels left to push-pull alone).
    const seen = (f: ReturnType<typeof fuseField>) => f.uvConfidence.filter((c) => c > 0).length;
    expect(seen(both)).toBeGreaterThan(seen(fuseField(model, atlas, [a], { symmetry: false })));
    for (const v of fuseField(model, atlas, [a]).uvFeatures) expect(Number.isFinite(v)).toBe(true);
  });

  it('takes nothing from pixels the person mask leaves out, and refuses a mask of another size', () => {
    const camera = lookAtCamera({
      eye: [0, 0.02, 0.5],
      target: [0, 0.02, 0],
      width: 128,
      height: 128,
      fovYDegrees: 30,
    });
    const raster = rasterizeMesh(mesh, camera, { cullBackFaces: true });
    const photo = rgbaToImage(
      shadeTexture(raster, model.uv!.coords, model.uv!.triangles, uvTexture(256)),
      128,
      128,
    );
    const plain = fuseImage(atlas, mesh, camera, photo);
    const full = new Uint8Array(128 * 128 * 4).fill(255);
    expect(fuseImage(atlas, mesh, camera, photo, { mask: { width: 128, height: 128, data: full } })).toEqual(
      plain,
    );
    // The left half of the photo is background.
    const half = full.slice();
    for (let y = 0; y < 128; y++) half.fill(0, y * 128 * 4, (y * 128 + 60) * 4);
    const masked = fuseImage(atlas, mesh, camera, photo, { mask: { width: 128, height: 128, data: half } });
    const weight = (c: Float32Array) => c.filter((_, i) => i % 4 === 3).reduce((s, w) => s + w, 0);
    expect(weight(masked)).toBeLessThan(weight(plain) * 0.65);
    expect(weight(masked)).toBeGreaterThan(weight(plain) * 0.35);
    expect(() =>
      fuseImage(atlas, mesh, camera, photo, { mask: { width: 64, height: 128, data: half } }),
    ).toThrow(/mask is 64x128, the image 128x128/);
  });

  it('blends the mirror in by how poorly a texel is seen, matching the brightness of the two sides', () => {
    // Hand-made sums: the left side (x < 0) well seen and dark (0.3), the right side lit (0.6) and
    // seen well near the midline, only at grazing angles further out (where the photo's colour is
    // smeared: brighter the more grazing), and not at all beyond.
    const points = texelPoints(model, atlas.triangle, atlas.barycentric);
    const mirror = mirrorTexels(model, atlas);
    const sums = new Float32Array(atlas.width * S * 4);
    const weightAt = (x: number) => (x < 0 ? 1 : Math.max(0, 1 - x / 0.06));
    for (let t = 0; t < atlas.triangle.length; t++) {
      if (atlas.triangle[t]! < 0) continue;
      const x = points[t * 3]!,
        w = weightAt(x),
        c = x < 0 ? 0.3 : 0.6 + 0.3 * (1 - w);
      sums.set([w * c, w * c, w * c, w], t * 4);
    }
    const field = fuseField(model, atlas, [sums]);
    let unseen = 0,
      unseenOff = 0,
      frontalOff = 0,
      jumps = 0;
    for (let t = 0; t < atlas.triangle.length; t++) {
      if (atlas.triangle[t]! < 0 || mirror[t]! < 0) continue;
      const x = points[t * 3]!,
        c = field.uvFeatures[t * 3]!;
      if (x < -0.01) frontalOff = Math.max(frontalOff, Math.abs(c - 0.3));
      if (x > 0.07) {
        unseen++;
        unseenOff = Math.max(unseenOff, Math.abs(c - 0.6));
      }
      // Texels side by side on the lit side's surface (not merely in the atlas): no step between them
      // (the hard switch from smeared to mirrored makes one of 0.3 here).
      const r = t + 1;
      const near =
        r % atlas.width !== 0 &&
        atlas.triangle[r]! >= 0 &&
        Math.hypot(
          points[r * 3]! - x,
          points[r * 3 + 1]! - points[t * 3 + 1]!,
          points[r * 3 + 2]! - points[t * 3 + 2]!,
        ) < 0.008;
      if (x > 0.01 && near && Math.abs(field.uvFeatures[r * 3]! - c) > 0.1) jumps++;
    }
    expect(unseen).toBeGreaterThan(100);
    // Filled from the dark side, brightened by the sides' ratio (0.6 / 0.3): no dark half-face.
    expect(unseenOff).toBeLessThan(0.02);
    // Seen head-on: its own colour, whatever its mirror says.
    expect(frontalOff).toBeLessThan(0.01);
    expect(jumps).toBe(0);
  });

  it('densifies one Gaussian per covered texel, drops regions on request, keeps the field colour', () => {
    const field = fuseField(model, atlas, [new Float32Array(atlas.width * S * 4)]);
    const avatar = densifyAvatar(model, atlas, field, mesh.vertices, new Float32Array(model.identityCount));
    const covered = atlas.triangle.filter((f) => f >= 0).length;
    expect(avatar.count).toBeLessThanOrEqual(covered);
    expect(avatar.count).toBeGreaterThan(covered * 0.95);
    const noTeeth = densifyAvatar(model, atlas, field, mesh.vertices, new Float32Array(model.identityCount), {
      dropRegions: ['teeth'],
    });
    expect(noTeeth.count).toBeLessThan(avatar.count);
    expect(() =>
      densifyAvatar(model, atlas, field, mesh.vertices, new Float32Array(0), { dropRegions: ['hair'] }),
    ).toThrow(/no region "hair"; it has face, head_neck/);
    const C0 = 0.28209479177387814;
    const t = atlas.triangle.findIndex((f) => f >= 0);
    expect(0.5 + C0 * avatar.sh[0]!).toBeCloseTo(field.uvFeatures[t * 3]!, 5);
  });
});

describe('pushPull', () => {
  it('fills holes smoothly from what is known and leaves known texels alone', () => {
    const w = 16,
      h = 16;
    const colour = new Float32Array(w * h),
      weight = new Float32Array(w * h);
    for (let x = 0; x < w; x++) {
      colour[x] = 1;
      weight[x] = 1;
      colour[(h - 1) * w + x] = 0;
      weight[(h - 1) * w + x] = 1;
    }
    pushPull(colour, weight, w, h, 1);
    expect(colour[0]).toBe(1);
    expect(colour[(h - 1) * w]).toBe(0);
    const middle = colour[(h / 2) * w + 4]!;
    expect(middle).toBeGreaterThan(0.2);
    expect(middle).toBeLessThan(0.8);
    for (let y = 1; y < h - 1; y++)
      expect(colour[y * w + 3]!).toBeLessThanOrEqual(colour[(y - 1) * w + 3]! + 1e-6); // monotone top to bottom
  });
});
