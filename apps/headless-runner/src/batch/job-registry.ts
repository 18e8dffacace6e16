import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NodeRegistry } from '@ffavatar/core';
import { loadPlugins } from '@ffavatar/core/node';
import { loadRegistry } from '../plugins-config.js';

export interface WorkerPlugins {
  /** --plugin flags of the worker process itself. */
  plugins: string[];
  config: string | undefined;
}

/**
 * The registry a job runs against: the worker's own (built-ins, its config, its --plugin) plus the
 * node packages the batch was enqueued with, so `ffavatar worker` need not repeat the batch's
 * --plugin flags. A job package that defines node types the worker already has is the same package
 * installed at another path: the worker's copy wins. One that is not on this machine is skipped; a
 * node type it would have provided then fails validation, naming the type.
 */
export function jobRegistries(own: WorkerPlugins) {
  const cache = new Map<string, Promise<NodeRegistry>>();
  let base: Promise<NodeRegistry> | undefined;
  const build = async (jobPlugins: readonly string[]): Promise<NodeRegistry> => {
    base ??= loadRegistry({ plugins: own.plugins, config: own.config });
    const mine = await base;
    const extras: string[] = [];
    for (const url of jobPlugins) {
      if (mine.specifiers().includes(url)) continue;
      if (url.startsWith('file:') && !existsSync(fileURLToPath(url))) continue;
      const [source] = await loadPlugins([url], process.cwd());
      if (!source || source.pkg.nodes.some((n) => mine.get(n.type))) continue;
      extras.push(url);
    }
    return extras.length === 0
      ? mine
      : loadRegistry({ plugins: [...own.plugins, ...extras], config: own.config });
  };
  return (jobPlugins: readonly string[]): Promise<NodeRegistry> => {
    const key = jobPlugins.join('\n');
    let found = cache.get(key);
    if (!found) {
      found = build(jobPlugins);
      cache.set(key, found);
    }
    return found;
  };
}
