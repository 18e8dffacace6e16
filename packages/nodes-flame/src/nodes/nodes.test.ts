import { describe, expect, it } from 'vitest';
import { checkValue, HeadParams, Mesh, type NodeContext } from '@ffavatar/core';
import { flameNpz, syntheticFlame } from '../test-support/synthetic-flame.js';
import { ictModel } from '../test-support/ict-asset.js';
import { loadFlame } from '../flame/load-flame.js';
import nodePackage from '../index.js';
import { evaluateNode } from './evaluate.js';
import { frontalCameraNode } from './frontal-camera.js';
import { headParamsNode } from './head-params.js';
import { renderMeshNode } from './render-mesh.js';
import { uvTexelMapNode } from './uv-texel-map.js';

const ctx: NodeContext = {
  nodeId: 'test',
  item: undefined,
  signal: new AbortController().signal,
  progress: () => {},
  files: {
    read: async () => new Uint8Array(),
    list: async () => [],
    resolve: (p) => p,
    write: async (p) => p,
  },
};
const model = ictModel();

describe('nodes-flame nodes', () => {
  it("exports its nodes in the default package, all `flame.*`, in the editor's categories", () => {
    const types = nodePackage.nodes.map((n) => n.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'flame.loadIct',
        'flame.loadFlame',
        'flame.params',
        'flame.evaluate',
        'flame.frontalCamera',
        'flame.uvTexelMap',
        'flame.renderMesh',
        'flame.fitLandmarks',
        'flame.fuseImage',
        'flame.fuseField',
        'flame.densify',
      ]),
    );
    for (const t of types) expect(t).toMatch(/^flame\.[a-z][A-Za-z]+$/);
    for (const n of nodePackage.nodes)
      expect(['Head model', 'Mesh', 'Tracking', 'Avatar', 'Driving']).toContain(n.category);
  });

  it('flame.params sets weights by name and refuses unknown names, out-of-range weights and joints on ICT', async () => {
    const run = (params: object, m = model) =>
      headParamsNode.run({ inputs: { model: m }, params: headParamsNode.params.parse(params), ctx });
    const { params } = await run({
      expression: { jawOpen: 1, eyeBlink_L: 0.5 },
      identity: [0.3],
      rotation: [0, 0.1, 0],
      translation: [0, 0, 0.5],
    });
    expect(checkValue(HeadParams, params)).toBeNull();
    expect(params.expression[model.expressionNames.indexOf('jawOpen')]).toBe(1);
    expect(params.expression.reduce((a, b) => a + b, 0)).toBe(1.5);
    expect(params.identity[0]).toBeCloseTo(0.3, 6);
    expect(Array.from(params.translation)).toEqual([0, 0, 0.5]);
    await expect(async () => run({ expression: { smile: 1 } })).rejects.toThrow(
      /param "expression": unknown name "smile" for ict-facekit-light; valid names: browDown_L, .*, noseSneer_R$/,
    );
    await expect(async () => run({ expression: { jawOpen: 2 } })).rejects.toThrow(
      'param "expression": jawOpen = 2 is outside [0, 1], the range of ict-facekit-light\'s expression weights',
    );
    await expect(async () => run({ joints: { jaw: [0.1, 0, 0] } })).rejects.toThrow(
      'param "joints": ict-facekit-light has no joints',
    );
    const raw = syntheticFlame();
    const flame = loadFlame(flameNpz(raw), 'f.npz', { shapeCount: raw.S });
    const posed = (await run({ joints: { jaw: [0.2, 0, 0] }, expression: { exp001: 3 } }, flame)).params;
    expect(Array.from(posed.jointRotations!.subarray(6, 9))).toEqual([expect.closeTo(0.2, 6), 0, 0]);
    await expect(async () => run({ joints: { chin: [0.2, 0, 0] } }, flame)).rejects.toThrow(
      'unknown name "chin" for flame; valid names: global, neck, jaw, eye_left, eye_right',
    );
  });

  it('flame.evaluate names the params port when they belong to another model', async () => {
    const raw = syntheticFlame();
    const flame = loadFlame(flameNpz(raw), 'f.npz', { shapeCount: raw.S });
    const { params } = await headParamsNode.run({
      inputs: { model: flame },
      params: headParamsNode.params.parse({}),
      ctx,
    });
    const { mesh } = await evaluateNode.run({ inputs: { model: flame, params }, params: {}, ctx });
    expect(checkValue(Mesh, mesh)).toBeNull();
    await expect(async () =>
      evaluateNode.run({ inputs: { model, refiner: undefined, params }, params: {}, ctx }),
    ).rejects.toMatchObject({ port: 'params', message: expect.stringContaining('belong to model "flame"') });
  });

  it("flame.renderMesh textures through the model's UVs; flame.uvTexelMap outputs tensors and a preview", async () => {
    const { triangle, barycentric, preview } = await uvTexelMapNode.run({
      inputs: { model },
      params: uvTexelMapNode.params.parse({ size: 256, regions: ['face'] }),
      ctx,
    });
    expect(triangle.shape).toEqual([256, 256]);
    expect(barycentric.shape).toEqual([256, 256, 3]);
    await expect(async () =>
      uvTexelMapNode.run({
        inputs: { model },
        params: uvTexelMapNode.params.parse({ regions: ['nose'] }),
        ctx,
      }),
    ).rejects.toThrow(/unknown region "nose"; valid names: face, head_neck/);
    const { params } = await headParamsNode.run({
      inputs: { model },
      params: headParamsNode.params.parse({ expression: { mouthSmile_L: 1, mouthSmile_R: 1 } }),
      ctx,
    });
    const { mesh } = await evaluateNode.run({
      inputs: { model, refiner: undefined, params },
      params: {},
      ctx,
    });
    const { camera } = await frontalCameraNode.run({
      params: frontalCameraNode.params.parse({ width: 200, height: 200 }),
      inputs: {},
      ctx,
    });
    const red = {
      width: 4,
      height: 4,
      format: 'rgba8' as const,
      data: new Uint8Array(64).map((_, i) => (i % 4 === 0 || i % 4 === 3 ? 255 : 0)),
    };
    const flat = await renderMeshNode.run({
      inputs: { mesh, camera, texture: red, model },
      params: renderMeshNode.params.parse({}),
      ctx,
    });
    const tri = flat.triangle.data as Int32Array;
    let covered = 0,
      allRed = true;
    for (let i = 0; i < tri.length; i++) {
      if (tri[i]! < 0) continue;
      covered++;
      if (flat.image.data[i * 4] !== 255 || flat.image.data[i * 4 + 1] !== 0) allRed = false;
    }
    expect(covered).toBeGreaterThan(5000);
    expect(allRed).toBe(true);
    await expect(async () =>
      renderMeshNode.run({
        inputs: { mesh, camera, texture: red, model: undefined },
        params: renderMeshNode.params.parse({}),
        ctx,
      }),
    ).rejects.toMatchObject({ port: 'model' });
    // The UV preview as a texture: every covered pixel takes a texel colour, none stays background.
    const textured = await renderMeshNode.run({
      inputs: { mesh, camera, texture: preview, model },
      params: renderMeshNode.params.parse({}),
      ctx,
    });
    let black = 0;
    for (let i = 0; i < tri.length; i++)
      if (
        tri[i]! >= 0 &&
        textured.image.data[i * 4]! + textured.image.data[i * 4 + 1]! + textured.image.data[i * 4 + 2]! === 0
      )
        black++;
    expect(black / covered).toBeLessThan(0.05); // texels outside the face islands are black in the preview
    expect(textured.image.width).toBe(200);
  });
});
