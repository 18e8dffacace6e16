import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { builtinGraphSchema, SCHEMA_FILE } from './export-schema.js';

const graphsDir = fileURLToPath(new URL('../../../graphs/', import.meta.url));

describe('graph JSON Schema', () => {
  it('is committed and up to date (run `pnpm schema` after changing node params)', async () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(await builtinGraphSchema());
  });

  it('validates the shipped graphs with a stock JSON Schema validator, and rejects bad ones', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const shipped = readdirSync(graphsDir).filter((f) => f.endsWith('.json'));
    expect(shipped.length).toBeGreaterThan(0);
    for (const file of shipped) {
      const ok = validate(JSON.parse(readFileSync(`${graphsDir}${file}`, 'utf8')));
      expect(validate.errors ?? [], file).toEqual([]);
      expect(ok).toBe(true);
    }
    const base = { format: 'ffavatar-graph', version: 1, edges: [] };
    expect(validate({ ...base, nodes: [{ id: 's', type: 'io.saveImage', params: { quality: 500 } }] })).toBe(false);
    expect(validate({ ...base, nodes: [{ id: 's', type: 'io.nope' }] })).toBe(false);
    expect(validate({ ...base, nodes: [], edges: [{ from: 'a', to: 'b.c' }] })).toBe(false);
  });
});
