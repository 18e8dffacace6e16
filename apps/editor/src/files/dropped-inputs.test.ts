import { describe, expect, it } from 'vitest';
import { EMPTY_META } from './graph-mapping.js';
import {
  droppedValue,
  dropFiles,
  dropInput,
  isImageFile,
  isVideoFile,
  releaseDropped,
} from './dropped-inputs.js';

describe('dropped photos', () => {
  it('feed the first graph input of type Path or List<Path>, declared or read from its target port', () => {
    const nodeType = (node: string) => (node === 'load' ? 'io.loadImage' : undefined);
    expect(
      dropInput(
        {
          ...EMPTY_META,
          inputs: { n: { to: 'x.value', type: 'Number' }, images: { to: 'load.path', type: 'List<Path>' } },
        },
        'photos',
        nodeType,
      ),
    ).toEqual({ name: 'images', list: true });
    expect(dropInput({ ...EMPTY_META, inputs: { photo: 'load.path' } }, 'photos', nodeType)).toEqual({
      name: 'photo',
      list: false,
    });
    expect(dropInput(EMPTY_META, 'photos', nodeType)).toBeUndefined();
  });

  it('a video feeds the input that reaches io.loadVideo, photos never do', () => {
    const nodeType = (node: string) => ({ load: 'io.loadImage', video: 'io.loadVideo' })[node];
    const meta = {
      ...EMPTY_META,
      inputs: { driving: 'video.path', images: { to: 'load.path', type: 'List<Path>' } },
    };
    expect(dropInput(meta, 'video', nodeType)).toEqual({ name: 'driving', list: false });
    expect(dropInput(meta, 'photos', nodeType)).toEqual({ name: 'images', list: true });
    expect(dropInput({ ...meta, inputs: { images: meta.inputs.images } }, 'video', nodeType)).toBeUndefined();
    expect(
      [new File([], 'clip.MP4'), new File([], 'x', { type: 'video/webm' }), new File([], 'a.png')].map(
        isVideoFile,
      ),
    ).toEqual([true, true, false]);
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
