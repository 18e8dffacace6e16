import { UsageError } from '../errors.js';

/** A flag that takes a whole number >= min; the error names the flag and what it got. */
export function intFlag(flag: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${flag} ${value}: expected a whole number of at least ${min}`);
  return n;
}

/** A flag that takes a positive number (seconds). */
export function secondsFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--${flag} ${value}: expected a positive number of seconds`);
  return n;
}
