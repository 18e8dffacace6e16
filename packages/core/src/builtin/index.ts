import { defineNodePackage } from '../engine/nodes/define-node.js';
import { booleanConstant } from './boolean-constant.js';
import { jsonConstant } from './json-constant.js';
import { numberConstant } from './number-constant.js';
import { pathConstant } from './path-constant.js';
import { pathList } from './path-list.js';
import { textConstant } from './text-constant.js';
import { listImages } from './list-images.js';
import { loadImage } from './load-image.js';
import { loadVideo } from './load-video.js';
import { saveImage } from './save-image.js';
import { makeList } from './make-list.js';
import { lookAtCameraNode } from './look-at-camera.js';
import { saveAnimation } from './animation-file.js';
import { imageOver } from './image-over.js';
import { imageBeside } from './image-beside.js';
import { pick } from './pick.js';
import { expectNode } from './expect.js';
import { matchImage } from './match-image.js';
import { matchValue } from './match-value.js';

// The runner writes a graph's Image outputs as PNG the way io.saveImage does.
export { imageToStraightRgba8 } from './straight-alpha.js';

/** Generic nodes, so graphs run before (and without) the domain packages. */
export const nodePackage = defineNodePackage({
  name: '@ffavatar/core/nodes',
  nodes: [
    textConstant,
    numberConstant,
    booleanConstant,
    jsonConstant,
    pathConstant,
    pathList,
    makeList,
    lookAtCameraNode,
    loadImage,
    loadVideo,
    listImages,
    saveImage,
    saveAnimation,
    imageOver,
    imageBeside,
    pick,
    expectNode,
    matchImage,
    matchValue,
  ],
});

export default nodePackage;
