import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage, encodePng } from '@ffavatar/core/io';
import { resolveAsset } from '@ffavatar/core/node';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');

/** Photo i of a synthetic series: the portrait mirrored, shrunk and moved around a grey canvas. */
function variant(src: { width: number; height: number; data: Uint8Array }, i: number) {
  const scale = 1 - 0.04 * i,
    mirror = i % 2 === 1,
    W = src.width,
    H = src.height;
  const data = new Uint8Array(W * H * 4).fill(128);
  const dx = Math.round((W - W * scale) * ((i % 3) / 2)),
    dy = Math.round((H - H * scale) / 2);
  for (let y = 0; y < H * scale; y++)
    for (let x = 0; x < W * scale; x++) {
      const sx = Math.min(W - 1, Math.floor(x / scale)),
        sy = Math.min(H - 1, Math.floor(y / scale));
      const from = (sy * W + (mirror ? W - 1 - sx : sx)) * 4,
        to = ((y + dy) * W + x + dx) * 4;
      data.set(src.data.subarray(from, from + 4), to);
    }
  return { width: W, height: H, data };
}

describe('incremental reconstruction across runs (--cache)', () => {
  it('adding a 9th photo to an 8-photo run recomputes only its branch and the fusion update', () => {
    const work = mkdtempSync(join(tmpdir(), 'incremental-'));
    const portrait = decodeImage(new Uint8Array(readFileSync(resolveAsset('portraits/astronaut.png'))));
    const photos = Array.from({ length: 9 }, (_, i) => {
      const path = join(work, `photo_${i}.png`);
      writeFileSync(path, encodePng(variant(portrait, i)));
      return path;
    });
    // The classic graph up to the avatar: reconstruction, without the renders (which scale with
    // the number of views rendered, not with reconstruction).
    const classic = JSON.parse(readFileSync(join(repo, 'graphs/ffavatar-classic.json'), 'utf8'));
    const keep = new Set([
      'load',
      'detect',
      'head',
      'fit',
      'frames',
      'fuse',
      'field',
      'densify',
      'saveAvatar',
    ]);
    classic.nodes = classic.nodes.filter((n: { id: string }) => keep.has(n.id));
    classic.edges = classic.edges.filter(
      (e: { from: string; to: string }) => keep.has(e.from.split('.')[0]!) && keep.has(e.to.split('.')[0]!),
    );
    classic.outputs = { avatar: 'densify.stats' };
    classic.inputs.images.default = ['asset:portraits/astronaut.png'];
    const graphPath = join(work, 'avatar.json');
    writeFileSync(graphPath, JSON.stringify(classic));

    const run = (images: string[], cache: string, out: string) => {
      const r = spawnSync(
        process.execPath,
        [
          cli,
          'run',
          graphPath,
          '--out',
          out,
          '--cache',
          cache,
          ...images.flatMap((p) => ['--input', `images=${p}`]),
        ],
        { encoding: 'utf8' },
      );
      expect(r.stderr).not.toMatch(/FAILED/);
      expect(r.status).toBe(0);
      return JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
        ms: number;
        nodes: Record<string, { status: string; items?: { ran: number; cached: number } }>;
      };
    };
    const one = run(photos.slice(0, 1), join(work, 'cache-one'), join(work, 'out-one'));
    run(photos.slice(0, 8), join(work, 'cache'), join(work, 'out-8'));
    const nine = run(photos, join(work, 'cache'), join(work, 'out-9'));

    // Per-photo branches: only the new photo runs; then the fit and the fusion update.
    for (const id of ['load', 'detect', 'fuse'])
      expect(nine.nodes[id]!.items, id).toEqual({ ran: 1, cached: 8 });
    expect(nine.nodes.head!.status).toBe('cached');
    expect(nine.nodes.field!.status).toBe('ran');
    // Its cost against one photo is a benchmark figure (`pnpm bench`, incremental.json), not asserted here.
    console.log(
      `one photo: ${(one.ms / 1000).toFixed(1)} s; 9th photo added to 8: ${(nine.ms / 1000).toFixed(1)} s (${(nine.ms / one.ms).toFixed(2)}x)`,
    );
  }, 300_000);
});
