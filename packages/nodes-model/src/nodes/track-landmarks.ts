import { z } from 'zod';
import {
  defineNode,
  Image,
  imageToRgba8,
  input,
  Json,
  Landmarks,
  listOf,
  MEDIAPIPE478,
  Num,
  output,
  PortError,
  Tensor,
  throwIfAborted,
} from '@ffavatar/core';
import { drawLandmarkPreview } from '../draw/landmark-preview.js';
import { IBUG68_COUNT } from '../landmarks/ibug68.js';
import { checkImageSize } from '../landmarks/image-limits.js';
import type { LandmarkBackendLoader } from '../landmarks/landmark-backend.js';
import { oneEuroSmooth } from '../landmarks/one-euro.js';
import { trackSequence } from '../landmarks/track-sequence.js';
import { denseFace } from '../mesh/dense-face.js';
import type { FaceMeshBackendLoader } from '../mesh/face-mesh-backend.js';
import { detectorParams } from './detector-params.js';
import { keptMeshes, keptTracking, type KeptMesh } from './track-memo.js';

export const trackLandmarksParams = detectorParams.extend({
  redetectEvery: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(12)
    .describe(
      'A detector pass every n frames checks the track is still on the face (1 = detect every frame)',
    ),
  smoothCutoff: z
    .number()
    .min(0)
    .max(100)
    .default(1.5)
    .describe('One Euro filter cutoff at rest, Hz: lower is steadier; 0 turns smoothing off'),
  smoothBeta: z
    .number()
    .min(0)
    .max(10)
    .default(0.05)
    .describe(
      'How fast the cutoff rises with motion (per px/s): higher keeps fast motion and blinks sharper',
    ),
  mesh: z
    .boolean()
    .default(false)
    .describe(
      'Also the dense MediaPipe mesh with irises per frame (meshes; ~50 ms a frame); off, meshes is an empty list',
    ),
});

/**
 * `model.trackLandmarks`: 68 landmarks on every frame of a video of one face, tracked from frame to
 * frame (trackSequence) and smoothed in time. Lost frames keep their neighbours' points at
 * confidence 0, so the fit gives them no weight, and the report lists them.
 */
