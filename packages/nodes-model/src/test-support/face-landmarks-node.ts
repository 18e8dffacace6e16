import { createFaceLandmarksNode } from '../nodes/face-landmarks.js';
import { nodeHost } from '../node-host.js';

/** `model.faceLandmarks` as the Node entry builds it (node-list.ts over node-host.ts), for tests. */
export const faceLandmarks = createFaceLandmarksNode(nodeHost.loadLandmarkBackend);
