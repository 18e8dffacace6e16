/**
 * How a Gaussian's colour and opacity are stored, written once (3DGS's conventions, which the PLY
 * format and every peer viewer share):
 * - colour: spherical-harmonics coefficients; the view-independent (DC) term maps to linear RGB in
 *   [0, 1] as `rgb = 0.5 + SH_C0 * dc`. LAM's renderer reads `f_dc` as the colour itself: convert at
 *   that edge, never here.
 * - opacity: stored as a logit; the rasterizer applies the sigmoid.
 */

/** The zeroth real spherical-harmonics basis function, 1 / (2 sqrt(pi)). */
export const SH_C0 = 0.28209479177387814;

/** The DC coefficient that renders as `colour` (one channel, [0, 1]). */
export function colourToShDc(colour: number): number {
  return (colour - 0.5) / SH_C0;
}

/** The colour (one channel) a DC coefficient renders as, before clamping. */
export function shDcToColour(dc: number): number {
  return 0.5 + SH_C0 * dc;
}

/** The stored logit of an opacity in (0, 1). */
export function opacityToLogit(opacity: number): number {
  return Math.log(opacity / (1 - opacity));
}

/** The opacity a stored logit stands for. */
export function logitToOpacity(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}
