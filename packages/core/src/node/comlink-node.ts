// @ts-expect-error -- the adapter's .mjs has no declaration file that NodeNext resolution finds.
import adapter from 'comlink/dist/esm/node-adapter.mjs';
import type { Endpoint } from '../engine/workers/comlink.js';

interface NodeMessagePort {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(type: string, listener: (...args: any[]) => void): unknown;
  off(type: string, listener: (...args: any[]) => void): unknown;
}

/** Wraps a worker_threads Worker or MessagePort as a comlink endpoint. */
export const nodeEndpoint = adapter as (port: NodeMessagePort) => Endpoint;
