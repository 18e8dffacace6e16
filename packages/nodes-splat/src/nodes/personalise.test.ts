import { describe, expect, it } from 'vitest';
import { errorCodeOf, type NodeContext } from '@ffavatar/core';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import {
  paintedLike,
  photoOf,
  sheetHeadModel,
  sheetScene,
} from '../personalise/test-support/sheet-avatar.js';
import { personaliseNode } from './personalise.js';

const progress: string[] = [];
const ctx = {
  nodeId: 'personalise',
  item: undefined,
  signal: new AbortController().signal,
  progress(_f: number, message?: string) {
    if (message) progress.push(message);
  },
} as unknown as NodeContext;

const { mesh, avatar, camera } = sheetScene({ size: 40, grid: 4, perTriangle: 2 });
const photo = photoOf(paintedLike(avatar, mesh), mesh, camera);
const params = personaliseNode.params.parse({ steps: 6 });
const run = (inputs: Partial<Parameters<typeof personaliseNode.run>[0]['inputs']>) =>
  personaliseNode.run({
    inputs: { avatar, meshes: [mesh], cameras: [camera], images: [photo], ...inputs },
    params,
    ctx,
  }) as Awaited<ReturnType<typeof personaliseNode.run>>;

function failure(f: () => unknown): { code: string; message: string; port?: string } {
  try {
    f();
  } catch (e) {
    return { code: errorCodeOf(e), message: (e as Error).message, port: (e as { port?: string }).port };
  }
  throw new Error('expected the node to fail');
}

describe('splat.personalise', () => {
  it('returns the refined avatar, one camera per photo, and the loss curve; reports progress with the loss', () => {
    const out = run({});
    expect(out.avatar.count).toBe(avatar.count);
    expect(out.cameras).toHaveLength(1);
    const report = out.report as {
      curve: { loss: number }[];
      views: { psnrBefore: number; psnrAfter: number }[];
    };
    expect(report.curve).toHaveLength(6);
    expect(report.views[0]!.psnrAfter).toBeGreaterThan(report.views[0]!.psnrBefore);
    expect(progress.at(-1)).toMatch(/^step 6\/6, loss 0\.\d{4}/);
  });

  it('refuses lists of different lengths, a photo of the wrong size and a non-finite avatar, naming the port', () => {
    const lists = failure(() => run({ cameras: [camera, camera] }));
    expect(lists.code).toBe('list_length_mismatch');
    expect(lists.message).toMatch(/1 images, 2 cameras and 1 meshes/);
    const size = failure(() => run({ images: [{ ...photo, source: 'me.png', width: 20, height: 80 }] }));
    expect(size).toMatchObject({ code: 'bad_input', port: 'images' });
    expect(size.message).toMatch(/me\.png.*20x80, its camera 40x40/);
    const sh = avatar.sh.slice();
    sh[7] = Number.NaN;
    const nan = failure(() => run({ avatar: { ...avatar, sh } }));
    expect(nan).toMatchObject({ code: 'bad_input', port: 'avatar' });
    expect(nan.message).toMatch(/sh\[7\] is NaN/);
    expect(failure(() => run({ images: [], cameras: [], meshes: [] })).port).toBe('images');
    const small = { ...photo, width: 20, height: 20, data: new Uint8Array(20 * 20 * 4) };
    const mask = failure(() => run({ masks: [small] }));
    expect(mask).toMatchObject({ code: 'bad_input', port: 'masks' });
    expect(mask.message).toMatch(/mask 0 is 20x20, its photo 40x40/);
    expect(failure(() => run({ masks: [] })).port).toBe('masks');
    // A camera that looks past the head: no pixel to learn from, and the photo is named.
    const away = failure(() =>
      run({ cameras: [{ ...camera, cx: camera.cx + 500 }], images: [{ ...photo, source: 'other.png' }] }),
    );
    expect(away).toMatchObject({ code: 'bad_input', port: 'images' });
    expect(away.message).toMatch(/photo 0 \(other\.png\): the avatar posed by its tracking covers no pixel/);
  });

  it('refines the tracking when given the head model and parameters instead of meshes', () => {
    const model = sheetHeadModel(mesh);
    const start = neutralHeadParams(model);
    const lifted = photoOf(
      paintedLike(avatar, mesh),
      evaluateHead(model, { ...start, expression: Float32Array.of(0, 0.8) }),
      camera,
    );
    const out = run({ meshes: undefined, model, params: [start], images: [lifted] });
    expect(out.params).toHaveLength(1);
    expect(out.params[0]!.expression[1]).toBeGreaterThan(0.01);
    expect(out.tracking.frames).toHaveLength(1);
    expect(out.tracking.frames[0]!.params).toBe(out.params[0]);
    expect(out.tracking.frames[0]!.camera).toBe(out.cameras[0]);
    expect(start.expression[1]).toBe(0);
    expect(run({}).params).toEqual([]);
  });

  it('names the port when the tracking is missing, doubled or of another model', () => {
    const model = sheetHeadModel(mesh);
    const p = neutralHeadParams(model);
    expect(failure(() => run({ meshes: undefined, params: [p] })).port).toBe('model');
    expect(failure(() => run({ meshes: undefined })).port).toBe('params');
    expect(failure(() => run({ model, params: [p] })).port).toBe('meshes');
    const other = failure(() => run({ meshes: undefined, model, params: [{ ...p, model: 'flame' }] }));
    expect(other).toMatchObject({ port: 'params' });
    expect(other.message).toMatch(/"flame", not "sheet"/);
  });

  it('stops with the cancelled code when the run is cancelled', () => {
    const abort = new AbortController();
    abort.abort();
    const err = failure(() =>
      personaliseNode.run({
        inputs: { avatar, meshes: [mesh], cameras: [camera], images: [photo] },
        params,
        ctx: { ...ctx, signal: abort.signal },
      }),
    );
    expect(err.code).toBe('cancelled');
  });
});
