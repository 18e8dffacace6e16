/**
 * Layouts a Landmarks `scheme` names, where more than one package needs them (the detector that
 * writes the points, the fit that embeds them in a head model, previews that draw them).
 *
 * `mediapipe478`, the MediaPipe face mesh: 468 surface points in MediaPipe's canonical order, then
 * each eye's iris, centre first and four on its rim (468..472 the subject's right eye, whose
 * corners are 33 and 133; 473..477 the left, corners 362 and 263). "Right" and "left" are the
 * subject's: the right eye is on the image's left in a frontal photo.
 */
export const MEDIAPIPE478 = {
  scheme: 'mediapipe478',
  count: 478,
  /** Points before the irises. */
  meshCount: 468,
  /** Per eye: its outer and inner corner, and the index of its iris centre. */
  eyes: [
    { side: 'right', outer: 33, inner: 133, iris: 468 },
    { side: 'left', outer: 263, inner: 362, iris: 473 },
  ],
  /**
   * The face's outline, clockwise from the top of the forehead: like iBUG's jaw contour it lies on
   * the silhouette, so where it sits on the head slides as the head turns.
   */
  faceOval: [
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176,
    149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
  ],
  /** Outer and inner lip lines, each from the right mouth corner round to it again. */
  lips: [
    [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185],
    [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191],
  ],
} as const;
