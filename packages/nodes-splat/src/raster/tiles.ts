import type { FloatArray, ProjectedGaussians } from './projected.js';

/** Tiles are 16 x 16 pixels, as in 3DGS. */
export const TILE_SIZE = 16;

/**
 * Per-tile Gaussian lists: the ids for tile `t` are `ids[offsets[t] .. offsets[t + 1])`, nearest
 * first. A Gaussian covers tiles floor((u - r) / 16) .. floor((u + r) / 16) on each axis (clamped
 * to the image); the WebGPU path uses the same rule, so both blend the same lists.
 */
export interface TileLists {
  tilesX: number;
  tilesY: number;
  offsets: Uint32Array;
  ids: Uint32Array;
}

export function tileRect(
  u: number,
  v: number,
  r: number,
  tilesX: number,
  tilesY: number,
): [number, number, number, number] {
  return [
    Math.max(0, Math.floor((u - r) / TILE_SIZE)),
    Math.max(0, Math.floor((v - r) / TILE_SIZE)),
    Math.min(tilesX - 1, Math.floor((u + r) / TILE_SIZE)),
    Math.min(tilesY - 1, Math.floor((v + r) / TILE_SIZE)),
  ];
}

/** Visible Gaussian ids sorted by camera depth, nearest first (ties by id, so the order is stable). */
export function depthOrder(p: ProjectedGaussians<FloatArray>): Uint32Array {
  let visible = 0;
  for (let i = 0; i < p.count; i++) if (p.radius[i]! > 0) visible++;
  const ids = new Uint32Array(visible);
  // Positive floats order like their bit patterns: sort u32 keys, two 16-bit counting passes.
  const keys = new Uint32Array(visible);
  // f64 slots (gradient checks) sort by their f32 rounding, so they get the production order.
  const depth32 = p.depth instanceof Float32Array ? p.depth : Float32Array.from(p.depth);
  const bits = new Uint32Array(depth32.buffer, depth32.byteOffset, p.count);
  for (let i = 0, j = 0; i < p.count; i++)
    if (p.radius[i]! > 0) {
      ids[j] = i;
      keys[j++] = bits[i]!;
    }
  return radixSortIds(keys, ids);
}

function radixSortIds(keys: Uint32Array, ids: Uint32Array): Uint32Array {
  const n = keys.length;
  let kIn = keys,
    iIn = ids;
  let kOut: Uint32Array = new Uint32Array(n),
    iOut: Uint32Array = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(kIn[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = counts[(kIn[i]! >>> shift) & 0xffff]!++;
      kOut[at] = kIn[i]!;
      iOut[at] = iIn[i]!;
    }
    [kIn, kOut] = [kOut, kIn];
    [iIn, iOut] = [iOut, iIn];
  }
  return iIn;
}

export function binTilesCpu(
  p: ProjectedGaussians<FloatArray>,
  width: number,
  height: number,
  order: Uint32Array,
): TileLists {
  const tilesX = Math.ceil(width / TILE_SIZE);
  const tilesY = Math.ceil(height / TILE_SIZE);
  const counts = new Uint32Array(tilesX * tilesY + 1);
  for (let o = 0; o < order.length; o++) {
    const i = order[o]!;
    const [x0, y0, x1, y1] = tileRect(p.uv[i * 2]!, p.uv[i * 2 + 1]!, p.radius[i]!, tilesX, tilesY);
    for (let ty = y0; ty <= y1; ty++) for (let tx = x0; tx <= x1; tx++) counts[ty * tilesX + tx]!++;
  }
  const offsets = new Uint32Array(tilesX * tilesY + 1);
  for (let t = 0; t < tilesX * tilesY; t++) offsets[t + 1] = offsets[t]! + counts[t]!;
  const cursor = offsets.slice(0, tilesX * tilesY);
  const ids = new Uint32Array(offsets[tilesX * tilesY]!);
  // Walking in depth order keeps every tile's list depth-sorted without sorting per tile.
  for (let o = 0; o < order.length; o++) {
    const i = order[o]!;
    const [x0, y0, x1, y1] = tileRect(p.uv[i * 2]!, p.uv[i * 2 + 1]!, p.radius[i]!, tilesX, tilesY);
    for (let ty = y0; ty <= y1; ty++) for (let tx = x0; tx <= x1; tx++) ids[cursor[ty * tilesX + tx]!++] = i;
  }
  return { tilesX, tilesY, offsets, ids };
}
