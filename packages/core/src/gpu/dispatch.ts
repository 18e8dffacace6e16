// Workgroup grids for any length: one dimension holds at most maxComputeWorkgroupsPerDimension
// (65535 by default) groups, so larger jobs spill into y and kernels linearize the workgroup id.

/** WGSL expression for the linear workgroup index; needs `wid` and `nwg` builtins in scope. */
export const LINEAR_WORKGROUP = 'wid.x + wid.y * nwg.x';

/** [x, y] covering `groups` workgroups (kernels skip the extra ones at the end of the last row). */
export function workgroupGrid(groups: number, maxPerDimension: number): [number, number] {
  if (groups <= maxPerDimension) return [Math.max(groups, 0), 1];
  const y = Math.ceil(groups / maxPerDimension);
  if (y > maxPerDimension)
    throw new RangeError(`${groups} workgroups exceed a ${maxPerDimension}x${maxPerDimension} grid`);
  return [Math.ceil(groups / y), y];
}
