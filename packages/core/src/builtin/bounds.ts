import { z } from 'zod';
import { formatNumber } from './assertion-failure.js';

/** The bound params test.expect shares with any gate on one number. At least one must be set. */
export const boundParams = {
  min: z.number().optional().describe('the value must be >= min'),
  max: z.number().optional().describe('the value must be <= max'),
  equals: z.number().optional().describe('the value must equal this, within tolerance'),
  tolerance: z.number().nonnegative().default(0).describe('allowed |value - equals|'),
};

export interface Bounds {
  min?: number | undefined;
  max?: number | undefined;
  equals?: number | undefined;
  tolerance: number;
}

export const hasBound = (b: Bounds) => b.min !== undefined || b.max !== undefined || b.equals !== undefined;

/** The bounds as the failure message prints them, e.g. ">= 30 and <= 40" or "= 1 ± 0.01". */
export function describeBounds(b: Bounds): string {
  const parts: string[] = [];
  if (b.equals !== undefined)
    parts.push(`= ${formatNumber(b.equals)}${b.tolerance > 0 ? ` ± ${formatNumber(b.tolerance)}` : ''}`);
  if (b.min !== undefined) parts.push(`>= ${formatNumber(b.min)}`);
  if (b.max !== undefined) parts.push(`<= ${formatNumber(b.max)}`);
  return parts.join(' and ');
}

/** Whether `v` holds every bound; NaN holds none (a metric that came out NaN is a failure). */
export function withinBounds(v: number, b: Bounds): boolean {
  if (Number.isNaN(v)) return false;
  if (b.min !== undefined && !(v >= b.min)) return false;
  if (b.max !== undefined && !(v <= b.max)) return false;
  if (b.equals !== undefined && !(Math.abs(v - b.equals) <= b.tolerance)) return false;
  return true;
}
