import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkInputFile, parseByteSize, readInputFile, readInputFileSync } from './input-limits.js';

const dir = mkdtempSync(join(tmpdir(), 'input-limits-'));

describe('input limits', () => {
  afterEach(() => {
    delete process.env.FFAVATAR_MAX_IMAGE_BYTES;
    delete process.env.FFAVATAR_MAX_OTHER_BYTES;
  });

  it('reads a regular file whole', async () => {
    const file = join(dir, 'a.bin');
    writeFileSync(file, new Uint8Array(200_000).fill(7));
    expect((await readInputFile(file)).length).toBe(200_000);
    expect(readInputFileSync(file, 'graph').length).toBe(200_000);
  });

  it('refuses devices and FIFOs by name, without reading them', async () => {
    await expect(readInputFile('/dev/zero')).rejects.toMatchObject({
      code: 'bad_input',
      message: 'cannot read /dev/zero: it is a character device; inputs are read from regular files only',
    });
    expect(() => checkInputFile('/dev/urandom')).toThrow(/a character device/);
    const fifo = join(dir, 'pipe');
    spawnSync('mkfifo', [fifo]);
    await expect(readInputFile(fifo)).rejects.toThrow(`cannot read ${fifo}: it is a FIFO (named pipe)`);
    expect(() => readInputFileSync(fifo, 'graph')).toThrow(/FIFO/);
  });

  it('caps bytes per kind, by extension or else by magic bytes', async () => {
    process.env.FFAVATAR_MAX_IMAGE_BYTES = '1K';
    const named = join(dir, 'photo.PNG');
    writeFileSync(named, new Uint8Array(2048));
    await expect(readInputFile(named)).rejects.toMatchObject({
      code: 'bad_input',
      message: `${named} is 2 KiB, over the 1 KiB limit for an image; raise it with FFAVATAR_MAX_IMAGE_BYTES (or --max-bytes image=SIZE) if it is meant to be that large`,
    });
    const sniffed = join(dir, 'photo');
    writeFileSync(sniffed, Uint8Array.from([0x89, 0x50, 0x4e, 0x47, ...new Uint8Array(2044)]));
    await expect(readInputFile(sniffed)).rejects.toThrow(/over the 1 KiB limit for an image/);
    expect(() => checkInputFile(named)).toThrow(/over the 1 KiB limit/);
  });

  it('stops a file that reports no size (procfs) at the cap', async () => {
    process.env.FFAVATAR_MAX_OTHER_BYTES = '16';
    await expect(readInputFile('/proc/self/status')).rejects.toThrow(
      '/proc/self/status is larger than the 16 bytes limit for an input file',
    );
  });

  it('names a malformed limit', async () => {
    process.env.FFAVATAR_MAX_IMAGE_BYTES = 'big';
    await expect(readInputFile(join(dir, 'photo.PNG'))).rejects.toThrow(
      'FFAVATAR_MAX_IMAGE_BYTES=big: expected a size such as 200M or 1G',
    );
    expect(parseByteSize('1.5G')).toBe(1.5 * 2 ** 30);
    expect(parseByteSize('64kib')).toBe(65536);
    expect(parseByteSize('0')).toBeUndefined();
  });
});
