import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeError } from '../engine/errors/node-error.js';

/**
 * Assets (head models, the demo portrait) never live in git. They are found, in order, in
 * `$FFAVATAR_ASSETS`, in a `shared/assets` folder beside the checkout, then in the user cache.
 */
export function assetSearchPath(): string[] {
  const dirs: string[] = [];
  if (process.env.FFAVATAR_ASSETS) dirs.push(resolve(process.env.FFAVATAR_ASSETS));
  const checkout =
    findCheckoutRoot(dirname(fileURLToPath(import.meta.url))) ?? findCheckoutRoot(process.cwd());
  if (checkout) dirs.push(join(checkout, '..', 'shared', 'assets'));
  dirs.push(join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ffavatar', 'assets'));
  return dirs;
}

/** No asset root holds the name: `io`, like any missing file. */
export class AssetMissingError extends NodeError {
  override name = 'AssetMissingError';
  constructor(message: string) {
    super('io', message);
  }
}

/**
 * Absolute path of an asset, e.g. `portraits/astronaut.png`; throws naming every place searched.
 * A name is a path inside an asset root: an absolute one, or one whose `..` leads out of the root
 * (`../../etc/passwd`), is refused, so `asset:` can never read what a plain path would not name.
 */
export function resolveAsset(relPath: string): string {
  const searched = assetSearchPath();
  checkAssetName(relPath);
  for (const dir of searched) {
    const candidate = join(dir, relPath);
    if (existsSync(candidate)) return candidate;
  }
  throw new AssetMissingError(
    `asset "${relPath}" not found; looked in: ${searched.join(', ')}. Set FFAVATAR_ASSETS to the folder that holds it.`,
  );
}

function checkAssetName(relPath: string): void {
  const bad = (why: string) =>
    new NodeError(
      'bad_input',
      `asset "${relPath}": ${why}; an asset name is a path inside the asset folders, like portraits/astronaut.png`,
    );
  if (relPath === '' || relPath.includes('\0')) throw bad('not a name');
  if (isAbsolute(relPath) || /^[A-Za-z]:/.test(relPath)) throw bad('an absolute path');
  const root = resolve('/asset-root');
  const rel = relative(root, resolve(root, relPath));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`))
    throw bad('it leads outside the asset folders');
}

/** The folder holding pnpm-workspace.yaml above `from`, if any. */
export function findCheckoutRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
