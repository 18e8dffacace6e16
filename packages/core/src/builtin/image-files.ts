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
    const source = ctx.files.resolve(inputs.path);
    const img = decodeImage(bytes, source);
    // `source` rides along (Image is an open object) so a node failing on this photo, many steps
    // on, can say which photo of a multi-photo run it was.
    return { image: { width: img.width, height: img.height, format: 'rgba8' as const, data: img.data, source } };
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

/**
 * A save path names a file with its format's extension. Written as a regex (not a refine) so the
 * graph JSON Schema carries it as `pattern` and a stock validator refuses the same paths; no `i`
 * flag for the same reason (JSON Schema patterns have none).
 */
export function savePathParam(extensions: readonly string[], example: string) {
  const ext = extensions.map((e) => [...e.slice(1)].map((c) => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('')).join('|');
  const listed = extensions.length === 1 ? extensions[0]! : `${extensions.slice(0, -1).join(', ')} or ${extensions[extensions.length - 1]}`;
  return z.string().min(1).regex(new RegExp(`^(?:.*/)?[^/]+\\.(?:${ext})$`), `a file path ending in ${listed}, relative to the output folder (e.g. ${example})`);
}

export const saveImage = defineNode({
  type: 'io.saveImage', version: 1, title: 'Save image', category: 'IO', effect: true,
  description: 'Writes an image under the output folder, atomically. In a mapped run `{item}` in the path is the item number.',
  inputs: { image: input(Image) },
  params: z.object({
    path: savePathParam(['.png', '.jpg', '.jpeg'], 'renders/view_{item}.png').default('image.png').describe('Relative to the output folder; .png, .jpg or .jpeg'),
    quality: z.number().int().min(1).max(100).default(92).describe('JPEG quality'),
  }),
  outputs: { path: output(Path) },
  async run({ inputs, params, ctx }) {
    const rel = itemPath(params.path, ctx.item);
    // JPEG has no alpha: it keeps the colour as composited; PNG stores straight alpha.
    const bytes = /\.jpe?g$/i.test(rel) ? encodeJpeg(imageToRgba8(inputs.image), params.quality) : encodePng(imageToStraightRgba8(inputs.image));
    return { path: await ctx.files.write(rel, bytes) };
  },
});

/**
 * An image marked `alphaMode: 'premultiplied'` holds colour already composited over `background`
 * (black unless given): rgb = straight * a + (1 - a) * background, which is what a rasterizer's
 * front-to-back blend produces. The Image contract elsewhere is straight alpha (PNG's meaning).
 */
export interface PremultipliedMarks {
  alphaMode?: 'straight' | 'premultiplied';
  background?: readonly number[];
}

/**
 * An Image as 8-bit straight-alpha RGBA, what PNG means: a premultiplied image (see
 * PremultipliedMarks) is un-premultiplied here, once, at the file edge. Saved as it was, its
 * colour would be multiplied by alpha a second time by every viewer: dark fringes on any
 * background but black. Other images pass to imageToRgba8 unchanged.
 */
export function imageToStraightRgba8(img: Image): { width: number; height: number; data: Uint8Array } {
  const marks = img as Image & PremultipliedMarks;
  if (marks.alphaMode !== 'premultiplied') return imageToRgba8(img);
  const bg = [0, 1, 2].map((c) => Number(marks.background?.[c] ?? 0));
  const src = img.data;
  const scale = img.format === 'rgba8' ? 1 / 255 : 1;
  const data = new Uint8Array(img.width * img.height * 4);
  for (let p = 0; p < data.length; p += 4) {
    const a = Math.min(1, Math.max(0, src[p + 3]! * scale));
    for (let c = 0; c < 3; c++) {
      // Where nothing covers the pixel its colour is invisible; the background is what a viewer
      // that ignores alpha should see.
      const v = a > 0 ? (src[p + c]! * scale - (1 - a) * bg[c]!) / a : bg[c]!;
      data[p + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    }
    data[p + 3] = Math.round(a * 255);
  }
  return { width: img.width, height: img.height, data };
}

/** `renders/{item}.png` -> `renders/003.png`; a mapped save without `{item}` gets `_003` before the extension. */
export function itemPath(template: string, item: number | undefined): string {
  if (item === undefined) return template.replace(/\{item\}/g, '0');
  const tag = String(item).padStart(3, '0');
  if (template.includes('{item}')) return template.replace(/\{item\}/g, tag);
  const dot = template.lastIndexOf('.');
  return dot > template.lastIndexOf('/') ? `${template.slice(0, dot)}_${tag}${template.slice(dot)}` : `${template}_${tag}`;
}
