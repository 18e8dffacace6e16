// What the preview panel shows for a node: its image output at full size, or, for a node whose
// output is about an image (Landmarks, Tracking), the photo that fed it with that output drawn on
// top: detected points, the fitted head's wireframe and its model landmarks.
import { evaluateHead, landmarkPositions, projectPoint } from '@ffavatar/core/geometry';
import {
  splitPortRef,
  type GraphDocument,
  type HeadModel,
  type Image,
  type Landmarks,
  type Tracking,
} from '@ffavatar/core';
import type { Peek } from './run-in-browser.js';

interface Overlay {
  /** Detected landmarks, pixels. */
  points?: Float32Array | undefined;
  /** The fitted head projected: triangle edges as pixel segments [x0, y0, x1, y1, ...]. */
  wire?: Float32Array | undefined;
  /** The model's landmarks projected through the fit, pixels. */
  fitted?: Float32Array | undefined;
  /** Mean reprojection error of the fit, pixels. */
  error?: number | undefined;
}

export interface PreviewContent {
  node: string;
  port: string;
  image: Image;
  overlay: Overlay;
}

/**
 * The preview of `node` from the last run, or undefined when it has nothing to show. `source`
 * finds the value that fed one of the node's inputs.
 */
export function previewOf(
  node: string,
  doc: GraphDocument,
  peeks: Map<string, Peek[]>,
  model: HeadModel | undefined,
): PreviewContent | undefined {
  const own = peeks.get(node) ?? [];
  const image = own.find(
    (p) => p.type === 'Image' && (p.value as Image).width > 0 && (p.value as Image).height > 0,
  );
  if (image) return { node, port: image.port, image: image.value as Image, overlay: {} };
  const source = (input: string, type: string): unknown => {
    const edge = doc.edges.find((e) => e.to === `${node}.${input}`);
    if (!edge) return undefined;
    const from = splitPortRef(edge.from);
    return (peeks.get(from.node) ?? []).find((p) => p.port === from.port && p.type === type)?.value;
  };
  const landmarks = own.find((p) => p.type === 'Landmarks');
  if (landmarks) {
    const photo = source('image', 'Image') as Image | undefined;
    return (
      photo && {
        node,
        port: landmarks.port,
        image: photo,
        overlay: { points: (landmarks.value as Landmarks).points },
      }
    );
  }
  const tracking = own.find((p) => p.type === 'Tracking');
  if (tracking) {
    const photo = source('images', 'Image') as Image | undefined;
    const frame = (tracking.value as Tracking).frames[0];
    if (!photo || !frame) return undefined;
    const detected = source('landmarks', 'Landmarks') as Landmarks | undefined;
    return {
      node,
      port: tracking.port,
      image: photo,
      overlay: { points: detected?.points, error: frame.error, ...(model ? fitOverlay(model, frame) : {}) },
    };
  }
  return undefined;
}

function fitOverlay(model: HeadModel, frame: Tracking['frames'][number]): Pick<Overlay, 'wire' | 'fitted'> {
  const mesh = evaluateHead(model, frame.params);
  const V = mesh.vertices.length / 3;
  const px = new Float32Array(V * 2);
  const front = new Uint8Array(V);
  for (let v = 0; v < V; v++) {
    const [x, y, z] = projectPoint(frame.camera, [
      mesh.vertices[v * 3]!,
      mesh.vertices[v * 3 + 1]!,
      mesh.vertices[v * 3 + 2]!,
    ]);
    px[v * 2] = x;
    px[v * 2 + 1] = y;
    front[v] = z > 0 ? 1 : 0;
  }
  // Every triangle's first edge, for triangles facing the camera: a readable wireframe, not a fill.
  const t = mesh.triangles;
  const seg: number[] = [];
  for (let f = 0; f < t.length / 3; f++) {
    const a = t[f * 3]!,
      b = t[f * 3 + 1]!,
      c = t[f * 3 + 2]!;
    if (!front[a] || !front[b] || !front[c]) continue;
    const cross =
      (px[b * 2]! - px[a * 2]!) * (px[c * 2 + 1]! - px[a * 2 + 1]!) -
      (px[b * 2 + 1]! - px[a * 2 + 1]!) * (px[c * 2]! - px[a * 2]!);
    if (cross >= 0) continue;
    seg.push(px[a * 2]!, px[a * 2 + 1]!, px[b * 2]!, px[b * 2 + 1]!);
  }
  let fitted: Float32Array | undefined;
  if (model.landmarks) {
    const lm = landmarkPositions(model, mesh.vertices);
    fitted = new Float32Array((lm.length / 3) * 2);
    for (let i = 0; i < lm.length / 3; i++) {
      const [x, y] = projectPoint(frame.camera, [lm[i * 3]!, lm[i * 3 + 1]!, lm[i * 3 + 2]!]);
      fitted[i * 2] = x;
      fitted[i * 2 + 1] = y;
    }
  }
  return { wire: Float32Array.from(seg), fitted };
}
