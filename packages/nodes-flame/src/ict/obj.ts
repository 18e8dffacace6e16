/** The parts of a Wavefront OBJ a head model needs; polygons keep their corner lists. */
export interface ObjMesh {
  /** [V, 3] positions as written (no unit change). */
  positions: Float64Array;
  /** [T, 2] texture coordinates. */
  uvs: Float64Array;
  /** Polygon p's corners are corners[start[p] .. start[p + 1]); vertex and uv indices are 0-based, -1 when absent. */
  start: Uint32Array;
  cornerVertex: Int32Array;
  cornerUv: Int32Array;
}

/**
 * Parses positions, texture coordinates and faces (`f v`, `v/vt`, `v/vt/vn`, `v//vn`, negative
 * indices relative to the end). Everything else (normals, groups, materials) is skipped.
 */
export function parseObj(text: string, source: string): ObjMesh {
  const pos: number[] = [],
    uv: number[] = [],
    start: number[] = [0],
    cv: number[] = [],
    cu: number[] = [];
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    const tag = line.slice(0, 2);
    if (tag === 'v ') pushNumbers(line, 3, pos, source, lineNo);
    else if (tag === 'vt') {
      if (line[2] === ' ' || line[2] === '\t') pushNumbers(line, 2, uv, source, lineNo);
    } else if (tag === 'f ') {
      const parts = line.trim().split(/\s+/).slice(1);
      if (parts.length < 3) throw new Error(`${source}:${lineNo}: a face needs at least 3 corners`);
      for (const p of parts) {
        const [v, t] = p.split('/');
        cv.push(index(v, pos.length / 3, source, lineNo));
        cu.push(t ? index(t, uv.length / 2, source, lineNo) : -1);
      }
      start.push(cv.length);
    }
  }
  return {
    positions: Float64Array.from(pos),
    uvs: Float64Array.from(uv),
    start: Uint32Array.from(start),
    cornerVertex: Int32Array.from(cv),
    cornerUv: Int32Array.from(cu),
  };
}

/**
 * Only the `v` lines, straight into a preallocated array: the 153 morph targets of ICT-FaceKit
 * share the neutral mesh's topology, so faces and UVs are read once.
 */
export function parseObjPositions(text: string, expected: number, source: string): Float64Array {
  const out = new Float64Array(expected * 3);
  let n = 0,
    lineNo = 0,
    at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    lineNo++;
    if (text.charCodeAt(at) === 118 /* v */ && text.charCodeAt(at + 1) === 32) {
      if (n >= expected) throw new Error(`${source}: more than the ${expected} vertices of the neutral mesh`);
      const f = text
        .slice(at + 2, end)
        .trim()
        .split(/\s+/);
      for (let a = 0; a < 3; a++) {
        const x = Number(f[a]);
        if (!Number.isFinite(x)) throw new Error(`${source}:${lineNo}: bad vertex "${text.slice(at, end)}"`);
        out[n * 3 + a] = x;
      }
      n++;
    }
    at = end + 1;
  }
  if (n !== expected) throw new Error(`${source}: ${n} vertices, the neutral mesh has ${expected}`);
  return out;
}

function pushNumbers(line: string, count: number, out: number[], source: string, lineNo: number): void {
  const f = line.trim().split(/\s+/);
  for (let i = 1; i <= count; i++) {
    const x = Number(f[i]);
    if (!Number.isFinite(x)) throw new Error(`${source}:${lineNo}: bad line "${line.trim()}"`);
    out.push(x);
  }
}

function index(s: string | undefined, count: number, source: string, lineNo: number): number {
  const i = Number(s);
  if (!Number.isInteger(i) || i === 0) throw new Error(`${source}:${lineNo}: bad index "${s}"`);
  const k = i > 0 ? i - 1 : count + i;
  if (k < 0 || k >= count)
    throw new Error(`${source}:${lineNo}: index ${i} refers to no element (${count} so far)`);
  return k;
}
