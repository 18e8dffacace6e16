import { z } from 'zod';
import { decodeImage, encodeJpeg, encodePng } from '../io/image-codec.js';
import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Image, Path } from '../engine/ports/builtin-types.js';
import { imageToRgba8 } from '../engine/values/image.js';
import { listOf } from '../engine/ports/port-type.js';
import { throwIfAborted } from '../engine/exec/node-context.js';
import { fingerprintInputFiles } from '../engine/exec/fingerprint.js';

export const loadImage = defineNode({
  type: 'io.loadImage', version: 1, title: 'Load image', category: 'IO',
  description: 'Decodes a PNG or JPEG file to an rgba8 image. Fed a list of paths, it loads each.',
  inputs: { path: input(Path) },
  outputs: { image: output(Image) },
  fingerprint: fingerprintInputFiles('path'),
  async run({ inputs, ctx }) {
    const bytes = await ctx.files.read(inputs.path);
    throwIfAborted(ctx.signal);
    const img = decodeImage(bytes, ctx.files.resolve(inputs.path));
    return { image: { width: img.width, height: img.height, format: 'rgba8' as const, data: img.data } };
  },
});

const imageExtensions = /\.(png|jpe?g)$/i;

export const listImages = defineNode({
  type: 'io.listImages', version: 1, title: 'List images', category: 'IO',
  description: 'The PNG and JPEG files of a folder, sorted by name. A file path gives a list of one.',
  inputs: { folder: input(Path) },
  outputs: { paths: output(listOf(Path)) },
  // The folder's listing: a photo added or removed changes the list (a photo replaced in place
  // does not, and io.loadImage reads it again by its own fingerprint).
  fingerprint: fingerprintInputFiles('folder'),
  async run({ inputs, ctx }) {
    const base = ctx.files.resolve(inputs.folder);
    if (imageExtensions.test(base)) return { paths: [base] };
    const names = (await ctx.files.list(base)).filter((n) => imageExtensions.test(n));
    if (names.length === 0) throw new Error(`no PNG or JPEG files in ${base}`);
    return { paths: names.map((n) => `${base}/${n}`) };
  },
});

export const saveImage = defineNode({
  type: 'io.saveImage', version: 1, title: 'Save image', category: 'IO', effect: true,
  description: 'Writes an image under the output folder, atomically. In a mapped run `{item}` in the path is the item number.',
  inputs: { image: input(Image) },
  params: z.object({
    path: z.string().min(1).default('image.png').describe('Relative to the output folder; .png or .jpg'),
    quality: z.number().int().min(1).max(100).default(92).describe('JPEG quality'),
  }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    const rel = itemPath(params.path, ctx.item);
    const rgba = imageToRgba8(inputs.image);
    const bytes = /\.jpe?g$/i.test(rel) ? encodeJpeg(rgba, params.quality) : encodePng(rgba);
    return { path: await ctx.files.write(rel, bytes) };
  },
});

/** `renders/{item}.png` -> `renders/003.png`; a mapped save without `{item}` gets `_003` before the extension. */
export function itemPath(template: string, item: number | undefined): string {
  if (item === undefined) return template.replace(/\{item\}/g, '0');
  const tag = String(item).padStart(3, '0');
  if (template.includes('{item}')) return template.replace(/\{item\}/g, tag);
  const dot = template.lastIndexOf('.');
  return dot > template.lastIndexOf('/') ? `${template.slice(0, dot)}_${tag}${template.slice(dot)}` : `${template}_${tag}`;
}
