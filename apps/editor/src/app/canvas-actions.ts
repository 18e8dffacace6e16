// Edits the toolbar, the palette and the shortcuts make on the canvas: place, copy and paste,
// delete, frame, quick add.
import { useMemo } from 'react';
import { FfNode } from '../editor/ff-node.js';
import { frameAround } from '../editor/frames.js';
import type { Point } from '../editor/editor-handle.js';
import { copyFragment, pasteFragment, pastePlan } from '../files/clipboard.js';
import { freshId } from '../files/graph-mapping.js';
import { description } from '../registry.js';
import type { AppContext } from '../state/app-context.js';
import type { Status } from '../state/editor-state.js';
import { quickAddPlacement } from './quick-add-placement.js';

function canvasActions({ store, canvas }: AppContext) {
  const say = (status: Status) => store.dispatch({ type: 'status', status });

  const place = async (type: string, at?: Point) => {
    const h = canvas.current;
    const desc = description(type);
    if (!h || !desc) return undefined;
    const node = new FfNode(freshId(h, type), desc, {}, {}, undefined);
    await h.addNode(node, at ?? h.viewCentre());
    say({ text: `Placed ${desc.title} as "${node.fileId}"`, tone: 'info' });
    return node;
  };

  /** Copies the selected nodes; the fragment's text, or undefined when nothing is selected. */
  const copySelection = (): string | undefined => {
    const h = canvas.current;
    const selected = h?.selected() ?? [];
    if (!h || selected.length === 0) return undefined;
    const text = JSON.stringify(copyFragment(h, selected), null, 2);
    store.dispatch({ type: 'copied', text });
    say({ text: `Copied ${selected.length} node(s)`, tone: 'info' });
    return text;
  };

  const paste = async (text: string | undefined) => {
    const h = canvas.current;
    const plan = h && pastePlan(text, store.getState().clipboard);
    if (!h || !plan) return;
    if (plan.again) store.dispatch({ type: 'pasted' });
    const { nodes, unknown } = await pasteFragment(h, plan.fragment, plan.times);
    say(
      unknown.length
        ? {
            text: `Pasted ${nodes.length} node(s); left out unknown type(s) ${unknown.join(', ')}`,
            tone: 'warn',
          }
        : { text: `Pasted ${nodes.length} node(s): ${nodes.map((n) => n.fileId).join(', ')}`, tone: 'info' },
    );
  };

  const deleteSelection = async () => {
    const h = canvas.current;
    const selected = h?.selected() ?? [];
    if (!h || selected.length === 0) return;
    await h.removeNodes(selected);
    say({
      text: `Deleted ${selected.map((n) => n.fileId).join(', ')} (Undo brings them back)`,
      tone: 'info',
    });
  };

  const frameSelection = () => {
    const h = canvas.current;
    if (!h) return;
    const nodes = h.selected();
    if (nodes.length === 0) {
      say({ text: 'Select nodes to frame (click, Ctrl+click to add)', tone: 'warn' });
      return;
    }
    h.frames.add(
      frameAround(
        nodes.map((n) => h.box(n)),
        nodes.length === 1 ? nodes[0]!.label : `${nodes.length} nodes`,
      ),
    );
    say({
      text: `Framed ${nodes.length} node(s): drag the frame's header to move them together; double-click it to rename`,
      tone: 'info',
    });
  };

  /** Opens quick add at a pointer position over the canvas wrapper. */
  const openQuickAdd = (clientX: number, clientY: number, wrapper: DOMRect) => {
    const h = canvas.current;
    if (!h) return;
    store.dispatch({
      type: 'quick-add',
      at: quickAddPlacement(clientX, clientY, wrapper, (x, y) => h.toCanvas(x, y)),
    });
  };

  return { place, copySelection, paste, deleteSelection, frameSelection, openQuickAdd };
}

export type CanvasActions = ReturnType<typeof canvasActions>;

export function useCanvasActions(ctx: AppContext): CanvasActions {
  return useMemo(() => canvasActions(ctx), [ctx]);
}
