import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

const MAGIC = /[*?[]/;

export function isGlob(text: string): boolean {
  return MAGIC.test(text);
}

/**
 * Expands a shell-style glob (`*`, `?`, `[abc]`, `**` for any depth) to the matching paths, sorted.
 * Written here because Node 20 has no fs.glob and the command must not depend on the shell: an
 * unquoted pattern would arrive as many arguments. Like a shell, `*` does not match dot-files.
 * Returns absolute paths and their path relative to the pattern's fixed leading folder.
 */
export function expandGlob(pattern: string, cwd = process.cwd()): { path: string; rel: string }[] {
  const absolute = isAbsolute(pattern) ? pattern : resolve(cwd, pattern);
  const parts = absolute.split(/[\\/]+/);
  const firstMagic = parts.findIndex((p) => MAGIC.test(p));
  const base = parts.slice(0, firstMagic).join(sep) || sep;
  const segments = parts.slice(firstMagic).filter((p) => p !== '');
  const found = new Set<string>();
  walk(base, segments, found);
  return [...found].sort().map((path) => ({ path, rel: relative(base, path) }));
}

function walk(dir: string, segments: string[], found: Set<string>): void {
  const [head, ...rest] = segments;
  if (head === undefined) {
    found.add(dir);
    return;
  }
  if (head === '**') {
    walk(dir, rest, found); // zero folders
    for (const name of list(dir)) if (isDir(join(dir, name))) walk(join(dir, name), segments, found);
    return;
  }
  if (!MAGIC.test(head)) {
    const next = join(dir, head);
    if (rest.length === 0 ? exists(next) : isDir(next)) walk(next, rest, found);
    return;
  }
  const re = segmentRegExp(head);
  for (const name of list(dir)) {
    if (!re.test(name)) continue;
    const next = join(dir, name);
    if (rest.length === 0 || isDir(next)) walk(next, rest, found);
  }
}

function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      const body = segment
        .slice(i + 1, close)
        .replace(/^!/, '^')
        .replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = close;
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  // A leading wildcard must not reach dot-files, as in a shell.
  return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${re}$`);
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
