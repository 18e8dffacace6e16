import { hashString, hashValue } from '../hash/content-hash.js';
import type { PlannedNode } from '../graph/validate.js';
import { fileParamsOf, nodeFingerprint } from './fingerprint.js';
import type { RunContext } from './run-context.js';
import { lentPromise, valueOf, type Slot } from './slot.js';

export type SlotsByPort = Record<string, Slot | undefined>;

/**
 * The cache key of one run of a node: hash(type, version, params, input hashes), plus the node's
 * fingerprint when it reads files. Keys never contain node ids, so two nodes doing the same work
 * share an entry, and a node renamed in the editor keeps its cache.
 */
export function cacheKeyer(
  node: PlannedNode,
  ctx: RunContext,
): (slots: SlotsByPort) => string | Promise<string> {
  const head = `${node.def.type}|${node.def.version}|${hashValue(node.params)}`;
  const plain = (slots: SlotsByPort, extra?: string) => {
    let text = head;
    for (const p in node.def.inputs) text += `|${p}=${slots[p]?.hash ?? '-'}`;
    return hashString(extra === undefined ? text : `${text}|fp=${extra}`);
  };
  // Most nodes read no files: their key needs no await (a microtask per node adds up on big graphs).
  if (node.def.fingerprint === undefined && fileParamsOf(node.def).length === 0) return plain;
  return async (slots) => plain(slots, await fingerprintOf(node, slots, ctx));
}

async function fingerprintOf(
  node: PlannedNode,
  slots: SlotsByPort,
  ctx: RunContext,
): Promise<string | undefined> {
  if (!node.def.fingerprint) return nodeFingerprint(node.def, node.params, {}, ctx.files, ctx.signal);
  // The hook reads the input values: wait until no worker holds them.
  const present = Object.values(slots).filter((s): s is Slot => s !== undefined);
  for (let busy; (busy = lentPromise(...present));) await busy;
  const values = Object.fromEntries(Object.entries(slots).flatMap(([p, s]) => (s ? [[p, valueOf(s)]] : [])));
  return nodeFingerprint(node.def, node.params, values, ctx.files, ctx.signal);
}
