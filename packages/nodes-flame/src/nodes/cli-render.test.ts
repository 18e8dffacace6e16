import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage, readNpy } from '@ffavatar/core/io';

// The runner is built by `tsc -b` at the root (pnpm test builds first); it loads this package from dist.
const cli = fileURLToPath(new URL('../../../../apps/headless-runner/dist/cli.js', import.meta.url));

/** ICT, neutral and jawOpen = 1, evaluated and rendered by a frontal camera. */
function graph(expression: Record<string, number>) {
  const edges = (pairs: string[]) =>
    pairs.map((p) => {
      const [from, to] = p.split(' -> ') as [string, string];
      return { from, to };
    });
  return {
    format: 'ffavatar-graph',
    version: 1,
    nodes: [
      { id: 'ict', type: 'flame.loadIct' },
      { id: 'neutral', type: 'flame.params' },
      { id: 'open', type: 'flame.params', params: { expression } },
      { id: 'evalN', type: 'flame.evaluate' },
      { id: 'evalO', type: 'flame.evaluate' },
      { id: 'cam', type: 'flame.frontalCamera', params: { width: 256, height: 256 } },
      { id: 'renderN', type: 'flame.renderMesh' },
      { id: 'renderO', type: 'flame.renderMesh' },
    ],
    edges: edges([
      'ict.model -> neutral.model',
      'ict.model -> open.model',
      'ict.model -> evalN.model',
      'ict.model -> evalO.model',
      'neutral.params -> evalN.params',
      'open.params -> evalO.params',
      'evalN.mesh -> renderN.mesh',
      'evalO.mesh -> renderO.mesh',
      'cam.camera -> renderN.camera',
      'cam.camera -> renderO.camera',
    ]),
    inputs: {},
    outputs: { neutral: 'renderN.image', open: 'renderO.image', depth: 'renderO.depth' },
  };
}

function runGraph(doc: object) {
  if (!existsSync(cli))
    throw new Error(`${cli} is missing: build the workspace first (npx tsc -b at the repository root)`);
  const dir = mkdtempSync(join(tmpdir(), 'ffavatar-flame-'));
  writeFileSync(join(dir, 'graph.json'), JSON.stringify(doc));
  const r = spawnSync(process.execPath, [cli, 'run', join(dir, 'graph.json'), '--out', join(dir, 'out')], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  return { code: r.status, stderr: r.stderr, out: join(dir, 'out') };
}

describe('ffavatar run: ICT, jawOpen, evaluate, render', () => {
  it('renders the face; opening the jaw changes the mouth and chin, not the forehead', () => {
    const r = runGraph(graph({ jawOpen: 1 }));
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const neutral = decodeImage(new Uint8Array(readFileSync(join(r.out, 'neutral.png'))));
    const open = decodeImage(new Uint8Array(readFileSync(join(r.out, 'open.png'))));
    expect([neutral.width, neutral.height]).toEqual([256, 256]);
    const px = (img: typeof neutral, x: number, y: number) =>
      Array.from(img.data.subarray((y * 256 + x) * 4, (y * 256 + x) * 4 + 4));
    expect(px(neutral, 2, 2)).toEqual([0, 0, 0, 255]); // background
    expect(px(neutral, 128, 100)[0]).toBeGreaterThan(60); // the face between the eyes: lit grey
    // Mean absolute difference of the red channel over a box of pixels.
    const meanDiff = (x0: number, x1: number, y0: number, y1: number) => {
      let sum = 0;
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) sum += Math.abs(px(neutral, x, y)[0]! - px(open, x, y)[0]!);
      return sum / ((x1 - x0) * (y1 - y0));
    };
    expect(meanDiff(100, 156, 120, 175)).toBeGreaterThan(20); // mouth and chin
    // jawOpen also stretches the cheeks and eyelids by up to 1 mm, so shading there moves a little;
    // the forehead and scalp (rows above the brows) stay put.
    expect(meanDiff(60, 196, 0, 55)).toBeLessThan(0.5);
    const depth = readNpy(new Uint8Array(readFileSync(join(r.out, 'depth.npy'))));
    expect(depth.shape).toEqual([256, 256]);
    const d = depth.data as Float32Array;
    expect(d[0]).toBe(Number.POSITIVE_INFINITY);
    expect(d[100 * 256 + 128]).toBeGreaterThan(0.75); // camera 0.95 m from the origin, face at z ~ 0.1
    expect(d[100 * 256 + 128]).toBeLessThan(0.9);
  });

  it('fails the params node, naming the valid expression names, on an unknown name', () => {
    const r = runGraph(graph({ jawopen: 1 }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('node "open"');
    expect(r.stderr).toContain(
      'param "expression": unknown name "jawopen" for ict-facekit-light (did you mean "jawOpen"?); valid names: browDown_L, browDown_R,',
    );
  });
});
