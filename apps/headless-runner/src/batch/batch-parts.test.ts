import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandGlob } from './glob.js';
import { idFromPath } from './items.js';
import { parseRedisUrl, scrubber } from './redis-url.js';
import { errorCodeOf, PortError, WorkerLostError } from '@ffavatar/core';
import { backoffDelay, isRetryable } from './retry-policy.js';

describe('--queue URLs', () => {
  it('masks the password in the form that is printed, and scrubs it from any text', () => {
    const t = parseRedisUrl('redis://:s%40cret@10.0.0.5:6380/2', {});
    expect(t).toMatchObject({ host: '10.0.0.5', port: 6380, db: 2, password: 's@cret', username: undefined });
    expect(t.display).toBe('redis://:***@10.0.0.5:6380/2');
    expect(scrubber(t)('AUTH s@cret failed (s%40cret)')).toBe('AUTH *** failed (***)');
    expect(parseRedisUrl('redis://127.0.0.1', {}).display).toBe('redis://127.0.0.1/0');
  });

  it('takes the password from $FFAVATAR_REDIS_PASSWORD when the URL has none', () => {
    expect(parseRedisUrl('redis://h:1', { FFAVATAR_REDIS_PASSWORD: 'pw' }).password).toBe('pw');
  });

  it('refuses other schemes and bad databases without quoting the URL', () => {
    expect(() => parseRedisUrl('http://:pw@h:1', {})).toThrow(/scheme "http:"/);
    expect(() => parseRedisUrl('redis://:pw@h:1/x', {})).toThrow(/database "x"/);
    expect(() => parseRedisUrl('not a url :pw', {})).toThrow(/^--queue: not a URL/);
  });
});

describe('--items globs and ids', () => {
  it('expands *, ?, [..] and ** without matching dot-files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ffavatar-glob-'));
    for (const p of ['a/one.png', 'a/two.jpg', 'b/c/three.png', 'a/.hidden.png']) {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), '');
    }
    expect(expandGlob('*/*.png', dir).map((m) => m.rel)).toEqual(['a/one.png']);
    expect(expandGlob('**/*.png', dir).map((m) => m.rel)).toEqual(['a/one.png', 'b/c/three.png']);
    expect(expandGlob('a/[ot]*', dir).map((m) => m.rel)).toEqual(['one.png', 'two.jpg']);
    expect(expandGlob('?', dir).map((m) => m.rel)).toEqual(['a', 'b']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('turns paths into folder-safe ids', () => {
    expect(idFromPath('anna.png')).toBe('anna');
    expect(idFromPath('group/anna smith')).toBe('group__anna_smith');
    expect(idFromPath('.hidden')).toBe('hidden');
  });
});

describe('retry policy', () => {
  it('retries what is about the machine, not the item, by code alone', () => {
    expect(
      isRetryable(errorCodeOf(new WorkerLostError('worker 3 exited with code 134 while running this node'))),
    ).toBe(true);
    expect(isRetryable('timeout')).toBe(true);
    expect(
      isRetryable(errorCodeOf(Object.assign(new Error('cannot write /out/x.png'), { code: 'EIO' }))),
    ).toBe(true);
    expect(
      isRetryable(errorCodeOf(Object.assign(new Error('cannot read /in/x.png'), { code: 'ENOENT' }))),
    ).toBe(false);
    expect(
      isRetryable(errorCodeOf(new PortError('image', '/in/x.png: not a PNG or JPEG (starts with 0x00)'))),
    ).toBe(false);
    // Text that looks transient does not make a failure retryable: only its code does.
    expect(isRetryable(errorCodeOf(new Error('worker 3 exited: timed out, EIO')))).toBe(false);
    expect([1, 2, 3].map(backoffDelay)).toEqual([1000, 2000, 4000]);
  });
});
