import { initHashing } from '../hash/content-hash.js';
import type { GraphPlan, PlannedNode } from '../graph/validate.js';
import { checkValue } from '../ports/port-type.js';
import { AbortError, errorCodeOf, type ErrorCode } from '../errors/node-error.js';
import type { WorkerPool } from '../workers/worker-pool.js';
import type { NodeReport, RunEvent } from './events.js';
import { executeNode } from './execute-node.js';
import type { FileAccess, FileRoots } from './node-context.js';
import { OutputCache } from './output-cache.js';
import type { RunContext } from './run-context.js';
import { valueOf, type Slot } from './slot.js';
import { contentSlot } from './value-slots.js';

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
  /** For a node mapped over a List: the item (photo, frame) that failed first. */
  item?: number;
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
  const ctx: RunContext = {
    cache: options.cache ?? new OutputCache(),
    pool: options.pool,
    signal: options.signal ?? new AbortController().signal,
    roots: options.roots,
    files: options.files,
    emit: options.onEvent ?? (() => {}),
  };
  const reports: Record<string, NodeReport> = {};
  const errors: RunError[] = [];
  const finish = (outputs: Record<string, unknown>): RunResult => {
    const cancelled = ctx.signal.aborted;
    const ok = errors.length === 0 && !cancelled;
    const ms = performance.now() - started;
    ctx.emit({ type: 'run-finished', ok, cancelled, ms });
    return { ok, cancelled, ms, outputs, nodes: reports, errors };
  };
  ctx.emit({ type: 'run-started', nodes: plan.order.length });

  const inputs = bindInputs(plan, options.inputs, errors);
  if (!inputs) return finish({});
  const outputs = await runAll(plan, inputs, ctx, reports, errors);
  const result: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(plan.outputs)) {
    const slot = outputs.get(ref.node)?.[ref.port];
    if (slot) result[name] = valueOf(slot);
  }
  return finish(result);
}

/** The graph's inputs as slots, checked against their types; undefined (and an error) when one is bad. */
function bindInputs(
  plan: GraphPlan,
  given: Record<string, unknown> | undefined,
  errors: RunError[],
): Map<string, Slot> | undefined {
  const slots = new Map<string, Slot>();
  for (const [name, spec] of Object.entries(plan.inputs)) {
    const value = given?.[name] ?? spec.default;
    const problem = value === undefined ? `no value given and no default` : checkValue(spec.type, value);
    if (problem) {
      errors.push({
        node: '',
        port: name,
        code: 'bad_input',
        message: `graph input "${name}" (${spec.type.name}): ${problem}`,
      });
      return undefined;
    }
    slots.set(name, contentSlot(value, spec.type));
  }
  return slots;
}

/** Starts every node when its inputs are ready; a failure skips what depends on it, not the rest. */
async function runAll(
  plan: GraphPlan,
  inputs: Map<string, Slot>,
  ctx: RunContext,
  reports: Record<string, NodeReport>,
  errors: RunError[],
): Promise<Map<string, Record<string, Slot>>> {
  const outputs = new Map<string, Record<string, Slot>>();
  const done = new Map<string, Promise<boolean>>();
  const byId = new Map(plan.order.map((n) => [n.id, n]));

  const schedule = (node: PlannedNode): Promise<boolean> => {
    let p = done.get(node.id);
    if (!p) {
      p = runNode(node);
      done.set(node.id, p);
    }
    return p;
  };

  const runNode = async (node: PlannedNode): Promise<boolean> => {
    const deps = Object.values(node.inputs).flatMap((b) => (b?.kind === 'edge' ? [b.node] : []));
    const depsOk = await Promise.all(deps.map((d) => done.get(d) ?? schedule(byId.get(d)!)));
    const report: NodeReport = { node: node.id, type: node.def.type, status: 'skipped', ms: 0 };
    reports[node.id] = report;
    if (depsOk.includes(false)) {
      ctx.emit({ type: 'node-skipped', node: node.id, reason: 'an upstream node failed' });
      return false;
    }
    if (ctx.signal.aborted) {
      report.status = 'cancelled';
      return false;
    }
    const t0 = performance.now();
    try {
      const slots: Record<string, Slot | undefined> = {};
      for (const [port, b] of Object.entries(node.inputs)) {
        slots[port] = !b ? undefined : b.kind === 'edge' ? outputs.get(b.node)![b.port] : inputs.get(b.name);
      }
      outputs.set(node.id, await executeNode(node, slots, report, ctx));
      report.ms = performance.now() - t0;
      ctx.emit({ type: 'node-finished', node: node.id, report });
      return true;
    } catch (err) {
      report.ms = performance.now() - t0;
      failed(node, report, err);
      return false;
    }
  };

  const failed = (node: PlannedNode, report: NodeReport, err: unknown) => {
    if (ctx.signal.aborted || err instanceof AbortError) {
      report.status = 'cancelled';
      return;
    }
    const port = (err as { port?: string } | null)?.port;
    const message = err instanceof Error ? err.message : String(err);
    const code = errorCodeOf(err);
    const item = (err as { item?: number } | null)?.item;
    const at = item === undefined ? {} : { item };
    report.status = 'failed';
    report.error = { message, port, code, ...at };
    errors.push({ node: node.id, port, code, message, ...at });
    ctx.emit({ type: 'node-error', node: node.id, port, code, message, ...at });
  };

  await Promise.all(plan.order.map(schedule));
  return outputs;
}
