import { describe, expect, it } from 'vitest';
import { motionFromJson, motionToJson } from './motion-file.js';

describe('motion files', () => {
  it('round-trip: what motionToJson writes, motionFromJson reads back (to the written precision)', () => {
    const motion = {
      fps: 12,
      frames: 2,
      expressionNames: ['jawOpen', 'eyeBlink_L'],
      expression: new Float32Array([0.12345, 0, 0.5, 1]),
      rotation: new Float32Array([0.1, -0.2, 0.000001, 0, 0, 0.3]),
    };
    const back = motionFromJson(JSON.parse(motionToJson(motion)), 'm.json');
    expect(back.fps).toBe(12);
    expect(back.expressionNames).toEqual(motion.expressionNames);
    for (let i = 0; i < 4; i++) expect(back.expression[i]).toBeCloseTo(motion.expression[i]!, 4);
    for (let i = 0; i < 6; i++) expect(back.rotation[i]).toBeCloseTo(motion.rotation[i]!, 5);
  });
});
