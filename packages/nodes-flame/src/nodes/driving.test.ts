import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookAtCamera, neutralHeadParams } from '@ffavatar/core/geometry';
import { type NodeContext } from '@ffavatar/core';
import { nodeFileAccess } from '@ffavatar/core/node';
import { ictModel } from '../test-support/ict-asset.js';
import { alignAnchorsNode } from './align-anchors.js';
import { orbit } from '../cameras/orbit.js';
import { applyMotionNode } from './apply-motion.js';
import { demoMotionNode } from './demo-motion.js';
import { loadMotionNode } from './load-motion.js';
import { trackingMotionNode } from './tracking-motion.js';

const dir = mkdtempSync(join(tmpdir(), 'driving-'));
const ctx = {
  nodeId: 't',
  item: undefined,
  signal: new AbortController().signal,
  progress() {},
  files: nodeFileAccess({ baseDir: dir, outDir: undefined }),
} as NodeContext;

describe('driving', () => {
  const model = ictModel();
  const subject = {
    ...neutralHeadParams(model),
    identity: Float32Array.from({ length: model.identityCount }, (_, i) => (i < 5 ? 0.3 : 0)),
  };

  it('turns a tracking into a motion: expressions per frame, head rotation relative to frame 0', () => {
    const cam = lookAtCamera({ eye: [0, 0, 0.6], target: [0, 0, 0], width: 64, height: 64, fovYDegrees: 30 });
    const jaw = model.expressionNames.indexOf('jawOpen');
    const frames = [0, 0.3, -0.2].map((yaw, i) => {
      const expression = new Float32Array(model.expressionCount);
      expression[jaw] = i * 0.4;
      return { camera: orbit(cam, yaw, 0, [0, 0, 0]), params: { ...subject, expression } };
    });
    const { motion } = trackingMotionNode.run({
      inputs: { tracking: { frames }, model },
      params: { fps: 10 },
      ctx,
    }) as { motion: { frames: number; rotation: Float32Array; expression: Float32Array } };
    expect(motion.frames).toBe(3);
    expect(motion.expression[2 * model.expressionCount + jaw]).toBeCloseTo(0.8, 6);
    expect(Math.hypot(motion.rotation[0]!, motion.rotation[1]!, motion.rotation[2]!)).toBeLessThan(1e-6);
    expect(Math.hypot(motion.rotation[3]!, motion.rotation[4]!, motion.rotation[5]!)).toBeCloseTo(0.3, 5);
    expect(Math.hypot(motion.rotation[6]!, motion.rotation[7]!, motion.rotation[8]!)).toBeCloseTo(0.2, 5);
  });

  it("applies a motion to a subject by expression name, keeping the subject's identity", () => {
    const { motion } = demoMotionNode.run({
      inputs: { model },
      params: { fps: 10, secondsPerKey: 0.5 },
      ctx,
    }) as { motion: { frames: number; expression: Float32Array; expressionNames: string[] } };
    expect(motion.frames).toBe(8 * 5 + 1);
    const jaw = motion.expressionNames.indexOf('jawOpen');
    const peak = Math.max(
      ...Array.from(
        { length: motion.frames },
        (_, f) => motion.expression[f * motion.expressionNames.length + jaw]!,
      ),
    );
    expect(peak).toBeCloseTo(0.7, 5);
    const { frames } = applyMotionNode.run({
      inputs: { motion: motion as never, params: subject, model },
      params: { every: 5 },
      ctx,
    }) as { frames: { identity: Float32Array }[] };
    expect(frames).toHaveLength(9);
    for (const f of frames) expect(f.identity).toEqual(subject.identity);
  });

  it('loads a motion file, and names the file and field when it is wrong', async () => {
    writeFileSync(
      join(dir, 'ok.json'),
      JSON.stringify({
        fps: 25,
        expressionNames: ['jawOpen', 'eyeBlink_L'],
        frames: [{ expression: [0.5, 0] }, { expression: [1, 1], rotation: [0, 0.1, 0] }],
      }),
    );
    const { motion } = (await loadMotionNode.run({ inputs: { path: 'ok.json' }, params: {}, ctx })) as {
      motion: { frames: number; rotation: Float32Array };
    };
    expect(motion.frames).toBe(2);
    expect(motion.rotation[4]).toBeCloseTo(0.1, 6);
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ fps: 25, expressionNames: ['jawOpen'], frames: [{ expression: [0.5, 0.2] }] }),
    );
    await expect(loadMotionNode.run({ inputs: { path: 'bad.json' }, params: {}, ctx })).rejects.toThrow(
      /bad.json: frame 0 has 2 expression weights, expressionNames has 1/,
    );
    writeFileSync(join(dir, 'worse.json'), '{"fps": -1}');
    await expect(loadMotionNode.run({ inputs: { path: 'worse.json' }, params: {}, ctx })).rejects.toThrow(
      /worse.json: fps: /,
    );
  });

  it('samples anchors: every n-th vertex, features then neutral position', () => {
    const C = 3,
      V = model.vertexCount;
    const field = {
      headModel: model.name,
      uvSize: 4,
      tiles: 1,
      channels: C,
      uvFeatures: new Float32Array(48),
      uvConfidence: new Float32Array(16),
      vertexFeatures: Float32Array.from({ length: V * C }, (_, i) => i),
      images: 1,
    };
    const { anchors } = alignAnchorsNode.run({ inputs: { field, model }, params: { every: 100 }, ctx }) as {
      anchors: { count: number; dim: number; data: Float32Array };
    };
    expect(anchors.count).toBe(Math.ceil(V / 100));
    expect(anchors.dim).toBe(6);
    expect(Array.from(anchors.data.subarray(6, 12))).toEqual([
      300,
      301,
      302,
      ...Array.from(model.template.subarray(300, 303)),
    ]);
  });
});
