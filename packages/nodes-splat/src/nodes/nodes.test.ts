import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '@ffavatar/core/io';
import { randomCloud } from '../test-support/random-cloud.js';
import { writeGaussianPly } from '../io/ply-gaussians.js';

const cli = fileURLToPath(new URL('../../../../apps/headless-runner/dist/cli.js', import.meta.url));

describe('splat nodes from the CLI', () => {
  it('loads a PLY, renders it from a camera, writes PNG, PLY and .splat, and scores the render against itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'splat-nodes-'));
    writeFileSync(join(dir, 'scene.ply'), writeGaussianPly(randomCloud(3000, 3, 11, { center: [0, 0, 0] })));
    const graph = {
      format: 'ffavatar-graph',
      version: 1,
      nodes: [
        { id: 'ply', type: 'splat.loadPly' },
        {
          id: 'cam',
          type: 'core.lookAtCamera',
          params: { eye: [0, 0, 3], width: 96, height: 64, fovYDegrees: 40 },
        },
        { id: 'render', type: 'splat.rasterize', params: { background: [1, 1, 1] } },
        { id: 'png', type: 'io.saveImage', params: { path: 'render.png' } },
        { id: 'out', type: 'splat.savePly', params: { path: 'copy.ply' } },
        { id: 'splat', type: 'splat.saveSplat' },
        { id: 'score', type: 'splat.metrics' },
      ],
      edges: [
        { from: 'ply.gaussians', to: 'render.gaussians' },
        { from: 'cam.camera', to: 'render.camera' },
        { from: 'render.image', to: 'png.image' },
        { from: 'ply.gaussians', to: 'out.gaussians' },
        { from: 'ply.gaussians', to: 'splat.gaussians' },
        { from: 'render.image', to: 'score.image' },
        { from: 'render.image', to: 'score.target' },
      ],
      inputs: { scene: { to: 'ply.path', default: 'scene.ply' } },
      outputs: { metrics: 'score.metrics', stats: 'render.stats' },
    };
    writeFileSync(join(dir, 'graph.json'), JSON.stringify(graph));
    const r = spawnSync(process.execPath, [cli, 'run', join(dir, 'graph.json'), '--out', join(dir, 'out')], {
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/FAILED|error/);
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.outputs.metrics.value).toEqual({ psnr: null, ssim: 1 }); // Infinity is null in JSON
    // auto: the CPU on a software adapter (SwiftShader here), WebGPU on a hardware one; it says why.
    expect(['cpu', 'webgpu']).toContain(report.outputs.stats.value.backend);
    expect(report.outputs.stats.value.reason).toEqual(expect.any(String));
    const png = decodeImage(new Uint8Array(readFileSync(join(dir, 'out', 'render.png'))));
    expect(png.width).toBe(96);
    let dark = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 200) dark++;
    expect(dark).toBeGreaterThan(500); // Gaussians drawn over the white background
    expect(readFileSync(join(dir, 'out', 'copy.ply')).equals(readFileSync(join(dir, 'scene.ply')))).toBe(
      true,
    );
    expect(readFileSync(join(dir, 'out', 'gaussians.splat')).length).toBe(3000 * 32);
  });
});
