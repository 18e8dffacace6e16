import { z } from 'zod';
import { Avatar, defineNode, input, Mesh, output, Path } from '@ffavatar/core';
import { writeAvatarPly } from '../io/avatar-ply.js';

/** Bumped when avatar.json or the binding properties of avatar.ply change meaning. */
const AVATAR_FORMAT_VERSION = 1;

export const saveAvatar = defineNode({
  type: 'splat.saveAvatar',
  version: 1,
  title: 'Save avatar',
  category: 'Splat',
  effect: true,
  description:
    'Writes avatar.ply (standard 3DGS PLY of the Gaussians on the neutral head, plus binding properties triangle, bary_0..2, normal_offset that viewers ignore) and avatar.json (head model, identity, format version).',
  inputs: {
    avatar: input(Avatar),
    mesh: input(Mesh, { description: "the subject's neutral head (canonical pose)" }),
  },
  // A file name without extension: `.` and `..` would make `..ply` or `...ply`, hidden and odd.
  params: z.object({
    name: z
      .string()
      .regex(/^(?!\.+$)[\w.-]+$/, 'a file name without extension (letters, digits, _ . -), e.g. avatar')
      .default('avatar'),
  }),
  outputs: { ply: output(Path), json: output(Path) },
  async run({ inputs, params, ctx }) {
    const { avatar, mesh } = inputs;
    const ply = await ctx.files.write(`${params.name}.ply`, writeAvatarPly(avatar, mesh));
    const json = await ctx.files.write(
      `${params.name}.json`,
      `${JSON.stringify(
        {
          format: 'ffavatar-avatar',
          version: AVATAR_FORMAT_VERSION,
          headModel: avatar.headModel,
          identity: Array.from(avatar.identity),
          gaussians: avatar.count,
          shDegree: avatar.shDegree,
          ply: `${params.name}.ply`,
          binding:
            'GaussianAvatars-style: triangle id, barycentrics bary_0..2, normal_offset in triangle scales; rotation and scale in avatar.ply are posed on the neutral head',
        },
        null,
        2,
      )}\n`,
    );
    return { ply, json };
  },
});
