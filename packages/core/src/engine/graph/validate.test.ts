import { describe, expect, it } from 'vitest';
import { createRegistry } from '../nodes/registry.js';
import stubs from '../../test-support/stub-nodes.js';
import { graph } from '../../test-support/graph-builder.js';
import { loadGraphText, validateGraph } from './validate.js';
import { saveGraph } from './document.js';
import type { GraphMigration } from './migrate.js';

const registry = createRegistry([stubs]);
const codes = (doc: unknown) =>
  validateGraph(doc, registry)
    .problems.map((p) => p.code)
    .sort();

describe('validateGraph', () => {
  it('accepts a well-formed graph and orders nodes topologically', () => {
    const { problems, plan } = validateGraph(
      graph({ c: ['test.add'], a: ['test.source'], b: ['test.add'] }, ['a.out -> b.a', 'b.sum -> c.a'], {
        outputs: { result: 'c.sum' },
      }),
      registry,
    );
    expect(problems).toEqual([]);
    expect(plan!.order.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(plan!.outputs.result!.type.name).toBe('Number');
  });

  it('reports a cycle, a type mismatch, an unknown node type and a bad param all at once', () => {
    const doc = graph(
      {
        a: ['test.add'],
        b: ['test.add'],
        t: ['test.label'],
        u: ['test.add'],
        x: ['test.nope'],
        s: ['test.source', { value: 'high' }],
      },
      ['a.sum -> b.a', 'b.sum -> a.a', 's.out -> t.n', 't.text -> u.a'],
    );
    const { problems } = validateGraph(doc, registry);
    expect(problems.map((p) => p.code).sort()).toEqual([
      'bad_param',
      'cycle',
      'type_mismatch',
      'unknown_node_type',
    ]);
    const byCode = Object.fromEntries(problems.map((p) => [p.code, p]));
    expect(byCode.cycle!.message).toMatch(/a -> b -> a|b -> a -> b/);
    expect(byCode.type_mismatch).toMatchObject({
      pointer: '/edges/3',
      node: 'u',
      port: 'a',
      expected: 'Number',
      received: 'Text',
    });
    expect(byCode.unknown_node_type).toMatchObject({ pointer: '/nodes/4/type', node: 'x' });
    expect(byCode.bad_param).toMatchObject({ pointer: '/nodes/5/params/value', node: 's' });
  });

  it('stays silent downstream of an unknown node type (only the root cause shows)', () => {
    expect(codes(graph({ x: ['test.nope'], b: ['test.add'] }, ['x.whatever -> b.a']))).toEqual([
      'unknown_node_type',
    ]);
  });

  it('suggests the closest node type', () => {
    const { problems } = validateGraph(graph({ x: ['test.ad'] }), registry);
    expect(problems[0]!.message).toContain('did you mean "test.add"');
  });

  it('names unknown ports with the ports that exist', () => {
    const { problems } = validateGraph(
      graph({ a: ['test.source'], b: ['test.add'] }, ['a.out -> b.c']),
      registry,
    );
    expect(problems).toHaveLength(2); // unknown port c, and b.a is then missing
    expect(problems.find((p) => p.code === 'unknown_port')!.message).toContain('it has a, b');
  });

  it('reports missing required inputs, edges to unknown nodes and inputs connected twice', () => {
    expect(codes(graph({ b: ['test.add'] }))).toEqual(['missing_input']);
    expect(codes(graph({ a: ['test.source'] }, ['a.out -> zz.a']))).toEqual(['unknown_node']);
    expect(
      codes(
        graph({ a: ['test.source'], c: ['test.source'], b: ['test.add'] }, ['a.out -> b.a', 'c.out -> b.a']),
      ),
    ).toEqual(['input_connected_twice']);
  });

  it('reports duplicate ids and document shape errors with pointers', () => {
    expect(codes(graph({ a: ['test.source'] }, [], {}))).toEqual([]);
    const dup = {
      ...graph({ a: ['test.source'] }),
      nodes: [
        { id: 'a', type: 'test.source' },
        { id: 'a', type: 'test.source' },
      ],
    };
    expect(codes(dup)).toEqual(['duplicate_node_id']);
    const bad = validateGraph(
      { format: 'ffavatar-graph', version: 1, nodes: [{ id: 3 }] },
      registry,
    ).problems;
    expect(bad.map((p) => p.pointer)).toEqual(['/nodes/0/id', '/nodes/0/type']);
    expect(validateGraph({ format: 'other' }, registry).problems[0]!.code).toBe('bad_format');
    expect(
      validateGraph({ format: 'ffavatar-graph', version: 9, nodes: [] }, registry).problems[0]!.message,
    ).toMatch(/newer/);
  });

  it('marks a node fed a List where it takes one item as mapped, with List outputs', () => {
    const { plan, problems } = validateGraph(
      graph({ l: ['test.numbers', { values: [1, 2] }], x: ['test.add'], s: ['test.sumList'] }, [
        'l.list -> x.a',
        'x.sum -> s.list',
      ]),
      registry,
    );
    expect(problems).toEqual([]);
    const x = plan!.order.find((n) => n.id === 'x')!;
    expect(x.mapped).toBe(true);
    expect(x.outputTypes.sum!.name).toBe('List<Number>');
  });

  it('binds graph inputs and checks their declared type', () => {
    const ok = validateGraph(
      graph({ b: ['test.add'] }, [], { inputs: { n: { to: 'b.a', type: 'List<Number>' } } }),
      registry,
    );
    expect(ok.problems).toEqual([]);
    expect(ok.plan!.order[0]!.mapped).toBe(true);
    expect(codes(graph({ b: ['test.add'] }, [], { inputs: { n: { to: 'b.a', type: 'Texture' } } }))).toEqual([
      'unknown_port_type',
    ]);
    expect(codes(graph({ b: ['test.add'] }, [], { inputs: { n: { to: 'b.a', type: 'Text' } } }))).toEqual([
      'type_mismatch',
    ]);
  });
});

describe('loadGraphText', () => {
  it('names the line and column of a JSON syntax error', () => {
    const { problems } = loadGraphText('{\n  "format": "ffavatar-graph",\n  "nodes": [}\n', registry);
    expect(problems[0]!.code).toBe('json_parse');
    expect(problems[0]!.message).toMatch(/line 3, column 13/);
  });

  it('round-trips through saveGraph', () => {
    const doc = graph({ a: ['test.source', { value: 3 }], b: ['test.add'] }, ['a.out -> b.a'], {
      outputs: { r: 'b.sum' },
    });
    const again = loadGraphText(saveGraph(doc), registry);
    expect(again.problems).toEqual([]);
    expect(saveGraph(again.plan!.doc)).toBe(saveGraph(doc));
  });

  it('keeps canvas frames through a round trip and names a malformed one', () => {
    const doc = {
      ...graph({ a: ['test.source', { value: 3 }] }, []),
      frames: [
        { title: 'Inputs', note: 'photos', x: -40, y: -70, width: 300, height: 200, color: '#5b6b8c' },
      ],
    };
    const again = loadGraphText(saveGraph(doc), registry);
    expect(again.problems).toEqual([]);
    expect(again.plan!.doc.frames).toEqual(doc.frames);
    expect(saveGraph(again.plan!.doc)).toBe(saveGraph(doc));
    const bad = validateGraph(
      { ...doc, frames: [{ title: 'x', x: 0, y: 0, width: -1, height: 10 }] },
      registry,
    ).problems;
    expect(bad.map((p) => p.pointer)).toContain('/frames/0/width');
  });

  it('runs named migration steps on older versions', () => {
    // A hypothetical version 0 kept edges as [from, to] pairs.
    const migrations: GraphMigration[] = [
      {
        name: 'EdgesAsObjects',
        from: 0,
        up: (d) => ({ ...d, edges: (d.edges as [string, string][]).map(([from, to]) => ({ from, to })) }),
      },
    ];
    const v0 = JSON.stringify({
      format: 'ffavatar-graph',
      version: 0,
      nodes: [
        { id: 'a', type: 'test.source' },
        { id: 'b', type: 'test.add' },
      ],
      edges: [['a.out', 'b.a']],
    });
    const { problems, plan } = loadGraphText(v0, registry, migrations);
    expect(problems).toEqual([]);
    expect(plan!.doc.edges).toEqual([{ from: 'a.out', to: 'b.a' }]);
    expect(loadGraphText(v0, registry).problems[0]!.code).toBe('unsupported_version');
  });
});
