import type { GraphDocument } from '../graph/document.js';
import { jsonDepthExceeded, MAX_JSON_DEPTH } from '../graph/parse.js';
import type { GraphProblem } from '../graph/problems.js';

/**
 * Applies `NODE.PARAM=VALUE` overrides (the CLI's `--set`) to a graph document. VALUE is read as
 * JSON when it parses (numbers, booleans, arrays), else as a string. Param validity is checked
 * afterwards by the normal validation, which names the node and param.
 */
export function applyParamOverrides(
  doc: GraphDocument,
  overrides: readonly string[],
): { doc: GraphDocument; problems: GraphProblem[] } {
  const problems: GraphProblem[] = [];
  const nodes = doc.nodes.map((n) => ({ ...n, params: { ...(n.params ?? {}) } }));
  for (const override of overrides) {
    const m = /^([A-Za-z_][\w-]*)\.([A-Za-z_][\w.]*)=(.*)$/s.exec(override);
    if (!m) {
      problems.push({
        code: 'bad_param',
        pointer: '',
        message: `--set ${override}: expected NODE.PARAM=VALUE`,
      });
      continue;
    }
    const [, nodeId, path, raw] = m as unknown as [string, string, string, string];
    const node = nodes.find((n) => n.id === nodeId);
    if (!node) {
      problems.push({
        code: 'unknown_node',
        pointer: '/nodes',
        node: nodeId,
        message: `--set ${override}: there is no node "${nodeId}"`,
      });
      continue;
    }
    if (jsonDepthExceeded(raw) !== undefined) {
      problems.push({
        code: 'bad_param',
        pointer: '/nodes',
        node: nodeId,
        message: `--set ${nodeId}.${path}: the value nests deeper than ${MAX_JSON_DEPTH} levels`,
      });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    const keys = path.split('.');
    let target = node.params as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) {
      const next = target[key];
      target = target[key] =
        typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...next } : {};
    }
    target[keys[keys.length - 1]!] = value;
  }
  return { doc: { ...doc, nodes }, problems };
}
