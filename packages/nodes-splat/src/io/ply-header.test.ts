import { describe, expect, it } from 'vitest';
import { randomCloud } from '../test-support/random-cloud.js';
import { readGaussianPly, writeGaussianPly } from './ply-gaussians.js';
import { MAX_PLY_HEADER_BYTES, parsePlyHeader } from './ply-header.js';

const enc = (s: string) => new TextEncoder().encode(s);

/** A real 3DGS PLY with `comments` extra comment lines of `width` characters in its header. */
function plyWithComments(
  comments: number,
  width = 100,
  newline = '\n',
): { bytes: Uint8Array; headerBytes: number } {
  const ply = writeGaussianPly(randomCloud(4, 0, 1));
  const text = new TextDecoder('latin1').decode(ply);
  const end = text.indexOf('end_header\n') + 'end_header\n'.length;
  const comment = `comment ${'x'.repeat(width - 9)}\n`;
  const header = text
    .slice(0, end)
    .replace('ply\n', `ply\n${comment.repeat(comments)}`)
    .replaceAll('\n', newline);
  const bytes = new Uint8Array([...enc(header), ...ply.subarray(end)]);
  return { bytes, headerBytes: header.length };
}

function plyError(bytes: Uint8Array, source: string): string {
  try {
    readGaussianPly(bytes, source);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a PLY error');
}

describe('PLY header', () => {
  it('reads a header just under the 1 MiB limit in linear time', () => {
    const { bytes, headerBytes } = plyWithComments(Math.floor(MAX_PLY_HEADER_BYTES / 100) - 30);
    expect(headerBytes).toBeLessThan(MAX_PLY_HEADER_BYTES);
    expect(headerBytes).toBeGreaterThan(MAX_PLY_HEADER_BYTES - 10_000);
    const t0 = performance.now();
    expect(readGaussianPly(bytes, 'long.ply').count).toBe(4);
    expect(performance.now() - t0).toBeLessThan(1000); // was 43 s before the header parse was linear
  });

  it('refuses a header over 1 MiB quickly, saying end_header is there', () => {
    const { bytes, headerBytes } = plyWithComments(11_000);
    expect(headerBytes).toBeGreaterThan(MAX_PLY_HEADER_BYTES);
    const t0 = performance.now();
    expect(plyError(bytes, 'huge.ply')).toBe(
      `huge.ply: the header is ${headerBytes} bytes long (its end_header line is there), over the 1 MiB (1048576 bytes) limit for PLY headers`,
    );
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('says end_header is missing only when no line of the file is end_header', () => {
    const body = `ply\nformat ascii 1.0\ncomment the word end_header inside a line does not end it\nelement vertex 1\nproperty float x\n${'1\n'.repeat(10)}`;
    expect(plyError(enc(body), 'n.ply')).toBe('n.ply: no "end_header" line: truncated or not a PLY file');
    expect(plyError(enc(`${'x'.repeat(2 << 20)}`), 'big.txt')).toBe(
      'big.txt: not a PLY file (it does not start with a "ply" line)',
    );
    expect(plyError(enc('plywood\n'), 'w.ply')).toMatch(/not a PLY file/);
  });

  it('reads CRLF headers and end_header with trailing spaces', () => {
    const { bytes } = plyWithComments(3, 40, '\r\n');
    expect(readGaussianPly(bytes, 'crlf.ply').count).toBe(4);
    const header = parsePlyHeader(enc('ply\nformat ascii 1.0\nelement vertex 0\nend_header  \n'), 's.ply');
    expect(header.dataOffset).toBe(51);
  });

  it('refuses element counts the file cannot hold without looping over them or allocating', () => {
    const vertexProps = [
      'x',
      'y',
      'z',
      'f_dc_0',
      'f_dc_1',
      'f_dc_2',
      'opacity',
      'scale_0',
      'scale_1',
      'scale_2',
      'rot_0',
      'rot_1',
      'rot_2',
      'rot_3',
    ]
      .map((p) => `property float ${p}\n`)
      .join('');
    const t0 = performance.now();
    const fixedFaces = `ply\nformat binary_little_endian 1.0\nelement face 9007199254740991\nproperty int a\nelement vertex 1\n${vertexProps}end_header\n`;
    expect(plyError(enc(fixedFaces + '\0'.repeat(64)), 'f.ply')).toMatch(
      /^f\.ply: truncated in element "face" at byte offset \d+$/,
    );
    const listFaces = `ply\nformat binary_little_endian 1.0\nelement face 4000000000\nproperty list uchar int v\nelement vertex 1\n${vertexProps}end_header\n`;
    expect(plyError(enc(listFaces + '\0'.repeat(64)), 'l.ply')).toMatch(
      /^l\.ply: truncated in element "face" at byte offset \d+$/,
    );
    const empty = `ply\nformat binary_little_endian 1.0\nelement nothing 9007199254740991\nelement vertex 1\n${vertexProps}end_header\n`;
    expect(plyError(enc(empty), 'e.ply')).toMatch(/^e\.ply: truncated: 1 vertices of 56 bytes/);
    const ascii = `ply\nformat ascii 1.0\nelement vertex 1000000000000\n${vertexProps}end_header\n1 2 3\n`;
    expect(plyError(enc(ascii), 'a.ply')).toBe(
      'a.ply: truncated: the header declares 1000000000000 vertices, the file has at most 2 data lines for them',
    );
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('refuses malformed counts and list types by header line', () => {
    expect(plyError(enc('ply\nformat ascii 1.0\nelement vertex 1e300\nend_header\n'), 'c.ply')).toBe(
      'c.ply: header line 3: bad element line "element vertex 1e300"',
    );
    expect(
      plyError(
        enc('ply\nformat ascii 1.0\nelement face 1\nproperty list float int v\nend_header\n'),
        'c.ply',
      ),
    ).toBe('c.ply: header line 4: a list count must be an integer type, not float');
  });
});
