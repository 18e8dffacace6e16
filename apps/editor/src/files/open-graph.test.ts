import { describe, expect, it } from 'vitest';
import { openGraphText } from './open-graph.js';

describe('openGraphText', () => {
  it('gives the validated document of a good file, with no problems', () => {
    const r = openGraphText(
      JSON.stringify({
        format: 'ffavatar-graph',
        version: 1,
        nodes: [
          { id: 'paths', type: 'core.paths', params: { values: ['a.png'] } },
          { id: 'load', type: 'io.loadImage' },
        ],
        edges: [{ from: 'paths.paths', to: 'load.path' }],
      }),
    );
    expect(r.problems).toEqual([]);
    expect(r.doc?.nodes.map((n) => n.id)).toEqual(['paths', 'load']);
  });

  it('still gives what has a valid shape when there are semantic problems, listing them all', () => {
    const r = openGraphText(
      JSON.stringify({
        format: 'ffavatar-graph',
        version: 1,
        nodes: [
          { id: 'm', type: 'nope.unknown' },
          { id: 'load', type: 'io.loadImage' },
        ],
        edges: [{ from: 'load.image', to: 'm.image' }],
      }),
    );
    expect(r.doc?.nodes.map((n) => n.id)).toEqual(['m', 'load']);
    expect(r.problems.map((p) => p.code)).toContain('unknown_node_type');
  });

  it('gives no document for text that is not JSON', () => {
    const r = openGraphText('{ "format": "ffavatar-graph", ');
    expect(r.doc).toBeUndefined();
    expect(r.problems.map((p) => p.code)).toContain('json_parse');
  });
});
