import { hashString, hashValue, initHashing } from '../hash/content-hash.js';
import type { PlannedNode, GraphPlan } from '../graph/validate.js';
import { checkValue, type PortType } from '../ports/port-type.js';
import { byteSizeOf, forEachBuffer } from '../values/typed-arrays.js';
import { AbortError, errorCodeOf, NodeError, type ErrorCode } from '../errors/node-error.js';
import { deserializeError } from '../workers/protocol.js';
import { WorkerLostError, type WorkerPool } from '../workers/worker-pool.js';
import type { NodeReport, RunEvent } from './events.js';
import { fileParamsOf, nodeFingerprint } from './fingerprint.js';
import type { FileAccess, FileRoots } from './node-context.js';
import { OutputCache } from './output-cache.js';
import { lentPromise, restore, share, slotsOf, valueOf, type Slot } from './slot.js';

export interface RunOptions {
  /** Values for the graph's declared inputs; missing ones take the graph's defaults. */
  inputs?: Record<string, unknown>;
  /** Reuse across runs for incremental execution. */
  cache?: OutputCache;
  /** Worker pool; without one every node runs on this thread. */
  pool?: WorkerPool;
  signal?: AbortSignal;
  roots: FileRoots;
  /** File access for nodes that run on this thread. */
  files: FileAccess;
  onEvent?: (event: RunEvent) => void;
}

export interface RunResult {
  ok: boolean;
  cancelled: boolean;
  ms: number;
  outputs: Record<string, unknown>;
  nodes: Record<string, NodeReport>;
  errors: RunError[];
}

/** One failure of a run: the node ('' for the graph's own inputs), the port, its code and sentence. */
export interface RunError {
  node: string;
  port: string | undefined;
  code: ErrorCode;
  message: string;
}

/**
 * Runs a validated graph: nodes start as soon as their inputs are ready (so independent branches
 * run concurrently), each node's outputs are cached under hash(type, version, params, input
 * hashes), and a node fed a List where it takes one item runs once per item, each item cached on
 * its own: adding an image computes only that image's branch.
 */
