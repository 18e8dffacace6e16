import { defineNode, input, output } from '../engine/nodes/define-node.js';
import { Path } from '../engine/ports/builtin-types.js';
import { listOf } from '../engine/ports/port-type.js';
import { fingerprintInputFiles } from '../engine/exec/fingerprint.js';

const imageExtensions = /\.(png|jpe?g)$/i;

export const listImages = defineNode({
  type: 'io.listImages',
  version: 1,
  title: 'List images',
  category: 'IO',
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
