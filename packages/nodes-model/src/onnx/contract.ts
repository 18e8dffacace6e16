import type { Dim, ModelSignature, OnnxDtype, ValueSignature } from './signature.js';

/**
 * A stage contract: the inputs a node feeds and the outputs it reads. Dims are fixed sizes or
 * axis names; a named axis listed in `dynamic` must stay symbolic in the model (the node feeds
 * any size there, e.g. the image count), other names may be fixed by the model but must agree
 * wherever the same name appears (tokens per image P in both the encoder output and a position
 * table, say).
 */
interface ValueContract {
  readonly name: string;
  readonly dtype: OnnxDtype;
  readonly shape: readonly Dim[];
  readonly doc: string;
}

export interface StageContract {
  readonly stage: string;
  readonly inputs: readonly ValueContract[];
  readonly outputs: readonly ValueContract[];
  readonly dynamic: readonly string[];
}

export class ContractError extends Error {
  override name = 'ContractError';
  /** The engine's error code (ErrorCode): the file or input is unusable, a retry will not help. */
  readonly code = 'bad_input' as const;
}

const fmt = (shape: readonly Dim[]) => `[${shape.join(', ')}]`;

/**
 * Throws a ContractError naming every mismatch (missing, extra, wrong dtype, wrong rank, fixed
 * where dynamic, fixed to another size); returns the sizes the model fixes for named axes.
 */
export function checkContract(contract: StageContract, sig: ModelSignature): Map<string, number> {
  const problems: string[] = [];
  const fixed = new Map<string, number>();
  const checkSide = (
    side: 'input' | 'output',
    want: readonly ValueContract[],
    have: readonly ValueSignature[],
  ) => {
    for (const w of want) {
      const h = have.find((v) => v.name === w.name);
      if (!h) {
        problems.push(
          `${side} "${w.name}" is missing: expected ${w.dtype} ${fmt(w.shape)} (${w.doc}); the model's ${side}s are ${have.map((v) => `"${v.name}"`).join(', ') || 'none'}`,
        );
        continue;
      }
      if (h.dtype !== w.dtype)
        problems.push(`${side} "${w.name}" has dtype ${h.dtype}, expected ${w.dtype} ${fmt(w.shape)}`);
      if (h.shape.length !== w.shape.length) {
        problems.push(
          `${side} "${w.name}" has rank ${h.shape.length} ${fmt(h.shape)}, expected rank ${w.shape.length} ${fmt(w.shape)}`,
        );
        continue;
      }
      w.shape.forEach((wd, axis) => {
        const hd = h.shape[axis]!;
        if (typeof wd === 'number') {
          if (typeof hd === 'number' && hd !== wd)
            problems.push(`${side} "${w.name}" axis ${axis} is ${hd}, expected ${wd} in ${fmt(w.shape)}`);
        } else if (contract.dynamic.includes(wd)) {
          if (typeof hd === 'number')
            problems.push(
              `${side} "${w.name}" axis ${axis} (${wd}) must be dynamic, the model fixes it to ${hd}; export with dynamic_axes for "${w.name}"`,
            );
        } else if (typeof hd === 'number') {
          const seen = fixed.get(wd);
          if (seen !== undefined && seen !== hd)
            problems.push(
              `${side} "${w.name}" axis ${axis} (${wd}) is ${hd}, but ${wd} is ${seen} elsewhere in the model`,
            );
          fixed.set(wd, hd);
        }
      });
    }
  };
  checkSide('input', contract.inputs, sig.inputs);
  checkSide('output', contract.outputs, sig.outputs);
  for (const h of sig.inputs) {
    if (!contract.inputs.some((w) => w.name === h.name))
      problems.push(
        `input "${h.name}" is not part of the ${contract.stage} contract (inputs: ${contract.inputs.map((w) => `"${w.name}"`).join(', ')}); nothing would feed it`,
      );
  }
  if (problems.length)
    throw new ContractError(`model does not fit the ${contract.stage} contract:\n- ${problems.join('\n- ')}`);
  return fixed;
}
