import type { ClassicPreset, GetSchemes } from 'rete';
import type { ReactArea2D } from 'rete-react-plugin';
import type { MinimapExtra } from 'rete-minimap-plugin';

// Typed with ClassicPreset.Node: a custom node class here gives TS2344 (TOOLCHAIN.md). Our nodes
// are FfNode instances at run time; `asFf` narrows where their extra fields are read.
/** Nodes carry their size, which the minimap and auto-arrange read. */
type SizedNode = ClassicPreset.Node & { width: number; height: number };
export type Schemes = GetSchemes<SizedNode, ClassicPreset.Connection<ClassicPreset.Node, ClassicPreset.Node>>;
export type AreaExtra = ReactArea2D<Schemes> | MinimapExtra;
