import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readdirSync } from 'node:fs';
import { zipSync } from 'fflate';
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
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An ICT-FaceKit checkout in miniature: FaceXModel with five vertices (cm), two identities, two expressions. */
function tinyCheckout(): string {
  const root = tmp(),
    dir = join(root, 'FaceXModel');
  mkdirSync(dir);
  const neutral = [
    [0, 0, 0],
    [10, 0, 0],
    [10, 10, 0],
    [0, 10, 0],
    [5, 15, 0],
  ];
  const obj = (dy: number) =>
    [
      ...neutral.map((p, i) => `v ${p[0]} ${p[1]! + (i === 4 ? dy : 0)} ${p[2]}`),
      'vt 0 0',
      'vt 1 0',
      'vt 1 1',
      'vt 0 1',
      'vt 0.5 1',
      'f 1/1 2/2 3/3 4/4',
      'f 4/4 3/3 5/5',
      '',
    ].join('\n');
  writeFileSync(join(dir, 'generic_neutral_mesh.obj'), obj(0));
  writeFileSync(join(dir, 'identity000.obj'), obj(1));
  writeFileSync(join(dir, 'identity001.obj'), obj(2));
  writeFileSync(join(dir, 'jawOpen.obj'), obj(-3));
  writeFileSync(join(dir, 'eyeBlink_L.obj'), obj(0.5));
  writeFileSync(
    join(dir, 'vertex_indices.json'),
    JSON.stringify({
      expressions: ['jawOpen', 'eyeBlink_L'],
      idx_to_rigid_verts: [0, 1],
      idx_to_landmark_verts: Array.from({ length: 68 }, (_, l) => l % 5),
    }),
  );
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
    const report = JSON.parse(r.stdout) as {
      searchPath: { dir: string; source: string }[];
      assets: { name: string; path?: string }[];
    };
    expect(report.searchPath[0]).toMatchObject({ dir: mine, source: 'FFAVATAR_ASSETS', exists: true });
    expect(report.searchPath.at(-1)!.source).toBe('user cache');
    expect(report.assets.find((a) => a.name === 'portraits/astronaut.png')!.path).toBe(
      join(mine, 'portraits', 'astronaut.png'),
    );
    const text = ffavatar(['assets'], { FFAVATAR_ASSETS: mine, XDG_CACHE_HOME: tmp(), HOME: tmp() });
    expect(text.stdout).toContain(`1. ${mine}  [FFAVATAR_ASSETS]`);
  });

  it('--build-ict converts a checkout into the npz the ICT loader reads, with its licence', () => {
    const out = tmp();
    const r = ffavatar(['assets', '--build-ict', tinyCheckout(), '--out', out, '--json']);
    expect(r.stderr).toContain('reading morph targets 4/4');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      path: string;
      sha256: string;
      vertices: number;
      expressions: number;
    };
    expect(summary.path).toBe(join(out, ICT_ASSET));
    const bytes = new Uint8Array(readFileSync(summary.path));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(summary.sha256);
    const model = loadIctFaceKit(bytes, summary.path);
    expect([model.vertexCount, model.triangleCount, model.identityCount, model.expressionCount]).toEqual([
      5, 3, 2, 2,
    ]);
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

  it('--download-ict fetches an archive, refuses it unless its sha256 matches, then converts it', async () => {
    const checkout = tinyCheckout();
    const entries: Record<string, Uint8Array> = {
      'ICT-FaceKit-abc/LICENSE': readFileSync(join(checkout, 'LICENSE')),
    };
    for (const name of readdirSync(join(checkout, 'FaceXModel')))
      entries[`ICT-FaceKit-abc/FaceXModel/${name}`] = readFileSync(join(checkout, 'FaceXModel', name));
    const archive = zipSync(entries);
    const sha = createHash('sha256').update(archive).digest('hex');
    const server = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.end(archive);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/ict.zip`;
    // spawnSync would block the server in this same process: run the CLI asynchronously.
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, CI: 'true' } });
        let stdout = '',
          stderr = '';
        child.stdout.on('data', (d: Buffer) => {
          stdout += d;
        });
        child.stderr.on('data', (d: Buffer) => {
          stderr += d;
        });
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      });
    try {
      const wrongOut = tmp();
      const wrong = await run([
        'assets',
        '--download-ict',
        url,
        '--sha256',
        '0'.repeat(64),
        '--out',
        wrongOut,
      ]);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain(`sha256 is ${sha}, expected ${'0'.repeat(64)}. Nothing was written.`);
      expect(existsSync(join(wrongOut, ICT_ASSET))).toBe(false);
      const missing = await run(['assets', '--download-ict', url, '--out', wrongOut]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`this download's sha256 is ${sha}`);
      const out = tmp();
      const ok = await run(['assets', '--download-ict', url, '--sha256', sha, '--out', out, '--json']);
      expect(ok.stderr).not.toMatch(/error/i);
      expect(ok.code).toBe(0);
      const model = loadIctFaceKit(new Uint8Array(readFileSync(join(out, ICT_ASSET))));
      expect(model.vertexCount).toBe(5);
      expect(readFileSync(join(out, 'ict-facekit-light', 'LICENSE'), 'utf8')).toContain('MIT');
    } finally {
      server.close();
    }
  });
});
