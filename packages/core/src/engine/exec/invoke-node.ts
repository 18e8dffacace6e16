import { AbortError, NodeError } from '../errors/node-error.js';
import type { PlannedNode } from '../graph/validate.js';
import { checkValue } from '../ports/port-type.js';
import { byteSizeOf, forEachBuffer } from '../values/typed-arrays.js';
import { deserializeError } from '../workers/protocol.js';
import { WorkerLostError } from '../workers/worker-pool.js';
import type { SlotsByPort } from './cache-key.js';
import type { RunContext } from './run-context.js';
import type { ProgressValues } from './node-context.js';
import { nodeMemo, type InputIdentity, type MemoCounts, type NodeMemo } from './node-memo.js';
import { lentPromise, restore, slotsOf, valueOf, type Slot } from './slot.js';
import { aliases, outputSlots } from './value-slots.js';

export interface Invocation {
  outputs: Record<string, Slot>;
  cached: boolean;
  /** The worker that ran it; undefined on this thread or from the cache. */
  worker: number | undefined;
  /** What the node's memo served and kept during this run; undefined from the cache. */
  memo?: MemoCounts;
}

/** Whether this node runs in the pool's workers (else on this thread). */
export function runsInWorker(node: PlannedNode, ctx: RunContext): boolean {
  return !!ctx.pool && !!node.entry.specifier && node.def.runOn === 'worker';
}

/**
 * One run of a node under its key: from the memory cache, the disk store, or computed (in a
 * worker or here), its outputs checked against their port types and cached.
 */
export async function invokeNode(
  node: PlannedNode,
  key: string,
  slots: SlotsByPort,
  item: number | undefined,
  ctx: RunContext,
): Promise<Invocation> {
  if (!node.def.effect) {
    const hit = fromCache(node, key, ctx);
    if (hit) return { outputs: hit, cached: true, worker: undefined };
  }
  if (ctx.signal.aborted) throw new AbortError();
  const present = Object.entries(slots).filter((e): e is [string, Slot] => e[1] !== undefined);
  for (let busy; (busy = lentPromise(...present.map(([, s]) => s)));) await busy;
  const onProgress = throttledProgress(node.id, item, ctx);
  const counts: MemoCounts = { hits: 0, stored: 0 };
  const memo = nodeMemo(node, ctx, counts);
  const { produced, worker } = runsInWorker(node, ctx)
    ? await runInWorker(node, present, item, onProgress, memo, ctx)
    : { produced: await runHere(node, present, item, onProgress, memo, ctx), worker: undefined };
  const checked = checkedOutputs(node, produced, present);
  const out = outputSlots(node, key, checked, node.def.effect ? undefined : key);
  if (!node.def.effect) {
    // Stored before anything is lent: a transfer would detach what the store has to copy.
    ctx.cache.store?.set(key, checked, node.entry.specifier);
    ctx.cache.set(key, out, byteSizeOf(Object.values(out).map(valueOf)));
  }
  return { outputs: out, cached: false, worker, memo: counts };
}

function fromCache(node: PlannedNode, key: string, ctx: RunContext): Record<string, Slot> | undefined {
  const hit = ctx.cache.get(key);
  if (hit) return hit;
  const stored = ctx.cache.store?.get(key, node.entry.specifier);
  if (!stored) return undefined;
  const out = outputSlots(node, key, stored, key);
  ctx.cache.set(key, out, byteSizeOf(Object.values(out).map(valueOf)));
  return out;
}

type Progress = (fraction: number, message?: string, values?: ProgressValues) => void;

async function runHere(
  node: PlannedNode,
  present: [string, Slot][],
  item: number | undefined,
  progress: Progress,
  memo: NodeMemo,
  ctx: RunContext,
): Promise<Record<string, unknown>> {
  const inputs = Object.fromEntries(present.map(([p, s]) => [p, valueOf(s)]));
  return node.def.run({
    inputs,
    params: node.params,
    ctx: {
      nodeId: node.id,
      item,
      signal: ctx.signal,
      progress,
      warn: warning(node.id, item, ctx),
      files: ctx.files,
      inputIds: inputIdentities(present),
      memo,
    },
  });
}

