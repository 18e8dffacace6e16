import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashString, hashValue } from '../engine/hash/content-hash.js';

const CODE_FILE = /\.(js|mjs|cjs|ts|mts|wasm|json)$/;
const SKIP_DIRS = new Set(['node_modules', '.git', 'test-output', 'out']);
/** Past this a package is hashed by its manifest and entry alone: a user's odd layout stays fast. */
const MAX_FILES = 5000;
const MAX_BYTES = 128 * 1024 ** 2;

const versions = new Map<string, string>();

/**
 * A hash of the code a node package runs: every code file of the folder its entry lives in (its
 * `dist/`, or its source when it runs from source), and its manifest. Disk-cache keys carry it, so
 * a change to shared code (a fix in `evaluateHead`) retires the cached outputs of every node built
 * on it without anyone bumping node versions by hand. Computed once per process per package.
 */
export function packageCodeVersion(moduleUrl: string): string {
  let version = versions.get(moduleUrl);
  if (version === undefined) {
    version = computeVersion(moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl);
    versions.set(moduleUrl, version);
  }
  return version;
}

/** Core's own code, which every node package runs too. */
export function coreCodeVersion(): string {
  return packageCodeVersion(
    new URL(import.meta.url.endsWith('.ts') ? '../index.ts' : '../index.js', import.meta.url).href,
  );
}

function computeVersion(entry: string): string {
  if (!existsSync(entry)) return hashString(`unresolved:${entry}`);
  const root = packageRoot(entry);
  if (!root) return hashString(`file:${entry}:${readFileSync(entry).length}:${statSync(entry).mtimeMs}`);
  // The top folder under the package root that holds the entry (dist/, src/); the root itself for a flat package.
  const top = relative(root, dirname(entry)).split(sep)[0];
  const dir = top ? join(root, top) : root;
  const parts = [readFileSync(join(root, 'package.json'), 'utf8')];
  let files = 0,
    bytes = 0;
  const walk = (d: string): boolean => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !walk(join(d, e.name))) return false;
      } else if (e.isFile() && CODE_FILE.test(e.name) && !e.name.endsWith('.d.ts')) {
        const content = readFileSync(join(d, e.name));
        if (++files > MAX_FILES || (bytes += content.length) > MAX_BYTES) return false;
        parts.push(
          `${relative(dir, join(d, e.name))}:${hashValue(new Uint8Array(content.buffer, content.byteOffset, content.length))}`,
        );
      }
    }
    return true;
  };
  if (!walk(dir)) return hashString(`${parts[0]}|entry:${entry}:${statSync(entry).mtimeMs}`);
  return hashString(parts.join('\n'));
}

function packageRoot(file: string): string | undefined {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
