/** The sizes of the reference architectures; the tests and the bench use small ones. */
export interface StageSize {
  /** Token width D. */
  readonly dim: number;
  readonly heads: number;
  /** Transformer blocks per stage (alternating attention: frame + global pairs). */
  readonly depth: number;
  readonly mlpRatio: number;
  /** Encoder input side S (square) and patch side; P = (S / patch)^2 tokens per image. */
  readonly imageSize: number;
  readonly patch: number;
  /** Expression coefficients E (ICT-FaceKit light: 53). */
  readonly expression: number;
  /** Channels C of per-vertex and UV features. */
  readonly channels: number;
  /** Per-anchor features F the motion refiner reads. */
  readonly anchorFeatures: number;
  /** Hidden width of the MLP heads (UV decoder, motion refiner). */
  readonly hidden: number;
}

export const SMALL_SIZE: StageSize = {
  dim: 32,
  heads: 4,
  depth: 1,
  mlpRatio: 2,
  imageSize: 32,
  patch: 8,
  expression: 53,
  channels: 16,
  anchorFeatures: 8,
  hidden: 32,
};

export const tokensPerImage = (s: StageSize) => (s.imageSize / s.patch) ** 2;

/** Values for the named, non-dynamic axes of the contracts. */
export function namedAxes(s: StageSize): Record<string, number> {
  return {
    S: s.imageSize,
    P: tokensPerImage(s),
    D: s.dim,
    E: s.expression,
    C: s.channels,
    F: s.anchorFeatures,
  };
}
