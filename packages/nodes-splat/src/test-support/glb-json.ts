/**
 * Rewrites the JSON chunk of a GLB (the tests' way to make a file another writer could have made:
 * a required extension, a node transform, renamed attributes), keeping the binary chunk as is.
 */
export function editGlbJson(glb: Uint8Array, edit: (json: Record<string, any>) => void): Uint8Array {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as Record<string, any>;
  edit(json);
  const rest = glb.subarray(20 + jsonLength);
  let text = new TextEncoder().encode(JSON.stringify(json));
  const padded = new Uint8Array(Math.ceil(text.length / 4) * 4).fill(0x20);
  padded.set(text);
  text = padded;
  const out = new Uint8Array(20 + text.length + rest.length);
  const o = new DataView(out.buffer);
  out.set(glb.subarray(0, 12));
  o.setUint32(8, out.length, true);
  o.setUint32(12, text.length, true);
  o.setUint32(16, 0x4e4f534a, true);
  out.set(text, 20);
  out.set(rest, 20 + text.length);
  return out;
}

export function glbJson(glb: Uint8Array): Record<string, any> {
  let json: Record<string, any> = {};
  editGlbJson(glb, (j) => (json = j));
  return json;
}
