// Validation shared by the GPU and CPU sorts, so both refuse the same inputs the same way.

export function checkKeyBits(keyBits: number): number {
  if (!Number.isInteger(keyBits) || keyBits < 1 || keyBits > 32)
    throw new RangeError(`keyBits must be an integer in 1..32, got ${keyBits}`);
  return keyBits;
}

/** The key mask as an int32 (-1 for all 32 bits): apply with `&`, read back with `>>> 0`. */
export function keyMask(keyBits: number): number {
  return keyBits === 32 ? -1 : 2 ** keyBits - 1;
}
