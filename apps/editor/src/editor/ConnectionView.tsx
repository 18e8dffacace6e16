import { Presets } from 'rete-react-plugin';
import type { Schemes } from './schemes.js';

/** A connection drawn in its source port type's colour, so a wire says what flows through it. */
export function connectionView(color: string) {
  return function ConnectionView(props: { data: Schemes['Connection'] & { isLoop?: boolean } }) {
    return (
      <Presets.classic.Connection
        data={props.data}
        styles={() => `stroke: ${color}; stroke-width: 3px; opacity: 0.85;`}
      />
    );
  };
}
