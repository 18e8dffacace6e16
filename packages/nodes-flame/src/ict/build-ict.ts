import { float32ToFloat16, writeNpz, type NdArray } from '@ffavatar/core/io';
import { parseObj, parseObjPositions } from './obj.js';

/**
 * The head vertices [0, 24591) of ICT-FaceKit's FaceXModel, split into the regions its README
 * lists (first vertex of each); lacrimal fluid, eye blend, occlusion and eyelash geometry follow
 * and are dropped.
 */
const ICT_HEAD_VERTICES = 24591;
const ICT_REGIONS: readonly (readonly [name: string, firstVertex: number])[] = [
  ['face', 0],
  ['head_neck', 9409],
  ['mouth_socket', 11248],
  ['eye_socket_left', 13294],
  ['eye_socket_right', 13678],
  ['gums_tongue', 14062],
  ['teeth', 17039],
  ['eyeball_left', 21451],
  ['eyeball_right', 23021],
];
/** Multi-PIE 68-point landmark vertices from ICT-FaceKit's README (used when vertex_indices.json lacks them). */
const ICT_LMK68 = [
  1225, 1888, 1052, 367, 1719, 1722, 2199, 1447, 966, 3661, 4390, 3927, 3924, 2608, 3272, 4088, 3443, 268,
  493, 1914, 2044, 1401, 3615, 4240, 4114, 2734, 2509, 978, 4527, 4942, 4857, 1140, 2075, 1147, 4269, 3360,
  1507, 1542, 1537, 1528, 1518, 1511, 3742, 3751, 3756, 3721, 3725, 3732, 5708, 5695, 2081, 0, 4275, 6200,
  6213, 6346, 6461, 5518, 5957, 5841, 5702, 5711, 5533, 6216, 6207, 6470, 5517, 5966,
];
/** Upstream units are centimetres; the HeadModel's are metres. */
const CM = 0.01;

/** How the builder reads a FaceXModel folder: file name -> text, or undefined when absent. */
export type FaceXReader = (name: string) => string | undefined;

/**
 * Builds the npz of ../../../shared/assets/ict-facekit-light/README.md from an ICT-FaceKit
 * `FaceXModel/` folder: neutral mesh, identity000..., and the expressions vertex_indices.json
 * lists, each morph target minus the neutral in metres, stored as f16 [V, 3, K]; quads
 * fan-triangulated; UVs per corner (the vt prefix the kept faces use). Reads one OBJ at a time.
 */
export function buildIctNpz(
  read: FaceXReader,
  onProgress: (done: number, total: number) => void = () => {},
): Uint8Array {
  const need = (name: string): string => {
    const text = read(name);
    if (text === undefined)
      throw new Error(`FaceXModel/${name} is missing: is this an ICT-FaceKit checkout?`);
    return text;
  };
  const config = JSON.parse(need('vertex_indices.json')) as {
    expressions?: unknown;
    idx_to_rigid_verts?: unknown;
    idx_to_landmark_verts?: unknown;
  };
  const expressions = stringList(config.expressions, 'vertex_indices.json: expressions');
  const neutral = parseObj(need('generic_neutral_mesh.obj'), 'generic_neutral_mesh.obj');
  const allV = neutral.positions.length / 3;
  const V = Math.min(allV, ICT_HEAD_VERTICES);

  // Faces entirely inside the head, fan-triangulated; UVs: the prefix of vt those faces use.
  const f: number[] = [],
    ft: number[] = [];
  let maxUv = -1;
  for (let p = 0; p + 1 < neutral.start.length; p++) {
    const a = neutral.start[p]!,
      b = neutral.start[p + 1]!;
    let inside = true;
    for (let c = a; c < b; c++) if (neutral.cornerVertex[c]! >= V) inside = false;
    if (!inside) continue;
    for (let c = a + 1; c + 1 < b; c++) {
      for (const k of [a, c, c + 1]) {
        const t = neutral.cornerUv[k]!;
        if (t < 0)
          throw new Error(`generic_neutral_mesh.obj: face ${p} has a corner without a texture coordinate`);
        f.push(neutral.cornerVertex[k]!);
        ft.push(t);
        maxUv = Math.max(maxUv, t);
      }
    }
  }
  const T = maxUv + 1;
  const template = new Float32Array(V * 3);
  for (let i = 0; i < V * 3; i++) template[i] = neutral.positions[i]! * CM;

  const identities: string[] = [];
  while (read(`identity${String(identities.length).padStart(3, '0')}.obj`) !== undefined)
    identities.push(`identity${String(identities.length).padStart(3, '0')}.obj`);
  const total = identities.length + expressions.length;
  let done = 0;
  const deltas = (names: string[]): Float32Array => {
    const K = names.length,
      out = new Float32Array(V * 3 * K);
    names.forEach((name, k) => {
      const p = parseObjPositions(need(name), allV, name);
      for (let r = 0; r < V * 3; r++) out[r * K + k] = (p[r]! - neutral.positions[r]!) * CM;
      onProgress(++done, total);
    });
    return out;
  };
  const shapedirs = deltas(identities);
  const exprdirs = deltas(expressions.map((e) => `${e}.obj`));

  const region = new Uint8Array(V);
  ICT_REGIONS.forEach(([, first], id) => region.fill(id, Math.min(first, V)));
  const lmkSource =
    Array.isArray(config.idx_to_landmark_verts) && config.idx_to_landmark_verts.length === 68
      ? config.idx_to_landmark_verts
      : ICT_LMK68;
  const lmk68 = indexList(lmkSource, V, 'landmark vertices');
  const rigid = indexList(
    Array.isArray(config.idx_to_rigid_verts)
      ? config.idx_to_rigid_verts.filter((v) => typeof v === 'number' && v < V)
      : [],
    V,
    'rigid vertices',
  );

  const arrays: Record<string, NdArray> = {
    v_template: { dtype: 'f32', shape: [V, 3], data: template },
    shapedirs: { dtype: 'f16', shape: [V, 3, identities.length], data: float32ToFloat16(shapedirs) },
    exprdirs: { dtype: 'f16', shape: [V, 3, expressions.length], data: float32ToFloat16(exprdirs) },
    expr_names: { dtype: 'str', shape: [expressions.length], data: expressions },
    f: { dtype: 'i32', shape: [f.length / 3, 3], data: Int32Array.from(f) },
    vt: { dtype: 'f32', shape: [T, 2], data: Float32Array.from(neutral.uvs.subarray(0, T * 2)) },
    ft: { dtype: 'i32', shape: [ft.length / 3, 3], data: Int32Array.from(ft) },
    lmk68: { dtype: 'i32', shape: [68], data: lmk68 },
    region: { dtype: 'u8', shape: [V], data: region },
    region_names: { dtype: 'str', shape: [ICT_REGIONS.length], data: ICT_REGIONS.map(([n]) => n) },
    rigid_verts: { dtype: 'i32', shape: [rigid.length], data: rigid },
  };
  return writeNpz(arrays, { compress: true });
}

function stringList(x: unknown, what: string): string[] {
  if (!Array.isArray(x) || x.length === 0 || !x.every((s) => typeof s === 'string' && /^[\w-]+$/.test(s)))
    throw new Error(`${what}: expected a list of names`);
  return x as string[];
}

function indexList(x: unknown[], V: number, what: string): Int32Array {
  const out = new Int32Array(x.length);
  x.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= V)
      throw new Error(`${what}: entry ${i} (${String(v)}) is not a vertex index below ${V}`);
    out[i] = v;
  });
  return out;
}
