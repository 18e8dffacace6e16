import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pendingTempFiles, removePendingTempFiles, writeFileAtomic } from './atomic-write.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ffavatar-atomic-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes bytes and strings, leaving no temp files', async () => {
    const bin = join(dir, 'mesh.bin');
    await writeFileAtomic(bin, new Uint8Array([0, 1, 2, 255]));
    expect([...(await readFile(bin))]).toEqual([0, 1, 2, 255]);

    const text = join(dir, 'graph.json');
    await writeFileAtomic(text, '{"héllo": 1}');
    expect(await readFile(text, 'utf8')).toBe('{"héllo": 1}');

    expect((await readdir(dir)).sort()).toEqual(['graph.json', 'mesh.bin']);
    expect(pendingTempFiles()).toEqual([]);
  });

  it('replaces an existing file', async () => {
    const target = join(dir, 'out.txt');
    await writeFile(target, 'old contents that are longer');
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['out.txt']);
  });

  it('writes a subarray view, not its whole backing buffer', async () => {
    const target = join(dir, 'slice.bin');
    await writeFileAtomic(target, new Uint8Array([9, 1, 2, 9]).subarray(1, 3));
    expect([...(await readFile(target))]).toEqual([1, 2]);
  });

  it('creates missing parent directories', async () => {
    const target = join(dir, 'a', 'b', 'c.txt');
    await writeFileAtomic(target, 'deep');
    expect(await readFile(target, 'utf8')).toBe('deep');
  });

  it('survives concurrent writes to the same target (last rename wins, no debris)', async () => {
    const target = join(dir, 'race.txt');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(target, `writer ${i}`)));
    expect(await readFile(target, 'utf8')).toMatch(/^writer \d+$/);
    expect(await readdir(dir)).toEqual(['race.txt']);
  });

  it('on failure leaves nothing behind and names the target', async () => {
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'I am a file');
    const target = join(blocker, 'out.txt');
    const err = (await writeFileAtomic(target, 'x').catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toContain(target);
    expect(['ENOTDIR', 'EEXIST']).toContain(err.code);
    expect(await readdir(dir)).toEqual(['not-a-dir']);
    expect(await readFile(blocker, 'utf8')).toBe('I am a file');
    expect(pendingTempFiles()).toEqual([]);
  });

  it('keeps the old file intact when the rename fails, and removes the temp file', async () => {
    // A directory sits where the file should go: the temp file is written fine, but
    // renaming a file over a directory fails.
    const target = join(dir, 'occupied');
    await writeFileAtomic(join(target, 'keep.txt'), 'old');
    const err = (await writeFileAtomic(target, 'new').catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(target);
    expect(await readdir(dir)).toEqual(['occupied']);
    expect(await readFile(join(target, 'keep.txt'), 'utf8')).toBe('old');
  });
});

describe('pending temp files', () => {
  it('tracks in-flight writes and lets a signal handler remove them', async () => {
    const target = join(dir, 'big.bin');
    const write = writeFileAtomic(target, new Uint8Array(8 << 20));
    // The temp path is registered synchronously, before any I/O starts.
    const pending = pendingTempFiles();
    expect(pending).toHaveLength(1);
    expect(dirname(pending[0]!)).toBe(dir);
    expect(basename(pending[0]!)).toMatch(new RegExp(`^\\.big\\.bin\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`));

    expect(removePendingTempFiles()).toEqual(pending);
    expect(pendingTempFiles()).toEqual([]);
    // Either the write had not created its temp file yet (and then completes normally)
    // or it loses its temp file and fails; in both cases no temp file survives.
    await write.catch(() => undefined);
    const left = await readdir(dir);
    expect(left.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
