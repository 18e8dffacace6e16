import { hashString, initHashing } from './content-hash.js';

/**
 * One key per position of a sequence that names the whole prefix up to it: key i = hash(key i-1,
 * item i), starting from `seed` (what else the results depend on: params, the runtime). A result
 * that depends on everything before it (a tracker's state after frame i) is kept under key i, so a
 * longer sequence with the same start finds every position it shares, and nothing else.
 */
export async function prefixKeys(seed: string, items: readonly string[]): Promise<string[]> {
  await initHashing();
  const keys: string[] = new Array(items.length);
  let last = hashString(`prefix|${seed}`);
  for (let i = 0; i < items.length; i++) keys[i] = last = hashString(`${last}|${items[i]}`);
  return keys;
}
