import { seededRandom } from '@ffavatar/core';

/** Deterministic pseudo-random numbers in [-1, 1), so failures reproduce. */
export function random(seed: number): () => number {
  const r = seededRandom(seed);
  return () => r() * 2 - 1;
}
