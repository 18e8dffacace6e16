import type { Motion } from '@ffavatar/core';
import { ARKIT_52 } from './arkit-names.js';
import { motionToArkit } from './arkit-ict.js';
import { axisAngleToEuler, eulerToAxisAngle } from './head-euler.js';
import { MotionFormatError } from './motion-format-error.js';

/** Live Link Face's column names: the ARKit names with a capital first letter. */
const SHAPE_COLUMNS = ARKIT_52.map((n) => n[0]!.toUpperCase() + n.slice(1));
const HEAD_COLUMNS = ['HeadYaw', 'HeadPitch', 'HeadRoll'] as const;
/** Written as 0: ICT's eyeballs do not rotate, gaze travels in the eyeLook shapes. */
const EYE_COLUMNS = [
  'LeftEyeYaw',
  'LeftEyePitch',
  'LeftEyeRoll',
  'RightEyeYaw',
  'RightEyePitch',
  'RightEyeRoll',
];
const DECIMALS = 6;

/**
 * A Live Link Face CSV (`Timecode,BlendShapeCount,EyeBlinkLeft,...,TongueOut,HeadYaw,HeadPitch,
 * HeadRoll,LeftEyeYaw,...`) as an ARKit-named Motion at `fps` (the CSV's timecode frames carry
 * no rate). Columns are found by name, so their order may differ; the 52 shapes are required, the
 * head angles optional (0 when absent; radians, see head-euler.ts), eye angles ignored. Errors
 * name the file, line and column.
 */
export function motionFromLiveLinkCsv(text: string, file: string, fps: number): Motion {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0)
    throw new MotionFormatError(file, 'empty file: expected a Live Link Face CSV header', 1);
  const header = lines[0]!
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  if (col('Timecode') < 0)
    throw new MotionFormatError(file, "no 'Timecode' column: not a Live Link Face CSV", 1);
  const missing = SHAPE_COLUMNS.filter((c) => col(c) < 0);
  if (missing.length > 0)
    throw new MotionFormatError(file, `missing blend shape column(s): ${missing.join(', ')}`, 1);
  const shapeCols = SHAPE_COLUMNS.map(col),
    headCols = HEAD_COLUMNS.map(col);
  const T = lines.length - 1,
    E = ARKIT_52.length;
  const expression = new Float32Array(T * E),
    rotation = new Float32Array(T * 3);
  for (let t = 0; t < T; t++) {
    const line = t + 2;
    const cells = lines[t + 1]!.split(',');
    if (cells.length !== header.length)
      throw new MotionFormatError(file, `${cells.length} columns, the header has ${header.length}`, line);
    const num = (c: number) => {
      const cell = cells[c]!.trim();
      const v = Number(cell);
      if (cell === '' || !Number.isFinite(v))
        throw new MotionFormatError(file, `${header[c]}: '${cell}' is not a number`, line, c + 1);
      return v;
    };
    shapeCols.forEach((c, e) => (expression[t * E + e] = num(c)));
    const [yaw, pitch, roll] = headCols.map((c) => (c < 0 ? 0 : num(c)));
    rotation.set(eulerToAxisAngle(yaw!, pitch!, roll!), t * 3);
  }
  return { fps, frames: T, expressionNames: [...ARKIT_52], expression, rotation };
}

/** `HH:MM:SS:FF.mmm` for frame `i` at `fps`, as Live Link Face stamps its rows (from midnight). */
function timecode(i: number, fps: number): string {
  const seconds = Math.floor(i / fps);
  const frame = i - seconds * fps;
  const pad = (v: number) => String(v).padStart(2, '0');
  const whole = Math.floor(frame);
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}:${pad(whole)}.${String(Math.round((frame - whole) * 1000)).padStart(3, '0')}`;
}

/**
 * A Motion (ARKit- or ICT-named: merged through the table) as a Live Link Face CSV: 61 curve
 * columns in Unreal's order, values to 6 decimals, eye angles 0.
 */
export function motionToLiveLinkCsv(motion: Motion): string {
  const m = motionToArkit(motion);
  const E = ARKIT_52.length;
  const rows = [['Timecode', 'BlendShapeCount', ...SHAPE_COLUMNS, ...HEAD_COLUMNS, ...EYE_COLUMNS].join(',')];
  // toFixed keeps the sign of a tiny negative ('-0.000000'): written as 0.
  const fmt = (v: number) => {
    const s = v.toFixed(DECIMALS);
    return /^-0\.0+$/.test(s) ? s.slice(1) : s;
  };
  for (let t = 0; t < m.frames; t++) {
    const r = m.rotation;
    const euler = axisAngleToEuler(r[t * 3]!, r[t * 3 + 1]!, r[t * 3 + 2]!);
    rows.push(
      [
        timecode(t, m.fps),
        String(E + HEAD_COLUMNS.length + EYE_COLUMNS.length),
        ...Array.from(m.expression.subarray(t * E, (t + 1) * E), fmt),
        ...euler.map(fmt),
        ...EYE_COLUMNS.map(() => fmt(0)),
      ].join(','),
    );
  }
  return `${rows.join('\n')}\n`;
}
