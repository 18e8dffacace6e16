/**
 * The iBUG-300W 68-point layout (CONVENTIONS.md). "Right" and "left" are the subject's own: in a
 * frontal photo the subject's right eye (36-41) is on the image's left.
 */
export const IBUG68_COUNT = 68;

/** Half-open index ranges [start, end) of each facial part, and whether its outline closes. */
export const IBUG68_PARTS = {
  jaw: { start: 0, end: 17, closed: false },
  rightBrow: { start: 17, end: 22, closed: false },
  leftBrow: { start: 22, end: 27, closed: false },
  noseBridge: { start: 27, end: 31, closed: false },
  noseBase: { start: 31, end: 36, closed: false },
  rightEye: { start: 36, end: 42, closed: true },
  leftEye: { start: 42, end: 48, closed: true },
  outerLips: { start: 48, end: 60, closed: true },
  innerLips: { start: 60, end: 68, closed: true },
} as const;

export type Ibug68Part = keyof typeof IBUG68_PARTS;

/** Named single points the tests and the fit lean on. */
export const IBUG68 = {
  jawRightEnd: 0,
  chin: 8,
  jawLeftEnd: 16,
  noseTip: 30,
  rightEyeOuter: 36,
  leftEyeOuter: 45,
  mouthRight: 48,
  mouthLeft: 54,
} as const;
