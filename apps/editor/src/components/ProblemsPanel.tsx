import { formatProblem, type GraphProblem } from '@ffavatar/core';

/** The graph's problems as core reports them (the same objects the CLI prints), one per line. */
export function ProblemsPanel(props: {
  problems: GraphProblem[];
  file: string | undefined;
  onClose(): void;
}) {
  if (props.problems.length === 0) return null;
  return (
    <div className="ff-problems" data-testid="problems" role="alert">
      <header>
        <strong>
          {props.problems.length} problem{props.problems.length === 1 ? '' : 's'}
          {props.file ? ` in ${props.file}` : ''}
        </strong>
        <button onClick={props.onClose} title="Hide">
          ×
        </button>
      </header>
      <ul>
        {props.problems.map((p, i) => (
          <li key={i} data-code={p.code}>
            <code>{p.code}</code> {formatProblem(p)}
          </li>
        ))}
      </ul>
    </div>
  );
}
