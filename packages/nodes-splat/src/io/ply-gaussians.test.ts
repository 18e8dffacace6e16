import { describe, expect, it } from 'vitest';
import { checkValue, GaussianCloud } from '@ffavatar/core';
import { randomCloud } from '../test-support/random-cloud.js';
import { readGaussianPly, writeGaussianPly } from './ply-gaussians.js';
import { writeSplat } from './splat-format.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('3DGS PLY', () => {
  for (const degree of [0, 1, 2, 3]) {
    it(`round-trips exactly at SH degree ${degree}, extras included`, () => {
      const cloud = {
        ...randomCloud(257, degree, degree + 1),
        extras: { binding_0: Float32Array.from({ length: 257 }, (_, i) => i % 7) },
      };
      const back = readGaussianPly(writeGaussianPly(cloud), 'test.ply');
      expect(checkValue(GaussianCloud, back)).toBeNull();
      expect(back.shDegree).toBe(degree);
      for (const key of ['means', 'logScales', 'rotations', 'logitOpacities', 'sh'] as const)
        expect(back[key]).toEqual(cloud[key]);
      expect(back.extras).toEqual(cloud.extras);
    });
  }

  it('writes the INRIA property order with f_rest channel-major', () => {
    const cloud = randomCloud(1, 1, 3);
    const bytes = writeGaussianPly(cloud);
    const text = new TextDecoder().decode(bytes.subarray(0, 2000));
    const props = [...text.matchAll(/property float (\S+)/g)].map((m) => m[1]);
    expect(props).toEqual([
      'x',
      'y',
      'z',
      'nx',
      'ny',
      'nz',
      'f_dc_0',
      'f_dc_1',
      'f_dc_2',
      ...Array.from({ length: 9 }, (_, i) => `f_rest_${i}`),
      'opacity',
      'scale_0',
      'scale_1',
      'scale_2',
      'rot_0',
      'rot_1',
      'rot_2',
      'rot_3',
    ]);
    const start = text.indexOf('end_header\n') + 11;
    const row = new Float32Array(bytes.slice(start, start + props.length * 4).buffer);
    // f_rest_0..2 are the red channel's coefficients 1..3; f_rest_3 is green's first.
    expect(row[9]).toBe(cloud.sh[3]);
    expect(row[10]).toBe(cloud.sh[6]);
    expect(row[12]).toBe(cloud.sh[4]);
  });

  it('reads ascii and big-endian files', () => {
    const header = (format: string) =>
      `ply\nformat ${format} 1.0\ncomment made by hand\nelement vertex 2\n${['x', 'y', 'z', 'f_dc_0', 'f_dc_1', 'f_dc_2', 'opacity', 'scale_0', 'scale_1', 'scale_2', 'rot_0', 'rot_1', 'rot_2', 'rot_3'].map((p) => `property float ${p}\n`).join('')}end_header\n`;
    const rows = [
      [1, 2, 3, 0.1, 0.2, 0.3, 2, -3, -3, -3, 1, 0, 0, 0],
      [4, 5, 6, 0, 0, 0, -1, -2, -2, -2, 0, 1, 0, 0],
    ];
    const ascii = readGaussianPly(
      enc(header('ascii') + rows.map((r) => r.join(' ')).join('\n') + '\n'),
      'a.ply',
    );
    const body = new DataView(new ArrayBuffer(2 * 14 * 4));
    rows.flat().forEach((v, i) => body.setFloat32(i * 4, v, false));
    const h = enc(header('binary_big_endian'));
    const be = new Uint8Array(h.length + body.byteLength);
    be.set(h);
    be.set(new Uint8Array(body.buffer), h.length);
    for (const cloud of [ascii, readGaussianPly(be, 'b.ply')]) {
      expect(Array.from(cloud.means)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(cloud.shDegree).toBe(0);
      expect(cloud.sh[1]).toBeCloseTo(0.2, 6);
      expect(cloud.rotations[5]).toBe(1);
    }
  });

  it('skips elements before the vertices, list properties included', () => {
    const cloud = randomCloud(3, 0, 9);
    const ply = writeGaussianPly(cloud);
    const text = new TextDecoder().decode(ply);
    const at = text.indexOf('element vertex');
    const headerEnd = text.indexOf('end_header\n') + 11;
    const faces = 'element face 1\nproperty list uchar int vertex_indices\n';
    const newHeader = enc(text.slice(0, at) + faces + text.slice(at, headerEnd));
    const faceBytes = new Uint8Array([3, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
    const merged = new Uint8Array(newHeader.length + faceBytes.length + ply.length - headerEnd);
    merged.set(newHeader);
    merged.set(faceBytes, newHeader.length);
    merged.set(ply.subarray(headerEnd), newHeader.length + faceBytes.length);
    expect(readGaussianPly(merged).means).toEqual(cloud.means);
  });

  it('refuses malformed files with a message naming the property or byte offset', () => {
    const good = writeGaussianPly(randomCloud(10, 1, 4));
    expect(() => readGaussianPly(good.subarray(0, good.length - 5), 'cut.ply')).toThrow(
      /cut.ply: truncated: 10 vertices of 104 bytes need \d+ bytes, the file has \d+ \(data stops in vertex 9, byte offset \d+\)/,
    );
    expect(() =>
      readGaussianPly(
        enc('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nend_header\n1\n'),
        'x.ply',
      ),
    ).toThrow(/x.ply: missing vertex property "y"/);
    expect(() => readGaussianPly(enc('hello'), 'h.ply')).toThrow(/not a PLY file/);
    expect(() =>
      readGaussianPly(enc('ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\n'), 'n.ply'),
    ).toThrow(/no "end_header"/);
    const header = `ply\nformat ascii 1.0\nelement vertex 1\n${['x', 'y', 'z', 'f_dc_0', 'f_dc_1', 'f_dc_2', 'f_rest_0', 'opacity', 'scale_0', 'scale_1', 'scale_2', 'rot_0', 'rot_1', 'rot_2', 'rot_3'].map((p) => `property float ${p}\n`).join('')}end_header\n`;
    expect(() => readGaussianPly(enc(`${header}${'0 '.repeat(15)}\n`), 'r.ply')).toThrow(
      /1 f_rest properties: expected 0, 9, 24 or 45/,
    );
  });
});

describe('.splat', () => {
  it('writes 32 bytes per Gaussian, most important first', () => {
    const cloud = randomCloud(5, 2, 5);
    const bytes = writeSplat(cloud);
    expect(bytes.length).toBe(5 * 32);
    const f = new Float32Array(bytes.buffer);
    const first = [0, 1, 2, 3, 4].find((i) => cloud.means[i * 3] === f[0])!;
    const size = (i: number) =>
      Math.exp(cloud.logScales[i * 3]! + cloud.logScales[i * 3 + 1]! + cloud.logScales[i * 3 + 2]!) /
      (1 + Math.exp(-cloud.logitOpacities[i]!));
    for (let i = 0; i < 5; i++) expect(size(first)).toBeGreaterThanOrEqual(size(i));
    expect(f[3]).toBeCloseTo(Math.exp(cloud.logScales[first * 3]!), 6);
  });
});
