// Runs a node in-process with a context that records progress, the way a worker would call it.
import type { NodeDef } from '@ffavatar/core';

const warned: string[] = [];

/** The warnings runs have given since the last call (ctx.warn), oldest first. */
export function takeWarnings(): string[] {
  return warned.splice(0);
}

export async function runNode<N extends NodeDef<any, any, any>>(
  node: N,
  inputs: Parameters<N['run']>[0]['inputs'],
  params: Record<string, unknown> = {},
  signal: AbortSignal = new AbortController().signal,
): Promise<Awaited<ReturnType<N['run']>>> {
  return (await node.run({
    inputs,
    // The executor parses params with the node's schema before a run; so does this.
    params: node.params.parse(params),
    ctx: {
      nodeId: 'test',
      item: undefined,
      signal,
      progress: () => {},
      warn: (message: string) => warned.push(message),
      files: { read: fail, list: fail, resolve: (p: string) => p, write: fail },
    },
  })) as Awaited<ReturnType<N['run']>>;
}

function fail(): never {
  throw new Error('this node must not touch files');
}