export async function runGraph(plan: GraphPlan, options: RunOptions): Promise<RunResult> {
  await initHashing();
  const started = performance.now();
  const cache = options.cache ?? new OutputCache();
  const emit = options.onEvent ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const reports: Record<string, NodeReport> = {};
  const errors: RunResult['errors'] = [];
  emit({ type: 'run-started', nodes: plan.order.length });

  const inputSlots = new Map<string, Slot>();
  for (const [name, spec] of Object.entries(plan.inputs)) {
    const value = options.inputs?.[name] ?? spec.default;
    const problem = value === undefined ? `no value given and no default` : checkValue(spec.type, value);
    if (problem) {
      const message = `graph input "${name}" (${spec.type.name}): ${problem}`;
      errors.push({ node: '', port: name, code: 'bad_input', message });
      emit({ type: 'run-finished', ok: false, cancelled: false, ms: performance.now() - started });
      return { ok: false, cancelled: false, ms: performance.now() - started, outputs: {}, nodes: reports, errors };
    }
    inputSlots.set(name, contentSlot(value, spec.type));
  }

  const outputs = new Map<string, Record<string, Slot>>();
  const done = new Map<string, Promise<boolean>>();
  const byId = new Map(plan.order.map((n) => [n.id, n]));

  const runNode = async (node: PlannedNode): Promise<boolean> => {
    const deps = Object.values(node.inputs).flatMap((b) => (b?.kind === 'edge' ? [b.node] : []));
    const depsOk = await Promise.all(deps.map((d) => done.get(d) ?? schedule(byId.get(d)!)));
    const report: NodeReport = { node: node.id, type: node.def.type, status: 'skipped', ms: 0 };
    reports[node.id] = report;
    if (depsOk.includes(false)) {
      emit({ type: 'node-skipped', node: node.id, reason: 'an upstream node failed' });
      return false;
    }
    if (signal.aborted) { report.status = 'cancelled'; return false; }
    const t0 = performance.now();
    try {
      const slots: Record<string, Slot | undefined> = {};
      for (const [port, b] of Object.entries(node.inputs)) {
        slots[port] = !b ? undefined : b.kind === 'edge' ? outputs.get(b.node)![b.port] : inputSlots.get(b.name);
      }
      const result = await execute(node, slots, report);
      outputs.set(node.id, result);
      report.ms = performance.now() - t0;
      emit({ type: 'node-finished', node: node.id, report });
      return true;
    } catch (err) {
      report.ms = performance.now() - t0;
      if (signal.aborted || err instanceof AbortError) {
        report.status = 'cancelled';
        return false;
      }
      const port = (err as { port?: string } | null)?.port;
      const message = err instanceof Error ? err.message : String(err);
      const code = errorCodeOf(err);
      report.status = 'failed';
      report.error = { message, port, code };
      errors.push({ node: node.id, port, code, message });
      emit({ type: 'node-error', node: node.id, port, code, message });
      return false;
    }
  };

  const schedule = (node: PlannedNode): Promise<boolean> => {
    let p = done.get(node.id);
    if (!p) { p = runNode(node); done.set(node.id, p); }
    return p;
  };

  async function execute(node: PlannedNode, slots: Record<string, Slot | undefined>, report: NodeReport): Promise<Record<string, Slot>> {
    const paramsHash = hashValue(node.params);
    const plainKey = (itemSlots: Record<string, Slot | undefined>, extra?: string) => {
      let text = `${node.def.type}|${node.def.version}|${paramsHash}`;
      for (const p in node.def.inputs) text += `|${p}=${itemSlots[p]?.hash ?? '-'}`;
      return hashString(extra === undefined ? text : `${text}|fp=${extra}`);
    };
    // Most nodes read no files: their key needs no await (a microtask per node adds up on big graphs).
    const needsFingerprint = node.def.fingerprint !== undefined || fileParamsOf(node.def).length > 0;
    const keyOf = async (itemSlots: Record<string, Slot | undefined>) => plainKey(itemSlots, await fingerprintOf(itemSlots));
    const fingerprintOf = async (itemSlots: Record<string, Slot | undefined>) => {
      if (!node.def.fingerprint) return nodeFingerprint(node.def, node.params, {}, options.files, signal);
      const present = Object.values(itemSlots).filter((s): s is Slot => s !== undefined);
      for (let busy; (busy = lentPromise(...present));) await busy;
      const values = Object.fromEntries(Object.entries(itemSlots).flatMap(([p, s]) => (s ? [[p, valueOf(s)]] : [])));
      return nodeFingerprint(node.def, node.params, values, options.files, signal);
    };
    const mappedPorts = Object.entries(node.inputs).filter(([, b]) => b?.connection === 'map').map(([p]) => p);
    if (!node.mapped) {
      emit({ type: 'node-started', node: node.id, items: undefined });
      const key = needsFingerprint ? await keyOf(slots) : plainKey(slots);
      const { outputs: out, cached, worker } = await invoke(node, key, slots, undefined);
      report.status = cached ? 'cached' : 'ran';
      if (worker !== undefined) report.workers = [worker];
      return out;
    }
    const lengths = mappedPorts.map((p) => slots[p]!.items!.length);
    const count = lengths[0]!;
    if (lengths.some((l) => l !== count)) {
      throw new NodeError('list_length_mismatch', `mapped list inputs differ in length: ${mappedPorts.map((p, i) => `${p} has ${lengths[i]}`).join(', ')}`, {
        port: mappedPorts[lengths.findIndex((l) => l !== count)],
      });
    }
    emit({ type: 'node-started', node: node.id, items: count });
    // Inputs every item reads: shared once instead of lent, so items run in parallel workers.
    const useWorkers = willUseWorker(node);
    if (useWorkers && count > 1) {
      for (const [port, slot] of Object.entries(slots)) {
        if (!slot || mappedPorts.includes(port)) continue;
        for (let busy; (busy = lentPromise(slot));) await busy;
        share(slot);
      }
    }
    const results = await Promise.all(Array.from({ length: count }, async (_, i) => {
      const itemSlots = { ...slots };
      for (const p of mappedPorts) itemSlots[p] = slots[p]!.items![i];
      return invoke(node, needsFingerprint ? await keyOf(itemSlots) : plainKey(itemSlots), itemSlots, i);
    }));
    const ran = results.filter((r) => !r.cached).length;
    report.items = { ran, cached: count - ran };
    report.status = ran === 0 ? 'cached' : ran === count ? 'ran' : 'partial';
    const workers = [...new Set(results.flatMap((r) => (r.worker === undefined ? [] : [r.worker])))];
    if (workers.length > 0) report.workers = workers;
    const out: Record<string, Slot> = {};
    for (const port of Object.keys(node.def.outputs)) {
      const items = results.map((r) => r.outputs[port]!);
      out[port] = { value: undefined, hash: hashString(`list|${items.map((s) => s.hash).join(',')}`), items };
    }
    return out;
  }

  function willUseWorker(node: PlannedNode): boolean {
    return !!options.pool && !!node.entry.specifier && node.def.runOn === 'worker';
  }

  async function invoke(
    node: PlannedNode, key: string, slots: Record<string, Slot | undefined>, item: number | undefined,
  ): Promise<{ outputs: Record<string, Slot>; cached: boolean; worker: number | undefined }> {
    if (!node.def.effect) {
      const hit = cache.get(key);
      if (hit) return { outputs: hit, cached: true, worker: undefined };
      const stored = cache.store?.get(key, node.entry.specifier);
      if (stored) {
        const out = outputSlots(node, key, stored);
        cache.set(key, out, byteSizeOf(Object.values(out).map(valueOf)));
        return { outputs: out, cached: true, worker: undefined };
      }
    }
    if (signal.aborted) throw new AbortError();
    const present = Object.entries(slots).filter((e): e is [string, Slot] => e[1] !== undefined);
    for (let busy; (busy = lentPromise(...present.map(([, s]) => s)));) await busy;
    const onProgress = throttledProgress(node.id, item);
    let produced: Record<string, unknown>;
    let worker: number | undefined;
    if (willUseWorker(node)) {
      // Lend: the buffers move to the worker and come back with the reply.
      const lent: Slot[] = [];
      let giveBack!: () => void;
      const returned = new Promise<void>((r) => { giveBack = r; });
      for (const [, s] of present) for (const x of slotsOf(s)) if (!x.items && !x.shared) { x.lent = returned; lent.push(x); }
      const sent = Object.fromEntries(present.map(([p, s]) => [p, valueOf(s)]));
      try {
        const { reply, worker: w } = await options.pool!.run(
          { nodeType: node.def.type, nodeId: node.id, item, inputs: sent, params: node.params, roots: options.roots },
          { signal, onProgress },
        );
        for (const [p, s] of present) restore(s, reply.inputs[p]);
        worker = w;
        if (!reply.ok) throw deserializeError(reply.error);
        produced = reply.outputs;
      } catch (err) {
        if (err instanceof WorkerLostError) {
          // The dead worker took the lent buffers with it: forget every cache entry that held them.
          for (const x of lent) if (x.cacheKey) cache.delete(x.cacheKey);
          throw new WorkerLostError(`${err.message} while running this node`);
        }
        throw err;
      } finally {
        for (const x of lent) delete x.lent;
        giveBack();
      }
    } else {
      const values = Object.fromEntries(present.map(([p, s]) => [p, valueOf(s)]));
      produced = await node.def.run({
        inputs: values,
        params: node.params,
        ctx: { nodeId: node.id, item, signal, progress: onProgress, files: options.files },
      });
    }
    const owned = new Set<ArrayBuffer>();
    for (const [, s] of present) forEachBuffer(valueOf(s), (b) => owned.add(b));
    const checked: Record<string, unknown> = {};
    for (const [port, spec] of Object.entries(node.def.outputs)) {
      let value = produced?.[port];
      const problem = value === undefined ? 'the node returned no value for this output' : checkValue(spec.type, value);
      if (problem) throw new NodeError('internal', `output "${port}": ${problem}`, { port });
      // An output that reuses a buffer another slot owns (a pass-through, a view into an input)
      // gets its own copy, or lending one slot to a worker would detach the other.
      if (aliases(value, owned)) value = structuredClone(value);
      forEachBuffer(value, (b) => owned.add(b));
      checked[port] = value;
    }
    const out = outputSlots(node, node.def.effect ? undefined : key, checked, key);
    if (!node.def.effect) {
      // Stored before anything is lent: a transfer would detach what the store has to copy.
      cache.store?.set(key, checked, node.entry.specifier);
      cache.set(key, out, byteSizeOf(Object.values(out).map(valueOf)));
    }
    return { outputs: out, cached: false, worker };
  }

  function throttledProgress(node: string, item: number | undefined) {
    let last = 0;
    return (fraction: number, message?: string) => {
      const now = performance.now();
      if (fraction < 1 && now - last < 50) return;
      last = now;
      emit({ type: 'node-progress', node, item, fraction: Math.min(1, Math.max(0, fraction)), message });
    };
  }

  await Promise.all(plan.order.map(schedule));

  const result: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(plan.outputs)) {
    const slot = outputs.get(ref.node)?.[ref.port];
    if (slot) result[name] = valueOf(slot);
  }
  const cancelled = signal.aborted;
  const ok = errors.length === 0 && !cancelled;
  const ms = performance.now() - started;
  emit({ type: 'run-finished', ok, cancelled, ms });
  return { ok, cancelled, ms, outputs: result, nodes: reports, errors };
}

