import { defineNodePackage } from '@ffavatar/core';
import { evaluateNode } from './nodes/evaluate.js';
import { fitLandmarksNode } from './fit/fit-node.js';
import { trackingFramesNode } from './fit/tracking-frames.js';
import { densifyNode } from './nodes/densify.js';
import { fuseFieldNode, fuseImageNode } from './nodes/fuse.js';
import { applyMotionNode, demoMotionNode, loadMotionNode } from './nodes/motion.js';
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
  nodes: [loadIctNode, loadFlameNode, headParamsNode, evaluateNode, frontalCameraNode, uvTexelMapNode, renderMeshNode, fitLandmarksNode, trackingFramesNode,
    fuseImageNode, fuseFieldNode, densifyNode, demoMotionNode, loadMotionNode, applyMotionNode, orbitCamerasNode, trackingMotionNode, alignAnchorsNode, fitRefinerNode, regionMaskNode],
});

export default nodePackage;

export { HeadModelFormatError } from './errors.js';
export { ICT_ASSET, ICT_KEYS, ICT_MODEL_NAME, ICT_RIGID_TOLERANCE, loadIctFaceKit } from './ict/load-ict.js';
export { buildIctNpz, ICT_HEAD_VERTICES, ICT_LMK68, ICT_REGIONS, type FaceXReader } from './ict/build-ict.js';
export { parseObj, parseObjPositions, type ObjMesh } from './ict/obj.js';
export { FLAME_JOINT_NAMES, loadFlame, type FlameLoadOptions } from './flame/load-flame.js';
export { embedVertices } from './landmarks/vertex-embedding.js';
export { uvTexelMap, type UvTexelMap, type UvTexelMapOptions } from './uv/uv-texel-map.js';
export { projectVertices, rasterizeMesh, type MeshRaster, type RasterizeOptions, type TriangleMesh } from './raster/rasterize-mesh.js';
export { headlightColours, normalColours, rgbaToImage, shadeTexture, shadeVertexColours } from './raster/shade.js';
export { scanTriangle, type PixelVisitor } from './raster/scan-triangle.js';
export { fitLandmarks, type FitOptions, type FitResult, type LandmarkObservation } from './fit/fit-landmarks.js';
export { buildUvAtlas, type UvAtlas } from './fusion/uv-atlas.js';
export { uvAtlasFor } from './fusion/atlas-cache.js';
export { fuseImage, type FuseImageOptions } from './fusion/fuse-image.js';
export { fuseField, type FuseFieldOptions } from './fusion/fuse-field.js';
export { densifyAvatar, type DensifyOptions } from './densify/densify.js';
export { orbit, framed } from './nodes/orbit-cameras.js';
export { applyMotion } from './nodes/motion.js';
export { matrixToAxisAngle } from './nodes/tracking-motion.js';
export { applyRefiner, fitLinearRefiner, type RefinerObservation, type RefinerOptions } from './refine/linear-refiner.js';
