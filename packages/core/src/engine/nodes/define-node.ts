import { z } from 'zod';
import type { PortType } from '../ports/port-type.js';
import type { FileAccess, NodeContext } from '../exec/node-context.js';

export interface InputSpec<T = unknown, Opt extends boolean = boolean> {
  readonly type: PortType<T>;
  readonly optional: Opt;
  readonly description?: string;
}

export interface OutputSpec<T = unknown> {
  readonly type: PortType<T>;
  readonly description?: string;
}

export function input<T>(type: PortType<T>, opts?: { description?: string }): InputSpec<T, false>;
export function input<T>(
  type: PortType<T>,
  opts: { optional: true; description?: string },
): InputSpec<T, true>;
export function input<T>(
  type: PortType<T>,
  opts: { optional?: boolean; description?: string } = {},
): InputSpec<T> {
  return {
    type,
    optional: opts.optional ?? false,
    ...(opts.description ? { description: opts.description } : {}),
  };
}

export function output<T>(type: PortType<T>, opts: { description?: string } = {}): OutputSpec<T> {
  return { type, ...opts };
}

export type InputSpecs = Record<string, InputSpec<any, boolean>>;
export type OutputSpecs = Record<string, OutputSpec<any>>;

type RequiredKeys<I extends InputSpecs> = {
  [K in keyof I]: I[K] extends InputSpec<any, true> ? never : K;
}[keyof I];
type OptionalKeys<I extends InputSpecs> = {
  [K in keyof I]: I[K] extends InputSpec<any, true> ? K : never;
}[keyof I];
type ValueOfSpec<S> = S extends InputSpec<infer T, boolean> ? T : never;

/** Required inputs as required keys, optional ones as optional keys (absent when unconnected). */
export type InputValues<I extends InputSpecs> = { [K in RequiredKeys<I>]: ValueOfSpec<I[K]> } & {
  [K in OptionalKeys<I>]?: ValueOfSpec<I[K]> | undefined;
};
export type OutputValues<O extends OutputSpecs> = {
  [K in keyof O]: O[K] extends OutputSpec<infer T> ? T : never;
};

export interface NodeRunArgs<I extends InputSpecs, P> {
  inputs: InputValues<I>;
  params: P;
  ctx: NodeContext;
}

export interface FingerprintArgs<I extends InputSpecs, P> {
  inputs: InputValues<I>;
  params: P;
  files: FileAccess;
  signal: AbortSignal;
}

/** A node type: a plain value. `run` must be pure unless `effect` is set. */
export interface NodeDef<I extends InputSpecs = InputSpecs, O extends OutputSpecs = OutputSpecs, P = any> {
  /** Stable id, `package.name` style, e.g. `splat.rasterize`. */
  readonly type: string;
  /** Bump when outputs change for the same inputs and params: it is part of the cache key. */
  readonly version: number;
  readonly title: string;
  readonly category: string;
  readonly description: string;
  readonly inputs: I;
  readonly outputs: O;
  readonly params: z.ZodType<P>;
  /** Writes files or has other side effects: never cached, always runs. */
  readonly effect: boolean;
  /** `main` for trivial nodes where a worker round trip costs more than the work. */
  readonly runOn: 'worker' | 'main';
  /**
   * For a node whose outputs depend on more than its inputs and params (the content of a file a
   * path input names): a string that changes when that does, made part of the cache key. Runs on
   * the host thread before every cache lookup, so keep it cheap (`files.fingerprint`). Files named
   * by `fileParam` params are fingerprinted by the engine without it.
   */
  readonly fingerprint?: (args: FingerprintArgs<I, P>) => Promise<string> | string;
  run(args: NodeRunArgs<I, P>): Promise<OutputValues<O>> | OutputValues<O>;
}

export function defineNode<
  I extends InputSpecs,
  O extends OutputSpecs,
  S extends z.ZodType = z.ZodObject<Record<never, z.ZodType>>,
>(spec: {
  type: string;
  version: number;
  title: string;
  category: string;
  description?: string;
  inputs?: I;
  outputs?: O;
  params?: S;
  effect?: boolean;
  runOn?: 'worker' | 'main';
  fingerprint?: (args: FingerprintArgs<I, z.output<S>>) => Promise<string> | string;
  run(args: NodeRunArgs<I, z.output<S>>): Promise<OutputValues<O>> | OutputValues<O>;
}): NodeDef<I, O, z.output<S>> {
  if (!/^[a-z][\w-]*(\.[A-Za-z][\w-]*)+$/.test(spec.type)) {
    throw new Error(`node type "${spec.type}" must look like "package.name"`);
  }
  if (!Number.isInteger(spec.version) || spec.version < 1) {
    throw new Error(`node ${spec.type}: version must be a positive integer`);
  }
  for (const port of [...Object.keys(spec.inputs ?? {}), ...Object.keys(spec.outputs ?? {})]) {
    if (!/^[A-Za-z_]\w*$/.test(port))
      throw new Error(`node ${spec.type}: port name "${port}" must be an identifier`);
  }
  return Object.freeze({
    description: '',
    effect: false,
    runOn: 'worker' as const,
    inputs: {} as I,
    outputs: {} as O,
    params: z.object({}) as unknown as S,
    ...spec,
  }) as NodeDef<I, O, z.output<S>>;
}

/** What a node package exports (as `default` or `nodePackage`). It registers nothing globally. */
export interface NodePackage {
  readonly name: string;
  readonly nodes: readonly NodeDef<any, any, any>[];
}

export function defineNodePackage(pkg: NodePackage): NodePackage {
  const seen = new Set<string>();
  for (const node of pkg.nodes) {
    if (seen.has(node.type)) throw new Error(`package ${pkg.name}: node type ${node.type} is defined twice`);
    seen.add(node.type);
  }
  return Object.freeze(pkg);
}
