import { fileURLToPath } from 'node:url';
import { graphJsonSchema } from '@ffavatar/core';
import { writeFileAtomic } from '@ffavatar/core/node';
import { loadRegistry } from '@ffavatar/headless-runner';

/** The committed schema file, for editors ("$schema") and CI that validate graphs without our code. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema/ffavatar-graph.v1.schema.json', import.meta.url));

export async function builtinGraphSchema(): Promise<string> {
  const registry = await loadRegistry({ plugins: [], config: undefined });
  return `${JSON.stringify(graphJsonSchema(registry), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFileAtomic(SCHEMA_FILE, await builtinGraphSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
