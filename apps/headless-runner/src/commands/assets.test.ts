import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ICT_ASSET, loadIctFaceKit } from '@ffavatar/nodes-flame';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'ffavatar-assets-'));

function ffavatar(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An ICT-FaceKit checkout in miniature: FaceXModel with five vertices (cm), two identities, two expressions. */
function tinyCheckout(): string {
  const root = tmp(), dir = join(root, 'FaceXModel');
  mkdirSync(dir);
  const neutral = [[0, 0, 0], [10, 0, 0], [10, 10, 0], [0, 10, 0], [5, 15, 0]];
  const obj = (dy: number) => [
    ...neutral.map((p, i) => `v ${p[0]} ${p[1]! + (i === 4 ? dy : 0)} ${p[2]}`),
    'vt 0 0', 'vt 1 0', 'vt 1 1', 'vt 0 1', 'vt 0.5 1', 'f 1/1 2/2 3/3 4/4', 'f 4/4 3/3 5/5', '',
  ].join('\n');
  writeFileSync(join(dir, 'generic_neutral_mesh.obj'), obj(0));
  writeFileSync(join(dir, 'identity000.obj'), obj(1));
  writeFileSync(join(dir, 'identity001.obj'), obj(2));
  writeFileSync(join(dir, 'jawOpen.obj'), obj(-3));
  writeFileSync(join(dir, 'eyeBlink_L.obj'), obj(0.5));
  writeFileSync(join(dir, 'vertex_indices.json'), JSON.stringify({
    expressions: ['jawOpen', 'eyeBlink_L'], idx_to_rigid_verts: [0, 1], idx_to_landmark_verts: Array.from({ length: 68 }, (_, l) => l % 5),
  }));
  writeFileSync(join(root, 'LICENSE'), 'MIT License (test)\n');
  return root;
}

describe('ffavatar assets', () => {
  it('reports the search path in order and where each asset is found', () => {
    const mine = tmp();
    mkdirSync(join(mine, 'portraits'));
    writeFileSync(join(mine, 'portraits', 'astronaut.png'), 'not really a png');
    const r = ffavatar(['assets', '--json'], { FFAVATAR_ASSETS: mine });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { searchPath: { dir: string; source: string }[]; assets: { name: string; path?: string }[] };
    expect(report.searchPath[0]).toMatchObject({ dir: mine, source: 'FFAVATAR_ASSETS', exists: true });
    expect(report.searchPath.at(-1)!.source).toBe('user cache');
    expect(report.assets.find((a) => a.name === 'portraits/astronaut.png')!.path).toBe(join(mine, 'portraits', 'astronaut.png'));
    const text = ffavatar(['assets'], { FFAVATAR_ASSETS: mine, XDG_CACHE_HOME: tmp(), HOME: tmp() });
    expect(text.stdout).toContain(`1. ${mine}  [FFAVATAR_ASSETS]`);
  });

  it('--build-ict converts a checkout into the npz the ICT loader reads, with its licence', () => {
    const out = tmp();
    const r = ffavatar(['assets', '--build-ict', tinyCheckout(), '--out', out, '--json']);
    expect(r.stderr).toContain('reading morph targets 4/4');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { path: string; sha256: string; vertices: number; expressions: number };
    expect(summary.path).toBe(join(out, ICT_ASSET));
    const bytes = new Uint8Array(readFileSync(summary.path));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(summary.sha256);
    const model = loadIctFaceKit(bytes, summary.path);
    expect([model.vertexCount, model.triangleCount, model.identityCount, model.expressionCount]).toEqual([5, 3, 2, 2]);
    expect(model.expressionNames).toEqual(['jawOpen', 'eyeBlink_L']);
    expect(readFileSync(join(out, 'ict-facekit-light', 'LICENSE'), 'utf8')).toBe('MIT License (test)\n');
  });

  it('refuses a folder that is not an ICT-FaceKit checkout, with exit 2', () => {
    const out = tmp();
    const r = ffavatar(['assets', '--build-ict', tmp(), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no FaceXModel\/generic_neutral_mesh.obj there/);
    expect(existsSync(join(out, ICT_ASSET))).toBe(false);
  });
});
