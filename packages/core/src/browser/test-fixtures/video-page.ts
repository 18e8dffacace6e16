// The video test page: decodes served clips through the browser host (fetchFileAccess ->
// WebCodecs) on the page and in a worker pool running io.loadVideo, and returns plain summaries
// (frames as base64) for the Node test to compare with ffmpeg.
import { createBrowserWorkerPool, fetchFileAccess } from '../index.js';
import type { VideoSelection } from '../../engine/exec/video-decoding.js';

const files = fetchFileAccess({ baseDir: '/media', outDir: undefined });

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function failure(p: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  }
  throw new Error('expected the decode to fail');
}

const api = {
  hasDecoder: () => typeof files.decodeVideo === 'function',

  async decode(path: string, sel: VideoSelection) {
    const t0 = performance.now();
    const v = await files.decodeVideo!(path, sel);
    const ms = performance.now() - t0;
    return { info: v.info, indices: v.indices, ms, frames: v.frames.map(base64) };
  },

  /** Decodes without sending pixels back: for timing longer selections. */
  async time(path: string, sel: VideoSelection) {
    const t0 = performance.now();
    const v = await files.decodeVideo!(path, sel);
    const ms = performance.now() - t0;
    let sum = 0;
    for (const f of v.frames) for (let i = 0; i < f.length; i += 4099) sum += f[i]!;
    return { count: v.frames.length, ms, sum, last: v.indices[v.indices.length - 1] };
  },

  fails: (path: string, sel: VideoSelection) => failure(files.decodeVideo!(path, sel)),

  /** Draws frame `k` of a decode on a canvas the test screenshots. */
  async draw(path: string, sel: VideoSelection, k: number) {
    const v = await files.decodeVideo!(path, sel);
    const { width, height } = v.info;
    const canvas = document.createElement('canvas');
    canvas.id = 'frame';
    Object.assign(canvas, { width, height });
    canvas.style.display = 'block';
    document.body.style.margin = '0';
    document.body.replaceChildren(canvas);
    canvas
      .getContext('2d')!
      .putImageData(new ImageData(new Uint8ClampedArray(v.frames[k]!), width, height), 0, 0);
    return { width, height, frame: base64(v.frames[k]!) };
  },

  /** io.loadVideo as the editor runs it: in a Web Worker of the pool, reading over fetch (params
   * arrive parsed, defaults filled, as the executor sends them). */
  async inWorker(path: string, params: Record<string, unknown>) {
    const pool = createBrowserWorkerPool({
      url: new URL('/worker-entry.js', location.href),
      plugins: [new URL('/core-nodes.js', location.href).href],
      size: 1,
    });
    try {
      const { reply } = await pool.run({
        nodeType: 'io.loadVideo',
        nodeId: 'video',
        item: undefined,
        params,
        inputs: { path },
        roots: { baseDir: '/media', outDir: undefined },
      });
      if (!reply.ok) return { ok: false, error: reply.error };
      const out = reply.outputs as {
        frames: { width: number; height: number; data: Uint8Array; source: string }[];
        fps: number;
        times: { data: Float32Array };
      };
      return {
        ok: true,
        fps: out.fps,
        times: Array.from(out.times.data),
        sources: out.frames.map((f) => f.source),
        sizes: out.frames.map((f) => [f.width, f.height, f.data.length]),
      };
    } finally {
      await pool.close();
    }
  },
};

(globalThis as unknown as { ffavatarVideo: typeof api }).ffavatarVideo = api;
