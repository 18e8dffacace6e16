import { resolve } from 'node:path';
import {
  applyParamOverrides,
  formatProblem,
  loadGraphText,
  NodeError,
  validateGraph,
  type GraphPlan,
  type GraphProblem,
  type NodeRegistry,
} from '@ffavatar/core';
import { readInputFile } from '@ffavatar/core/node';
import { UsageError } from './errors.js';

export class InvalidGraphError extends Error {
  override name = 'InvalidGraphError';
  constructor(
    readonly file: string,
    readonly problems: GraphProblem[],
  ) {
    super(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  }
}

/** Reads, parses, migrates and validates a graph file, applying `--set` overrides. */
export async function loadGraphFile(
  path: string,
  registry: NodeRegistry,
  overrides: readonly string[] = [],
): Promise<GraphPlan> {
  const file = resolve(path);
  let text: string;
  try {
    text = new TextDecoder().decode(await readInputFile(file, 'graph'));
  } catch (err) {
    const errno = ((err as NodeError).cause as NodeJS.ErrnoException | undefined)?.code;
    throw new UsageError(errno ? `cannot read graph ${file}: ${errno}` : (err as Error).message);
  }
  const loaded = loadGraphText(text, registry);
  if (!loaded.plan) throw new InvalidGraphError(file, loaded.problems);
  if (overrides.length === 0) return loaded.plan;
  const { doc, problems } = applyParamOverrides(loaded.plan.doc, overrides);
  if (problems.length > 0) throw new InvalidGraphError(file, problems);
  const again = validateGraph(doc, registry);
  if (!again.plan) throw new InvalidGraphError(file, again.problems);
  return again.plan;
}