/** Slots for a node's outputs: hashes derive from the key that made them, stored or computed. */
function outputSlots(node: PlannedNode, cacheKey: string | undefined, values: Record<string, unknown>, key = cacheKey!): Record<string, Slot> {
  const out: Record<string, Slot> = {};
  for (const [port, spec] of Object.entries(node.def.outputs)) {
    out[port] = producedSlot(values[port], spec.type, hashString(`${key}|${port}`), cacheKey);
  }
  return out;
}

function aliases(value: unknown, owned: Set<ArrayBuffer>): boolean {
  let found = false;
  forEachBuffer(value, (b) => { if (owned.has(b)) found = true; });
  return found;
}

/** A value from outside the graph: identified by its content. Lists get one slot per item. */
function contentSlot(value: unknown, type: PortType): Slot {
  if (type.item && Array.isArray(value)) {
    const items = value.map((v) => contentSlot(v, type.item!));
    return { value: undefined, hash: hashString(`list|${items.map((s) => s.hash).join(',')}`), items };
  }
  return { value, hash: hashValue(value) };
}

/**
 * A node's output: identified by the key that made it. A List output from an unmapped node gets
 * per-item content hashes, so a downstream per-item node still reuses the items that did not change.
 */
function producedSlot(value: unknown, type: PortType, hash: string, cacheKey: string | undefined): Slot {
  if (type.item && Array.isArray(value)) {
    // Items are lent to workers one by one: two items sharing a buffer (every frame holding the
    // same identity array) would detach each other, so an item that shares gets its own copy.
    const seen = new Set<ArrayBuffer>();
    const own = value.map((v) => {
      const item = aliases(v, seen) ? structuredClone(v) : v;
      forEachBuffer(item, (b) => seen.add(b));
      return item;
    });
    const items = own.map((v) => ({ ...contentSlot(v, type.item!), ...(cacheKey ? { cacheKey } : {}) }));
    return { value: undefined, hash, items, ...(cacheKey ? { cacheKey } : {}) };
  }
  return { value, hash, ...(cacheKey ? { cacheKey } : {}) };
}
