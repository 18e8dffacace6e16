import { describe, expect, it } from 'vitest';
import { outDirProblem } from './run.js';

const errno = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('outDirProblem', () => {
  // Tests run as root here, where no folder is read-only to us: the sentences are checked directly.
  it('says why --out cannot be written, with the errno', () => {
    expect(outDirProblem('/mnt/cd/out', errno('EROFS'))).toBe(
      '--out /mnt/cd/out: cannot write there: it is on a read-only file system (EROFS)',
    );
    expect(outDirProblem('/srv/out', errno('EACCES'))).toBe(
      '--out /srv/out: cannot write there: permission denied (EACCES)',
    );
    expect(outDirProblem('/srv/out', errno('ENOSPC'))).toBe(
      '--out /srv/out: cannot write there: the disk is full (ENOSPC)',
    );
  });
});
