import { NodeError } from '../errors/node-error.js';
import type { PlannedNode } from '../graph/validate.js';
import type { NodeReport } from './events.js';
import { cacheKeyer, type SlotsByPort } from './cache-key.js';
import { invokeNode, runsInWorker } from './invoke-node.js';
import type { RunContext } from './run-context.js';
import { lentPromise, share, type Slot } from './slot.js';
import { listSlot } from './value-slots.js';
import type { MemoCounts } from './node-memo.js';

/**
 * Runs a node whose inputs are ready: once, or, when a List feeds an input that takes one item,
 * once per item (each item keyed and cached on its own). Fills in the report's status, items and
 * workers; returns the output slots.
 */
export async function executeNode(
  node: PlannedNode,
  slots: SlotsByPort,
  report: NodeReport,
  ctx: RunContext,
): Promise<Record<string, Slot>> {
  const keyOf = cacheKeyer(node, ctx);
  if (!node.mapped) {
    ctx.emit({ type: 'node-started', node: node.id, items: undefined });
    const { outputs, cached, worker, memo } = await invokeNode(
      node,
      await keyOf(slots),
      slots,
      undefined,
      ctx,
    );
    report.status = cached ? 'cached' : 'ran';
    if (worker !== undefined) report.workers = [worker];
    reportMemo(report, [memo]);
    return outputs;
  }

  const mappedPorts = Object.entries(node.inputs)
    .filter(([, b]) => b?.connection === 'map')
    .map(([p]) => p);
  const count = itemCount(mappedPorts, slots);
  ctx.emit({ type: 'node-started', node: node.id, items: count });
  if (runsInWorker(node, ctx) && count > 1) await shareCommonInputs(slots, mappedPorts);
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const itemSlots = { ...slots };
      for (const p of mappedPorts) itemSlots[p] = slots[p]!.items![i];
      try {
        return await invokeNode(node, await keyOf(itemSlots), itemSlots, i, ctx);
      } catch (err) {
        throw failedItem(err, i);
      }
    }),
  );

  const ran = results.filter((r) => !r.cached).length;
  report.items = { ran, cached: count - ran };
  report.status = ran === 0 ? 'cached' : ran === count ? 'ran' : 'partial';
  const workers = [...new Set(results.flatMap((r) => (r.worker === undefined ? [] : [r.worker])))];
  if (workers.length > 0) report.workers = workers;
  reportMemo(
    report,
    results.map((r) => r.memo),
  );
  const out: Record<string, Slot> = {};
  for (const port of Object.keys(node.def.outputs))
    out[port] = listSlot(results.map((r) => r.outputs[port]!));
  return out;
}

/** Marks which item of a mapped node failed, so the report can name the photo or frame. */
function failedItem(err: unknown, item: number): unknown {
  if (typeof err === 'object' && err !== null && (err as { item?: unknown }).item === undefined) {
    Object.defineProperty(err, 'item', { value: item, enumerable: false, configurable: true });
  }
  return err;
}

function itemCount(mappedPorts: string[], slots: SlotsByPort): number {
  const lengths = mappedPorts.map((p) => slots[p]!.items!.length);
  const count = lengths[0]!;
  const odd = lengths.findIndex((l) => l !== count);
  if (odd >= 0) {
    throw new NodeError(
      'list_length_mismatch',
      `mapped list inputs differ in length: ${mappedPorts.map((p, i) => `${p} has ${lengths[i]}`).join(', ')}`,
      {
        port: mappedPorts[odd],
      },
    );
  }
  return count;
}

/** Inputs every item reads: shared once instead of lent, so items run in parallel workers. */
async function shareCommonInputs(slots: SlotsByPort, mappedPorts: string[]): Promise<void> {
  for (const [port, slot] of Object.entries(slots)) {
    if (!slot || mappedPorts.includes(port)) continue;
    for (let busy; (busy = lentPromise(slot));) await busy;
    share(slot);
  }
}

/** Sums the memo counts of a node's runs into its report, when any run used its memo. */
function reportMemo(report: NodeReport, runs: (MemoCounts | undefined)[]): void {
  let hits = 0,
    stored = 0;
  for (const r of runs) {
    hits += r?.hits ?? 0;
    stored += r?.stored ?? 0;
  }
  if (hits + stored > 0) report.memo = { hits, stored };
}
