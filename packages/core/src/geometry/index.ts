// Geometry shared by node packages: cameras (OpenCV axes, world-to-camera), rotations, head-model
// evaluation, and the Gaussian colour and opacity conventions. Depends on the engine's port types only.
export * from './camera.js';
export * from './look-at.js';
export * from './head/index.js';
export * from './gaussian-conventions.js';
