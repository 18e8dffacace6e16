import { connectionKind } from '@ffavatar/core';
import type { ClassicPreset, NodeEditor } from 'rete';
import type { Schemes } from './schemes.js';
import { TypedSocket } from './typed-socket.js';

/**
 * Why a connection may not be made, in words for the status bar, or null when it may. Uses core's
 * connectionKind on the declared port types; where that refuses, `coreVerdict` asks validateGraph
 * about the whole graph with the edge added, because a node mapped over a List has `List<T>`
 * outputs that only the validated plan knows. So the editor refuses what the CLI would refuse.
 */
export function refusalReason(
  editor: NodeEditor<Schemes>,
  c: Schemes['Connection'],
  coreVerdict: (c: Schemes['Connection']) => string | null,
): string | null {
  const from = editor.getNode(c.source);
  const to = editor.getNode(c.target);
  const out = from?.outputs[c.sourceOutput]?.socket;
  const inp = to?.inputs[c.targetInput]?.socket;
  if (!from || !to || !(out instanceof TypedSocket) || !(inp instanceof TypedSocket)) return 'unknown port';
  if (c.source === c.target) return 'a node cannot feed itself';
  const taken = editor
    .getConnections()
    .some(
      (x: ClassicPreset.Connection<ClassicPreset.Node, ClassicPreset.Node>) =>
        x.target === c.target && x.targetInput === c.targetInput,
    );
  if (taken) return `${to.label}.${c.targetInput} is already connected: remove that connection first`;
  if (connectionKind(out.portType, inp.portType) === null) {
    const verdict = coreVerdict(c);
    if (verdict !== null)
      return `${from.label}.${c.sourceOutput} (${out.portType.name}) cannot feed ${to.label}.${c.targetInput} (${inp.portType.name}): ${verdict}`;
  }
  return null;
}
