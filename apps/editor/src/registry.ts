// The node types the editor knows: core's generic nodes, the browser entries of the node packages,
// and the user's own packages (plugins/user-packages.ts). Each is registered under a specifier
// that the run worker (run/worker.ts) resolves to the same module, so the palette, validation and
// the workers all see one set of definitions. `registry` and `descriptions` are live bindings:
// adding a user package replaces them.
import {
  createRegistry,
  describeNode,
  type NodeDescription,
  type NodeRegistry,
  type PackageSource,
} from '@ffavatar/core';
import coreNodes from '@ffavatar/core/nodes';
import flameNodes from '@ffavatar/nodes-flame';
import modelNodes from '@ffavatar/nodes-model/browser';
import splatNodes from '@ffavatar/nodes-splat/browser';

const PACKAGE_SPECIFIERS = {
  core: '@ffavatar/core/nodes',
  flame: '@ffavatar/nodes-flame',
  model: '@ffavatar/nodes-model/browser',
  splat: '@ffavatar/nodes-splat/browser',
} as const;

const BUILT_IN: PackageSource[] = [
  { pkg: coreNodes, specifier: PACKAGE_SPECIFIERS.core },
  { pkg: flameNodes, specifier: PACKAGE_SPECIFIERS.flame },
  { pkg: modelNodes, specifier: PACKAGE_SPECIFIERS.model },
  { pkg: splatNodes, specifier: PACKAGE_SPECIFIERS.splat },
];

export let registry: NodeRegistry = createRegistry(BUILT_IN);
/** Palette entries: every registered node as plain JSON, the same as `ffavatar nodes --json`. */
export let descriptions: NodeDescription[] = registry.all().map((r) => describeNode(r.def));

/** Rebuilds the registry with the user's packages; throws (changing nothing) on a type clash. */
export function setUserPackages(user: PackageSource[]): void {
  const next = createRegistry([...BUILT_IN, ...user]);
  registry = next;
  descriptions = next.all().map((r) => describeNode(r.def));
}

export function description(type: string): NodeDescription | undefined {
  return descriptions.find((d) => d.type === type);
}
