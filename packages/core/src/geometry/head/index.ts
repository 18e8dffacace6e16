// Head-model evaluation: blendshapes, FLAME-style pose correctives and skinning, normals, landmarks.
export {
  evaluateHead,
  evaluateHeadBatch,
  type EvaluateBatchOptions,
  type EvaluatedBatch,
} from './evaluate.js';
export {
  assertBatchFits,
  assertParamsFit,
  batchHeadParams,
  neutralHeadParams,
  type HeadParamsBatch,
} from './params.js';
export { landmarkPositions, landmarkVertices, type LandmarkPositionOptions } from './landmarks.js';
export { vertexNormals } from './normals.js';
export { matrixToAxisAngle, rodrigues } from './rodrigues.js';
export { headModelProblems } from './check-model.js';
export {
  allocateHeadParamGradients,
  headParamsBackward,
  type HeadBackwardOptions,
  type HeadParamGradients,
} from './backward.js';
