import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Assets (head models, the demo portrait) never live in git. They are found, in order, in
 * `$FFAVATAR_ASSETS`, in a `shared/assets` folder beside the checkout, then in the user cache.
 */
export function assetSearchPath(): string[] {
  const dirs: string[] = [];
  if (process.env.FFAVATAR_ASSETS) dirs.push(resolve(process.env.FFAVATAR_ASSETS));
  const checkout = findCheckoutRoot(dirname(fileURLToPath(import.meta.url))) ?? findCheckoutRoot(process.cwd());
  if (checkout) dirs.push(join(checkout, '..', 'shared', 'assets'));
  dirs.push(join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ffavatar', 'assets'));
  return dirs;
}

export class AssetMissingError extends Error {
  override name = 'AssetMissingError';
}

/** Absolute path of an asset, e.g. `portraits/astronaut.png`; throws naming every place searched. */
export function resolveAsset(relPath: string): string {
  const searched = assetSearchPath();
  for (const dir of searched) {
    const candidate = join(dir, relPath);
    if (existsSync(candidate)) return candidate;
  }
  throw new AssetMissingError(
    `asset "${relPath}" not found; looked in: ${searched.join(', ')}. Set FFAVATAR_ASSETS to the folder that holds it.`,
  );
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
