import { describe, expect, it } from 'vitest';
import { personaliseAvatarCpu, type PersonaliseRates } from './personalise-cpu.js';
import { refinedCamera } from './camera-refinement.js';
import { evaluateHead, neutralHeadParams } from '@ffavatar/core/geometry';
import { paintedLike, photoOf, sheetHeadModel, sheetScene } from './test-support/sheet-avatar.js';

const FROZEN: PersonaliseRates = {
  sh: 0,
  logitOpacities: 0,
  logScales: 0,
  rotations: 0,
  normalOffset: 0,
  barycentric: 0,
  camera: 0,
  identity: 0,
  expression: 0,
  joints: 0,
};
const ALL: PersonaliseRates = {
  sh: 0.05,
  logitOpacities: 0.025,
  logScales: 0.005,
  rotations: 0.002,
  normalOffset: 0.005,
  barycentric: 0.002,
  camera: 0,
  identity: 0,
  expression: 0,
  joints: 0,
};

describe('personaliseAvatarCpu', () => {
  it('recovers the colours a photo shows, deterministically, leaving the input avatar untouched', () => {
    const { mesh, avatar, camera } = sheetScene();
    const photo = photoOf(paintedLike(avatar, mesh), mesh, camera);
    const before = avatar.sh.slice();
    const run = () =>
      personaliseAvatarCpu(avatar, [{ camera, mesh, image: photo }], { steps: 80, rates: ALL });
    const a = run();
    const [view] = a.views;
    expect(view!.psnrBefore).toBeLessThan(18);
    expect(view!.psnrAfter).toBeGreaterThan(30);
    expect(a.curve.at(-1)!.loss).toBeLessThan(a.curve[0]!.loss / 3);
    expect(Array.from(avatar.sh)).toEqual(Array.from(before));
    const b = run();
    expect(b.curve.map((r) => r.loss)).toEqual(a.curve.map((r) => r.loss));
    expect(Array.from(b.avatar.sh)).toEqual(Array.from(a.avatar.sh));
  });

  it("moves a photo's camera toward where it was taken from", () => {
    const { mesh, avatar, camera } = sheetScene({ seed: 2 });
    const painted = paintedLike(avatar, mesh);
    // The truth: 1 cm to the side, 0.4 degrees about y, 2 % longer focal.
    const truth = refinedCamera(camera, [0, 0.007, 0, 0.01, 0, 0, 0.02]);
    const photo = photoOf(painted, mesh, truth);
    const result = personaliseAvatarCpu(painted, [{ camera, mesh, image: photo }], {
      steps: 150,
      rates: { ...FROZEN, camera: 2e-4 },
    });
    const [view] = result.views;
    expect(view!.psnrAfter).toBeGreaterThan(view!.psnrBefore + 6);
    const got = result.cameras[0]!;
    // Rotation about y and a shift along x trade against each other on a sheet; their image-plane
    // sum is what the photo pins, and the focal.
    const shift = (cam: typeof camera) => cam.translation[0]! / 2 + cam.rotation[2]!;
    const err0 = Math.abs(shift(camera) - shift(truth)),
      err1 = Math.abs(shift(got) - shift(truth));
    expect(err1).toBeLessThan(err0 / 3);
    expect(Math.abs(got.fx / truth.fx - 1)).toBeLessThan(0.01);
  });

  it('keeps Gaussians no photo sees as they were', () => {
    const { mesh, avatar, camera } = sheetScene({ seed: 3, size: 48 });
    // A camera that sees only part of the sheet.
    const narrow = { ...camera, cx: camera.cx + 30 };
    const photo = photoOf(paintedLike(avatar, mesh), mesh, narrow);
    const result = personaliseAvatarCpu(avatar, [{ camera: narrow, mesh, image: photo }], {
      steps: 10,
      rates: ALL,
    });
    expect(result.optimised).toBeGreaterThan(0);
    expect(result.optimised).toBeLessThan(avatar.count);
    let unchanged = 0;
    for (let i = 0; i < avatar.count; i++) if (result.avatar.sh[i * 3] === avatar.sh[i * 3]) unchanged++;
    expect(unchanged).toBeGreaterThanOrEqual(avatar.count - result.optimised);
  });

  it("corrects a photo's expression and the shared identity through the head model", () => {
    const { mesh, avatar, camera } = sheetScene({ seed: 4 });
    const model = sheetHeadModel(mesh);
    const painted = paintedLike(avatar, mesh);
    const start = neutralHeadParams(model);
    const truth = { ...start, identity: Float32Array.of(0.5), expression: Float32Array.of(0.6, 0.4) };
    const photo = photoOf(painted, evaluateHead(model, truth), camera);
    const result = personaliseAvatarCpu(painted, [{ camera, image: photo, params: start }], {
      steps: 150,
      rates: { ...FROZEN, identity: 0.02, expression: 0.01 },
      headModel: model,
    });
    const [view] = result.views;
    expect(view!.psnrAfter).toBeGreaterThan(view!.psnrBefore + 6);
    const got = result.params![0]!;
    const err = (p: typeof start) =>
      Math.hypot(p.identity[0]! - 0.5, p.expression[0]! - 0.6, p.expression[1]! - 0.4);
    expect(err(got)).toBeLessThan(err(start) / 4);
    // The input parameters are the caller's: untouched.
    expect(Array.from(start.expression)).toEqual([0, 0]);
  });

  it("reads only the pixels the photo's person mask keeps, and refuses a mask of another size", () => {
    const { mesh, avatar, camera } = sheetScene({ seed: 5, size: 48 });
    const photo = photoOf(paintedLike(avatar, mesh), mesh, camera);
    const run = (mask?: { width: number; height: number; data: Uint8Array }) =>
      personaliseAvatarCpu(avatar, [{ camera, mesh, image: photo, mask }], { steps: 1, rates: ALL });
    const all = run().views[0]!.pixels;
    const left = new Uint8Array(48 * 48 * 4);
    for (let y = 0; y < 48; y++) left.fill(255, y * 48 * 4, (y * 48 + 24) * 4);
    const half = run({ width: 48, height: 48, data: left }).views[0]!.pixels;
    expect(half).toBeGreaterThan(all * 0.3);
    expect(half).toBeLessThan(all * 0.7);
    expect(() => run({ width: 24, height: 48, data: left })).toThrow(/mask is 24x48, its camera 48x48/);
  });
});
