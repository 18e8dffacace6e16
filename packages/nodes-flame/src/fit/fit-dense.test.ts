import { describe, expect, it } from 'vitest';
import type { NodeContext } from '@ffavatar/core';
import { ictModel } from '../test-support/ict-asset.js';
import { headVertices, observe, subject, withDense } from '../test-support/landmark-subjects.js';
import { fitLandmarks } from './fit-landmarks.js';
import { fitLandmarksNode } from './fit-node.js';
import { eyeLookWeights, type Gaze } from './gaze.js';
import { mediapipeEmbedding } from './ict-mediapipe-embedding.js';

const ctx = {
  nodeId: 'fit',
  item: undefined,
  signal: new AbortController().signal,
  progress() {},
  files: undefined,
} as unknown as NodeContext;
const runFit = async (inputs: Record<string, unknown>) =>
  fitLandmarksNode.run({
    inputs: inputs as Parameters<typeof fitLandmarksNode.run>[0]['inputs'],
    params: fitLandmarksNode.params.parse({}),
    ctx,
  });

describe('fitLandmarks with dense (mediapipe478) landmarks', () => {
  const model = ictModel();
  const exact = {
    identityPrior: 1,
    expressionPrior: 0.1,
    expressionSparsity: 0,
    landmarkOffsets: new Float32Array(0),
  };
  const face = model.regionNames!.indexOf('face');

  /** Mean distance over the face region's vertices of the neutral heads, mm. */
  function shapeError(a: Float32Array, b: Float32Array): number {
    const A = headVertices(model, a),
      B = headVertices(model, b);
    let sum = 0,
      n = 0;
    for (let v = 0; v < model.vertexCount; v++) {
      if (model.regions![v] !== face) continue;
      sum += Math.hypot(A[v * 3]! - B[v * 3]!, A[v * 3 + 1]! - B[v * 3 + 1]!, A[v * 3 + 2]! - B[v * 3 + 2]!);
      n++;
    }
    return (sum / n) * 1000;
  }

  it('has an embedding for every point of ICT-FaceKit, on the face and the eyeballs', () => {
    const e = mediapipeEmbedding(model)!;
    expect(e.count).toBe(478);
    for (let l = 0; l < 478; l++) {
      expect(e.triangles[l]).toBeLessThan(model.triangleCount);
      const w = e.barycentrics.subarray(l * 3, l * 3 + 3);
      expect(w[0]! + w[1]! + w[2]!).toBeCloseTo(1, 3);
      expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
    }
    // Irises on the eyeballs.
    const regionOf = (l: number) =>
      model.regionNames![model.regions![model.triangles[e.triangles[l]! * 3]!]!];
    expect(regionOf(468)).toMatch(/eyeball/);
    expect(regionOf(473)).toMatch(/eyeball/);
  });

  it('recovers the face shape better than the 68 points alone, at the same noise', () => {
    const s = subject(model, 4, 21);
    const sparse = observe(model, s, 1, 5);
    const dense = withDense(model, s, sparse, 1, 6);
    const without = fitLandmarks(model, sparse, exact);
    const withMesh = fitLandmarks(model, dense, exact);
    const e0 = shapeError(without.identity, s.identity),
      e1 = shapeError(withMesh.identity, s.identity);
    console.log(
      `face shape error from 4 views, 1 px noise: 68 points ${e0.toFixed(2)} mm, with the mesh ${e1.toFixed(2)} mm`,
    );
    expect(e1).toBeLessThan(0.8 * e0);
    // The reported error stays the 68 points' (comparable with and without the mesh).
    for (const err of withMesh.errors) expect(err).toBeLessThan(2.5);
  });

  it('ignores the mesh at denseWeight 0, and photos without one are fitted on the 68 alone', () => {
    const s = subject(model, 2, 22);
    const sparse = observe(model, s, 0.5, 7);
    const dense = withDense(model, s, sparse, 0.5, 8);
    const a = fitLandmarks(model, sparse, exact);
    const b = fitLandmarks(model, dense, { ...exact, denseWeight: 0 });
    expect(Array.from(b.identity)).toEqual(Array.from(a.identity));
    // One photo with a mesh and one without: the fit runs, and both photos are tracked.
    const mixed = fitLandmarks(model, [dense[0]!, sparse[1]!], exact);
    for (const err of mixed.errors) expect(err).toBeLessThan(2);
  });

  it("flame.fitLandmarks fits the meshes beside the 68 and reads each frame's gaze (here straight ahead)", async () => {
    const s = subject(model, 2, 24);
    const obs = withDense(model, s, observe(model, s, 0.3, 9), 0.3, 10);
    const image = { width: 512, height: 512, format: 'rgba8' as const, data: new Uint8Array(512 * 512 * 4) };
    const out = await runFit({
      model,
      images: [image, image],
      landmarks: obs.map((o) => ({ scheme: 'ibug68', count: 68, points: o.points })),
      meshes: obs.map((o) => ({ scheme: 'mediapipe478', count: 478, points: o.dense!.points })),
    });
    for (const frame of out.tracking.frames) {
      const gaze = (frame as { gaze?: Gaze }).gaze!;
      // Straight ahead, within what a few tenths of a pixel of fit error make of a 13 px eyeball.
      for (const eye of [gaze.right, gaze.left]) {
        expect(Math.abs(eye.yaw)).toBeLessThan(15);
        expect(Math.abs(eye.pitch)).toBeLessThan(15);
      }
      for (const [name, w] of Object.entries(eyeLookWeights(gaze)))
        expect(frame.params.expression[model.expressionNames.indexOf(name)], name).toBeCloseTo(w, 6);
    }
  });

  it('flame.fitLandmarks refuses meshes of another scheme or count, naming the port', async () => {
    const s = subject(model, 1, 23);
    const [obs] = observe(model, s);
    const image = { width: 512, height: 512, format: 'rgba8' as const, data: new Uint8Array(512 * 512 * 4) };
    const landmarks = [{ scheme: 'ibug68', count: 68, points: obs!.points }];
    await expect(runFit({ model, images: [image], landmarks, meshes: landmarks })).rejects.toMatchObject({
      port: 'meshes',
      message: expect.stringMatching(/item 0: scheme ibug68 with 68 points; the fit reads mediapipe478/),
    });
    await expect(
      runFit({ model, images: [image, image], landmarks: [landmarks[0]!, landmarks[0]!], meshes: landmarks }),
    ).rejects.toMatchObject({ port: 'meshes', message: '2 images but 1 meshes: they must pair up' });
    // An empty list is none (what model.trackLandmarks gives with its mesh off).
    const none = await runFit({ model, images: [image], landmarks, meshes: [] });
    expect(none.tracking.frames).toHaveLength(1);
  });
});
