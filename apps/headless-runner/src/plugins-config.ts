import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createRegistry, type NodeRegistry } from '@ffavatar/core';
import { loadPlugins, PluginError, readInputFileSync } from '@ffavatar/core/node';
import { UsageError } from './errors.js';

/** The node packages that ship with FFAvatar; resolved from this app, which depends on them. */
export const BUILTIN_PLUGINS = [
  '@ffavatar/core/nodes',
  '@ffavatar/nodes-flame',
  '@ffavatar/nodes-model',
  '@ffavatar/nodes-splat',
];

export const CONFIG_FILE = 'ffavatar.config.json';

const ConfigSchema = z
  .object({
    /** Node packages: package names (resolved from the config file's folder) or paths relative to it. */
    plugins: z.array(z.string().min(1)).default([]),
  })
  .strict();

/**
 * The registry for a command: built-in packages, then those of `ffavatar.config.json` (the one
 * named by --config, else the first found from the working folder upwards), then `--plugin` ones
 * (resolved from the working folder).
 */
export async function loadRegistry(opts: {
  plugins: string[];
  config: string | undefined;
}): Promise<NodeRegistry> {
  const here = dirname(fileURLToPath(import.meta.url));
  try {
    const sources = await loadPlugins(BUILTIN_PLUGINS, here);
    const configPath = opts.config ? resolve(opts.config) : findConfig(process.cwd());
    if (configPath) {
      const config = readConfig(configPath);
      sources.push(...(await loadPlugins(config.plugins, dirname(configPath))));
    }
    sources.push(...(await loadPlugins(opts.plugins, process.cwd())));
    return createRegistry(sources);
  } catch (err) {
    if (err instanceof PluginError) throw new UsageError(err.message);
    if (err instanceof Error && /is defined by both/.test(err.message)) throw new UsageError(err.message);
    throw err;
  }
}

function findConfig(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = resolve(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readConfig(path: string): z.infer<typeof ConfigSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder().decode(readInputFileSync(path, 'graph')));
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
