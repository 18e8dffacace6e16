import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { NodeError } from '../engine/errors/node-error.js';

/**
 * Throws unless the deepest existing parent of `target`, symlinks resolved, lies inside `root`
 * (symlinks resolved too). Folders not made yet are made under that parent, so they stay inside.
 * The target itself may be a symlink: the write renames over the link, it does not follow it.
 */
export function checkConfined(root: string, target: string, relPath = relative(root, target)): void {
  const realRoot = realParent(root);
  let dir = dirname(target);
  while (!lexists(dir)) {
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
  }
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    throw new NodeError(
      'bad_input',
      `output path "${relPath}": ${firstLink(root, dir) ?? dir} is a symlink that leads nowhere; symlinks inside the output folder are not followed out of it`,
    );
  }
  const rel = relative(realRoot, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    const link = firstLink(root, dir) ?? dir;
    throw new NodeError(
      'bad_input',
      `output path "${relPath}" leads outside the output folder ${root}: ${link} is a symlink to ${realpathOr(link)}; symlinks that lead out of the output folder are refused`,
    );
  }
}

function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The real path of `path`, or of its deepest existing parent joined with the rest. */
function realParent(path: string): string {
  let dir = resolve(path);
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(dir), ...rest);
    } catch {
      /* not there yet */
    }
    const up = dirname(dir);
    if (up === dir) return resolve(path);
    rest.unshift(basename(dir));
    dir = up;
  }
}

/** The first symlinked folder on the way from `root` down to `dir`, if any. */
function firstLink(root: string, dir: string): string | undefined {
  const parts = relative(root, dir).split(sep).filter(Boolean);
  let cur = root;
  for (const part of parts) {
    cur = join(cur, part);
    try {
      if (lstatSync(cur).isSymbolicLink()) return cur;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
