import { describe, expect, it } from 'vitest';
import { encodeGif } from './gif.js';

function solid(w: number, h: number, rgb: [number, number, number]) {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([...rgb, 255], i * 4);
  return { width: w, height: h, data };
}

describe('encodeGif', () => {
  it('writes a looping GIF89a with one image per frame and the frame delay', () => {
    const bytes = encodeGif([solid(8, 6, [255, 0, 0]), solid(8, 6, [0, 0, 255]), solid(8, 6, [0, 255, 0])], {
      fps: 10,
    });
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text.slice(0, 6)).toBe('GIF89a');
    expect(bytes[6]! | (bytes[7]! << 8)).toBe(8);
    expect(bytes[8]! | (bytes[9]! << 8)).toBe(6);
    expect(text).toContain('NETSCAPE2.0');
    expect(text.split('\x2c\x00\x00\x00\x00').length - 1).toBe(3); // three image descriptors at (0, 0)
    const gce = bytes.indexOf(0xf9);
    expect(bytes[gce + 3]! | (bytes[gce + 4]! << 8)).toBe(10); // 100 ms = 10 cs
    expect(bytes[bytes.length - 1]).toBe(0x3b);
  });

  it('refuses frames of different sizes, naming the frame', () => {
    expect(() => encodeGif([solid(4, 4, [0, 0, 0]), solid(5, 4, [0, 0, 0])])).toThrow(
      /frame 1 is 5x4, frame 0 is 4x4/,
    );
  });
});
