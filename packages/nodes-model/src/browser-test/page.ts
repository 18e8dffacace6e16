// The test page: a browser worker pool runs model.faceLandmarks; the page returns plain summaries
// for the Node test to assert.
import { decodeImage } from '@ffavatar/core/io';
import { createBrowserWorkerPool } from '@ffavatar/core/browser';
import { faceLandmarksParams } from '../nodes/face-landmarks.js';

const pool = createBrowserWorkerPool({
  url: new URL('/worker-entry.js', location.href),
  plugins: [new URL('/nodes-model.js', location.href).href],
  size: 1,
});

async function portrait() {
  const bytes = new Uint8Array(await (await fetch('/portrait.png')).arrayBuffer());
  const img = decodeImage(bytes, 'portrait.png');
  return { width: img.width, height: img.height, format: 'rgba8' as const, data: img.data };
}

function blank() {
  return { width: 200, height: 200, format: 'rgba8' as const, data: new Uint8Array(200 * 200 * 4).fill(200) };
}

async function faceLandmarks(which: 'portrait' | 'blank', params: Record<string, unknown>) {
  const image = which === 'portrait' ? await portrait() : blank();
  const t0 = performance.now();
  const { reply } = await pool.run({
    nodeType: 'model.faceLandmarks',
    nodeId: 'detect',
    item: undefined,
    // The executor parses params before a job goes out; so does the page.
    params: faceLandmarksParams.parse(params),
    inputs: { image },
    roots: { baseDir: '/', outDir: undefined },
  });
  const ms = performance.now() - t0;
  if (!reply.ok) return { ok: false as const, error: reply.error, ms };
  const out = reply.outputs as {
    landmarks: { scheme: string; count: number; points: Float32Array; confidence: Float32Array };
    box: { dtype: string; shape: number[]; data: Float32Array };
    mesh: { scheme: string; points: Float32Array; confidence: Float32Array };
    preview: { width: number; height: number; format: string; data: Uint8Array };
  };
  return {
    ok: true as const,
    ms,
    scheme: out.landmarks.scheme,
    count: out.landmarks.count,
    points: Array.from(out.landmarks.points),
    confidence: Array.from(out.landmarks.confidence),
    pointsIsFloat32: out.landmarks.points instanceof Float32Array,
    box: Array.from(out.box.data),
    mesh: { scheme: out.mesh.scheme, points: Array.from(out.mesh.points), score: out.mesh.confidence[0] },
    boxShape: out.box.shape,
    preview: {
      width: out.preview.width,
      height: out.preview.height,
      format: out.preview.format,
      bytes: out.preview.data.length,
    },
  };
}

/** model.segmentPortrait in the worker: the mask's alpha, for the Node test to compare. */
async function segmentPortrait() {
  const image = await portrait();
  const { reply } = await pool.run({
    nodeType: 'model.segmentPortrait',
    nodeId: 'segment',
    item: undefined,
    params: { softness: 0.1 },
    inputs: { image },
    roots: { baseDir: '/', outDir: undefined },
  });
  if (!reply.ok) return { ok: false as const, error: reply.error };
  const mask = (reply.outputs as { mask: { width: number; height: number; data: Uint8Array } }).mask;
  const alpha = new Array<number>(mask.width * mask.height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = mask.data[i * 4 + 3]!;
  return { ok: true as const, width: mask.width, height: mask.height, alpha };
}

const api = {
  faceLandmarks,
  segmentPortrait,
  crossOriginIsolated: () => globalThis.crossOriginIsolated,
  async close() {
    await pool.close();
    return pool.workerIds();
  },
};

(globalThis as unknown as { ffavatarTest: typeof api }).ffavatarTest = api;