export function createTrackLandmarksNode(
  loadBackend: LandmarkBackendLoader,
  loadMesh: FaceMeshBackendLoader,
) {
  return defineNode({
    type: 'model.trackLandmarks',
    version: 1,
    title: 'Track landmarks (video)',
    category: 'Tracking',
    description:
      'Tracks 68 landmarks through the frames of a video of one face: detector cascade on the first frame, then frame to frame with periodic re-detection, One Euro smoothing.',
    inputs: {
      frames: input(listOf(Image), { description: 'Frames in time order (io.loadVideo)' }),
      fps: input(Num, { optional: true, description: 'Frame rate for the smoothing; 25 when absent' }),
    },
    params: trackLandmarksParams,
    outputs: {
      landmarks: output(listOf(Landmarks), { description: 'One ibug68 set per frame, px' }),
      meshes: output(listOf(Landmarks), {
        description:
          'With mesh on: one mediapipe478 set per frame (smoothed like the 68; confidence the face-mesh score, 0 on lost frames); else empty',
      }),
      boxes: output(Tensor, { description: '[N, 4] f32 the face box of each frame, x, y, w, h px' }),
      previews: output(listOf(Image), { description: 'Each frame with its box and points drawn' }),
      report: output(Json, {
        description: 'Per frame: detected, tracked or lost; the detector passes; the corrected frames',
      }),
    },
    async run({ inputs, params, ctx }) {
      const frames = inputs.frames.map(imageToRgba8);
      if (frames.length === 0) throw new PortError('frames', 'no frames to track');
      try {
        checkImageSize(frames[0]!.width, frames[0]!.height);
      } catch (err) {
        throw new PortError('frames', (err as Error).message);
      }
      ctx.progress(0, 'loading face detector');
      const backend = await loadBackend();
      throwIfAborted(ctx.signal);
      const t0 = performance.now();
      // Smoothing and the mesh do not change the forward pass: a rerun with other values keeps it.
      const { smoothCutoff: _c, smoothBeta: _b, mesh: _m, ...tracker } = params;
      const resume = await keptTracking(ctx, frames.length, { ...tracker, runtime: backend.description });
      const keptFrames = resume.kept?.length ?? 0;
      const track = await trackSequence(
        backend,
        frames,
        params,
        (i) => {
          throwIfAborted(ctx.signal);
          if (i % 10 === 0)
            ctx.progress((0.95 * (i + 1)) / frames.length, `frame ${i + 1} / ${frames.length}`);
        },
        resume,
      );
      const ms = performance.now() - t0;
      const lost = track.source.flatMap((s, i) => (s === 'lost' ? [i] : []));
      if (lost.length === frames.length) {
        const source = (inputs.frames[0] as { source?: unknown }).source;
        throw new PortError(
          'frames',
          `no face in any of the ${frames.length} frames${typeof source === 'string' ? ` of ${source.replace(/#frame=\d+$/, '')}` : ''} (detector ${params.detector}, minConfidence ${params.minConfidence})`,
        );
      }
      const fps = inputs.fps ?? 25;
      // A lost frame restarts the filter, so a re-found face is not dragged from where it was lost.
      const reset = track.source.map((s, i) => s === 'lost' || (i > 0 && track.source[i - 1] === 'lost'));
      const points =
        params.smoothCutoff > 0
          ? oneEuroSmooth(
              track.points,
              fps,
              { minCutoff: params.smoothCutoff, beta: params.smoothBeta },
              reset,
            )
          : track.points;
      const boxes = new Float32Array(frames.length * 4);
      track.boxes.forEach((b, i) => boxes.set(b, i * 4));
      const landmarks = points.map((p, i) => ({
        scheme: 'ibug68' as const,
        count: IBUG68_COUNT,
        points: p,
        confidence: new Float32Array(IBUG68_COUNT).fill(track.source[i] === 'lost' ? 0 : 1),
      }));
      let meshes: { scheme: string; count: number; points: Float32Array; confidence: Float32Array }[] = [];
      let keptMeshCount = 0;
      if (params.mesh) {
        const meshBackend = await loadMesh();
        const { kept, keep } = await keptMeshes(ctx, points, meshBackend.description);
        const dense: KeptMesh[] = [];
        for (let i = 0; i < frames.length; i++) {
          throwIfAborted(ctx.signal);
          const known = kept[i];
          if (known) {
            keptMeshCount++;
            dense.push(known);
            continue;
          }
          if (i % 10 === 0) ctx.progress(0.9, `face mesh, frame ${i + 1} / ${frames.length}`);
          const d = await denseFace(meshBackend, frames[i]!, points[i]!);
          keep(i, d);
          dense.push(d);
        }
        const smoothed =
          params.smoothCutoff > 0
            ? oneEuroSmooth(
                dense.map((d) => d.points),
                fps,
                { minCutoff: params.smoothCutoff, beta: params.smoothBeta },
                reset,
              )
            : dense.map((d) => d.points);
        meshes = smoothed.map((p, i) => ({
          scheme: MEDIAPIPE478.scheme,
          count: MEDIAPIPE478.count,
          points: p,
          confidence: new Float32Array(MEDIAPIPE478.count).fill(
            track.source[i] === 'lost' ? 0 : dense[i]!.score,
          ),
        }));
      }
      ctx.progress(0.97, 'drawing previews');
      const previews = frames.map((f, i) => {
        const p = drawLandmarkPreview(f, track.boxes[i]!, points[i]!, meshes[i]?.points);
        return { width: p.width, height: p.height, format: 'rgba8' as const, data: p.data };
      });
      const count = (s: string) => track.source.filter((x) => x === s).length;
      return {
        landmarks,
        meshes,
        boxes: { dtype: 'f32' as const, shape: [frames.length, 4], data: boxes },
        previews,
        report: {
          frames: frames.length,
          detected: count('detected'),
          tracked: count('tracked'),
          lost,
          corrected: track.corrected,
          framesPerSecond: Math.round((frames.length / ms) * 1000 * 10) / 10,
          // Frames whose tracking (and dense mesh) an earlier run over the same first frames kept.
          fromCache: { frames: keptFrames, meshes: keptMeshCount },
          firstDetection: track.steps[0] ?? [],
          detectorPasses: track.steps.length,
        },
      };
    },
  });
}
