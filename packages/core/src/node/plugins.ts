import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PackageSource } from '../engine/nodes/registry.js';
import { packageFromModule } from '../engine/workers/worker-runtime.js';

/**
 * Loads node packages by module specifier: a package name resolved from `fromDir` (so a user's own
 * package in their project's node_modules works), or a file path relative to `fromDir`. Each gets
 * the file URL it resolved to, which is what workers import: a bare name would resolve from
 * core's own folder in a worker and miss the user's package.
 */
export async function loadPlugins(specifiers: readonly string[], fromDir: string): Promise<PackageSource[]> {
  const require = createRequire(join(resolve(fromDir), 'noop.js'));
  const sources: PackageSource[] = [];
  for (const spec of specifiers) {
    let url: string;
    try {
      url = spec.startsWith('file:')
        ? spec
        : pathToFileURL(
            spec.startsWith('.') || isAbsolute(spec) || existsSync(resolve(fromDir, spec))
              ? resolve(fromDir, spec)
              : require.resolve(spec),
          ).href;
    } catch (err) {
      throw new PluginError(
        `cannot find node package "${spec}" from ${fromDir}: ${(err as Error).message.split('\n')[0]}`,
      );
    }
    let mod: unknown;
    try {
      mod = await import(url);
    } catch (err) {
      throw new PluginError(`cannot load node package "${spec}" (${url}): ${(err as Error).message}`);
    }
    try {
      sources.push({ pkg: packageFromModule(mod, spec), specifier: url });
    } catch (err) {
      throw new PluginError((err as Error).message);
    }
  }
  return sources;
}

export class PluginError extends Error {
  override name = 'PluginError';
}
