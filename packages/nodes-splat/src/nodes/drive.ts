import { Avatar, defineNode, GaussianCloud, input, Mesh, output } from '@ffavatar/core';
import { driveAvatarCpu } from '../drive/drive-cpu.js';

export const drive = defineNode({
  type: 'splat.drive', version: 1, title: 'Drive avatar', category: 'Splat',
  description: 'Poses an avatar\'s bound Gaussians on a deformed head mesh (triangle frames, as in GaussianAvatars).',
  inputs: { avatar: input(Avatar), mesh: input(Mesh, { description: 'the head model evaluated at the driving params' }) },
  outputs: { gaussians: output(GaussianCloud) },
  run({ inputs }) {
    return { gaussians: driveAvatarCpu(inputs.avatar, inputs.mesh) };
  },
});
