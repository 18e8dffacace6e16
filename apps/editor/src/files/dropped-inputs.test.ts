import { describe, expect, it } from 'vitest';
import { EMPTY_META } from './graph-mapping.js';
import {
  droppedValue,
  dropFiles,
  isImageFile,
  photoInput,
  portTypeOf,
  releaseDropped,
} from './dropped-inputs.js';

describe('dropped photos', () => {
  it('feed the first graph input of type Path or List<Path>, declared or read from its target port', () => {
    const types = (node: string, port: string) =>
      portTypeOf(node === 'load' ? 'io.loadImage' : undefined, port);
    expect(
      photoInput(
        {
          ...EMPTY_META,
          inputs: { n: { to: 'x.value', type: 'Number' }, images: { to: 'load.path', type: 'List<Path>' } },
        },
        types,
      ),
    ).toEqual({ name: 'images', list: true });
    expect(photoInput({ ...EMPTY_META, inputs: { photo: 'load.path' } }, types)).toEqual({
      name: 'photo',
      list: false,
    });
    expect(photoInput(EMPTY_META, types)).toBeUndefined();
  });

  it('are images by type or extension; one input takes one file, a list takes them all', () => {
    const a = new File([new Uint8Array(1)], 'a.PNG'),
      b = new File([new Uint8Array(1)], 'b.jpg', { type: 'image/jpeg' });
    expect([a, b, new File([], 'notes.txt')].map(isImageFile)).toEqual([true, true, false]);
    const one = dropFiles({ name: 'photo', list: false }, [a, b]);
    expect(one.files).toEqual(['a.PNG']);
    expect(droppedValue(one)).toMatch(/^blob:.*#a\.PNG$/);
    const all = dropFiles({ name: 'images', list: true }, [a, b]);
    expect(droppedValue(all)).toHaveLength(2);
    releaseDropped(one);
    releaseDropped(all);
  });
});
