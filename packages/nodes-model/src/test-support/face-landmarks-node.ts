import { createFaceLandmarksNode } from '../nodes/face-landmarks.js';
import { createSegmentPortraitNode } from '../nodes/segment-portrait.js';
import { createTrackLandmarksNode } from '../nodes/track-landmarks.js';
import { nodeHost } from '../node-host.js';

/** `model.faceLandmarks` as the Node entry builds it (node-list.ts over node-host.ts), for tests. */
export const faceLandmarks = createFaceLandmarksNode(
  nodeHost.loadLandmarkBackend,
  nodeHost.loadFaceMeshBackend,
);

/** `model.segmentPortrait` likewise. */
export const segment = createSegmentPortraitNode(nodeHost.loadSegmentationBackend);

/** `model.trackLandmarks` likewise. */
export const trackLandmarks = createTrackLandmarksNode(
  nodeHost.loadLandmarkBackend,
  nodeHost.loadFaceMeshBackend,
);
