import type { NodeRegistry } from '@ffavatar/core';
import { UsageError } from '../errors.js';
import { batchStatusCommand } from '../batch/batch-status.js';
import { intFlag, secondsFlag } from '../batch/flags.js';
import { batchCommand } from '../batch/run-batch.js';

export interface BatchCliValues {
  items?: string | undefined;
  'item-input'?: string | undefined;
  out?: string | undefined;
  input: string[];
  set: string[];
  concurrency?: string | undefined;
  workers?: string | undefined;
  queue?: string | undefined;
  detach: boolean;
  timeout?: string | undefined;
  json: boolean;
  config?: string | undefined;
}

/** `ffavatar batch <graph.json> ...` and `ffavatar batch status <batch-id> --queue URL`. */
export async function batchCliCommand(
  registry: NodeRegistry,
  rest: string[],
  values: BatchCliValues,
): Promise<number> {
  if (rest[0] === 'status' && rest.length === 2)
    return batchStatusCommand(rest[1]!, values.queue, values.json);
  if (rest.length !== 1)
    throw new UsageError(
      'usage: ffavatar batch <graph.json> --items FOLDER|LIST.json|GLOB --out DIR, or ffavatar batch status <batch-id> --queue URL',
    );
  if (values.queue && values.concurrency)
    throw new UsageError(
      '--concurrency with --queue: each `ffavatar worker` sets its own (--concurrency there)',
    );
  return batchCommand(registry, {
    graph: rest[0]!,
    items: values.items,
    itemInput: values['item-input'],
    out: values.out,
    inputs: values.input,
    sets: values.set,
    concurrency: intFlag('concurrency', values.concurrency),
    threads: intFlag('workers', values.workers),
    queue: values.queue,
    detach: values.detach,
    timeoutS: secondsFlag('timeout', values.timeout),
    json: values.json,
    config: values.config,
  });
}
