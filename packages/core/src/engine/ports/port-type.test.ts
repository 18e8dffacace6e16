import { describe, expect, it } from 'vitest';
import { Any, Image, Num, Path, Tensor, portTypeByName } from './builtin-types.js';
import { checkValue, connectionKind, listOf } from './port-type.js';

describe('port types', () => {
  it('connects equal types directly, List<T> to T by mapping, and refuses the rest', () => {
    expect(connectionKind(Image, Image)).toBe('direct');
    expect(connectionKind(listOf(Image), listOf(Image))).toBe('direct');
    expect(connectionKind(listOf(Image), Image)).toBe('map');
    expect(connectionKind(Image, listOf(Image))).toBeNull();
    expect(connectionKind(Path, Num)).toBeNull();
    expect(connectionKind(Image, Any)).toBe('direct');
    expect(connectionKind(listOf(Any), Path)).toBe('map');
    expect(connectionKind(Any, listOf(Image))).toBe('direct');
  });

  it('checks values and says what is wrong, naming the field', () => {
    const ok = { width: 2, height: 1, format: 'rgba8', data: new Uint8Array(8) };
    expect(checkValue(Image, ok)).toBeNull();
    expect(checkValue(Image, { ...ok, data: new Uint8Array(7) })).toBe(
      'not a valid Image at data: expected [H, W, 4] (8 values), got 7',
    );
    expect(checkValue(Image, { ...ok, data: new Float32Array(8) })).toMatch(/format rgba8 needs Uint8Array/);
    expect(checkValue(Tensor, { dtype: 'f32', shape: [2], data: new Float32Array(2) })).toBeNull();
    expect(checkValue(Num, Number.NaN)).toMatch(/not a valid Number/);
  });

  it('accepts views on SharedArrayBuffer (shared inputs of mapped nodes)', () => {
    const data = new Uint8Array(new SharedArrayBuffer(8));
    expect(checkValue(Image, { width: 2, height: 1, format: 'rgba8', data })).toBeNull();
  });

  it('resolves type names as graph files write them', () => {
    expect(portTypeByName('List<List<Image>>')!.name).toBe('List<List<Image>>');
    expect(portTypeByName('List<Image>')).toBe(listOf(Image));
    expect(portTypeByName('Nope')).toBeUndefined();
  });
});
