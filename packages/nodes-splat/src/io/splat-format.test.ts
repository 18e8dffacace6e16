import { describe, expect, it } from 'vitest';
import { checkValue, GaussianCloud } from '@ffavatar/core';
import { logitToOpacity, shDcToColour } from '@ffavatar/core/geometry';
import { randomCloud } from '../test-support/random-cloud.js';
import { readSplat, writeSplat } from './splat-format.js';

describe('.splat (antimatter15)', () => {
  it('reads back what it wrote (order by importance; 8-bit colour, opacity and rotation)', () => {
    const cloud = randomCloud(300, 0, 9);
    const bytes = writeSplat(cloud);
    const back = readSplat(bytes, 'x.splat');
    expect(checkValue(GaussianCloud, back)).toBeNull();
    expect(back.count).toBe(300);
    const byX = new Map<number, number>();
    for (let i = 0; i < cloud.count; i++) byX.set(cloud.means[i * 3]!, i);
    for (let o = 0; o < back.count; o++) {
      const i = byX.get(back.means[o * 3]!)!;
      expect(i).toBeDefined();
      for (let a = 0; a < 3; a++) {
        expect(back.means[o * 3 + a]).toBe(cloud.means[i * 3 + a]);
        expect(back.logScales[o * 3 + a]).toBeCloseTo(cloud.logScales[i * 3 + a]!, 5);
        const want = Math.min(1, Math.max(0, shDcToColour(cloud.sh[i * 3 + a]!)));
        expect(Math.abs(shDcToColour(back.sh[o * 3 + a]!) - want)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
      }
      expect(
        Math.abs(logitToOpacity(back.logitOpacities[o]!) - logitToOpacity(cloud.logitOpacities[i]!)),
      ).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
      let dot = 0;
      for (let a = 0; a < 4; a++) dot += back.rotations[o * 4 + a]! * cloud.rotations[i * 4 + a]!;
      expect(Math.abs(dot)).toBeGreaterThan(0.999);
    }
  });

  it('refuses, naming the file: empty, a partial record, a negative or infinite scale', () => {
    expect(() => readSplat(new Uint8Array(0), 'e.splat')).toThrow(/^e\.splat: empty file/);
    const bytes = writeSplat(randomCloud(3, 0, 1));
    expect(() => readSplat(bytes.subarray(0, 95), 'cut.splat')).toThrow(
      /^cut\.splat: 95 bytes is not a whole number of 32-byte/,
    );
    const bad = bytes.slice();
    new DataView(bad.buffer).setFloat32(32 + 16, -1, true);
    expect(() => readSplat(bad, 'neg.splat')).toThrow(/^neg\.splat: record 1: .*scale -1/);
    expect(() => readSplat(bad, 'neg.splat')).toThrow(expect.objectContaining({ code: 'bad_input' }));
  });
});
