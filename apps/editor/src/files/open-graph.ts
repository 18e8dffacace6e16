import {
  GraphDocumentSchema,
  loadGraphText,
  migrateGraph,
  parseJsonText,
  type GraphDocument,
  type GraphProblem,
} from '@ffavatar/core';
import { registry } from '../registry.js';

export interface OpenedGraph {
  /** What can be drawn: the document when its shape parses, even if it has semantic problems. */
  doc: GraphDocument | undefined;
  /** Every problem core's validateGraph finds, as the CLI would list them. */
  problems: GraphProblem[];
}

/**
 * Reads graph file text the way the CLI does (loadGraphText: parse, migrate, validate). An invalid
 * file still opens: whatever has a valid shape is drawn and the problems are listed beside it.
 */
export function openGraphText(text: string): OpenedGraph {
  const result = loadGraphText(text, registry);
  if (result.plan) return { doc: result.plan.doc, problems: [] };
  const parsed = parseJsonText(text);
  if (parsed.problems.length > 0) return { doc: undefined, problems: result.problems };
  const migrated = migrateGraph(parsed.value);
  const shape = GraphDocumentSchema.safeParse(migrated.doc);
  return { doc: shape.success ? shape.data : undefined, problems: result.problems };
}
