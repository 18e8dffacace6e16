import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { float16ToFloat32 } from './float16.js';
import { type NdArray, writeNpy } from './npy.js';
import { NpzFormatError, readNpz, readNpzKeys, writeNpz } from './npz.js';

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

const SAMPLE: Record<string, NdArray> = {
  verts: { dtype: 'f32', shape: [2, 3], data: new Float32Array([0, 1, 2, 3, 4, 5]) },
  dirs: { dtype: 'f16', shape: [2, 1], data: new Uint16Array([0x3c00, 0xbc00]) },
  ids: { dtype: 'i64', shape: [], data: new BigInt64Array([-3n]) },
  names: { dtype: 'str', shape: [2], data: ['jawOpen', 'eyeBlink_L'] },
  mask: { dtype: 'bool', shape: [0], data: new Uint8Array(0) },
  'nested/key': { dtype: 'u8', shape: [1], data: new Uint8Array([9]) },
};

function expectSameArrays(actual: Record<string, NdArray>, expected: Record<string, NdArray>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [key, arr] of Object.entries(expected)) {
    const got = actual[key]!;
    expect({ dtype: got.dtype, shape: got.shape }, key).toEqual({ dtype: arr.dtype, shape: arr.shape });
    expect(Array.from(got.data as ArrayLike<unknown>), key).toEqual(
      Array.from(arr.data as ArrayLike<unknown>),
    );
  }
}

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('writeNpz / readNpz', () => {
  it.each([false, true])('round-trips every array (compress: %s)', (compress) => {
    const bytes = writeNpz(SAMPLE, { compress });
    expectSameArrays(readNpz(bytes), SAMPLE);
    // Member names are what numpy.load expects: the key plus '.npy'.
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(
      Object.keys(SAMPLE)
        .map((k) => `${k}.npy`)
        .sort(),
    );
  });

  it('stores members uncompressed by default and deflates when asked', () => {
    const big: Record<string, NdArray> = { z: { dtype: 'f32', shape: [4096], data: new Float32Array(4096) } };
    const stored = writeNpz(big);
    const deflated = writeNpz(big, { compress: true });
    // Compression method lives at offset 8 of the first local file header.
    expect(stored[8]).toBe(0);
    expect(deflated[8]).toBe(8);
    expect(deflated.length).toBeLessThan(stored.length / 10);
  });

  it('reads from a Node Buffer at an odd offset', () => {
    const bytes = writeNpz(SAMPLE, { compress: true });
    const buf = Buffer.concat([Buffer.from([1]), Buffer.from(bytes)]).subarray(1);
    expectSameArrays(readNpz(buf), SAMPLE);
    expectSameArrays(
      readNpz(Buffer.concat([Buffer.from([1]), Buffer.from(writeNpz(SAMPLE))]).subarray(1)),
      SAMPLE,
    );
  });

  it('treats hostile member names as plain keys', () => {
    const u8: NdArray = { dtype: 'u8', shape: [1], data: new Uint8Array([1]) };
    const bytes = zipSync({ '__proto__.npy': writeNpy(u8), 'constructor.npy': writeNpy(u8) });
    const arrays = readNpz(bytes);
    expect(Object.getPrototypeOf(arrays)).toBe(Object.prototype);
    expect(Object.keys(arrays).sort()).toEqual(['__proto__', 'constructor']);
    expect(
      catchError(() => readNpz(writeNpz({ a: u8 }), 'x.npz', { keys: ['constructor'] })).message,
    ).toMatch(/no array named 'constructor'/);
  });

  it('is deterministic', () => {
    expect(writeNpz(SAMPLE, { compress: true })).toEqual(writeNpz(SAMPLE, { compress: true }));
  });

  it('lists keys without decompressing and loads only requested keys', () => {
    const bytes = writeNpz(SAMPLE, { compress: true });
    expect(readNpzKeys(bytes)).toEqual(Object.keys(SAMPLE));
    expect(Object.keys(readNpz(bytes, 'sample.npz', { keys: ['names'] }))).toEqual(['names']);
    expect(catchError(() => readNpz(bytes, 'sample.npz', { keys: ['nope'] })).message).toMatch(
      /^sample\.npz: no array named 'nope' \(have: verts, dirs, ids, names, mask, nested\/key\)/,
    );
  });

  it('ignores members that are not .npy files', () => {
    const bytes = zipSync({ 'readme.txt': new Uint8Array([65]), 'a.npy': writeNpy(SAMPLE.verts!) });
    expect(Object.keys(readNpz(bytes))).toEqual(['a']);
  });

  it('reads archives written by numpy (zip64 local headers, stored and deflated)', () => {
    // np.savez(f, a=np.arange(6, dtype='<i4').reshape(2, 3), names=np.array(['x', 'yz']))
    const savez = fromBase64(
      'UEsDBC0AAAAAAAAAIQBQtE2E//////////8FABQAYS5ucHkBABAAmAAAAAAAAACYAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxpNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCAzKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAAAAAAEAAAACAAAAAwAAAAQAAAAFAAAAUEsDBC0AAAAAAAAAIQBYQvGh//////////8JABQAbmFtZXMubnB5AQAQAJAAAAAAAAAAkAAAAAAAAACTTlVNUFkBAHYAeydkZXNjcic6ICc8VTInLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgCngAAAAAAAAAeQAAAHoAAABQSwECLQMtAAAAAAAAACEAULRNhJgAAACYAAAABQAAAAAAAAAAAAAAgAEAAAAAYS5ucHlQSwECLQMtAAAAAAAAACEAWELxoZAAAACQAAAACQAAAAAAAAAAAAAAgAHPAAAAbmFtZXMubnB5UEsFBgAAAAACAAIAagAAAJoBAAAAAA==',
    );
    expectSameArrays(readNpz(savez), {
      a: { dtype: 'i32', shape: [2, 3], data: new Int32Array([0, 1, 2, 3, 4, 5]) },
      names: { dtype: 'str', shape: [2], data: ['x', 'yz'] },
    });
    // np.savez_compressed(f, h=np.array([1, 2, 3], dtype=np.float16), **{'sub/dir': np.array(True)})
    const compressed = fromBase64(
      'UEsDBC0AAAAIAAAAIQByJbmW//////////8FABQAaC5ucHkBABAAhgAAAAAAAABKAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqSuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GsY6mjoKtQoUAC4GGwYHBicAUEsDBC0AAAAIAAAAIQCCLfjT//////////8LABQAc3ViL2Rpci5ucHkBABAAgQAAAAAAAABDAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loF6TZKiuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5Gpo6CrUKFAEuRgBQSwECLQMtAAAACAAAACEAciW5lkoAAACGAAAABQAAAAAAAAAAAAAAgAEAAAAAaC5ucHlQSwECLQMtAAAACAAAACEAgi3400MAAACBAAAACwAAAAAAAAAAAAAAgAGBAAAAc3ViL2Rpci5ucHlQSwUGAAAAAAIAAgBsAAAAAQEAAAAA',
    );
    expectSameArrays(readNpz(compressed), {
      h: { dtype: 'f16', shape: [3], data: new Uint16Array([0x3c00, 0x4000, 0x4200]) },
      'sub/dir': { dtype: 'bool', shape: [], data: new Uint8Array([1]) },
    });
  });

  it('reads a zip64 archive (zip64 end of central directory and extra fields)', () => {
    // numpy.savez with zipfile.ZIP64_LIMIT = 0, which forces every zip64 record.
    const zip64 = fromBase64(
      'UEsDBC0AAAAAAAAAIQDWQ0sF//////////8FABQAdi5ucHkBABAAiAAAAAAAAACIAAAAAAAAAJNOVU1QWQEAdgB7J2Rlc2NyJzogJzxmNCcsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAKAADAPwAAAMBQSwECLQMtAAAAAAAAACEA1kNLBf//////////BQAUAAAAAAAAAAAAgAEAAAAAdi5ucHkBABAAiAAAAAAAAACIAAAAAAAAAFBLBgYsAAAAAAAAAC0ALQAAAAAAAAAAAAEAAAAAAAAAAQAAAAAAAABHAAAAAAAAAL8AAAAAAAAAUEsGBwAAAAAGAQAAAAAAAAEAAABQSwUGAAAAAAEAAQBHAAAAvwAAAAAA',
    );
    expectSameArrays(readNpz(zip64), { v: { dtype: 'f32', shape: [2], data: new Float32Array([1.5, -2]) } });
  });
});

