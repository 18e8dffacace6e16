import { describe, expect, it } from 'vitest';
import { readNpy } from './npy.js';
import { readNpz, writeNpz } from './npz.js';

describe('npz sizes claimed by the zip directory', () => {
  const archive = () =>
    writeNpz({ v: { dtype: 'f32', shape: [64], data: new Float32Array(64) } }, { compress: true });

  it('refuses an entry that claims more than deflate can produce, before fflate allocates it', () => {
    const bytes = archive();
    const central = bytes.findIndex(
      (b, i) => b === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 1 && bytes[i + 3] === 2,
    );
    new DataView(bytes.buffer).setUint32(central + 24, 0x7fff0000, true); // uncompressed size
    const before = process.memoryUsage().arrayBuffers;
    expect(() => readNpz(bytes, 'ict.npz')).toThrow(
      /^ict\.npz: array 'v': its zip entry claims 2147418112 bytes inflated from \d+, more than deflate can produce \(corrupt archive\)$/,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20); // was a 2 GiB buffer
  });

  it('refuses a directory that lists more entries than the file can hold', () => {
    const bytes = archive();
    const end = bytes.length - 22; // end-of-central-directory record, no comment
    new DataView(bytes.buffer).setUint16(end + 8, 60000, true);
    new DataView(bytes.buffer).setUint16(end + 10, 60000, true);
    expect(() => readNpz(bytes, 'ict.npz')).toThrow(
      /^ict\.npz: corrupt or truncated zip archive \(the directory lists more entries than \d+ bytes can hold\)$/,
    );
  });
});

describe('npy sizes claimed by the header', () => {
  it('refuses zero-width strings, which would let 100 bytes claim 10^15 elements', () => {
    const header = "{'descr': '<U0', 'fortran_order': False, 'shape': (1000000000000000,), }";
    const bytes = new Uint8Array([
      0x93,
      0x4e,
      0x55,
      0x4d,
      0x50,
      0x59,
      1,
      0,
      header.length + 1,
      0,
      ...new TextEncoder().encode(`${header}\n`),
    ]);
    expect(() => readNpy(bytes, 'names.npy')).toThrow(
      "names.npy: unsupported dtype '<U0' (zero-width strings)",
    );
  });
});
