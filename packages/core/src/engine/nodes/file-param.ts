import type { z } from 'zod';

/** The JSON Schema key that marks a string param as a file the node reads. */
export const FILE_PARAM_KEY = 'x-ffavatar-file';

export interface FileParamInfo {
  /** Extensions the picker offers, e.g. ['.npz']; empty: any file. */
  accept: string[];
}

/**
 * Marks a string param as the path of a file the node reads (a model, weights): the runner
 * resolves it like any path (relative to the graph, or `asset:`), and the editor draws a file
 * picker with the shared assets as suggestions. Output paths of effect nodes are plain strings.
 */
export function fileParam<S extends z.ZodString>(schema: S, accept: string[] = []): S {
  return schema.meta({ [FILE_PARAM_KEY]: { accept } satisfies FileParamInfo }) as S;
}

/** The file marking of a param's JSON Schema (describeNode's params), if it has one. */
export function fileParamInfo(schema: Record<string, unknown>): FileParamInfo | undefined {
  const info = schema[FILE_PARAM_KEY] as FileParamInfo | undefined;
  return info && Array.isArray(info.accept) ? info : undefined;
}