describe('readNpz errors', () => {
  it('rejects non-zip input, naming the source', () => {
    const err = catchError(() => readNpz(writeNpy(SAMPLE.verts!), 'model.npz'));
    expect(err).toBeInstanceOf(NpzFormatError);
    expect(err.message).toBe('model.npz: not a zip archive (starts with 0x934e554d)');
    expect(catchError(() => readNpz(new Uint8Array(0), 'model.npz')).message).toMatch(/empty/);
  });

  it('reports truncated archives', () => {
    const bytes = writeNpz(SAMPLE, { compress: true });
    const err = catchError(() => readNpz(bytes.subarray(0, bytes.length >> 1), 'model.npz'));
    expect(err).toBeInstanceOf(NpzFormatError);
    expect(err.message).toMatch(/^model\.npz: corrupt or truncated zip archive/);
  });

  it('names the key of a member that is not a valid .npy', () => {
    const bytes = zipSync({ 'good.npy': writeNpy(SAMPLE.verts!), 'bad.npy': new Uint8Array([1, 2, 3]) });
    const err = catchError(() => readNpz(bytes, 'model.npz')) as NpzFormatError;
    expect(err).toBeInstanceOf(NpzFormatError);
    expect(err.key).toBe('bad');
    expect(err.message).toBe("model.npz: array 'bad': bad magic: not an .npy file (starts with 0x010203)");
  });

  it('names the key of a member whose data is truncated', () => {
    const npy = writeNpy(SAMPLE.verts!);
    const bytes = zipSync({ 'verts.npy': npy.subarray(0, npy.length - 1) });
    expect(catchError(() => readNpz(bytes, 'model.npz')).message).toMatch(
      /^model\.npz: array 'verts': truncated data \(expected 24 bytes .*got 23\)/,
    );
  });

  it('names the key of a member whose deflate stream is corrupt', () => {
    const payload = writeNpy({ dtype: 'f32', shape: [1000], data: new Float32Array(1000).map(Math.random) });
    const bytes = zipSync({ 'noise.npy': [payload, { level: 6 }] });
    // Local header (30 bytes) + name (9 bytes) brings us to the deflate stream; make it garbage.
    bytes.fill(0xff, 30 + 9, 30 + 9 + 64);
    const err = catchError(() => readNpz(bytes, 'model.npz')) as NpzFormatError;
    expect(err).toBeInstanceOf(NpzFormatError);
    expect(err.key).toBe('noise');
    expect(err.message).toMatch(/^model\.npz: cannot decompress array 'noise'/);
  });

  it('refuses compression methods other than stored and deflate', () => {
    const bytes = zipSync({ 'x.npy': writeNpy(SAMPLE.verts!) });
    const view = new DataView(bytes.buffer);
    const central = bytes.findIndex((_, i) => view.getUint32(i, true) === 0x02014b50);
    view.setUint16(8, 14, true); // local header: LZMA
    view.setUint16(central + 10, 14, true); // central directory entry
    expect(catchError(() => readNpz(bytes, 'model.npz')).message).toBe(
      "model.npz: array 'x' uses zip compression method 14; only stored (0) and deflate (8) are supported",
    );
  });
});

