// The browser decoder's pure parts, in Node: which packets a selection feeds the decoder, the frame
// rate the hosts agree on, and turning frames upright.
import { describe, expect, it } from 'vitest';
import { decodePlan, presentationOrder, streamFrameRate, type PacketEntry } from './video-decode-plan.js';
import { turnUpright } from './video-frame-pixels.js';

// x264's pattern with two B-frames: I0 P3 B1 B2 P6 B4 B5 | I9 P12 B10 B11 (times in frames).
const gop = (base: number): [number, boolean][] => [
  [base, true],
  [base + 3, false],
  [base + 1, false],
  [base + 2, false],
  [base + 6, false],
  [base + 4, false],
  [base + 5, false],
];
const packets = (list: [number, boolean][]): PacketEntry[] => list.map(([f, key]) => ({ us: f * 1000, key }));

describe('decodePlan', () => {
  const table = packets([...gop(0), ...gop(7), ...gop(14)]);
  const times = presentationOrder(table);

  it('numbers frames in presentation order', () => {
    expect(times.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((f) => f * 1000));
  });

  it('starts at the key packet before the first selected frame and stops at the last one needed', () => {
    const plan = decodePlan(table, times, [9, 11]);
    // From I7 (decode position 7) to B11 (position 12); P13 (position 11) is fed as B11 needs it.
    expect([plan.first, plan.last]).toEqual([7, 12]);
    expect([...plan.wanted]).toEqual([
      [9000, 0],
      [11000, 1],
    ]);
  });

  it('feeds a reordered frame that comes after the last selected one in decode order', () => {
    // Frame 8 is decoded after P10 (position 8): stopping at P10's turn would lose it.
    const plan = decodePlan(table, times, [7, 8]);
    expect([plan.first, plan.last]).toEqual([7, 9]);
  });

  it("starts a GOP earlier for an open GOP's leading frame", () => {
    // Open GOP: I10 is decoded before B8 and B9, which may reference the GOP before.
    const open = packets([
      [0, true],
      [3, false],
      [1, false],
      [2, false],
      [6, false],
      [4, false],
      [5, false],
      [10, true],
      [7, false],
      [8, false],
      [9, false],
    ]);
    const plan = decodePlan(open, presentationOrder(open), [8]);
    expect(plan.first).toBe(0);
  });
});

describe('streamFrameRate', () => {
  const at = (fps: number, n: number) => Array.from({ length: n }, (_, i) => Math.round((i * 1e6) / fps));

  it('snaps whole and NTSC rates that microsecond timestamps blur', () => {
    expect(streamFrameRate(at(24, 100), 0)).toBe(24);
    expect(streamFrameRate(at(30000 / 1001, 100), 0)).toBeCloseTo(30000 / 1001, 12);
  });

  it('takes the median spacing, so a dropped frame or a long last frame does not skew it', () => {
    const times = at(25, 50).filter((_, i) => i !== 20);
    expect(streamFrameRate(times, 0)).toBe(25);
  });

  it("falls back to a single frame's length", () => {
    expect(streamFrameRate([0], 200_000)).toBe(5);
  });
});

describe('turnUpright', () => {
  // 3 x 2 pixels numbered 1..6 in the red channel, row by row.
  const src = new Uint8Array(24);
  for (let p = 0; p < 6; p++) src.set([p + 1, 0, 0, 255], p * 4);
  const reds = (out: Uint8Array) => Array.from(out.filter((_, i) => i % 4 === 0));

  it('rotates clockwise by the container rotation, then flips', () => {
    // 1 2 3      clockwise 90:  4 1
    // 4 5 6                     5 2
    //                           6 3
    expect(reds(turnUpright(src, 3, 2, { rotation: 90, flip: false }))).toEqual([4, 1, 5, 2, 6, 3]);
    expect(reds(turnUpright(src, 3, 2, { rotation: 180, flip: false }))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(reds(turnUpright(src, 3, 2, { rotation: 270, flip: false }))).toEqual([3, 6, 2, 5, 1, 4]);
    expect(reds(turnUpright(src, 3, 2, { rotation: 0, flip: true }))).toEqual([3, 2, 1, 6, 5, 4]);
    expect(reds(turnUpright(src, 3, 2, { rotation: 90, flip: true }))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
