import { describe, expect, it } from 'vitest';
import type { Motion } from '@ffavatar/core';
import { neutralHeadParams } from '@ffavatar/core/geometry';
import { ictModel } from '../test-support/ict-asset.js';
import { random } from '../test-support/random.js';
import { applyMotion } from './apply-motion.js';
import { ARKIT_52 } from './arkit-names.js';
import { motionToArkit } from './arkit-ict.js';
import { motionFromLiveLinkCsv, motionToLiveLinkCsv } from './live-link-csv.js';
import { motionFromMediapipeJson, motionToMediapipeJson } from './mediapipe-json.js';

const HEADER =
  'Timecode,BlendShapeCount,EyeBlinkLeft,EyeLookDownLeft,EyeLookInLeft,EyeLookOutLeft,EyeLookUpLeft,EyeSquintLeft,EyeWideLeft,EyeBlinkRight,EyeLookDownRight,EyeLookInRight,EyeLookOutRight,EyeLookUpRight,EyeSquintRight,EyeWideRight,JawForward,JawLeft,JawRight,JawOpen,MouthClose,MouthFunnel,MouthPucker,MouthLeft,MouthRight,MouthSmileLeft,MouthSmileRight,MouthFrownLeft,MouthFrownRight,MouthDimpleLeft,MouthDimpleRight,MouthStretchLeft,MouthStretchRight,MouthRollLower,MouthRollUpper,MouthShrugLower,MouthShrugUpper,MouthPressLeft,MouthPressRight,MouthLowerDownLeft,MouthLowerDownRight,MouthUpperUpLeft,MouthUpperUpRight,BrowDownLeft,BrowDownRight,BrowInnerUp,BrowOuterUpLeft,BrowOuterUpRight,CheekPuff,CheekSquintLeft,CheekSquintRight,NoseSneerLeft,NoseSneerRight,TongueOut,HeadYaw,HeadPitch,HeadRoll,LeftEyeYaw,LeftEyePitch,LeftEyeRoll,RightEyeYaw,RightEyePitch,RightEyeRoll';
const zeros = (n: number) => Array.from({ length: n }, () => '0').join(',');
/** Hand-written: frame 0 neutral, frame 1 EyeBlinkLeft 0.9 + BrowInnerUp 0.4, frame 2 JawOpen 0.7 + HeadYaw 0.2. */
const FIXTURE = [
  HEADER,
  `10:22:31:05.120,61,${zeros(61)}`,
  `10:22:31:06.120,61,0.9,${zeros(42)},0.4,${zeros(17)}`,
  `10:22:31:07.120,61,${zeros(17)},0.7,${zeros(34)},0.2,${zeros(8)}`,
].join('\r\n');

function randomMotion(names: readonly string[], T: number, seed: number): Motion {
  const rand = random(seed);
  return {
    fps: 30,
    frames: T,
    expressionNames: [...names],
    expression: Float32Array.from({ length: T * names.length }, () => (rand() + 1) / 2),
    rotation: Float32Array.from({ length: T * 3 }, () => rand() * 0.4),
  };
}

