import { describe, expect, it } from 'vitest';
import { AbortError, errorCodeOf, NodeError, PortError } from './node-error.js';

describe('errorCodeOf', () => {
  it('takes a NodeError’s own code, and a PortError is bad input about its port', () => {
    expect(errorCodeOf(new NodeError('timeout', 'slow'))).toBe('timeout');
    const port = new PortError('image', 'not an image');
    expect([errorCodeOf(port), port.port]).toEqual(['bad_input', 'image']);
    expect(errorCodeOf(new AbortError())).toBe('cancelled');
  });

  it('classes errno codes: transient ones may pass on another try, the rest are io', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code });
    expect(['EIO', 'EAGAIN', 'EMFILE', 'ESTALE'].map((c) => errorCodeOf(errno(c)))).toEqual([
      'unavailable',
      'unavailable',
      'unavailable',
      'unavailable',
    ]);
    expect(['ENOENT', 'EACCES', 'EROFS', 'ENOSPC'].map((c) => errorCodeOf(errno(c)))).toEqual([
      'io',
      'io',
      'io',
      'io',
    ]);
  });

  it('reads an ErrorCode-valued `code` of errors from libraries that cannot import the engine', () => {
    expect(errorCodeOf(Object.assign(new Error('bad header'), { code: 'bad_input' }))).toBe('bad_input');
    expect(errorCodeOf(Object.assign(new Error('?'), { code: 'not_a_code' }))).toBe('internal');
  });

  it('calls everything else internal, whatever its message says', () => {
    expect(errorCodeOf(new Error('worker 3 exited: timed out, EIO'))).toBe('internal');
    expect(errorCodeOf('a string')).toBe('internal');
    expect(errorCodeOf(undefined)).toBe('internal');
  });
});