/** Each input's hash, and its items' for a List: what a node keys its memo by. */
function inputIdentities(present: [string, Slot][]): Record<string, InputIdentity> {
  return Object.fromEntries(
    present.map(([p, s]) => [
      p,
      s.items ? { hash: s.hash, items: s.items.map((i) => i.hash) } : { hash: s.hash },
    ]),
  );
}

/** Lends the inputs' buffers to a worker; they come back with the reply (or die with the worker). */
async function runInWorker(
  node: PlannedNode,
  present: [string, Slot][],
  item: number | undefined,
  onProgress: Progress,
  memo: NodeMemo,
  ctx: RunContext,
): Promise<{ produced: Record<string, unknown>; worker: number }> {
  const lent: Slot[] = [];
  let giveBack!: () => void;
  const returned = new Promise<void>((r) => {
    giveBack = r;
  });
  for (const [, s] of present)
    for (const x of slotsOf(s))
      if (!x.items && !x.shared) {
        x.lent = returned;
        lent.push(x);
      }
  const sent = Object.fromEntries(present.map(([p, s]) => [p, valueOf(s)]));
  try {
    const { reply, worker } = await ctx.pool!.run(
      {
        nodeType: node.def.type,
        nodeId: node.id,
        item,
        inputs: sent,
        params: node.params,
        roots: ctx.roots,
        inputIds: inputIdentities(present),
      },
      { signal: ctx.signal, onProgress, onWarn: warning(node.id, item, ctx), memo },
    );
    for (const [p, s] of present) restore(s, reply.inputs[p]);
    if (!reply.ok) throw deserializeError(reply.error);
    return { produced: reply.outputs, worker };
  } catch (err) {
    if (err instanceof WorkerLostError) {
      // The dead worker took the lent buffers with it: forget every cache entry that held them.
      for (const x of lent) if (x.cacheKey) ctx.cache.delete(x.cacheKey);
      throw new WorkerLostError(`${err.message} while running this node`);
    }
    throw err;
  } finally {
    for (const x of lent) delete x.lent;
    giveBack();
  }
}

/** Every declared output present and of its port type; buffers shared with another slot copied. */
function checkedOutputs(
  node: PlannedNode,
  produced: Record<string, unknown>,
  present: [string, Slot][],
): Record<string, unknown> {
  const owned = new Set<ArrayBuffer>();
  for (const [, s] of present) forEachBuffer(valueOf(s), (b) => owned.add(b));
  const checked: Record<string, unknown> = {};
  for (const [port, spec] of Object.entries(node.def.outputs)) {
    let value = produced?.[port];
    const problem =
      value === undefined ? 'the node returned no value for this output' : checkValue(spec.type, value);
    if (problem) throw new NodeError('internal', `output "${port}": ${problem}`, { port });
    // An output that reuses a buffer another slot owns (a pass-through, a view into an input)
    // gets its own copy, or lending one slot to a worker would detach the other.
    if (aliases(value, owned)) value = structuredClone(value);
    forEachBuffer(value, (b) => owned.add(b));
    checked[port] = value;
  }
  return checked;
}

function warning(node: string, item: number | undefined, ctx: RunContext): (message: string) => void {
  return (message) => ctx.emit({ type: 'node-warning', node, item, message });
}

/** Progress events at most every 50 ms per node run; the final 1 always goes through. */
function throttledProgress(node: string, item: number | undefined, ctx: RunContext): Progress {
  let last = 0;
  return (fraction, message, values) => {
    const now = performance.now();
    if (fraction < 1 && now - last < 50) return;
    last = now;
    ctx.emit({
      type: 'node-progress',
      node,
      item,
      fraction: Math.min(1, Math.max(0, fraction)),
      message,
      ...(values ? { values } : {}),
    });
  };
}
