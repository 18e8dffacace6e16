import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encodePng } from '@ffavatar/core/io';
import { resolveAsset } from '@ffavatar/core/node';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(repo, 'apps/headless-runner/dist/cli.js');
const classic = join(repo, 'graphs/ffavatar-classic.json');

const preview = join(repo, 'graphs/portrait-preview.json');
const slow = join(repo, 'apps/headless-runner/test-fixtures/slow.json');
const plugin = join(repo, 'examples/hello-plugin/index.js');
const portrait = resolveAsset('portraits/astronaut.png');

function run(args: string[], opts: { env?: Record<string, string>; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd ?? repo,
    env: { ...process.env, ...opts.env },
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

/** An --out folder that already holds a file of the user's, which every case must leave alone. */
function outWithKeepsake(work: string, name: string): string {
  const out = join(work, name);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'keep.txt'), 'mine');
  return out;
}

const writeGraph = (dir: string, name: string, graph: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof graph === 'string' ? graph : JSON.stringify(graph));
  return path;
};

/** Every file under a folder, relative to it. */
function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
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

  it("an image with no face: exit 1 with the detector's advice, nothing but report.json written", () => {
    const blank = join(work, 'wall.png');
    writeFileSync(
      blank,
      encodePng({ width: 256, height: 256, data: new Uint8Array(256 * 256 * 4).fill(200) }),
    );
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

describe('inputs that cannot be read as files (#1)', () => {
  const work = mkdtempSync(join(tmpdir(), 'bad-input-files-'));

  it('/dev/zero and /dev/urandom: exit 2 naming the device, before anything runs', () => {
    for (const dev of ['/dev/zero', '/dev/urandom']) {
      const out = outWithKeepsake(work, `out-${dev.slice(5)}`);
      const r = run(['run', preview, '--out', out, '--input', `images=${dev}`]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(
        `cannot read ${dev}: it is a character device; inputs are read from regular files only`,
      );
      expect(files(out)).toEqual(['keep.txt']);
    }
  });

  it('a FIFO: exit 2, not a hang', () => {
    const fifo = join(work, 'pipe.png');
    spawnSync('mkfifo', [fifo]);
    const out = outWithKeepsake(work, 'out-fifo');
    const r = run(['run', preview, '--out', out, '--images', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${fifo}: it is a FIFO (named pipe)`);
    expect(files(out)).toEqual(['keep.txt']);
  });

  it('an image over its byte cap: exit 2 naming the file, the limit and how to raise it', () => {
    const out = outWithKeepsake(work, 'out-cap');
    const r = run(['run', preview, '--out', out, '--images', portrait], {
      env: { FFAVATAR_MAX_IMAGE_BYTES: '64K' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `${portrait.replace(/[.]/g, '\\.')} is [\\d.]+ KiB, over the 64 KiB limit for an image; raise it with FFAVATAR_MAX_IMAGE_BYTES \\(or --max-bytes image=SIZE\\)`,
      ),
    );
    expect(files(out)).toEqual(['keep.txt']);
    // The flag raises it again; a malformed one is refused.
    expect(
      run(['run', preview, '--out', out, '--images', portrait, '--max-bytes', 'image=64M'], {
        env: { FFAVATAR_MAX_IMAGE_BYTES: '64K' },
      }).code,
    ).toBe(0);
    const bad = run(['run', preview, '--out', out, '--max-bytes', 'image=lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-bytes image=lots: expected a size such as 200M or 1G');
  });

  it('an image over its cap named inside the graph: the node fails naming it, exit 1, only report.json added', () => {
    const dir = mkdtempSync(join(work, 'graph-'));
    copyFileSync(portrait, join(dir, 'face.png'));
    const graph = writeGraph(dir, 'g.json', {
      ...JSON.parse(readFileSync(preview, 'utf8')),
      inputs: { images: { to: 'load.path', type: 'List<Path>', default: ['face.png'] } },
    });
    const out = outWithKeepsake(work, 'out-cap-graph');
    const r = run(['run', graph, '--out', out], { env: { FFAVATAR_MAX_IMAGE_BYTES: '1K' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/node "load".*face\.png is [\d.]+ KiB, over the 1 KiB limit for an image/);
    expect(files(out)).toEqual(['keep.txt', 'report.json']);
  });

  it('a graph file that is a device or over its cap: exit 2', () => {
    const dev = run(['validate', '/dev/zero']);
    expect(dev.code).toBe(2);
    expect(dev.stderr).toContain('cannot read /dev/zero: it is a character device');
    const big = run(['validate', preview], { env: { FFAVATAR_MAX_GRAPH_BYTES: '100' } });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(
      /portrait-preview\.json is \d+ bytes, over the 100 bytes limit for a graph file/,
    );
  });
});

describe('writes confined to --out (#2)', () => {
  const work = mkdtempSync(join(tmpdir(), 'bad-input-out-'));

  it('a symlinked folder inside --out that leads out is refused; nothing lands outside', () => {
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere);
    const out = outWithKeepsake(work, 'out-link');
    symlinkSync(elsewhere, join(out, 'renders'));
    const r = run(['run', preview, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `output path "renders/input_000.png" leads outside the output folder ${out}: ${join(out, 'renders')} is a symlink to ${elsewhere}`,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(files(out)).toEqual(['keep.txt', 'report.json']);
  });

  it('a symlinked folder that stays inside --out is fine', () => {
    const out = outWithKeepsake(work, 'out-inner-link');
    mkdirSync(join(out, 'real'));
    symlinkSync(join(out, 'real'), join(out, 'renders'));
    const r = run(['run', preview, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(files(out)).toEqual(['keep.txt', 'real/input_000.png', 'report.json']);
  });
});

describe('signals and stale temp files (#4)', () => {
  const work = mkdtempSync(join(tmpdir(), 'bad-input-signal-'));

  async function startSlow(out: string) {
    const child = spawn(
      process.execPath,
      [
        cli,
        'run',
        slow,
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
    return {
      child,
      exit: new Promise<number | null>((resolve) => child.on('exit', resolve)),
      stderr: () => stderr,
    };
  }

  it("SIGTERM cancels like Ctrl-C: exit 143, a cancelled report, no temp files, the user's files kept", async () => {
    const out = outWithKeepsake(work, 'out-term');
    const { child, exit } = await startSlow(out);
    child.kill('SIGTERM');
    expect(await exit).toBe(143);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.cancelled).toBe(true);
    expect(report.nodes.wait.status).toBe('cancelled');
    // copy.png: its branch does not wait, so it finished (whole) before the signal.
    expect(files(out)).toEqual(['copy.png', 'keep.txt', 'report.json']);
  }, 20_000);

  it('a second signal exits at once, still with a report and no temp files', async () => {
    const out = outWithKeepsake(work, 'out-twice');
    const { child, exit, stderr } = await startSlow(out);
    child.kill('SIGINT');
    // The wait node looks at its signal once a second, so the first cancel is still under way.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (stderr().includes('cancelling (SIGINT')) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    child.kill('SIGTERM');
    expect(await exit).toBe(143); // the second signal's code: it did not wait for the first to finish
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).cancelled).toBe(true);
    expect(files(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 20_000);

  it('a run removes temp files that dead runs left in --out, and only those', () => {
    const out = outWithKeepsake(work, 'out-stale');
    mkdirSync(join(out, 'renders'));
    const dead = '.avatar.ply.99999999.0123456789ab.tmp'; // above any pid_max: never a live process
    const live = `.other.png.${process.pid}.0123456789ab.tmp`; // this test process: alive
    writeFileSync(join(out, dead), 'partial');
    writeFileSync(join(out, 'renders', dead), 'partial');
    writeFileSync(join(out, live), 'being written');
    writeFileSync(join(out, '.notes.tmp'), "the user's");
    const r = run(['run', preview, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`removed 2 temp files left in ${out} by an interrupted run`);
    expect(files(out)).toEqual(
      ['.notes.tmp', live, 'keep.txt', 'renders/input_000.png', 'report.json'].sort(),
    );
  });
});

describe('strict graphs and --set (#5)', () => {
  const work = mkdtempSync(join(tmpdir(), 'bad-input-strict-'));
  const base = JSON.parse(readFileSync(preview, 'utf8'));

  it('unknown fields in a graph file: exit 2, each named by its pointer', () => {
    const graph = writeGraph(work, 'fields.json', {
      ...base,
      outptus: {},
      nodes: [{ ...base.nodes[0], prams: {} }, base.nodes[1]],
      edges: [{ ...base.edges[0], label: 'x' }],
    });
    const r = run(['validate', graph]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '/outptus: unknown field "outptus": a graph file has $schema, format, version, title, description, nodes, edges, inputs, outputs, frames [bad_document]',
    );
    expect(r.stderr).toContain(
      '/nodes/0/prams: unknown field "prams": a node has id, type, params, title, ui',
    );
    expect(r.stderr).toContain('/edges/0/label: unknown field "label"');
    // A tool's own data under "ui" is the documented extension.
    const ui = writeGraph(work, 'ui.json', {
      ...base,
      nodes: [{ ...base.nodes[0], ui: { x: 0, y: 0, collapsed: true } }, base.nodes[1]],
    });
    expect(run(['validate', ui]).code).toBe(0);
  });

  it('unknown params, in the file or through --set: exit 2, nothing written', () => {
    const graph = writeGraph(work, 'param.json', {
      ...base,
      nodes: [base.nodes[0], { ...base.nodes[1], params: { path: 'a.png', qualty: 80 } }],
    });
    const r = run(['validate', graph]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '/nodes/1/params/qualty: node "save" (io.saveImage): unknown param "qualty"; it has path, quality [bad_param]',
    );
    const out = join(work, 'out-set');
    const set = run(['run', preview, '--out', out, '--set', 'save.nosuch=1']);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain(
      '/nodes/1/params/nosuch: node "save" (io.saveImage): unknown param "nosuch"; it has path, quality',
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('user mistakes are sentences, not stack traces (#6)', () => {
  const work = mkdtempSync(join(tmpdir(), 'bad-input-mistakes-'));

  it('a graph nested 10,000 levels deep: exit 2 with the position', () => {
    const graph = writeGraph(
      work,
      'deep.json',
      `{"format":"ffavatar-graph","version":1,"nodes":[],"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
    );
    const r = run(['validate', graph]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('JSON nested deeper than 256 levels at line 1, column 310');
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
    const out = join(work, 'out-deep');
    const set = run(['run', preview, '--out', out, '--set', `save.path=${'['.repeat(10_000)}`]);
    expect(set.code).toBe(2);
    expect(set.stderr).toContain('--set save.path: the value nests deeper than 256 levels');
    expect(existsSync(out)).toBe(false);
  });

  it('--out naming a file, or a path under one: exit 2, the file untouched', () => {
    const file = join(work, 'taken');
    writeFileSync(file, 'mine');
    const r = run(['run', preview, '--out', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ffavatar: --out ${file}: cannot write there: it is a file, not a folder (EEXIST)\n`,
    );
    const under = run(['run', preview, '--out', join(file, 'sub')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toBe(
      `ffavatar: --out ${join(file, 'sub')}: cannot write there: a part of the path is a file, not a folder (ENOTDIR)\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('--cache naming a file: exit 2 with a sentence, nothing written', () => {
    const file = join(work, 'not-a-cache');
    writeFileSync(file, 'mine');
    const out = join(work, 'out-cache');
    const r = run(['run', preview, '--out', out, '--images', portrait, '--cache', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ffavatar: --cache ${file}: cannot use it as the cache folder: a file is in the way; give a folder\n`,
    );
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it.skipIf(process.getuid?.() === 0)('a read-only --out: exit 2 before anything runs', () => {
    const out = outWithKeepsake(work, 'out-ro');
    spawnSync('chmod', ['0555', out]);
    const r = run(['run', preview, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--out ${out}: cannot write there: permission denied (EACCES)`);
    expect(files(out)).toEqual(['keep.txt']);
  });
});

describe('folder inputs (#7)', () => {
  it('takes the images of a folder and says what it skipped', () => {
    const work = mkdtempSync(join(tmpdir(), 'bad-input-folder-'));
    const photos = join(work, 'photos');
    mkdirSync(join(photos, 'sub'), { recursive: true });
    copyFileSync(portrait, join(photos, 'a.png'));
    writeFileSync(join(photos, 'notes.txt'), 'shot on a Tuesday');
    const out = outWithKeepsake(work, 'out');
    const r = run(['run', preview, '--out', out, '--input', `images=${photos}/`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `--input images=${photos}/: skipped 2 entries: notes.txt (not .png, .jpg or .jpeg), sub (a folder)`,
    );
    expect(files(out)).toEqual(['keep.txt', 'renders/input_000.png', 'report.json']);
    const empty = join(work, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'readme.md'), '#');
    const none = run(['run', preview, '--out', out, '--images', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`--input images=${empty}: the folder holds no PNG or JPEG files`);
  });

  it('an empty value (an unset shell variable) is refused, not read as the working folder', () => {
    const work = mkdtempSync(join(tmpdir(), 'bad-input-empty-'));
    copyFileSync(portrait, join(work, 'stray.png'));
    const r = run(['run', preview, '--out', join(work, 'out'), '--input', 'images='], { cwd: work });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--input images= has no value');
    expect(existsSync(join(work, 'out'))).toBe(false);
  });
});

describe('asset: names (#8)', () => {
  const work = mkdtempSync(join(tmpdir(), 'bad-input-asset-'));

  it('a name that climbs out of the asset roots is refused', () => {
    const out = join(work, 'out-climb');
    const r = run(['run', preview, '--out', out, '--images', 'asset:../../../../../../etc/passwd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('asset "../../../../../../etc/passwd": it leads outside the asset folders');
    expect(existsSync(out)).toBe(false);
    const absolute = run(['run', preview, '--out', out, '--images', 'asset:/etc/passwd']);
    expect(absolute.code).toBe(2);
    expect(absolute.stderr).toContain('asset "/etc/passwd": an absolute path');
  });

  it('a missing asset names the roots searched, and never falls back to the working folder', () => {
    const cwd = mkdtempSync(join(work, 'cwd-'));
    mkdirSync(join(cwd, 'asset:portraits'));
    copyFileSync(portrait, join(cwd, 'asset:portraits', 'nobody.png'));
    const out = join(work, 'out-missing');
    const r = run(['run', preview, '--out', out, '--images', 'asset:portraits/nobody.png'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--input images=asset:portraits\/nobody\.png: asset "portraits\/nobody\.png" not found; looked in: .*shared\/assets/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('save paths (#11)', () => {
  const work = mkdtempSync(join(tmpdir(), 'bad-input-save-'));
  const base = JSON.parse(readFileSync(preview, 'utf8'));

  it('an unknown extension, "." or a folder path is refused at validation, listing the formats', () => {
    for (const path of ['x.bmp', '.', 'renders/']) {
      const graph = writeGraph(work, 'save.json', {
        ...base,
        nodes: [base.nodes[0], { ...base.nodes[1], params: { path } }],
      });
      const out = join(work, 'out');
      const r = run(['run', graph, '--out', out]);
      expect(r.code, path).toBe(2);
      expect(r.stderr).toContain(
        '/nodes/1/params/path: node "save" (io.saveImage): param "path": a file path ending in .png, .jpg or .jpeg, relative to the output folder',
      );
      expect(existsSync(out)).toBe(false);
    }
    const upper = writeGraph(work, 'upper.json', {
      ...base,
      nodes: [base.nodes[0], { ...base.nodes[1], params: { path: 'X.JPEG' } }],
    });
    expect(run(['validate', upper]).code).toBe(0);
  });
});

describe('messages that say which file (#10)', () => {
  it('no face in the second photo of a run: the photo is named by number, item and path', () => {
    const work = mkdtempSync(join(tmpdir(), 'bad-input-photo-'));
    const blank = join(work, 'wall.png');
    writeFileSync(
      blank,
      encodePng({ width: 256, height: 256, data: new Uint8Array(256 * 256 * 4).fill(200) }),
    );
    const out = outWithKeepsake(work, 'out');
    const r = run(['run', classic, '--out', out, '--images', portrait, '--images', blank]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `node "detect", port "image": no face found (detector auto, minConfidence 0.5); the tiny, ssd and tiled passes all came up empty; try a lower minConfidence (in photo 2 of the run, item 1: ${blank})`,
    );
    expect(files(out).filter((f) => !f.startsWith('renders/input_'))).toEqual(['keep.txt', 'report.json']);
  }, 60_000);

  it('a model.onnx that is not a model: the node names the file', () => {
    const work = mkdtempSync(join(tmpdir(), 'bad-input-onnx-'));
    writeFileSync(join(work, 'net.onnx'), 'not a model at all, just text');
    const graph = writeGraph(work, 'g.json', {
      format: 'ffavatar-graph',
      version: 1,
      nodes: [{ id: 'm', type: 'model.onnx', params: { model: 'net.onnx' } }],
      outputs: { sig: 'm.signature' },
    });
    const out = outWithKeepsake(work, 'out');
    const r = run(['run', graph, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('node "m": model net.onnx: not an ONNX model');
    expect(files(out)).toEqual(['keep.txt', 'report.json']);
  });
});
