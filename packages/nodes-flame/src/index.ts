import { defineNodePackage } from '@ffavatar/core';
import { evaluateNode } from './nodes/evaluate.js';
import { fitLandmarksNode } from './fit/fit-node.js';
import { trackingFramesNode } from './fit/tracking-frames.js';
import { densifyNode } from './nodes/densify.js';
import { fuseFieldNode } from './nodes/fuse-field.js';
import { fuseImageNode } from './nodes/fuse-image.js';
import { applyMotionNode } from './nodes/apply-motion.js';
import { demoMotionNode } from './nodes/demo-motion.js';
import { loadMotionNode } from './nodes/load-motion.js';
import { saveMotionNode } from './nodes/save-motion.js';
import { loadArkitMotionNode } from './nodes/load-arkit-motion.js';
import { saveArkitMotionNode } from './nodes/save-arkit-motion.js';
import { orbitCamerasNode } from './nodes/orbit-cameras.js';
import { trackingMotionNode } from './nodes/tracking-motion.js';
import { alignAnchorsNode } from './nodes/align-anchors.js';
import { fitRefinerNode } from './refine/refiner-node.js';
import { regionMaskNode } from './nodes/region-mask.js';
import { frontalCameraNode } from './nodes/frontal-camera.js';
import { headParamsNode } from './nodes/head-params.js';
import { loadFlameNode } from './nodes/load-flame.js';
import { loadIctNode } from './nodes/load-ict.js';
import { renderMeshNode } from './nodes/render-mesh.js';
import { uvTexelMapNode } from './nodes/uv-texel-map.js';

/**
 * @ffavatar/nodes-flame: head models (ICT-FaceKit Light by default, FLAME from the user's file),
 * UV and mesh rasterisation. Evaluation itself (blendshapes, skinning) is in core (`evaluateHead`),
 * since every package that drives a head needs it. See CONTEXT.md.
 */
const nodePackage = defineNodePackage({
  name: '@ffavatar/nodes-flame',
  nodes: [
    loadIctNode,
    loadFlameNode,
    headParamsNode,
    evaluateNode,
    frontalCameraNode,
    uvTexelMapNode,
    renderMeshNode,
    fitLandmarksNode,
    trackingFramesNode,
    fuseImageNode,
    fuseFieldNode,
    densifyNode,
    demoMotionNode,
    loadMotionNode,
    saveMotionNode,
    loadArkitMotionNode,
    saveArkitMotionNode,
    applyMotionNode,
    orbitCamerasNode,
    trackingMotionNode,
    alignAnchorsNode,
    fitRefinerNode,
    regionMaskNode,
  ],
});

export default nodePackage;

// The functions behind the nodes that apps and tools call directly: the asset builder
// (`ffavatar assets`), and the classic pipeline without the executor (tools' eval and benchmarks).
export { ICT_ASSET, loadIctFaceKit } from './ict/load-ict.js';
export { buildIctNpz } from './ict/build-ict.js';
export { rasterizeMesh } from './raster/rasterize-mesh.js';
export { fitLandmarks } from './fit/fit-landmarks.js';
export { densePositions, mediapipeEmbedding, type DenseEmbedding } from './fit/ict-mediapipe-embedding.js';
export { type UvAtlas } from './fusion/uv-atlas.js';
export { uvAtlasFor } from './fusion/atlas-cache.js';
export { fuseImage } from './fusion/fuse-image.js';
export { fuseField } from './fusion/fuse-field.js';
export { densifyAvatar } from './densify/densify.js';
export { framed } from './cameras/orbit.js';
