import { byteSizeOf, type FileAccess, type Image, type PortType, type Tensor } from '@ffavatar/core';
import { encodePng, writeNpy } from '@ffavatar/core/io';
import { imageToStraightRgba8 } from '@ffavatar/core/nodes';

/**
 * Writes a run's graph outputs into the output folder: images as PNG, tensors as .npy, lists as a
 * folder of numbered files; small JSON-able values go into report.json instead. Returns what
 * report.json records for each output.
 */
export async function writeGraphOutputs(
  outputs: Record<string, unknown>,
  types: Record<string, PortType>,
  files: FileAccess,
): Promise<Record<string, unknown>> {
  const written: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(outputs)) {
    written[name] = await writeOne(name, value, types[name]!, files);
  }
  return written;
}

async function writeOne(path: string, value: unknown, type: PortType, files: FileAccess): Promise<unknown> {
  if (type.item && Array.isArray(value)) {
    const items = [];
    for (let i = 0; i < value.length; i++)
      items.push(await writeOne(`${path}/${String(i).padStart(3, '0')}`, value[i], type.item, files));
    return items;
  }
  switch (type.name) {
    case 'Image':
      return { file: await files.write(`${path}.png`, encodePng(imageToStraightRgba8(value as Image))) };
    case 'Tensor': {
      const t = value as Tensor;
      const dtype = t.dtype === 'f16' ? 'f16' : t.dtype;
      return { file: await files.write(`${path}.npy`, writeNpy({ dtype, shape: t.shape, data: t.data })) };
    }
    default:
      if (isSmallJson(value)) return { value: toJson(value) };
      return { note: `a ${type.name} is not written by the runner; add a save node to the graph` };
  }
}

/** Small values (cameras, tracking, metrics) go into report.json, typed arrays as plain arrays. */
const INLINE_LIMIT = 256 * 1024;

function isSmallJson(value: unknown): boolean {
  if (byteSizeOf(value) > INLINE_LIMIT) return false;
  try {
    const text = JSON.stringify(toJson(value));
    return text !== undefined && text.length < 4 * INLINE_LIMIT;
  } catch {
    return false;
  }
}

function toJson(value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number | bigint>, (v) =>
      typeof v === 'bigint' ? Number(v) : v,
    );
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}
