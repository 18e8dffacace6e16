// Inputs of the learned-node browser test, built the same way in the page and in Node.
import type { Avatar, HeadParams } from '@ffavatar/core';

/** A template-like avatar: n Gaussians with varied features (same as the Node side builds). */
export function testAvatar(n: number): Avatar {
  const f = (k: number, g: (i: number) => number) => Float32Array.from({ length: n * k }, (_, i) => g(i));
  return {
    headModel: 'ict-facekit-light',
    identity: new Float32Array(4),
    count: n,
    shDegree: 0,
    logScales: f(3, () => -5),
    rotations: f(4, (i) => (i % 4 === 0 ? 1 : 0)),
    logitOpacities: f(1, () => 2),
    sh: f(3, (i) => Math.sin(i * 0.7) * 0.5),
    triangle: Uint32Array.from({ length: n }, (_, i) => i % 997),
    barycentric: f(3, (i) => ((i * 37) % 11) / 11),
    normalOffset: f(1, (i) => Math.cos(i) * 0.01),
  };
}

export function testParams(): HeadParams {
  return {
    model: 'ict-facekit-light',
    identity: new Float32Array(4),
    expression: Float32Array.from({ length: 53 }, (_, i) => (i % 7) / 7),
    rotation: new Float32Array(3),
    translation: new Float32Array(3),
  };
}