/**
 * Assets live outside the repo checkout (`<checkout>/../shared/assets`) unless
 * FFAVATAR_ASSETS points elsewhere. The workspace root is found by walking up, so the
 * test does not depend on how deep this file sits.
 */
function assetsDir(): string {
  const fromEnv = process.env.FFAVATAR_ASSETS;
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return resolve(dir, '..', 'shared', 'assets');
}

describe('ICT-FaceKit light asset', () => {
  // Deliberately not skipped when missing: a silently skipped asset test hides a broken setup.
  const path = join(assetsDir(), 'ict-facekit-light', 'ict_facekit_light.npz');

  it('exists', () => {
    expect(
      existsSync(path),
      `asset missing: ${path} (set FFAVATAR_ASSETS to the folder holding ict-facekit-light/)`,
    ).toBe(true);
  });

  it('loads with the shapes and dtypes documented in its README', () => {
    const bytes = new Uint8Array(readFileSync(path));
    const expected: Record<string, [number[], string]> = {
      v_template: [[24591, 3], 'f32'],
      shapedirs: [[24591, 3, 100], 'f16'],
      exprdirs: [[24591, 3, 53], 'f16'],
      expr_names: [[53], 'str'],
      f: [[48836, 3], 'i32'],
      vt: [[26783, 2], 'f32'],
      ft: [[48836, 3], 'i32'],
      lmk68: [[68], 'i32'],
      region: [[24591], 'u8'],
      region_names: [[9], 'str'],
      rigid_verts: [[1487], 'i32'],
    };
    expect(readNpzKeys(bytes, path).sort()).toEqual(Object.keys(expected).sort());

    const arrays = readNpz(bytes, path);
    for (const [key, [shape, dtype]] of Object.entries(expected)) {
      expect({ shape: arrays[key]!.shape, dtype: arrays[key]!.dtype }, key).toEqual({ shape, dtype });
    }

    const names = arrays.expr_names!.data as string[];
    expect(names).toContain('jawOpen');
    expect(names).toContain('eyeBlink_L');
    expect(arrays.region_names!.data).toEqual([
      'face',
      'head_neck',
      'mouth_socket',
      'eye_socket_left',
      'eye_socket_right',
      'gums_tongue',
      'teeth',
      'eyeball_left',
      'eyeball_right',
    ]);

    const vertexCount = 24591;
    const faces = arrays.f!.data as Int32Array;
    expect(faces.every((v) => v >= 0 && v < vertexCount)).toBe(true);
    expect((arrays.lmk68!.data as Int32Array).every((v) => v >= 0 && v < vertexCount)).toBe(true);
    expect((arrays.region!.data as Uint8Array).every((v) => v < 9)).toBe(true);
    // Metres: a head fits in a 1 m box.
    expect((arrays.v_template!.data as Float32Array).every((v) => Math.abs(v) < 1)).toBe(true);
    const dirs = float16ToFloat32(arrays.exprdirs!.data as Uint16Array);
    expect(dirs.every(Number.isFinite)).toBe(true);
    expect(dirs.some((v) => v !== 0)).toBe(true);
  });
});
