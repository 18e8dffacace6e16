import { describe, expect, it } from 'vitest';
import { FRAME_HEADER, FRAME_PADDING, frameAround, insideFrame } from './frames.js';

describe('frame geometry', () => {
  it('frames node boxes with padding and room for the header, in whole units', () => {
    const f = frameAround(
      [
        { x: 0, y: 0, width: 220, height: 100 },
        { x: 300.4, y: 50, width: 220, height: 80 },
      ],
      'IO',
    );
    expect(f).toEqual({
      title: 'IO',
      x: -FRAME_PADDING,
      y: -FRAME_PADDING - FRAME_HEADER,
      width: Math.round(520.4 + 2 * FRAME_PADDING),
      height: 130 + 2 * FRAME_PADDING + FRAME_HEADER,
    });
  });

  it('counts a node inside when its centre is', () => {
    const f = { title: 't', x: 0, y: 0, width: 100, height: 100 };
    expect(insideFrame(f, { x: 60, y: 60, width: 70, height: 70 })).toBe(true);
    expect(insideFrame(f, { x: 80, y: 0, width: 70, height: 20 })).toBe(false);
  });
});
