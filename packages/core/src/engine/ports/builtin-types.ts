import type { PortType } from './port-type.js';
import { listOf } from './port-type.js';
import { Any, Bool, Json, Num, Path, Text } from './primitives.js';
import { Tensor } from './tensor.js';
import { Image } from './image.js';
import { Camera } from './camera.js';
import { Mesh } from './mesh.js';
import { HeadModel, HeadParams, Landmarks, Tracking } from './head.js';
import { CanonicalField, Tokens } from './learned.js';
import { Avatar, GaussianCloud } from './gaussians.js';
import { Metrics, Motion } from './motion.js';

/**
 * The port types every package meets through, one concept per file beside this one. Geometry
 * conventions (axes, matrix layout, units) are fixed once in ../../CONVENTIONS.md; the schemas
 * check shapes, not meaning. Domain types are loose objects: later stages may add fields without
 * breaking older nodes.
 */
export * from './primitives.js';
export * from './tensor.js';
export * from './image.js';
export * from './camera.js';
export * from './mesh.js';
export * from './head.js';
export * from './landmark-schemes.js';
export * from './learned.js';
export * from './gaussians.js';
export * from './motion.js';

export const builtinPortTypes: readonly PortType<any>[] = [
  Any,
  Text,
  Num,
  Bool,
  Path,
  Json,
  Tensor,
  Image,
  Camera,
  Mesh,
  Landmarks,
  HeadModel,
  HeadParams,
  Tracking,
  Tokens,
  CanonicalField,
  Avatar,
  GaussianCloud,
  Motion,
  Metrics,
];

/** Resolves a type name as written in a graph file, e.g. `Image` or `List<Path>`. */
export function portTypeByName(
  name: string,
  known: Iterable<PortType<any>> = builtinPortTypes,
): PortType | undefined {
  const list = /^List<(.+)>$/.exec(name);
  if (list) {
    const item = portTypeByName(list[1]!, known);
    return item && listOf(item);
  }
  for (const t of known) if (t.name === name) return t;
  return undefined;
}
