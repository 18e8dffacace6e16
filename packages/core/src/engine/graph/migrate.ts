import { GRAPH_FORMAT, GRAPH_VERSION } from './document.js';
import type { GraphProblem } from './problems.js';

/**
 * A named migration step, tldraw style: one step per format version, each with its own test.
 * Version 1 is the first released format, so the built-in list is empty; the hook is here so the
 * first change to the format lands as a step, not as ad-hoc code in the loader.
 */
export interface GraphMigration {
  readonly name: string;
  readonly from: number;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

export const graphMigrations: readonly GraphMigration[] = [];

export function migrateGraph(
  raw: unknown,
  migrations: readonly GraphMigration[] = graphMigrations,
): { doc: unknown; applied: string[]; problems: GraphProblem[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      doc: raw,
      applied: [],
      problems: [{ code: 'bad_document', pointer: '', message: 'a graph file is a JSON object' }],
    };
  }
  let doc = raw as Record<string, unknown>;
  if (doc.format !== GRAPH_FORMAT) {
    return {
      doc,
      applied: [],
      problems: [
        {
          code: 'bad_format',
          pointer: '/format',
          message: `not an FFAvatar graph: "format" must be "${GRAPH_FORMAT}"`,
          expected: GRAPH_FORMAT,
          received: JSON.stringify(doc.format),
        },
      ],
    };
  }
  const applied: string[] = [];
  let version = doc.version;
  while (typeof version === 'number' && version < GRAPH_VERSION) {
    const step = migrations.find((m) => m.from === version);
    if (!step) break;
    doc = { ...step.up(doc), version: version + 1 };
    applied.push(step.name);
    version = doc.version;
  }
  if (version !== GRAPH_VERSION) {
    const newer = typeof version === 'number' && version > GRAPH_VERSION;
    return {
      doc,
      applied,
      problems: [
        {
          code: 'unsupported_version',
          pointer: '/version',
          message: newer
            ? `graph format version ${version} is newer than this FFAvatar understands (${GRAPH_VERSION}); update FFAvatar`
            : `graph format version ${JSON.stringify(version)} cannot be migrated to ${GRAPH_VERSION}`,
          expected: String(GRAPH_VERSION),
          received: JSON.stringify(version),
        },
      ],
    };
  }
  return { doc, applied, problems: [] };
}
