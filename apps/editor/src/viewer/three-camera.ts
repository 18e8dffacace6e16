// three.js camera -> our Camera: the one place the viewer converts conventions. three.js cameras
// look down -z with +y up (OpenGL); ours are OpenCV (x right, y down, z forward), world-to-camera
// (core's CONVENTIONS.md). three's matrixWorld columns are the camera axes in world space, so the
// rows of our R are x_gl, -y_gl, -z_gl, and t = -R c. Assumes what OrbitControls keeps: zoom 1, no
// view offset or film offset, an unscaled matrixWorld (it dollies the camera instead of zooming).
import type { Camera } from '@ffavatar/core';
import type { PerspectiveCamera } from 'three';

export function cameraFromThree(cam: PerspectiveCamera, width: number, height: number): Camera {
  cam.updateMatrixWorld();
  const e = cam.matrixWorld.elements; // column-major
  const rotation = new Float64Array([e[0]!, e[1]!, e[2]!, -e[4]!, -e[5]!, -e[6]!, -e[8]!, -e[9]!, -e[10]!]);
  const c = [e[12]!, e[13]!, e[14]!];
  const translation = new Float64Array(3);
  for (let r = 0; r < 3; r++)
    translation[r] = -(
      rotation[r * 3]! * c[0]! +
      rotation[r * 3 + 1]! * c[1]! +
      rotation[r * 3 + 2]! * c[2]!
    );
  const focal = (0.5 * height) / Math.tan((cam.fov * Math.PI) / 360);
  return { width, height, fx: focal, fy: focal, cx: width / 2, cy: height / 2, rotation, translation };
}
