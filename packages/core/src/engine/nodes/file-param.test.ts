import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineNode } from './define-node.js';
import { describeNode } from './describe.js';
import { fileParam, fileParamInfo } from './file-param.js';

describe('fileParam', () => {
  it('marks a string param as a file the node reads, in the JSON Schema the editor reads, and validates as before', () => {
    const def = defineNode({
      type: 'test.readsFile',
      version: 1,
      title: 'Reads a file',
      category: 'Test',
      params: z.object({
        model: fileParam(z.string().min(1), ['.onnx']).default('asset:m.onnx'),
        note: z.string().default(''),
      }),
      outputs: {},
      run: () => ({}),
    });
    const props = (describeNode(def).params as { properties: Record<string, Record<string, unknown>> })
      .properties;
    expect(fileParamInfo(props.model!)).toEqual({ accept: ['.onnx'] });
    expect(props.model!.default).toBe('asset:m.onnx');
    expect(fileParamInfo(props.note!)).toBeUndefined();
    expect(def.params.safeParse({ model: '' }).success).toBe(false);
    expect(def.params.parse({})).toEqual({ model: 'asset:m.onnx', note: '' });
  });
});
