// model.faceLandmarks through the `ffavatar` command: the node runs in a worker_threads worker from
// dist/, loads tfjs-wasm and the weights there, and its outputs cross back by transfer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodePng, readNpy } from '@ffavatar/core/io';
import { faceLandmarks } from '../test-support/face-landmarks-node.js';
import { loadPortrait, sideBySide, solidImage } from '../test-support/portrait.js';
import { pugFaceBand } from '../test-support/dog-photo.js';
import { runNode } from '../test-support/run-node.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');

const graph = {
  format: 'ffavatar-graph',
  version: 1,
  nodes: [
    { id: 'load', type: 'io.loadImage' },
    { id: 'detect', type: 'model.faceLandmarks', params: { multipleFaces: 'error' } },
    { id: 'save', type: 'io.saveImage', params: { path: 'landmarks-preview.png' } },
  ],
  edges: [
    { from: 'load.image', to: 'detect.image' },
    { from: 'detect.preview', to: 'save.image' },
  ],
  inputs: { image: { to: 'load.path', type: 'Path', default: 'asset:portraits/astronaut.png' } },
  outputs: { box: 'detect.box' },
};

function ffavatar(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  // nx builds this package before its tests, but not the runner, which depends on it: build the
  // runner (and what it needs) when it has never been built, rather than fail on a missing file.
  if (!existsSync(cli)) {
    const tsc = spawnSync(
      process.execPath,
      [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'apps/headless-runner'],
      { cwd: repo, encoding: 'utf8' },
    );
    if (tsc.status !== 0) throw new Error(`building the ffavatar CLI failed:\n${tsc.stdout}${tsc.stderr}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'ffavatar-landmarks-'));
  writeFileSync(join(dir, 'landmarks.json'), JSON.stringify(graph, null, 2));
});

describe('ffavatar run with model.faceLandmarks', () => {
  it('warns on stderr and in report.json when it tracks the largest of several faces, and exits 0', () => {
    const portrait = loadPortrait();
    const two = join(dir, 'two-faces.png');
    writeFileSync(two, encodePng(sideBySide([portrait, portrait])));
    writeFileSync(
      join(dir, 'largest.json'),
      JSON.stringify({
        ...graph,
        nodes: graph.nodes.map((n) => (n.id === 'detect' ? { id: 'detect', type: n.type } : n)),
      }),
    );
    const out = join(dir, 'out-two');
    const r = ffavatar(['run', join(dir, 'largest.json'), '--out', out, '--input', `image=${two}`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/detect warning: found 2 faces \(in .*two-faces\.png\); tracking the largest/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.warnings).toEqual([{ node: 'detect', message: expect.stringContaining('found 2 faces') }]);
  });

  it('exits 0, writes the preview PNG, and the worker gives the same box as an in-process run', async () => {
    const out = join(dir, 'out');
    const r = ffavatar(['run', join(dir, 'landmarks.json'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const preview = decodeImage(readFileSync(join(out, 'landmarks-preview.png')));
    expect(preview).toMatchObject({ width: 512, height: 512 });
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.nodes.detect).toMatchObject({ status: 'ran', type: 'model.faceLandmarks' });
    expect(report.nodes.detect.workers).toHaveLength(1);
    const box = readNpy(readFileSync(join(out, 'box.npy')));
    const inProcess = await runNode(faceLandmarks, { image: loadPortrait() }, { multipleFaces: 'error' });
    expect(Array.from(box.data as Float32Array)).toEqual(Array.from(inProcess.box.data as Float32Array));
  });

  it('exits 1 on a blank image, naming the node, the port and what to try', () => {
    const blank = join(dir, 'blank.png');
    const img = solidImage(200, 200, [240, 240, 240]);
    writeFileSync(blank, encodePng(img));
    const r = ffavatar([
      'run',
      join(dir, 'landmarks.json'),
      '--out',
      join(dir, 'out-blank'),
      '--input',
      `image=${blank}`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/detect/);
    expect(r.stderr).toContain(
      'no face found (detector auto, minConfidence 0.5); the tiny, ssd and tiled passes all came up empty; try a lower minConfidence',
    );
  });

  it("exits 1 on a dog's face, saying it is not a human face (ssd 0.89, face mesh 0.00)", () => {
    // The pug band of test-support/dog-photo.ts as a user's PNG: the face-mesh refusal must reach
    // the terminal with the node and port, and the process must fail, not go on to fit a dog.
    const dog = join(dir, 'pug.png');
    writeFileSync(dog, encodePng(pugFaceBand()));
    const out = join(dir, 'out-dog');
    const r = ffavatar(['run', join(dir, 'landmarks.json'), '--out', out, '--input', `image=${dog}`]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(
      /error: node "detect", port "image": found a face-like region but the face-mesh net scores it below minFaceScore 0.5: not a human face \(an animal, a mask, a statue\?\)/,
    );
    expect(existsSync(join(out, 'landmarks-preview.png'))).toBe(false);
  });
});
