// Which packets a selection needs fed to a decoder, from the track's packet table alone (no data
// read). Frame n is the n-th frame in presentation order, as ffmpeg's `select` counts it, so the
// browser and Node number the same frame the same way whatever the codec's reordering.

/** One packet's place in the stream: presentation time (µs) and whether decoding may start there. */
export interface PacketEntry {
  readonly us: number;
  readonly key: boolean;
}

export interface DecodePlan {
  /** Decode-order positions to feed, `first` to `last` inclusive; `first` is a key packet. */
  readonly first: number;
  readonly last: number;
  /** Presentation time (µs) of each selected frame -> its position in the selection. */
  readonly wanted: ReadonlyMap<number, number>;
}

/** Presentation times in stream frame order (frame n at [n]). */
export function presentationOrder(decodeOrder: readonly PacketEntry[]): number[] {
  return decodeOrder.map((p) => p.us).sort((a, b) => a - b);
}

/**
 * The shortest run of packets that yields every selected frame: from the last key packet at or
 * before the earliest selected frame (in decode order) to the last packet presented no later than
 * the latest one. Frames the decoder outputs in between but not selected are dropped on arrival.
 */
export function decodePlan(
  decodeOrder: readonly PacketEntry[],
  frameTimes: readonly number[],
  indices: readonly number[],
): DecodePlan {
  const wanted = new Map(indices.map((n, pos) => [frameTimes[n]!, pos]));
  const firstUs = frameTimes[indices[0]!]!;
  const lastUs = frameTimes[indices[indices.length - 1]!]!;
  const firstWanted = decodeOrder.findIndex((p) => p.us === firstUs);
  let first = firstWanted;
  while (first > 0 && !decodeOrder[first]!.key) first--;
  let last = firstWanted;
  for (let i = firstWanted; i < decodeOrder.length; i++) if (decodeOrder[i]!.us <= lastUs) last = i;
  // A frame presented before its key packet is an open GOP's leading picture: it may reference the
  // previous GOP, so decoding starts one key packet earlier.
  if (firstUs < decodeOrder[first]!.us) {
    while (first > 0 && !decodeOrder[--first]!.key);
  }
  return { first, last, wanted };
}

/**
 * The stream's frame rate from its frame spacing: the median interval, snapped to a whole or NTSC
 * (n x 1000/1001) rate when within rounding of one. Not frames / duration: a clip cut without
 * re-encoding keeps a gap or a long last frame that would skew the average, where ffprobe reports
 * the nominal rate, and the two hosts must agree on which frame a second is. `endUs` (the end of the
 * last frame) serves a single-frame stream.
 */
export function streamFrameRate(frameTimes: readonly number[], endUs: number): number {
  const gaps = frameTimes
    .slice(1)
    .map((t, i) => t - frameTimes[i]!)
    .filter((g) => g > 0)
    .sort((a, b) => a - b);
  const interval = gaps.length > 0 ? gaps[gaps.length >> 1]! : endUs - frameTimes[0]!;
  const raw = 1e6 / interval;
  for (const candidate of [Math.round(raw), Math.round((raw * 1001) / 1000) * (1000 / 1001)]) {
    if (candidate > 0 && Math.abs(raw - candidate) / candidate < 2e-4) return candidate;
  }
  return raw;
}
