/**
 * Damaged copies of a good file for property-based reader tests, and the one outcome a reader may
 * have on them: a value, or an Error whose message names the file. Kept in step with the copies in
 * core (src/io/test-support) and nodes-model (src/test-support): node packages cannot import each
 * other's tests, nor core's.
 */
import fc from 'fast-check';
import { expect } from 'vitest';

/** Truncations, bit flips (anywhere, or in the first 64 bytes where sizes live), overwritten bytes. */
export function damaged(original: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = original.length;
  // Not original.slice(): on a Node Buffer (protobufjs output, readFileSync) that is a view, and
  // the flips would land in the original.
  const copy = () => new Uint8Array(original);
  const at = fc.integer({ min: 0, max: n - 1 });
  const head = fc.integer({ min: 0, max: Math.min(n, 64) - 1 });
  const flip = (where: fc.Arbitrary<number>) =>
    fc.array(fc.tuple(where, fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 6 }).map((flips) => {
      const b = copy();
      for (const [i, bit] of flips) b[i]! ^= 1 << bit;
      return b;
    });
  const overwrite = fc
    .array(fc.tuple(at, fc.constantFrom(0, 0xff, 0x7f, 0x80)), { minLength: 1, maxLength: 4 })
    .map((sets) => {
      const b = copy();
      for (const [i, v] of sets) b[i] = v;
      return b;
    });
  const truncate = at.map((cut) => copy().subarray(0, cut));
  return fc.oneof(
    truncate,
    flip(at),
    flip(head),
    overwrite,
    fc.tuple(flip(head), at).map(([b, cut]) => b.slice(0, Math.max(cut, 1))),
  );
}

export interface ReadBudget {
  /** Bytes a read may leave allocated (heap + array buffers) beyond this many times its input. */
  perInputByte: number;
  fixed: number;
  /** Longest one read may take. */
  ms: number;
}

export const DEFAULT_BUDGET: ReadBudget = { perInputByte: 64, fixed: 64 << 20, ms: 2000 };

const allocated = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/**
 * Runs one read: it returns a value that `check` accepts, or throws an Error naming `source`;
 * either way within the time and memory budget. Memory is what is still allocated when the read
 * returns or throws (garbage included), so a decoder that allocated for a size its header lied
 * about shows up even though the buffer is already unreachable.
 */
export function expectValueOrError<T>(
  source: string,
  input: Uint8Array,
  read: () => T,
  check: (value: T) => void,
  budget = DEFAULT_BUDGET,
): void {
  const start = startRead();
  let outcome: ReadOutcome<T>;
  try {
    outcome = { threw: false, value: read() };
  } catch (error) {
    outcome = { threw: true, error };
  }
  judgeRead(source, input, start, outcome, check, budget);
}

type ReadOutcome<T> = { threw: false; value: T } | { threw: true; error: unknown };

function startRead() {
  return { before: allocated(), t0: performance.now() };
}

/** The one judgement both forms share: time and memory since `start`, then the value or the Error. */
function judgeRead<T>(
  source: string,
  input: Uint8Array,
  start: ReturnType<typeof startRead>,
  outcome: ReadOutcome<T>,
  check: (value: T) => void,
  budget: ReadBudget,
): void {
  const ms = performance.now() - start.t0;
  const grew = allocated() - start.before;
  expect(ms, `read took ${ms.toFixed(0)} ms`).toBeLessThan(budget.ms);
  expect(
    grew,
    `read left ${(grew / 2 ** 20).toFixed(1)} MiB allocated for ${input.length} input bytes`,
  ).toBeLessThan(budget.fixed + budget.perInputByte * input.length);
  if (outcome.threw) {
    expect(outcome.error, `threw a non-Error: ${String(outcome.error)}`).toBeInstanceOf(Error);
    expect((outcome.error as Error).message).toContain(source);
  } else {
    check(outcome.value);
  }
}

/**
 * fast-check settings: bounded in cases and in wall time, so a property fits in a normal test run.
 * `FFAVATAR_FUZZ_RUNS=20000` digs deeper by hand (the time limit grows with it).
 */
const runs = Number(process.env.FFAVATAR_FUZZ_RUNS) || 300;
export const FUZZ_RUNS = {
  numRuns: runs,
  interruptAfterTimeLimit: Math.max(4000, runs * 15),
  markInterruptAsFailure: false,
} as const;

/** `expectValueOrError` for a reader that returns a promise (SPZ's gunzip, glTF-Transform's parse). */
export async function expectValueOrErrorAsync<T>(
  source: string,
  input: Uint8Array,
  read: () => Promise<T>,
  check: (value: T) => void,
  budget = DEFAULT_BUDGET,
): Promise<void> {
  const start = startRead();
  let outcome: ReadOutcome<T>;
  try {
    outcome = { threw: false, value: await read() };
  } catch (error) {
    outcome = { threw: true, error };
  }
  judgeRead(source, input, start, outcome, check, budget);
}
