import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkValue, GaussianCloud } from '@ffavatar/core';
import { logitToOpacity, shDcToColour } from '@ffavatar/core/geometry';
import { randomCloud } from '../test-support/random-cloud.js';
import { readSpz, writeSpz } from './spz-format.js';

const fixture = () =>
  new Uint8Array(
    readFileSync(fileURLToPath(new URL('./test-fixtures/random30-sh1-v4.spz', import.meta.url))),
  );
const raw = async (cloud: GaussianCloud) => new Uint8Array(gunzipSync(await writeSpz(cloud)));
const withHeader = (bytes: Uint8Array, edit: (v: DataView) => void) => {
  const b = new Uint8Array(bytes);
  edit(new DataView(b.buffer));
  return new Uint8Array(gzipSync(b));
};

describe('SPZ (writes version 3; reads 2 to 4)', () => {
  it('writes the reference layout: header, then each attribute for all points', async () => {
    const cloud = randomCloud(10, 2, 3, { center: [0, 0, 0], spread: 0.4 });
    const b = await raw(cloud);
    const v = new DataView(b.buffer);
    expect(v.getUint32(0, true)).toBe(0x5053474e);
    expect(v.getUint32(4, true)).toBe(3);
    expect(v.getUint32(8, true)).toBe(10);
    expect([b[12], b[13], b[14], b[15]]).toEqual([2, 16, 0, 0]);
    expect(b.length).toBe(16 + 10 * (9 + 1 + 3 + 3 + 4 + 8 * 3));
    // Point 0's alpha and red, where the reference reader looks for them.
    expect(b[16 + 90]).toBe(Math.round(logitToOpacity(cloud.logitOpacities[0]!) * 255));
    const red = b[16 + 90 + 10]! / 255;
    expect(0.5 + ((red - 0.5) / 0.15) * 0.28209479177387814).toBeCloseTo(shDcToColour(cloud.sh[0]!), 1);
  });

  for (const degree of [0, 1, 2, 3]) {
    it(`reads back what it wrote at SH degree ${degree}, within SPZ's quantisation`, async () => {
      const cloud = randomCloud(200, degree, 20 + degree, { center: [0, 0.1, 0], spread: 0.3 });
      const back = await readSpz(await writeSpz(cloud), 'head.spz');
      expect(checkValue(GaussianCloud, back)).toBeNull();
      expect(back.shDegree).toBe(degree);
      const k = (degree + 1) ** 2;
      for (let i = 0; i < cloud.count; i++) {
        for (let a = 0; a < 3; a++) {
          expect(Math.abs(back.means[i * 3 + a]! - cloud.means[i * 3 + a]!)).toBeLessThanOrEqual(2 ** -17);
          expect(Math.abs(back.logScales[i * 3 + a]! - cloud.logScales[i * 3 + a]!)).toBeLessThanOrEqual(
            1 / 32,
          );
          expect(Math.abs(back.sh[i * k * 3 + a]! - cloud.sh[i * k * 3 + a]!)).toBeLessThanOrEqual(
            0.5 / 255 / 0.15 + 1e-6,
          );
        }
        const alpha = (l: number) => logitToOpacity(l);
        expect(
          Math.abs(alpha(back.logitOpacities[i]!) - alpha(cloud.logitOpacities[i]!)),
        ).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
        // Same rotation up to sign, 9 bits per component.
        let dot = 0;
        for (let a = 0; a < 4; a++) dot += back.rotations[i * 4 + a]! * cloud.rotations[i * 4 + a]!;
        expect(Math.abs(dot)).toBeGreaterThan(0.9999);
        for (let j = 1; j < k; j++)
          for (let c = 0; c < 3; c++) {
            const v = cloud.sh[(i * k + j) * 3 + c]!;
            expect(
              Math.abs(back.sh[(i * k + j) * 3 + c]! - Math.max(-1, Math.min(127 / 128, v))),
            ).toBeLessThanOrEqual(0.5 / 128 + 1e-6);
          }
      }
    });
  }

  it('refuses, naming the file: a future version, truncated gzip and zstd streams, a lying count, garbage', async () => {
    const good = await raw(randomCloud(50, 1, 7, { center: [0, 0, 0], spread: 0.3 }));
    await expect(
      readSpz(
        withHeader(good, (v) => v.setUint32(4, 7, true)),
        'future.spz',
      ),
    ).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/^future\.spz: SPZ version 7 .*newer than any this reader knows/),
    });
    const ngsp = new Uint8Array(32);
    new DataView(ngsp.buffer).setUint32(0, 0x5053474e, true);
    new DataView(ngsp.buffer).setUint32(4, 5, true);
    await expect(readSpz(ngsp, 'v5.spz')).rejects.toThrow(/^v5\.spz: SPZ version 5 is newer/);
    const v4 = fixture();
    await expect(readSpz(v4.subarray(0, v4.length - 3), 'v4cut.spz')).rejects.toThrow(
      /^v4cut\.spz: truncated: stream 5 runs past the end/,
    );
    const lying = v4.slice();
    new DataView(lying.buffer).setUint32(8, 31, true);
    await expect(readSpz(lying, 'v4lie.spz')).rejects.toThrow(
      /^v4lie\.spz: stream 0 holds 270 bytes, .* need 279/,
    );
    const gz = new Uint8Array(gzipSync(good));
    await expect(readSpz(gz.subarray(0, gz.length - 40), 'cut.spz')).rejects.toThrow(
      /^cut\.spz: damaged or truncated/,
    );
    await expect(
      readSpz(new Uint8Array(gzipSync(good.subarray(0, good.length - 5))), 'short.spz'),
    ).rejects.toThrow(/^short\.spz: truncated: \d+ bytes after gunzip/);
    await expect(
      readSpz(
        withHeader(good, (v) => v.setUint32(8, 4e9, true)),
        'lie.spz',
      ),
    ).rejects.toThrow(/^lie\.spz: header claims 4000000000 points/);
    await expect(readSpz(new TextEncoder().encode('ply\n'), 'x.spz')).rejects.toThrow(
      /^x\.spz: not an SPZ file/,
    );
    await expect(
      readSpz(
        withHeader(good, (v) => v.setUint8(12, 5)),
        'deg.spz',
      ),
    ).rejects.toThrow(/^deg\.spz: SH degree 5/);
  });

  it('reads version 4 (zstd streams behind a plain header) as the cloud it holds', async () => {
    // Made once from this cloud's version 3 payload, each attribute compressed by the zstd 1.5.4 CLI.
    const cloud = randomCloud(30, 1, 41, { center: [0, 0, 0], spread: 0.3 });
    const v4 = await readSpz(fixture(), 'random30-sh1-v4.spz');
    const v3 = await readSpz(await writeSpz(cloud), 'v3.spz');
    expect(checkValue(GaussianCloud, v4)).toBeNull();
    expect(v4).toEqual(v3);
  });

  it('reads version 2 (first-three rotations) as the reference does', async () => {
    const v2 = new Uint8Array(16 + 9 + 1 + 3 + 3 + 3);
    const v = new DataView(v2.buffer);
    v.setUint32(0, 0x5053474e, true);
    v.setUint32(4, 2, true);
    v.setUint32(8, 1, true);
    v2[13] = 12;
    v2.set([0x00, 0x10, 0x00], 16); // x = 4096 / 4096 = 1
    v2[25] = 255;
    v2.set([128, 128, 128], 26);
    v2.set([160, 160, 160], 29); // scale log = 0
    v2.set([128, 128, 128], 32); // xyz ~ 0: identity
    const c = await readSpz(new Uint8Array(gzipSync(v2)), 'v2.spz');
    expect(c.means[0]).toBe(1);
    expect([...c.logScales]).toEqual([0, 0, 0]);
    expect(c.rotations[0]).toBeCloseTo(1, 4);
  });
});