describe('Live Link Face CSV', () => {
  it('the 3-frame fixture drives the right ICT shapes on the right side', () => {
    const motion = motionFromLiveLinkCsv(FIXTURE, 'take.csv', 60);
    expect(motion.frames).toBe(3);
    const model = ictModel();
    const frames = applyMotion(motion, neutralHeadParams(model), model.expressionNames);
    const w = (f: number, n: string) => frames[f]!.expression[model.expressionNames.indexOf(n)]!;
    expect(w(1, 'eyeBlink_L')).toBeCloseTo(0.9, 6);
    expect(w(1, 'eyeBlink_R')).toBe(0);
    expect(w(1, 'browInnerUp_L')).toBeCloseTo(0.4, 6);
    expect(w(1, 'browInnerUp_R')).toBeCloseTo(0.4, 6);
    expect(w(2, 'jawOpen')).toBeCloseTo(0.7, 6);
    expect(frames[0]!.expression.every((v) => v === 0)).toBe(true);
    expect(frames[2]!.rotation[1]).toBeCloseTo(0.2, 6); // yaw about +y
    expect(frames.reduce((s, f) => s + f.expression.reduce((a, b) => a + b, 0), 0)).toBeCloseTo(
      0.9 + 0.8 + 0.7,
      5,
    );
  });

  it('round trip: ICT motion -> CSV -> motion within the 6 decimals written', () => {
    const model = ictModel();
    const m = randomMotion(model.expressionNames, 40, 1);
    const back = motionFromLiveLinkCsv(motionToLiveLinkCsv(m), 'm.csv', 30);
    const want = motionToArkit(m);
    let max = 0;
    for (let i = 0; i < want.expression.length; i++)
      max = Math.max(max, Math.abs(back.expression[i]! - want.expression[i]!));
    let maxRot = 0;
    for (let i = 0; i < m.rotation.length; i++)
      maxRot = Math.max(maxRot, Math.abs(back.rotation[i]! - m.rotation[i]!));
    expect(max).toBeLessThan(1e-6);
    expect(maxRot).toBeLessThan(1e-5);
  });

  it('refuses a missing column, a non-number and a wrong column count, naming file and line', () => {
    expect(() => motionFromLiveLinkCsv(FIXTURE.replace(',JawOpen,', ',JawOpenX,'), 'a.csv', 60)).toThrow(
      /^a\.csv:1: missing blend shape column\(s\): JawOpen$/,
    );
    const lines = FIXTURE.split('\r\n');
    lines[2] = lines[2]!.replace('0.9', 'abc');
    expect(() => motionFromLiveLinkCsv(lines.join('\n'), 'b.csv', 60)).toThrow(
      /^b\.csv:3:3: EyeBlinkLeft: 'abc' is not a number$/,
    );
    expect(() => motionFromLiveLinkCsv(`${FIXTURE}\n1,2,3`, 'c.csv', 60)).toThrow(
      /^c\.csv:5: 3 columns, the header has 63$/,
    );
    try {
      motionFromLiveLinkCsv('x,y', 'd.csv', 60);
    } catch (err) {
      expect((err as { code?: string }).code).toBe('bad_input');
    }
  });
});

describe('MediaPipe blend-shape JSON', () => {
  it('round trip: ICT motion -> JSON -> motion (float32 exact; tongueOut has no category)', () => {
    const model = ictModel();
    const m = randomMotion(model.expressionNames, 20, 2);
    const back = motionFromMediapipeJson(JSON.parse(motionToMediapipeJson(m)), 'm.json', 99);
    expect(back.fps).toBe(30);
    expect(back.expression).toEqual(motionToArkit(m).expression);
    expect(back.rotation).toEqual(m.rotation);
  });

  it('reads a bare per-frame category list (as Face Landmarker gives it), _neutral first', () => {
    const frame = (jaw: number) => [
      { index: 0, categoryName: '_neutral', score: 0.9 },
      { index: 25, categoryName: 'jawOpen', score: jaw },
      { index: 9, categoryName: 'eyeBlinkLeft', score: 0.3 },
    ];
    const m = motionFromMediapipeJson(
      [frame(0.1), { faceBlendshapes: [] }, { categories: frame(0.5) }],
      'mp.json',
      25,
    );
    expect(m.fps).toBe(25);
    const jaw = ARKIT_52.indexOf('jawOpen');
    expect([0, 1, 2].map((t) => m.expression[t * 52 + jaw])).toEqual([
      Math.fround(0.1),
      Math.fround(0.1),
      Math.fround(0.5),
    ]);
    expect(() => motionFromMediapipeJson([[{ categoryName: 'smile', score: 1 }]], 'x.json', 30)).toThrow(
      /^x\.json: frames\[0\]\[0\]\.categoryName: 'smile' is not an ARKit-52 blend shape$/,
    );
    expect(() => motionFromMediapipeJson([[{ categoryName: 'jawOpen', score: '1' }]], 'x.json', 30)).toThrow(
      /frames\[0\]\[0\]\.score: expected a number/,
    );
  });
});
