// A decoded VideoFrame as the rgba8 image io.loadVideo returns: the browser converts YUV to RGB
// (its own conversion, in the frame's colour space), then the frame is turned upright here, as
// ffmpeg's autorotate does in Node, so both hosts hand a node the same picture.

/** How the container says to display the frames: clockwise degrees, then a horizontal flip. */
export interface FrameOrientation {
  readonly rotation: 0 | 90 | 180 | 270;
  readonly flip: boolean;
}

/** rgba8 of the frame's visible rect, top row first, turned upright. Does not close the frame. */
export async function framePixels(frame: VideoFrame, orientation: FrameOrientation): Promise<Uint8Array> {
  const w = frame.visibleRect?.width ?? frame.displayWidth;
  const h = frame.visibleRect?.height ?? frame.displayHeight;
  const rgba = await copyRgba(frame, w, h);
  return orientation.rotation === 0 && !orientation.flip ? rgba : turnUpright(rgba, w, h, orientation);
}

async function copyRgba(frame: VideoFrame, w: number, h: number): Promise<Uint8Array> {
  const out = new Uint8Array(w * h * 4);
  try {
    // Chromium converts in copyTo (no canvas, no GPU readback) since version 127.
    await frame.copyTo(out, { format: 'RGBA', colorSpace: 'srgb' });
    return out;
  } catch {
    // Older engines only copy planes in the frame's own format: draw it instead.
    const canvas = new OffscreenCanvas(w, h);
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (!g) throw new Error('no 2d canvas to convert a video frame');
    g.drawImage(frame, 0, 0, w, h);
    out.set(g.getImageData(0, 0, w, h).data);
    return out;
  }
}

/** Rotates clockwise by `rotation`, then mirrors left-right when `flip`. */
export function turnUpright(
  src: Uint8Array,
  w: number,
  h: number,
  { rotation, flip }: FrameOrientation,
): Uint8Array {
  const quarter = rotation === 90 || rotation === 270;
  const ow = quarter ? h : w;
  const oh = quarter ? w : h;
  const src32 = new Uint32Array(src.buffer, src.byteOffset, w * h);
  const out = new Uint8Array(w * h * 4);
  const dst32 = new Uint32Array(out.buffer);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const ox = flip ? ow - 1 - x : x;
      // Output (ox, y) shows source (sx, sy): the inverse of a clockwise turn.
      let sx: number, sy: number;
      if (rotation === 90) [sx, sy] = [y, h - 1 - ox];
      else if (rotation === 180) [sx, sy] = [w - 1 - ox, h - 1 - y];
      else if (rotation === 270) [sx, sy] = [w - 1 - y, ox];
      else [sx, sy] = [ox, y];
      dst32[y * ow + x] = src32[sy * w + sx]!;
    }
  }
  return out;
}
