import { formatNumber } from './assertion-failure.js';

export interface Tolerance {
  atol: number;
  rtol: number;
}

/** The first place two JSON-like values differ beyond the tolerance, as a sentence; null when they match. */
export function firstDifference(actual: unknown, expected: unknown, tol: Tolerance, at = ''): string | null {
  const where = at || 'value';
  if (typeof expected === 'number' && typeof actual === 'number') {
    const err = Math.abs(actual - expected);
    // numpy.isclose's rule, so a Python-made expectation means the same thing here.
    if (err <= tol.atol + tol.rtol * Math.abs(expected) || (Number.isNaN(actual) && Number.isNaN(expected)))
      return null;
    return `${where} = ${formatNumber(actual)}, expected ${formatNumber(expected)} ± ${formatNumber(tol.atol + tol.rtol * Math.abs(expected))}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual))
      return `${where} is ${describe(actual)}, expected an array of ${expected.length}`;
    if (actual.length !== expected.length)
      return `${where} has ${actual.length} items, expected ${expected.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], tol, `${where}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return `${where} is ${describe(actual)}, expected an object`;
    const a = actual as Record<string, unknown>,
      e = expected as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!(key in a)) return `${at ? `${at}.` : ''}${key} is missing`;
      const d = firstDifference(a[key], e[key], tol, at ? `${at}.${key}` : key);
      if (d) return d;
    }
    const extra = Object.keys(a).filter((k) => !(k in e));
    return extra.length ? `${at ? `${at}.` : ''}${extra[0]} is not expected` : null;
  }
  return actual === expected ? null : `${where} = ${describe(actual)}, expected ${describe(expected)}`;
}

function describe(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
