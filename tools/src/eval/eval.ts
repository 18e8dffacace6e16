import { parseArgs } from 'node:util';
import { writeBenchResult } from '@ffavatar/core/node';
import { DEFAULT_OPTIONS, runEval, type EvalResult } from './run-eval.js';

/**
 * `pnpm eval`: how well the classic pipeline reconstructs a head it has K photos of, on a
 * synthetic subject whose truth is known (ICT-FaceKit head, seeded identity, the astronaut's
 * fused texture; ground truth from the CPU mesh rasterizer). Reconstructs from K = 1, 2, 4, 8, 16
 * views spread over yaw, scores PSNR/SSIM inside the face region on held-out views (neutral) and
 * held-out expressions (frontal-ish), prints a table and writes bench-results/eval.json.
 *
 *   pnpm eval [-- --k 1,4 --size 256 --uv 256 --texture 256 --seed 5 --track --personalise 120 --refine-test 20 --lr camera=1e-3,expression=0.01 --personalise-groups sh,camera,expression --head-prior 0.01 --save out/eval --subject-texture FILE --subject-portrait PHOTO]
 */
// `pnpm eval -- --k 4` hands the literal `--` on; after it parseArgs would read every flag as a
// positional and silently ignore it, so it is dropped here and anything else unexpected refused.
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    k: { type: 'string', default: DEFAULT_OPTIONS.ks.join(',') },
    size: { type: 'string', default: String(DEFAULT_OPTIONS.size) },
    uv: { type: 'string', default: String(DEFAULT_OPTIONS.uvSize) },
    texture: { type: 'string', default: String(DEFAULT_OPTIONS.textureSize) },
    seed: { type: 'string', default: String(DEFAULT_OPTIONS.seed) },
    track: { type: 'boolean', default: false },
    personalise: { type: 'string', default: '0' },
    'refine-test': { type: 'string', default: '0' },
    lr: { type: 'string' },
    'personalise-groups': { type: 'string' },
    'head-prior': { type: 'string' },
    save: { type: 'string' },
    'dense-weight': { type: 'string' },
    'subject-texture': { type: 'string' },
    'subject-portrait': { type: 'string' },
  },
});

const int = (name: string, text: string, min: number, max: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    usage(`--${name} must be an integer in [${min}, ${max}], got "${text}"`);
  return n;
};
const positive = (name: string, text: string): number => {
  const x = Number(text);
  if (!(x > 0) || !Number.isFinite(x)) usage(`--${name} must be a positive number, got "${text}"`);
  return x;
};
const nonNegative = (name: string, text: string): number => {
  const x = Number(text);
  if (!(x >= 0) || !Number.isFinite(x)) usage(`--${name} must be a number >= 0, got "${text}"`);
  return x;
};
const GROUPS = [
  'sh',
  'logitOpacities',
  'logScales',
  'rotations',
  'normalOffset',
  'barycentric',
  'camera',
  'identity',
  'expression',
  'joints',
] as const;
function groups(text: string): (typeof GROUPS)[number][] {
  const names = text.split(',').map((s) => s.trim());
  for (const n of names)
    if (!(GROUPS as readonly string[]).includes(n))
      usage(`--personalise-groups: unknown group "${n}" (one of ${GROUPS.join(', ')})`);
  return names as (typeof GROUPS)[number][];
}
/** `--lr camera=1e-3,expression=0.01`: rates that replace splat.personalise's defaults. */
function learningRates(text: string): Partial<Record<(typeof GROUPS)[number], number>> {
  const out: Partial<Record<(typeof GROUPS)[number], number>> = {};
  for (const pair of text.split(',')) {
    const [name, value] = pair.split('=').map((s) => s.trim());
    if (!(GROUPS as readonly string[]).includes(name ?? ''))
      usage(`--lr: unknown group "${name}" (one of ${GROUPS.join(', ')})`);
    const x = Number(value);
    if (!(x >= 0) || !Number.isFinite(x)) usage(`--lr: ${name} needs a rate >= 0, got "${value}"`);
    out[name as (typeof GROUPS)[number]] = x;
  }
  return out;
}
function usage(message: string): never {
  console.error(`eval: ${message}`);
  process.exit(2);
}

