import { ClassicPreset } from 'rete';
import { portTypeByName, type NodeDescription } from '@ffavatar/core';
import { registry } from '../registry.js';
import { TypedSocket } from './typed-socket.js';
import type { NodeRunState } from '../run/run-state.js';

// Narrower than the 240 px column spacing the shipped graphs use, so their layouts do not overlap.
const NODE_WIDTH = 220;

/**
 * The editor's view of one graph node. Rete ids stay inside the editor: `fileId` is the id in the
 * graph file, `params` holds exactly the params the file sets (defaults are not written back), and
 * `ui` keeps every key the file had so a round trip is lossless.
 */
export class FfNode extends ClassicPreset.Node {
  width = NODE_WIDTH;
  height = 0;
  run: NodeRunState = { kind: 'idle' };
  thumbnail: string | undefined;
  /** Set by the editor: call after editing params so the view redraws and autosave runs. */
  changed: () => void = () => {};
  /** Set by the editor: sets one param (undefined unsets it) as an undo step. */
  editParam: (name: string, value: unknown) => void = (name, value) => {
    this.params = { ...this.params, [name]: value };
    this.changed();
  };
  /** Set by the app: opens this node's output in the preview panel. */
  openPreview: () => void = () => {};
  /** Whether the file gave this node a `ui` object; new nodes get one. */
  hadUi = true;

  constructor(
    public fileId: string,
    readonly desc: NodeDescription,
    public params: Record<string, unknown>,
    public ui: Record<string, unknown>,
    public fileTitle: string | undefined,
  ) {
    super(fileTitle ?? desc.title);
    for (const [name, port] of Object.entries(desc.inputs)) {
      this.addInput(name, new ClassicPreset.Input(socketFor(port.type), port.optional ? `${name}?` : name));
    }
    for (const [name, port] of Object.entries(desc.outputs)) {
      this.addOutput(name, new ClassicPreset.Output(socketFor(port.type), name));
    }
    this.height = estimateHeight(desc);
  }
}

function socketFor(typeName: string): TypedSocket {
  // Node packages may bring their own port types: look them up among the registry's, not only core's.
  const t = portTypeByName(typeName, registry.portTypes());
  if (!t) throw new Error(`unknown port type ${typeName}`);
  return new TypedSocket(t);
}

/** Node height for layout (auto-arrange, minimap): header, one row per port and per param. */
function estimateHeight(desc: NodeDescription): number {
  const props = (desc.params as { properties?: Record<string, unknown> }).properties ?? {};
  const rows = Math.max(Object.keys(desc.inputs).length, Object.keys(desc.outputs).length);
  return 44 + rows * 26 + Object.keys(props).length * 30 + 34;
}
