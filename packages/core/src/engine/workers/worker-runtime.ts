import { Comlink } from './comlink.js';
import type { NodeDef, NodePackage } from '../nodes/define-node.js';
import type { FileAccess, FileRoots } from '../exec/node-context.js';
import { transferablesOf } from '../values/typed-arrays.js';
import type { NodeMemo } from '../exec/node-memo.js';
import { serializeError, type WorkerApi, type WorkerReply } from './protocol.js';

export interface WorkerHostServices {
  importModule(specifier: string): Promise<unknown>;
  files(roots: FileRoots): FileAccess;
}

/** Finds the node package a module exports: `default` or `nodePackage`. */
export function packageFromModule(mod: unknown, specifier: string): NodePackage {
  const m = mod as { default?: unknown; nodePackage?: unknown };
  const pkg = (m.nodePackage ?? m.default) as NodePackage | undefined;
  if (!pkg || typeof pkg !== 'object' || !Array.isArray(pkg.nodes)) {
    throw new Error(
      `${specifier} does not export a node package (export default defineNodePackage({ name, nodes }))`,
    );
  }
  return pkg;
}

/** The code that runs inside every worker, the same in Node and in the browser. */
export function createWorkerApi(host: WorkerHostServices): WorkerApi {
  const nodes = new Map<string, NodeDef>();
  const running = new Map<number, AbortController>();
  return {
    async init(specifiers) {
      for (const specifier of specifiers) {
        const pkg = packageFromModule(await host.importModule(specifier), specifier);
        for (const def of pkg.nodes) nodes.set(def.type, def as NodeDef);
      }
      return [...nodes.keys()];
    },
    async run(job) {
      const started = performance.now();
      const controller = new AbortController();
      running.set(job.jobId, controller);
      let reply: WorkerReply;
      let lastProgress = -Infinity;
      try {
        const def = nodes.get(job.nodeType);
        if (!def) throw new Error(`node type ${job.nodeType} is not loaded in this worker`);
        const outputs = await def.run({
          inputs: job.inputs,
          params: job.params,
          ctx: {
            nodeId: job.nodeId,
            item: job.item,
            signal: controller.signal,
            progress: (f, m, v) => {
              const now = performance.now();
              if (f < 1 && now - lastProgress < 30) return;
              lastProgress = now;
              job.progress?.postMessage([f, m, v]);
            },
            warn: (message) => job.progress?.postMessage(['warn', message]),
            files: host.files(job.roots),
            ...(job.inputIds ? { inputIds: job.inputIds } : {}),
            ...(job.progress ? { memo: portMemo(job.progress) } : {}),
          },
        });
        reply = { ok: true, outputs, inputs: job.inputs, ms: performance.now() - started };
      } catch (err) {
        reply = {
          ok: false,
          error: serializeError(err),
          inputs: job.inputs,
          ms: performance.now() - started,
        };
      } finally {
        running.delete(job.jobId);
        job.progress?.postMessage('done');
        job.progress?.close();
      }
      return Comlink.transfer(reply, transferablesOf([reply.inputs, reply.ok ? reply.outputs : null]));
    },
    cancel(jobId) {
      running.get(jobId)?.abort();
    },
  };
}

/**
 * A node's memo in a worker: lookups and stores go over the job's port to the executor, which holds
 * the caches. Stores are posted before the job's 'done', so they are kept before its reply counts.
 */
function portMemo(port: MessagePort): NodeMemo {
  const waiting = new Map<number, (values: unknown[]) => void>();
  let nextId = 1;
  let listening = false;
  return {
    get(keys) {
      if (!listening) {
        listening = true;
        port.onmessage = (e: MessageEvent) => {
          if (e.data[0] !== 'memo') return;
          waiting.get(e.data[1])?.(e.data[2]);
          waiting.delete(e.data[1]);
        };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        port.postMessage(['memo-get', id, [...keys]]);
      });
    },
    set(key, value) {
      port.postMessage(['memo-set', key, value]);
    },
  };
}
