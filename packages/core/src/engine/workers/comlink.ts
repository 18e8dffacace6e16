// comlink ships its ESM build without an `exports` map and types only for the UMD build, which
// Node's ESM loader cannot read by name. This module is the one place that bridges the two.
// @ts-expect-error -- the .mjs file has no declaration of its own; its types are the UMD ones.
import * as esm from 'comlink/dist/esm/comlink.mjs';
import type * as ComlinkTypes from 'comlink';

export const Comlink = esm as typeof ComlinkTypes;
export type Endpoint = ComlinkTypes.Endpoint;
export type Remote<T> = ComlinkTypes.Remote<T>;
