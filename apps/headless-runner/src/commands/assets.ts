import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { assetSearchPath, writeFileAtomic } from '@ffavatar/core/node';
import { buildIctNpz, ICT_ASSET, loadIctFaceKit } from '@ffavatar/nodes-flame';
import { EXIT, UsageError } from '../errors.js';

/** The assets the shipped graphs and tests use. */
const KNOWN_ASSETS = [
  {
    name: ICT_ASSET,
    what: 'ICT-FaceKit Light head model (flame.loadIct)',
    build: '--build-ict <ICT-FaceKit checkout>',
  },
  { name: 'portraits/astronaut.png', what: 'demo portrait (public domain)', build: undefined },
] as const;

export interface AssetsFlags {
  buildIct: string | undefined;
  /** URL of an ICT-FaceKit archive (zip) to download and convert; needs `sha256`. */
  downloadIct?: string | undefined;
  sha256?: string | undefined;
  out: string | undefined;
  json: boolean;
}

/**
 * `ffavatar assets`: where assets are searched and which are found; with `--build-ict DIR`,
 * converts an ICT-FaceKit checkout's FaceXModel OBJs into the npz the loader reads, written under
 * `--out` (default: the user cache, the last place searched).
 */
export async function assetsCommand(flags: AssetsFlags): Promise<number> {
  if (flags.buildIct !== undefined) return buildIct(flags.buildIct, flags.out, flags.json);
  if (flags.downloadIct !== undefined)
    return downloadIct(flags.downloadIct, flags.sha256, flags.out, flags.json);
  const report = assetReport();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = ['asset search path (first match wins):'];
  report.searchPath.forEach((d, i) =>
    lines.push(`  ${i + 1}. ${d.dir}  [${d.source}${d.exists ? '' : ', missing'}]`),
  );
  lines.push('assets:');
  for (const a of report.assets) {
    lines.push(
      a.path
        ? `  ${a.name}  found: ${a.path} (${(a.bytes! / 2 ** 20).toFixed(1)} MiB)`
        : `  ${a.name}  MISSING: ${a.what}${a.build ? `; build it with: ffavatar assets ${a.build}` : ''}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function assetReport() {
  const dirs = assetSearchPath();
  const env = process.env.FFAVATAR_ASSETS ? resolve(process.env.FFAVATAR_ASSETS) : undefined;
  const searchPath = dirs.map((dir, i) => ({
    dir,
    source:
      dir === env && i === 0
        ? 'FFAVATAR_ASSETS'
        : i === dirs.length - 1
          ? 'user cache'
          : 'beside the checkout',
    exists: existsSync(dir),
  }));
  const assets = KNOWN_ASSETS.map((a) => {
    const dir = dirs.find((d) => existsSync(join(d, a.name)));
    const path = dir && join(dir, a.name);
    return {
      name: a.name,
      what: a.what,
      build: a.build,
      path,
      bytes: path ? statSync(path).size : undefined,
    };
  });
  return { searchPath, assets };
}

async function buildIct(checkout: string, out: string | undefined, json: boolean): Promise<number> {
  const root = resolve(checkout);
  const faceX = [join(root, 'FaceXModel'), root].find((d) => existsSync(join(d, 'generic_neutral_mesh.obj')));
  if (!faceX)
    throw new UsageError(
      `--build-ict ${checkout}: no FaceXModel/generic_neutral_mesh.obj there; give the root of an ICT-FaceKit checkout`,
    );
  const read = (name: string) => {
    const path = join(faceX, name);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const license = [join(root, 'LICENSE'), join(faceX, '..', 'LICENSE')].find((p) => existsSync(p));
  return writeIct(read, license ? readFileSync(license) : undefined, out, json);
}

/**
 * Downloads an ICT-FaceKit archive (zip), checks its sha256 before anything else (a truncated or
 * tampered download must not become a head model), and converts its FaceXModel folder.
 */
async function downloadIct(
  url: string,
  sha256: string | undefined,
  out: string | undefined,
  json: boolean,
): Promise<number> {
  let bytes: Uint8Array;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    throw new UsageError(
      `--download-ict ${url}: the download failed (${(err as Error).message}); without network, use --build-ict with a checkout`,
    );
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (!sha256)
    throw new UsageError(
      `--download-ict needs --sha256 HEX, the archive's checksum, so a bad download is caught; this download's sha256 is ${actual}. Nothing was written.`,
    );
  if (actual !== sha256.toLowerCase())
    throw new UsageError(
      `--download-ict ${url}: sha256 is ${actual}, expected ${sha256}. Nothing was written.`,
    );
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    throw new UsageError(`--download-ict ${url}: not a zip archive (${(err as Error).message})`);
  }
  const names = Object.keys(files);
  const neutral = names.find((n) => /(^|\/)FaceXModel\/generic_neutral_mesh\.obj$/.test(n));
  if (!neutral)
    throw new UsageError(
      `--download-ict ${url}: the archive has no FaceXModel/generic_neutral_mesh.obj: not an ICT-FaceKit archive`,
    );
  const prefix = neutral.slice(0, neutral.length - 'generic_neutral_mesh.obj'.length);
  const decoder = new TextDecoder();
  const read = (name: string) => {
    const f = files[prefix + name];
    return f ? decoder.decode(f) : undefined;
  };
  const license = files[`${prefix.replace(/FaceXModel\/$/, '')}LICENSE`];
  return writeIct(read, license, out, json);
}

/** Converts, checks the result with the loader itself, then writes npz and licence atomically. */
async function writeIct(
  read: (name: string) => string | undefined,
  license: Uint8Array | Buffer | undefined,
  out: string | undefined,
  json: boolean,
): Promise<number> {
  const bytes = buildIctNpz(read, (done, total) =>
    process.stderr.write(`\rreading morph targets ${done}/${total}`),
  );
  process.stderr.write('\n');
  const target = join(resolve(out ?? assetSearchPath().at(-1)!), ICT_ASSET);
  const model = loadIctFaceKit(bytes, target);
  await writeFileAtomic(target, bytes);
  // MIT: the licence travels with the converted data.
  if (license) await writeFileAtomic(join(target, '..', 'LICENSE'), license);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const summary = {
    path: target,
    bytes: bytes.length,
    sha256,
    vertices: model.vertexCount,
    triangles: model.triangleCount,
    identities: model.identityCount,
    expressions: model.expressionCount,
  };
  process.stdout.write(
    json
      ? `${JSON.stringify(summary, null, 2)}\n`
      : `wrote ${target} (${(bytes.length / 2 ** 20).toFixed(1)} MiB, sha256 ${sha256}): ${model.vertexCount} vertices, ${model.triangleCount} triangles, ${model.identityCount} identities, ${model.expressionCount} expressions\n`,
  );
  return EXIT.ok;
}
