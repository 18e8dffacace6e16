import { IBUG68_PARTS, type Ibug68Part } from '../landmarks/ibug68.js';
import type { Rgba8 } from '../landmarks/landmark-backend.js';
import { MEDIAPIPE478 } from '@ffavatar/core';
import { drawLine, fillDisc, strokeRect, type Rgb } from './raster.js';

// One colour per part, so a swapped or misplaced group is visible at a glance.
const PART_COLORS: Record<Ibug68Part, Rgb> = {
  jaw: [255, 210, 0],
  rightBrow: [255, 90, 40],
  leftBrow: [255, 90, 40],
  noseBridge: [0, 220, 255],
  noseBase: [0, 220, 255],
  rightEye: [60, 255, 60],
  leftEye: [60, 255, 60],
  outerLips: [255, 60, 200],
  innerLips: [255, 150, 230],
};
const BOX_COLOR: Rgb = [40, 255, 120];
const MESH_COLOR: Rgb = [235, 235, 235];
const IRIS_COLOR: Rgb = [255, 40, 40];

/**
 * A copy of the image with the face box, each iBUG-68 part's outline and the 68 points drawn on
 * it, under them the dense mesh (mediapipe478: 468 small dots, the irises in red) when given. Sizes
 * follow the face, so the overlay reads the same on a thumbnail and on a large photo.
 */
export function drawLandmarkPreview(
  image: Rgba8,
  box: Float32Array,
  points: Float32Array,
  dense?: Float32Array,
): Rgba8 {
  const out: Rgba8 = { width: image.width, height: image.height, data: image.data.slice() };
  const faceSize = Math.max(box[2]!, box[3]!);
  if (dense) {
    const r = Math.max(0.6, faceSize / 320);
    for (let i = 0; i < dense.length / 2; i++)
      fillDisc(
        out,
        dense[i * 2]!,
        dense[i * 2 + 1]!,
        i >= MEDIAPIPE478.meshCount ? r * 1.6 : r,
        i >= MEDIAPIPE478.meshCount ? IRIS_COLOR : MESH_COLOR,
      );
  }
  strokeRect(out, box[0]!, box[1]!, box[2]!, box[3]!, Math.max(1, Math.round(faceSize / 150)), BOX_COLOR);
  const radius = Math.max(1.2, faceSize / 110);
  for (const [name, part] of Object.entries(IBUG68_PARTS) as [
    Ibug68Part,
    (typeof IBUG68_PARTS)[Ibug68Part],
  ][]) {
    const color = PART_COLORS[name];
    const last = part.closed ? part.end : part.end - 1;
    for (let i = part.start; i < last; i++) {
      const j = i + 1 < part.end ? i + 1 : part.start;
      drawLine(out, points[i * 2]!, points[i * 2 + 1]!, points[j * 2]!, points[j * 2 + 1]!, color);
    }
    for (let i = part.start; i < part.end; i++)
      fillDisc(out, points[i * 2]!, points[i * 2 + 1]!, radius, color);
  }
  return out;
}
