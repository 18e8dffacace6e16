import type { NodeDef, NodePackage } from './define-node.js';
import { builtinPortTypes } from '../ports/builtin-types.js';
import type { PortType } from '../ports/port-type.js';

export interface RegisteredNode {
  readonly def: NodeDef;
  readonly packageName: string;
  /**
   * The module specifier a worker imports to find this node. Undefined for packages given as
   * values (tests, the editor's inline nodes): those nodes run on the main thread.
   */
  readonly specifier: string | undefined;
}

export interface NodeRegistry {
  get(type: string): RegisteredNode | undefined;
  all(): RegisteredNode[];
  /** Every port type a registered node uses, plus the built-in ones, by name. */
  portTypes(): PortType[];
  /** Specifiers of every package that can be loaded in a worker. */
  specifiers(): string[];
}

export interface PackageSource {
  pkg: NodePackage;
  specifier?: string;
}

export function createRegistry(sources: Iterable<PackageSource | NodePackage>): NodeRegistry {
  const byType = new Map<string, RegisteredNode>();
  const specs: string[] = [];
  for (const source of sources) {
    const { pkg, specifier } = 'pkg' in source ? source : { pkg: source, specifier: undefined };
    if (specifier && !specs.includes(specifier)) specs.push(specifier);
    for (const def of pkg.nodes) {
      const clash = byType.get(def.type);
      if (clash) {
        throw new Error(`node type ${def.type} is defined by both ${clash.packageName} and ${pkg.name}`);
      }
      byType.set(def.type, { def: def as NodeDef, packageName: pkg.name, specifier });
    }
  }
  const types = new Map<string, PortType>(builtinPortTypes.map((t) => [t.name, t]));
  for (const { def } of byType.values()) {
    for (const spec of [...Object.values(def.inputs), ...Object.values(def.outputs)]) {
      let t: PortType | undefined = spec.type;
      while (t.item) t = t.item;
      if (!types.has(t.name)) types.set(t.name, t);
    }
  }
  return {
    get: (type) => byType.get(type),
    all: () => [...byType.values()].sort((a, b) => a.def.type.localeCompare(b.def.type)),
    portTypes: () => [...types.values()],
    specifiers: () => [...specs],
  };
}
