import { z } from 'zod';
import { Avatar, defineNode, input, Mesh, output, Path } from '@ffavatar/core';
import { driveAvatarCpu } from '../drive/drive-cpu.js';
import { writeGaussianPly } from '../io/ply-gaussians.js';

/** Bumped when avatar.json or the binding properties of avatar.ply change meaning. */
export const AVATAR_FORMAT_VERSION = 1;

export const saveAvatar = defineNode({
  type: 'splat.saveAvatar', version: 1, title: 'Save avatar', category: 'Splat', effect: true,
  description: 'Writes avatar.ply (standard 3DGS PLY of the Gaussians on the neutral head, plus binding properties triangle, bary_0..2, normal_offset that viewers ignore) and avatar.json (head model, identity, format version).',
  inputs: { avatar: input(Avatar), mesh: input(Mesh, { description: 'the subject\'s neutral head (canonical pose)' }) },
  params: z.object({ name: z.string().regex(/^[\w.-]+$/).default('avatar') }),
  outputs: { ply: output(Path), json: output(Path) },
  async run({ inputs, params, ctx }) {
    const { avatar, mesh } = inputs;
    const cloud = driveAvatarCpu(avatar, mesh);
    const extras = {
      triangle: Float32Array.from(avatar.triangle),
      bary_0: new Float32Array(avatar.count), bary_1: new Float32Array(avatar.count), bary_2: new Float32Array(avatar.count),
      normal_offset: avatar.normalOffset,
    };
    for (let i = 0; i < avatar.count; i++) {
      extras.bary_0[i] = avatar.barycentric[i * 3]!; extras.bary_1[i] = avatar.barycentric[i * 3 + 1]!; extras.bary_2[i] = avatar.barycentric[i * 3 + 2]!;
    }
    const ply = await ctx.files.write(`${params.name}.ply`, writeGaussianPly({ ...cloud, extras }));
    const json = await ctx.files.write(`${params.name}.json`, `${JSON.stringify({
      format: 'ffavatar-avatar', version: AVATAR_FORMAT_VERSION,
      headModel: avatar.headModel, identity: Array.from(avatar.identity),
      gaussians: avatar.count, shDegree: avatar.shDegree, ply: `${params.name}.ply`,
      binding: 'GaussianAvatars-style: triangle id, barycentrics bary_0..2, normal_offset in triangle scales; rotation and scale in avatar.ply are posed on the neutral head',
    }, null, 2)}\n`);
    return { ply, json };
  },
});
