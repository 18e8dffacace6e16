import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateBytes } from 'gltf-validator';
import { describe, expect, it } from 'vitest';
import { readGaussianGlb } from '../io/gltf-read.js';
import { readGaussianPly } from '../io/ply-gaussians.js';
import { readSplat } from '../io/splat-format.js';
import { readSpz } from '../io/spz-format.js';

// graphs/export-all.json on the bundled portrait: the avatar in every portable format, each read
// back and checked against avatar.ply (the same canonical Gaussians).

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');

describe('graphs/export-all.json', () => {
  it('writes avatar.ply, .glb, .spz, .splat and the posed copies; each reads back as the same Gaussians', async () => {
    const out = mkdtempSync(join(tmpdir(), 'export-all-'));
    const r = spawnSync(process.execPath, [cli, 'run', join(repo, 'graphs/export-all.json'), '--out', out], {
      encoding: 'utf8',
    });
    expect(r.stderr).not.toMatch(/FAILED/);
    expect(r.status).toBe(0);
    const bytes = (f: string) => new Uint8Array(readFileSync(join(out, f)));
    const ply = readGaussianPly(bytes('avatar.ply'), 'avatar.ply');
    expect(ply.count).toBeGreaterThan(50_000);

    const glb = await readGaussianGlb(bytes('avatar.glb'), 'avatar.glb');
    expect(glb.count).toBe(ply.count);
    expect(glb.means).toEqual(ply.means);
    expect(glb.sh).toEqual(ply.sh);
    const issues = (await validateBytes(bytes('avatar.glb'), { maxIssues: 0 })).issues;
    // Only the validator's known gap (gltf-gaussians.test.ts): extension-named attributes.
    expect(
      issues.messages.filter((m) => m.severity === 0 && m.code !== 'MESH_PRIMITIVE_INVALID_ATTRIBUTE'),
    ).toEqual([]);
    expect(issues.numWarnings).toBe(0);

    const spz = await readSpz(bytes('avatar.spz'), 'avatar.spz');
    expect(spz.count).toBe(ply.count);
    let worst = 0;
    for (let i = 0; i < ply.means.length; i++)
      worst = Math.max(worst, Math.abs(spz.means[i]! - ply.means[i]!));
    expect(worst).toBeLessThanOrEqual(2 ** -17); // 16 fractional bits: a head fits with 15 um steps
    expect(readSplat(bytes('avatar.splat'), 'avatar.splat').count).toBe(ply.count);
    expect(statSync(join(out, 'avatar.spz')).size).toBeLessThan(statSync(join(out, 'avatar.ply')).size / 8);

    const posed = await readGaussianGlb(bytes('posed/input_pose.glb'), 'input_pose.glb');
    expect(posed.count).toBe(ply.count);
    expect(posed.means).not.toEqual(ply.means);
    expect((await readSpz(bytes('posed/input_pose.spz'), 'input_pose.spz')).count).toBe(ply.count);
  }, 180_000);
});
