import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '@ffavatar/core/io';
import { resolveAsset } from '@ffavatar/core/node';
import { readGaussianPly } from '@ffavatar/nodes-splat';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');

/** Share of pixels in a box the avatar covers (alpha over half). */
function inked(
  png: { width: number; data: Uint8Array },
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  let n = 0,
    total = 0;
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      total++;
      if (png.data[i + 3]! > 128) n++;
    }
  return n / total;
}

describe('the main job: graphs/ffavatar-personalised.json on the bundled portrait', () => {
  it('writes an animatable avatar, renders from several views and expressions, animations and a report', () => {
    resolveAsset('portraits/astronaut.png'); // fails loudly, naming where it looked, without the asset
    const out = mkdtempSync(join(tmpdir(), 'demo-'));
    const r = spawnSync(
      process.execPath,
      [cli, 'run', join(repo, 'graphs/ffavatar-personalised.json'), '--out', out],
      { encoding: 'utf8' },
    );
    expect(r.stderr).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);

    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const gaussians = report.outputs.avatar.value.gaussians as number;
    expect(gaussians).toBeGreaterThan(50_000);
    const [selfReenactment] = report.outputs.selfReenactment as { value: { psnr: number; ssim: number } }[];
    // The classic avatar scores about 24.6 dB / 0.78 here; personalisation takes it past 30 dB.
    expect(selfReenactment!.value.psnr).toBeGreaterThan(30);
    expect(selfReenactment!.value.ssim).toBeGreaterThan(0.9);
    const { curve, views } = report.outputs.personalisation.value as {
      curve: { loss: number }[];
      views: { psnrBefore: number; psnrAfter: number }[];
    };
    expect(curve).toHaveLength(40);
    expect(curve.at(-1)!.loss).toBeLessThan(curve[0]!.loss / 2);
    expect(views[0]!.psnrAfter).toBeGreaterThan(views[0]!.psnrBefore + 5);
    // The tracking is refined with the avatar: the same photo, a corrected camera and expression.
    const fitted = report.outputs.tracking.value.frames[0];
    const refined = report.outputs.refinedTracking.value.frames[0];
    expect(report.outputs.refinedTracking.value.frames).toHaveLength(1);
    expect(refined.camera.width).toBe(fitted.camera.width);
    expect(refined.params.expression).not.toEqual(fitted.params.expression);
    for (const node of Object.values(report.nodes) as { status: string; ms: number }[]) {
      expect(node.status).toBe('ran');
      expect(node.ms).toBeGreaterThanOrEqual(0);
    }

    const ply = readGaussianPly(new Uint8Array(readFileSync(join(out, 'avatar.ply'))), 'avatar.ply');
    expect(ply.count).toBe(gaussians);
    expect(Object.keys(ply.extras ?? {})).toEqual([
      'triangle',
      'bary_0',
      'bary_1',
      'bary_2',
      'normal_offset',
    ]);
    const meta = JSON.parse(readFileSync(join(out, 'avatar.json'), 'utf8'));
    expect(meta).toMatchObject({
      format: 'ffavatar-avatar',
      version: 1,
      headModel: 'ict-facekit-light',
      gaussians,
    });

    // Framed renders show a head in the middle, the corners stay background.
    for (const name of ['view_000', 'view_001', 'view_002', 'view_003', 'expression_000']) {
      const png = decodeImage(new Uint8Array(readFileSync(join(out, 'renders', `${name}.png`))));
      expect(inked(png, 192, 160, 320, 320), name).toBeGreaterThan(0.95);
      expect(inked(png, 0, 0, 40, 40), name).toBe(0);
    }
    // The jaw-open key pose changes the mouth, the smile too; the skull stays.
    const neutral = decodeImage(new Uint8Array(readFileSync(join(out, 'renders/expression_000.png'))));
    const jaw = decodeImage(new Uint8Array(readFileSync(join(out, 'renders/expression_006.png'))));
    const diff = (a: typeof neutral, b: typeof neutral, x0: number, y0: number, x1: number, y1: number) => {
      let n = 0,
        total = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const i = (y * 512 + x) * 4;
          total++;
          if (Math.abs(a.data[i]! - b.data[i]!) > 30) n++;
        }
      return n / total;
    };
    expect(diff(neutral, jaw, 200, 300, 312, 380)).toBeGreaterThan(0.1); // mouth and chin
    expect(diff(neutral, jaw, 180, 20, 330, 80)).toBeLessThan(0.02); // top of the head

    for (const [gif, frames] of [
      ['turntable.gif', 24],
      ['expressions.gif', 50],
    ] as const) {
      const bytes = readFileSync(join(out, gif));
      expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
      expect(bytes.toString('latin1').split('\x2c\x00\x00\x00\x00').length - 1).toBeGreaterThanOrEqual(
        frames,
      );
    }
  }, 240_000);
});
