// graphs/ffavatar-learned.json and ffavatar-hybrid.json through the `ffavatar` command (dist/).
// Both run end to end: the learned graph in about 25 s, the hybrid one (the classic main job plus
// the refiner) in about a minute on an idle machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '@ffavatar/core/io';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');

function ffavatar(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(cli)) {
    const tsc = spawnSync(
      process.execPath,
      [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'apps/headless-runner'],
      { cwd: repo, encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`building the ffavatar CLI failed:\n${tsc.stdout}${tsc.stderr}`);
  }
});

describe('learned graphs from the CLI', () => {
  it('both validate', () => {
    for (const g of ['graphs/ffavatar-hybrid.json', 'graphs/ffavatar-learned.json']) {
      const r = ffavatar(['validate', g]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
  });

  it('ffavatar-learned.json runs every learned stage and writes an avatar with finite outputs of the contract shapes', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ffavatar-learned-')), 'out');
    const r = ffavatar(['run', 'graphs/ffavatar-learned.json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    for (const id of ['enc', 'aa', 'va', 'uv', 'refine'])
      expect(report.nodes[id], id).toMatchObject({ status: 'ran' });
    const gaussians = report.outputs.avatar.value.gaussians as number;
    expect(gaussians).toBeGreaterThan(1000);
    const canonical = report.outputs.canonicalTokens.value;
    expect(canonical).toMatchObject({ batch: 1, count: 16, dim: 32 });
    expect((canonical.data as number[]).every(Number.isFinite)).toBe(true);
    const offsets = readNpy(readFileSync(join(out, 'refinerOffsets.npy')));
    expect(offsets.shape).toEqual([gaussians, 3]);
    expect((offsets.data as Float32Array).every(Number.isFinite)).toBe(true);
    const ply = readFileSync(join(out, 'avatar.ply'));
    expect(ply.subarray(0, 400).toString('latin1')).toContain(`element vertex ${gaussians}`);
  }, 300_000);

  it('ffavatar-hybrid.json runs the classic pipeline with the learned refiner: finite [N, 3] offsets, renders', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ffavatar-hybrid-')), 'out');
    const r = ffavatar(['run', 'graphs/ffavatar-hybrid.json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.nodes.refine).toMatchObject({ status: 'ran', type: 'learned.motionRefiner' });
    const gaussians = report.outputs.avatar.value.gaussians as number;
    const offsets = readNpy(readFileSync(join(out, 'refinerOffsets.npy')));
    expect(offsets.shape).toEqual([gaussians, 3]);
    const d = offsets.data as Float32Array;
    expect(d.every(Number.isFinite)).toBe(true);
    // Untrained weights with a small output gain: a nudge, well under a triangle scale.
    expect(d.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(0.5);
    expect(existsSync(join(out, 'renders/input_000.png'))).toBe(true);
    expect(report.outputs.selfReenactment[0].value.psnr).toBeGreaterThan(15);
  }, 500_000);
});
