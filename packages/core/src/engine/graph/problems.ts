/**
 * A problem with a graph, as the CLI prints it and the editor shows it: a stable code, a JSON
 * pointer into the file, a sentence, and where it helps the node, port and expected/received values.
 */
export type ProblemCode =
  | 'json_parse'
  | 'bad_format'
  | 'unsupported_version'
  | 'bad_document'
  | 'duplicate_node_id'
  | 'unknown_node_type'
  | 'unknown_node'
  | 'unknown_port'
  | 'unknown_port_type'
  | 'type_mismatch'
  | 'input_connected_twice'
  | 'missing_input'
  | 'bad_param'
  | 'cycle'
  | 'list_length_mismatch';

export interface GraphProblem {
  code: ProblemCode;
  /** RFC 6901 pointer into the graph document, e.g. `/nodes/2/params/iterations`. */
  pointer: string;
  message: string;
  node?: string;
  port?: string;
  expected?: string;
  received?: string;
}

export function pointer(...parts: (string | number)[]): string {
  return parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function formatProblem(p: GraphProblem, file?: string): string {
  return `${file ? `${file}: ` : ''}${p.pointer || '/'}: ${p.message} [${p.code}]`;
}

/** Thrown where a single problem list must stop a run (bad graph, bad --set, bad input). */
export class GraphError extends Error {
  override name = 'GraphError';
  constructor(
    readonly problems: GraphProblem[],
    readonly file?: string,
  ) {
    super(problems.map((p) => formatProblem(p, file)).join('\n'));
  }
}
