// What a user's mistake looks like in a run's errors: a code the CLI, the editor and the batch
// retry policy act on, and a sentence naming the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../engine/nodes/registry.js';
import { validateGraph } from '../engine/graph/validate.js';
import { runGraph } from '../engine/exec/run-graph.js';
import coreNodes from '../builtin/index.js';
import { graph } from '../test-support/graph-builder.js';
import { nodeFileAccess } from './file-access.js';

const registry = createRegistry([coreNodes]);
const { plan } = validateGraph(
  graph({ load: ['io.loadImage'] }, [], { inputs: { photo: { to: 'load.path', type: 'Path' } } }),
  registry,
);

async function errorOf(setup: (dir: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'error-codes-'));
  const roots = { baseDir: dir, outDir: undefined };
  const result = await runGraph(plan!, {
    roots,
    files: nodeFileAccess(roots),
    inputs: { photo: setup(dir) },
  });
  expect(result.errors).toHaveLength(1);
  return result.errors[0]!;
}

describe('error codes of a run', () => {
  it('a photo that is not an image is bad input, named in the message', async () => {
    const e = await errorOf((dir) => {
      writeFileSync(join(dir, 'notes.png'), 'just text');
      return 'notes.png';
    });
    expect(e).toMatchObject({ node: 'load', code: 'bad_input' });
    expect(e.message).toContain('notes.png');
  });

  it('a missing photo is an io failure, not retried, named in the message', async () => {
    const e = await errorOf(() => 'nowhere.png');
    expect(e).toMatchObject({ node: 'load', code: 'io' });
    expect(e.message).toMatch(/nowhere\.png/);
  });
});
