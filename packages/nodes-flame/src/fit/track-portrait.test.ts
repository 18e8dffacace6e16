import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '@ffavatar/core/io';
import { resolveAsset } from '@ffavatar/core/node';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');

describe('graphs/track-portrait.json on the bundled portrait', () => {
  it('finds one face, fits the ICT head under 3 px mean reprojection, and writes the overlay', () => {
    const portrait = resolveAsset('portraits/astronaut.png');
    const out = mkdtempSync(join(tmpdir(), 'track-'));
    const r = spawnSync(
      process.execPath,
      [cli, 'run', join(repo, 'graphs/track-portrait.json'), '--out', out],
      { encoding: 'utf8' },
    );
    expect(r.stderr).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const frames = report.outputs.tracking.value.frames as { error: number; camera: { fx: number } }[];
    expect(frames).toHaveLength(1);
    expect(frames[0]!.error).toBeLessThan(3);

    const photo = decodeImage(new Uint8Array(readFileSync(portrait)));
    const overlay = decodeImage(new Uint8Array(readFileSync(join(out, 'renders/fit_000.png'))));
    expect([overlay.width, overlay.height]).toEqual([512, 512]);
    // The mesh covers the face (centre of the landmark box) and not the image corners.
    const changed = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0,
        total = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) {
          const i = (y * 512 + x) * 4;
          total++;
          if (
            Math.abs(overlay.data[i]! - photo.data[i]!) +
              Math.abs(overlay.data[i + 1]! - photo.data[i + 1]!) >
            20
          )
            n++;
        }
      return n / total;
    };
    expect(changed(190, 90, 260, 150)).toBeGreaterThan(0.5); // around the eyes and nose
    expect(changed(0, 0, 60, 60)).toBe(0);
    expect(changed(452, 452, 512, 512)).toBe(0);
    const landmarks = decodeImage(new Uint8Array(readFileSync(join(out, 'renders/landmarks_000.png'))));
    expect(landmarks.width).toBe(512);
  }, 60_000);
});
