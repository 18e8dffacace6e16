// The node types the editor knows: core's generic nodes and the browser-safe node packages. Each is
// registered under a specifier that the run worker (run/worker.ts) resolves to the same module, so
// the palette, validation and the workers all see one set of definitions.
import { createRegistry, describeNode, type NodeDescription, type NodeRegistry } from '@ffavatar/core';
import coreNodes from '@ffavatar/core/nodes';
import flameNodes from '@ffavatar/nodes-flame';
import modelNodes from '@ffavatar/nodes-model/browser';
import splatNodes from '@ffavatar/nodes-splat/browser';

export const PACKAGE_SPECIFIERS = {
  core: '@ffavatar/core/nodes',
  flame: '@ffavatar/nodes-flame',
  model: '@ffavatar/nodes-model/browser',
  splat: '@ffavatar/nodes-splat/browser',
} as const;

export const registry: NodeRegistry = createRegistry([
  { pkg: coreNodes, specifier: PACKAGE_SPECIFIERS.core },
  { pkg: flameNodes, specifier: PACKAGE_SPECIFIERS.flame },
  { pkg: modelNodes, specifier: PACKAGE_SPECIFIERS.model },
  { pkg: splatNodes, specifier: PACKAGE_SPECIFIERS.splat },
]);

/** Palette entries: every registered node as plain JSON, the same as `ffavatar nodes --json`. */
export const descriptions: NodeDescription[] = registry.all().map((r) => describeNode(r.def));

export function description(type: string): NodeDescription | undefined {
  return descriptions.find((d) => d.type === type);
}
