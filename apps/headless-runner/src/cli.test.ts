import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAsset } from '@ffavatar/core/node';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../test-fixtures/', import.meta.url));
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const plugin = join(repo, 'examples/hello-plugin/index.js');
const portrait = resolveAsset('portraits/astronaut.png'); // throws, naming where it looked, if the asset is missing

function ffavatar(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'ffavatar-cli-'));

describe('ffavatar validate', () => {
  it('prints all four problems (cycle, type mismatch, unknown node type, bad param) and exits 2', () => {
    const r = ffavatar(['validate', join(fixtures, 'four-problems.json'), '--plugin', plugin]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('4 problems');
    expect(r.stderr).toMatch(/\/edges\/\d: nodes (a -> b -> a|b -> a -> b) form a cycle \[cycle\]/);
    expect(r.stderr).toContain(
      '/edges/2: edge p.path -> w.value: Path cannot feed an input of type Number [type_mismatch]',
    );
    expect(r.stderr).toContain(
      '/nodes/4/type: node "mystery": unknown node type "core.numbr" (did you mean "core.number"?) [unknown_node_type]',
    );
    expect(r.stderr).toMatch(
      /\/nodes\/5\/params\/value: node "n" \(core.number\): param "value": .* \[bad_param\]/,
    );
  });

  it('names the file and the position of a JSON syntax error', () => {
    const r = ffavatar(['validate', join(fixtures, 'broken.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(join(fixtures, 'broken.json'));
    expect(r.stderr).toMatch(/line 6, column 4/);
  });

  it('exits 0 on a valid graph, 2 on a missing file', () => {
    expect(ffavatar(['validate', 'graphs/portrait-preview.json']).code).toBe(0);
    const missing = ffavatar(['validate', 'graphs/nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read graph .*nope.json: ENOENT/);
  });

  it('accepts every graph that ships in graphs/', () => {
    const shipped = readdirSync(join(repo, 'graphs')).filter((f) => f.endsWith('.json'));
    expect(shipped.length).toBeGreaterThanOrEqual(4);
    for (const file of shipped) expect(ffavatar(['validate', join('graphs', file)]).code, file).toBe(0);
    // One CLI start per graph (about 1 s each, nine graphs): on a loaded 2-core machine that
    // passed 30 s, so the budget is a hang guard, not a speed target.
  }, 120_000);

  it('reports problems as JSON with --json', () => {
    const r = ffavatar(['validate', join(fixtures, 'four-problems.json'), '--plugin', plugin, '--json']);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.valid).toBe(false);
    expect(parsed.problems.map((p: { code: string }) => p.code).sort()).toEqual([
      'bad_param',
      'cycle',
      'type_mismatch',
      'unknown_node_type',
    ]);
  });
});

describe('ffavatar nodes', () => {
  it('lists node types with ports and params as JSON, plugins included', () => {
    const r = ffavatar(['nodes', '--json', '--plugin', plugin]);
    expect(r.code).toBe(0);
    const nodes = JSON.parse(r.stdout) as {
      type: string;
      inputs: Record<string, { type: string }>;
      params: { properties?: object };
    }[];
    const save = nodes.find((n) => n.type === 'io.saveImage')!;
    expect(save.inputs.image!.type).toBe('Image');
    expect(Object.keys(save.params.properties!)).toEqual(['path', 'quality']);
    expect(nodes.some((n) => n.type === 'hello.brightness')).toBe(true);
  });

  it('loads plugins named in ffavatar.config.json', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ffavatar.config.json'), JSON.stringify({ plugins: [plugin] }));
    const r = ffavatar(['nodes'], dir);
    expect(r.stdout).toContain('hello.wait');
  });

  it('refuses a plugin that cannot be found, with exit 2', () => {
    const r = ffavatar(['nodes', '--plugin', 'no-such-package']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot find node package "no-such-package"');
  });
});

describe('ffavatar run', () => {
  it('runs a graph in workers, writes outputs and report.json', () => {
    const out = tmp();
    const r = ffavatar([
      'run',
      join(fixtures, 'slow.json'),
      '--out',
      out,
      '--plugin',
      plugin,
      '--input',
      `image=${portrait}`,
      '--set',
      'wait.seconds=0.1',
    ]);
    expect(r.stderr).not.toContain('FAILED');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.ok).toBe(true);
    expect(report.outputs.waited).toEqual({ value: 3 });
    expect(report.outputs.brightness.value).toBeGreaterThan(0.05);
    expect(report.outputs.brightness.value).toBeLessThan(0.95);
    expect(report.nodes.wait.workers).toHaveLength(1);
    expect(existsSync(join(out, 'copy.png'))).toBe(true);
    expect(existsSync(join(out, 'image.png'))).toBe(true);
    expect(r.stderr).toMatch(/wait \d+%/); // plain progress lines when stderr is not a TTY
  });

  it('exits 1 naming the node when a node fails, 2 on a bad --set', () => {
    const out = tmp();
    const bad = ffavatar([
      'run',
      join(fixtures, 'slow.json'),
      '--out',
      out,
      '--plugin',
      plugin,
      '--input',
      `image=${join(fixtures, 'broken.json')}`,
      '--set',
      'wait.seconds=0',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/node "img".*not a PNG or JPEG/);
    const set = ffavatar([
      'run',
      join(fixtures, 'slow.json'),
      '--out',
      out,
      '--plugin',
      plugin,
      '--set',
      'wait.seconds=-1',
    ]);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain('/nodes/1/params/seconds');
    const input = ffavatar([
      'run',
      join(fixtures, 'slow.json'),
      '--out',
      out,
      '--plugin',
      plugin,
      '--input',
      'picture=x.png',
    ]);
    expect(input.code).toBe(2);
    expect(input.stderr).toContain('the graph has no input "picture"; it has image');
  });

  it('refuses an output path that escapes --out', () => {
    const out = tmp();
    const r = ffavatar(['run', join(fixtures, 'escape.json'), '--out', join(out, 'inner')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('escapes the output folder');
    expect(existsSync(join(out, 'outside.png'))).toBe(false);
  });

  it('cancels cleanly on Ctrl-C: exit 130, a report that says so, no temp files', async () => {
    const out = tmp();
    const child = spawn(
      process.execPath,
      [
        cli,
        'run',
        join(fixtures, 'slow.json'),
        '--out',
        out,
        '--plugin',
        plugin,
        '--input',
        `image=${portrait}`,
        '--set',
        'wait.seconds=20',
      ],
      { cwd: repo },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (/wait \d+%/.test(stderr)) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.cancelled).toBe(true);
    expect(report.nodes.wait.status).toBe('cancelled');
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 20_000);
});
