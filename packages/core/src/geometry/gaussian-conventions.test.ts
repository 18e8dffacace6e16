import { describe, expect, it } from 'vitest';
import { SH_C0, colourToShDc, logitToOpacity, opacityToLogit, shDcToColour } from './gaussian-conventions.js';

describe('Gaussian conventions', () => {
  it('SH_C0 is the degree-0 real spherical harmonic, 1 / (2 sqrt(pi))', () => {
    expect(SH_C0).toBeCloseTo(1 / (2 * Math.sqrt(Math.PI)), 15);
  });

  it('colour and DC coefficient convert both ways; a zero coefficient is mid grey', () => {
    expect(shDcToColour(0)).toBe(0.5);
    for (const c of [0, 0.1, 0.5, 0.93, 1]) expect(shDcToColour(colourToShDc(c))).toBeCloseTo(c, 12);
  });

  it('opacity and logit convert both ways', () => {
    expect(logitToOpacity(0)).toBe(0.5);
    for (const o of [0.01, 0.3, 0.5, 0.99]) expect(logitToOpacity(opacityToLogit(o))).toBeCloseTo(o, 12);
  });
});
