import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodePng } from '@ffavatar/core/io';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');
const classic = join(repo, 'graphs/ffavatar-classic.json');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

/** Every file under a folder, relative to it. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();
}

describe('the main job on bad input', () => {
  const work = mkdtempSync(join(tmpdir(), 'bad-input-'));

  it('a file that is not an image: exit 1, the node and the file named, nothing but report.json written', () => {
    const notImage = join(work, 'notes.png');
    writeFileSync(notImage, 'these are not pixels');
    const out = join(work, 'out-text');
    const r = run(['run', classic, '--out', out, '--images', notImage]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('node "load"');
    expect(r.stderr).toContain(notImage);
    expect(r.stderr).toMatch(/not a PNG or JPEG/);
    expect(files(out)).toEqual(['report.json']);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).ok).toBe(false);
  }, 60_000);

  it('an image with no face: exit 1 with the detector\'s advice, nothing but report.json written', () => {
    const blank = join(work, 'wall.png');
    writeFileSync(blank, encodePng({ width: 256, height: 256, data: new Uint8Array(256 * 256 * 4).fill(200) }));
    const out = join(work, 'out-blank');
    const r = run(['run', classic, '--out', out, '--input', `images=${blank}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/node "detect", port "image": no face found/);
    expect(files(out)).toEqual(['report.json']);
  }, 60_000);

  it('a corrupt graph: exit 2 naming the file and position, no output folder', () => {
    const graph = join(work, 'broken.json');
    writeFileSync(graph, readFileSync(classic, 'utf8').slice(0, 500));
    const out = join(work, 'out-graph');
    const r = run(['run', graph, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(graph);
    expect(r.stderr).toMatch(/invalid JSON at line \d+, column \d+/);
    expect(existsSync(out)).toBe(false);
  });
});
