/**
 * gzip through the platform's CompressionStream / DecompressionStream (Node 18+ and browsers), so
 * both entries of the package share it without a dependency or a Node built-in.
 */

export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Inflates `data`, stopping as soon as the output passes the size `limit(head)` allows, where
 * `head` is the first `headBytes` of output (a header that says how much follows): a small file
 * cannot make the reader allocate more than its own header claims. Throws a plain Error with
 * zlib's reason on damaged or truncated input; callers add the file name.
 */
export async function gunzipWithin(
  data: Uint8Array,
  headBytes: number,
  limit: (head: Uint8Array) => number,
): Promise<Uint8Array> {
  const reader = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let max = Infinity;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
      if (max === Infinity && total >= headBytes) max = limit(concat(chunks, total).subarray(0, headBytes));
      if (total > max) throw new Error(`inflates to more than the ${max} bytes its header accounts for`);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    throw err;
  }
  return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  chunks.splice(0, chunks.length, out);
  return out;
}
