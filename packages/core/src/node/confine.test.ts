import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAsset } from './assets.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js';
import { nodeFileAccess, outputPath } from './file-access.js';

describe('writes confined to the output folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'confine-'));
  const out = join(work, 'out');
  const elsewhere = join(work, 'elsewhere');
  mkdirSync(out);
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, join(out, 'renders'));
  symlinkSync(join(work, 'nothing-here'), join(out, 'dangling'));
  mkdirSync(join(out, 'real'));
  symlinkSync(join(out, 'real'), join(out, 'inner'));
  const roots = { baseDir: work, outDir: out };

  it('refuses a path through a symlink that leads out, and one through a dangling link', async () => {
    expect(() => outputPath(roots, 'renders/a/b.png')).toThrow(
      `output path "renders/a/b.png" leads outside the output folder ${out}: ${join(out, 'renders')} is a symlink to ${elsewhere}`,
    );
    expect(() => outputPath(roots, 'dangling/x.png')).toThrow(/is a symlink that leads nowhere/);
    await expect(nodeFileAccess(roots).write('renders/x.png', 'x')).rejects.toMatchObject({
      code: 'bad_input',
    });
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('allows links that stay inside, and folders not made yet', async () => {
    expect(await nodeFileAccess(roots).write('inner/x.png', 'x')).toBe(join(out, 'inner', 'x.png'));
    expect(readdirSync(join(out, 'real'))).toEqual(['x.png']);
    expect(outputPath(roots, 'new/deeper/x.png')).toBe(join(out, 'new', 'deeper', 'x.png'));
  });

  it('writeFileAtomic checks again after making folders', async () => {
    await expect(writeFileAtomic(join(out, 'renders', 'y.png'), 'y', { confineTo: out })).rejects.toThrow(
      /leads outside the output folder/,
    );
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe('asset names', () => {
  it('stay inside the asset roots', () => {
    expect(() => resolveAsset('../../../../etc/passwd')).toThrow(
      'asset "../../../../etc/passwd": it leads outside the asset folders',
    );
    expect(() => resolveAsset('portraits/../../x')).toThrow(/leads outside/);
    expect(() => resolveAsset('/etc/passwd')).toThrow(/an absolute path/);
    expect(() => resolveAsset('portraits/nobody.png')).toThrow(
      expect.objectContaining({
        code: 'io',
        message: expect.stringMatching(/^asset "portraits\/nobody.png" not found; looked in: /),
      }),
    );
  });
});

describe('stale temp files', () => {
  it('are removed when their process is gone, kept while it lives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stale-'));
    mkdirSync(join(dir, 'sub'));
    const dead = '.a.png.99999999.0123456789ab.tmp';
    const live = `.b.png.${process.pid}.0123456789ab.tmp`;
    for (const f of [dead, `sub/${dead}`, live, '.notes.tmp', 'x.99999999.0123456789ab.tmp'])
      writeFileSync(join(dir, f), '');
    expect(removeStaleTempFiles(dir).sort()).toEqual([join(dir, dead), join(dir, 'sub', dead)]);
    expect(readdirSync(dir).sort()).toEqual(
      [live, '.notes.tmp', 'sub', 'x.99999999.0123456789ab.tmp'].sort(),
    );
  });
});