const ks = values.k.split(',').map((s) => int('k', s.trim(), 1, 64));
const options = {
  ks,
  size: int('size', values.size, 64, 1024),
  uvSize: int('uv', values.uv, 16, 1024),
  textureSize: int('texture', values.texture, 16, 1024),
  seed: int('seed', values.seed, 0, 2 ** 31),
  track: values.track,
  personalise: int('personalise', values.personalise, 0, 100000),
  refineTest: int('refine-test', values['refine-test'], 0, 100000),
  ...(values['personalise-groups'] !== undefined
    ? { personaliseGroups: groups(values['personalise-groups']) }
    : {}),
  ...(values.lr !== undefined ? { rates: learningRates(values.lr) } : {}),
  ...(values['head-prior'] !== undefined ? { headPrior: positive('head-prior', values['head-prior']) } : {}),
  ...(values.save ? { saveDir: values.save } : {}),
  ...(values['subject-texture'] ? { subjectTexture: values['subject-texture'] } : {}),
  ...(values['subject-portrait'] ? { subjectPortrait: values['subject-portrait'] } : {}),
  ...(values['dense-weight'] !== undefined
    ? { denseWeight: nonNegative('dense-weight', values['dense-weight']) }
    : {}),
  log: (line: string) => console.error(line),
};

const cpu0 = process.cpuUsage();
const result = await runEval(options);
const cpu = process.cpuUsage(cpu0),
  cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(formatTable(result));
const rising = result.rows.every((r, i) => i === 0 || r.views.psnr > result.rows[i - 1]!.views.psnr);
console.log(`held-out view PSNR rises with K: ${rising ? 'yes' : 'NO'}`);
// A --track run is another experiment: it gets its own file instead of replacing the table's.
const file = await writeBenchResult(
  `${options.track ? 'eval-track' : 'eval'}${options.personalise || options.refineTest ? '-personalised' : ''}`,
  {
    tracking: options.track ? 'fitted (landmarks + fitLandmarks)' : 'ground truth cameras and head params',
    personaliseSteps: options.personalise,
    testTimeCameraSteps: options.refineTest,
    rates: options.rates ?? null,
    personaliseGroups: options.personaliseGroups ?? 'all',
    imageSize: options.size,
    uvSize: options.uvSize,
    ...result,
    cpuSeconds,
    viewPsnrRisesWithK: rising,
  },
);
console.log(`wrote ${file}`);

function formatTable(r: EvalResult): string {
  const head = ['K', 'PSNR views', 'SSIM views', 'PSNR expr', 'SSIM expr', 'Gaussians', 'seconds'];
  const lines = r.rows.map((row) => [
    String(row.K),
    row.views.psnr.toFixed(2),
    row.views.ssim.toFixed(4),
    row.expressions.psnr.toFixed(2),
    row.expressions.ssim.toFixed(4),
    String(row.gaussians),
    (row.seconds + (row.trackSeconds ?? 0) + (row.personalised?.seconds ?? 0)).toFixed(1),
  ]);
  if (r.oracle) {
    const o = r.oracle;
    lines.push([
      'true texture',
      o.views.psnr.toFixed(2),
      o.views.ssim.toFixed(4),
      o.expressions.psnr.toFixed(2),
      o.expressions.ssim.toFixed(4),
      String(o.gaussians),
      '-',
    ]);
  }
  const widths = head.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((s, c) => s.padStart(widths[c]!)).join(' | ')} |`;
  return [
    `${options.size}x${options.size} px, uv ${options.uvSize}, PSNR (dB) / SSIM inside the face region; ${r.totalSeconds.toFixed(0)} s in all (${cpuSeconds.toFixed(0)} s CPU)`,
    fmt(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...lines.map(fmt),
    ...(r.oracle
      ? [
          "true texture: the densifier fed the subject's own texture (no fusion, true tracking), a reference for what the",
          'Gaussians themselves cost at this uv and image size; fusion can edge past it (its texture is pre-filtered, its opacities lower)',
        ]
      : []),
  ].join('\n');
}
