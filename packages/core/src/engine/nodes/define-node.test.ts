import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { Image, Num, Text } from '../ports/builtin-types.js';
import { defineNode, defineNodePackage, input, output } from './define-node.js';

describe('defineNode', () => {
  it('types run() from the ports and params', () => {
    const node = defineNode({
      type: 'demo.caption',
      version: 1,
      title: 'Caption',
      category: 'Demo',
      inputs: { image: input(Image), prefix: input(Text, { optional: true }) },
      outputs: { text: output(Text), width: output(Num) },
      params: z.object({ upper: z.boolean().default(false) }),
      run({ inputs, params }) {
        expectTypeOf(inputs.image.width).toEqualTypeOf<number>();
        expectTypeOf(inputs.prefix).toEqualTypeOf<string | undefined>();
        expectTypeOf(params.upper).toEqualTypeOf<boolean>();
        const text = `${inputs.prefix ?? ''}${inputs.image.width}x${inputs.image.height}`;
        return { text: params.upper ? text.toUpperCase() : text, width: inputs.image.width };
      },
    });
    expect(node.effect).toBe(false);
    expect(node.runOn).toBe('worker');

    defineNode({
      type: 'demo.wrong',
      version: 1,
      title: 'Wrong',
      category: 'Demo',
      outputs: { n: output(Num) },
      // @ts-expect-error -- an output of type Number cannot be a string
      run: () => ({ n: 'three' }),
    });
    defineNode({
      type: 'demo.missing',
      version: 1,
      title: 'Missing',
      category: 'Demo',
      outputs: { n: output(Num), t: output(Text) },
      // @ts-expect-error -- every declared output must be returned
      run: () => ({ n: 3 }),
    });
  });

  it('refuses malformed definitions at definition time', () => {
    const base = { version: 1, title: 'X', category: 'X', run: () => ({}) };
    expect(() => defineNode({ ...base, type: 'NoDot' })).toThrow(/must look like "package.name"/);
    expect(() => defineNode({ ...base, type: 'a.b', version: 0 })).toThrow(
      /version must be a positive integer/,
    );
    expect(() => defineNode({ ...base, type: 'a.b', inputs: { 'bad-name': input(Num) } })).toThrow(
      /port name "bad-name"/,
    );
  });

  it('refuses a package that defines a node type twice', () => {
    const n = defineNode({ type: 'a.b', version: 1, title: 'X', category: 'X', run: () => ({}) });
    expect(() => defineNodePackage({ name: 'p', nodes: [n, n] })).toThrow(/defined twice/);
  });
});
