import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeImage, encodePng } from '@ffavatar/core/io';
import { cameraCentre, evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { type Image } from '@ffavatar/core';
import { resolveAsset } from '@ffavatar/core/node';
import { fitLandmarks, ICT_ASSET, loadIctFaceKit, rasterizeMesh } from '@ffavatar/nodes-flame';
import { detectLandmarks } from './subject.js';

/**
 * `node tools/dist/eval/portrait-check.js --out DIR`: the bundled portrait fitted as the fit did
 * before issue 15 (focal 1.2 x side with prior 20, no search, no L1 prior, no calibration: for
 * one photo exactly the old solver) and as it does now; prints focal, reprojection error and the
 * saturated (> 0.5) expression weights by name, and writes both overlays (grey headlit mesh at
 * 50 % over the photo) side by side.
 */
const { values } = parseArgs({ options: { out: { type: 'string', default: 'out/portrait-check' } } });
const model = loadIctFaceKit(new Uint8Array(readFileSync(resolveAsset(ICT_ASSET))));
const png = decodeImage(
  new Uint8Array(readFileSync(resolveAsset('portraits/astronaut.png'))),
  'astronaut.png',
);
const photo: Image = { width: png.width, height: png.height, format: 'rgba8', data: png.data };
const points = await detectLandmarks(photo);
const obs = [{ width: photo.width, height: photo.height, points }];
const variants = {
  before: fitLandmarks(model, obs, {
    focalGuess: 1.2 * Math.max(photo.width, photo.height),
    focalPrior: 20,
    focalSearch: false,
    expressionSparsity: 0,
    landmarkOffsets: new Float32Array(0),
  }),
  after: fitLandmarks(model, obs),
};
const W = photo.width,
  H = photo.height,
  out = new Uint8Array(W * 2 * H * 4);
Object.entries(variants).forEach(([name, fit], panel) => {
  const e = fit.expressions[0]!;
  const sat = model.expressionNames
    .filter((_n, i) => e[i]! > 0.5)
    .map((n) => `${n} ${e[model.expressionNames.indexOf(n)]!.toFixed(2)}`);
  console.log(
    `${name}: focal ${fit.cameras[0]!.fx.toFixed(0)} px, error ${fit.errors[0]!.toFixed(2)} px, saturated ${sat.length}: ${sat.join(', ')}; weights > 0.2: ${e.filter((w) => w > 0.2).length}`,
  );
  const mesh = evaluateHead(model, { ...neutralHeadParams(model), identity: fit.identity, expression: e });
  const cam = fit.cameras[0]!;
  const raster = rasterizeMesh(mesh, cam, { cullBackFaces: true });
  const eye = cameraCentre(cam);
  for (let p = 0; p < W * H; p++) {
    const o = (Math.floor(p / W) * W * 2 + panel * W + (p % W)) * 4;
    for (let c = 0; c < 4; c++) out[o + c] = photo.data[p * 4 + c]!;
    const f = raster.triangle[p]!;
    if (f < 0) continue;
    const N = [0, 0, 0],
      P = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const v = mesh.triangles[f * 3 + k]!,
        w = raster.barycentric[p * 3 + k]!;
      for (let a = 0; a < 3; a++) {
        N[a] = N[a]! + w * mesh.normals![v * 3 + a]!;
        P[a] = P[a]! + w * mesh.vertices[v * 3 + a]!;
      }
    }
    const L = [eye[0] - P[0]!, eye[1] - P[1]!, eye[2] - P[2]!];
    const shade =
      Math.abs(N[0]! * L[0]! + N[1]! * L[1]! + N[2]! * L[2]!) / (Math.hypot(...N) * Math.hypot(...L) || 1);
    for (let c = 0; c < 3; c++) out[o + c] = Math.round(0.5 * out[o + c]! + 0.5 * 255 * (0.15 + 0.8 * shade));
  }
});
writeFileSync(`${values.out}.png`, encodePng({ width: W * 2, height: H, data: out }));
console.log(`wrote ${values.out}.png (before | after)`);
