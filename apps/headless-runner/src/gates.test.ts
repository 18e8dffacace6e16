import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');
const fixture = (name: string) => join(repo, 'apps/headless-runner/test-fixtures/gates', name);

function run(graph: string, out: string) {
  const r = spawnSync(process.execPath, [cli, 'run', fixture(graph), '--out', out], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
    ok: boolean;
    errors: { node: string; code: string; message: string }[];
  };
  return { code: r.status, stderr: r.stderr, report };
}

describe('gates in graphs (test.* nodes) through `ffavatar run`', () => {
  const work = mkdtempSync(join(tmpdir(), 'gates-'));

  it('a failing test.expect exits 1 naming the assertion, the value and the bound; report.json lists it', () => {
    const r = run('expect-fails.json', join(work, 'expect'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error: node "psnrGate": assertion "psnrGate" failed: psnr = 23.5, expected >= 30',
    );
    expect(r.report.ok).toBe(false);
    expect(r.report.errors).toEqual([expect.objectContaining({ node: 'psnrGate', code: 'assertion' })]);
  }, 60_000);

  it('a failing test.matchImage exits 1 and writes the diff image it names', () => {
    const out = join(work, 'image');
    const r = run('match-image-fails.json', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /assertion "looksRight" failed: psnr = [\d.]+ dB against .*golden\.png, expected >= 30/,
    );
    expect(r.stderr).toContain(`diff image: ${join(out, 'diff/looksRight.png')}`);
    expect(existsSync(join(out, 'diff/looksRight.png'))).toBe(true);
    expect(r.report.errors[0]).toMatchObject({ node: 'looksRight', code: 'assertion' });
  }, 60_000);

  it('a golden of the wrong size is refused as bad input naming both sizes, no diff written', () => {
    const out = join(work, 'size');
    const r = run('match-image-wrong-size.json', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/golden-small\.png is 4x4, the image 8x8/);
    expect(r.report.errors[0]).toMatchObject({ node: 'looksRight', code: 'bad_input' });
    expect(existsSync(join(out, 'diff'))).toBe(false);
  }, 60_000);
});
