import { defineNodePackage } from '../engine/nodes/define-node.js';
import { booleanConstant, jsonConstant, numberConstant, pathConstant, pathList, textConstant } from './constants.js';
import { listImages, loadImage, saveImage } from './image-files.js';

export { imageToStraightRgba8, itemPath, type PremultipliedMarks } from './image-files.js';
import { makeList } from './make-list.js';
import { lookAtCameraNode } from './look-at-camera.js';
import { saveAnimation } from './animation-file.js';
import { imageOver } from './image-over.js';
import { pick } from './pick.js';

/** Generic nodes, so graphs run before (and without) the domain packages. */
export const nodePackage = defineNodePackage({
  name: '@ffavatar/core/nodes',
  nodes: [textConstant, numberConstant, booleanConstant, jsonConstant, pathConstant, pathList, makeList, lookAtCameraNode, loadImage, listImages, saveImage, saveAnimation, imageOver, pick],
});

export default nodePackage;
