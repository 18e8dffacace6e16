import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { randomCloud } from '../test-support/random-cloud.js';
import { writeGaussianPly } from '../io/ply-gaussians.js';

// The export and import nodes through the CLI: a PLY saved as GLB, SPZ and .splat, then each
// loaded back and rendered beside the PLY's render (PSNR by splat.metrics).

const cli = fileURLToPath(new URL('../../../../apps/headless-runner/dist/cli.js', import.meta.url));
const run = (graphFile: string, out: string) =>
  spawnSync(process.execPath, [cli, 'run', graphFile, '--out', out], { encoding: 'utf8' });

describe('GLB, SPZ and .splat nodes from the CLI', () => {
  it('writes the three formats, reads each back and renders it like the PLY', () => {
    const dir = mkdtempSync(join(tmpdir(), 'splat-formats-'));
    writeFileSync(join(dir, 'scene.ply'), writeGaussianPly(randomCloud(3000, 1, 11, { center: [0, 0, 0] })));
    const save = {
      format: 'ffavatar-graph',
      version: 1,
      nodes: [
        { id: 'ply', type: 'splat.loadPly' },
        { id: 'glb', type: 'splat.saveGltf', params: { path: 'scene.glb' } },
        { id: 'spz', type: 'splat.saveSpz', params: { path: 'scene.spz' } },
        { id: 'splat', type: 'splat.saveSplat', params: { path: 'scene.splat' } },
      ],
      edges: ['glb', 'spz', 'splat'].map((id) => ({ from: 'ply.gaussians', to: `${id}.gaussians` })),
      inputs: { scene: { to: 'ply.path', default: 'scene.ply' } },
    };
    writeFileSync(join(dir, 'save.json'), JSON.stringify(save));
    const r1 = run(join(dir, 'save.json'), join(dir, 'out'));
    expect(r1.stderr).not.toMatch(/FAILED|error/);
    expect(r1.status).toBe(0);
    const size = (f: string) => statSync(join(dir, 'out', f)).size;
    expect(size('scene.splat')).toBe(3000 * 32);
    expect(size('scene.spz')).toBeLessThan(size('scene.glb') / 3);

    const loaders = { glb: 'splat.loadGltf', spz: 'splat.loadSpz', splat: 'splat.loadSplat' } as const;
    const nodes: object[] = [
      { id: 'ply', type: 'splat.loadPly' },
      {
        id: 'cam',
        type: 'core.lookAtCamera',
        params: { eye: [0, 0, 3], width: 96, height: 64, fovYDegrees: 40 },
      },
      { id: 'refRender', type: 'splat.rasterize', params: { backend: 'cpu' } },
    ];
    const edges: object[] = [
      { from: 'ply.gaussians', to: 'refRender.gaussians' },
      { from: 'cam.camera', to: 'refRender.camera' },
    ];
    const inputs: Record<string, object> = { ply: { to: 'ply.path', default: 'scene.ply' } };
    const outputs: Record<string, string> = {};
    for (const [ext, type] of Object.entries(loaders)) {
      nodes.push(
        { id: `${ext}Load`, type },
        { id: `${ext}Render`, type: 'splat.rasterize', params: { backend: 'cpu' } },
        { id: `${ext}Score`, type: 'splat.metrics' },
      );
      edges.push(
        { from: `${ext}Load.gaussians`, to: `${ext}Render.gaussians` },
        { from: 'cam.camera', to: `${ext}Render.camera` },
        { from: `${ext}Render.image`, to: `${ext}Score.image` },
        { from: 'refRender.image', to: `${ext}Score.target` },
      );
      inputs[ext] = { to: `${ext}Load.path`, default: `out/scene.${ext}` };
      outputs[ext] = `${ext}Score.metrics`;
    }
    writeFileSync(
      join(dir, 'load.json'),
      JSON.stringify({ format: 'ffavatar-graph', version: 1, nodes, edges, inputs, outputs }),
    );
    const r2 = run(join(dir, 'load.json'), join(dir, 'out2'));
    expect(r2.stderr).not.toMatch(/FAILED|error/);
    expect(r2.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out2', 'report.json'), 'utf8'));
    const psnr = (ext: string) => report.outputs[ext].value.psnr as number | null;
    // GLB keeps float32 values: the same pixels up to exp/log rounding (null = Infinity in JSON).
    expect(psnr('glb') ?? Infinity).toBeGreaterThan(60);
    expect(psnr('spz')).toBeGreaterThan(35); // 8-bit colour, opacity, log-scale; 10-bit rotations
    expect(psnr('splat')).toBeGreaterThan(20); // no view-dependent colour at all
  });

  it('refuses an SPZ of a future version: exit 1, the file and node named, bad_input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'splat-spz-bad-'));
    const good = new Uint8Array(gunzipSync(readSpzFixture()));
    new DataView(good.buffer).setUint32(4, 9, true);
    writeFileSync(join(dir, 'future.spz'), gzipSync(good));
    const graph = {
      format: 'ffavatar-graph',
      version: 1,
      nodes: [{ id: 'load', type: 'splat.loadSpz' }],
      edges: [],
      inputs: { scene: { to: 'load.path', default: 'future.spz' } },
      outputs: { cloud: 'load.gaussians' },
    };
    writeFileSync(join(dir, 'g.json'), JSON.stringify(graph));
    const r = run(join(dir, 'g.json'), join(dir, 'out'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/future\.spz: SPZ version 9 .*newer than any this reader knows/);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(JSON.stringify(report)).toContain('bad_input');
  });
});

/** A minimal valid SPZ v3 payload (one point), gzipped. */
function readSpzFixture(): Uint8Array {
  const b = new Uint8Array(16 + 9 + 1 + 3 + 3 + 4);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0x5053474e, true);
  v.setUint32(4, 3, true);
  v.setUint32(8, 1, true);
  return new Uint8Array(gzipSync(b));
}
