import { NodeError } from '../engine/errors/node-error.js';

/**
 * The failure of a `test.*` node: code `assertion` (never retried, exit 1), and one sentence that a
 * CI log alone makes actionable: which assertion, what was measured, what the bound was.
 */
export function assertionFailed(label: string, measured: string, bound: string, extra = ''): NodeError {
  return new NodeError('assertion', `assertion "${label}" failed: ${measured}, expected ${bound}${extra}`);
}

/** How measured values are printed: enough digits to see a near miss, no float noise. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}
