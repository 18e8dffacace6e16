// Frames: titled boxes drawn behind the nodes (Blender's frames, ComfyUI's groups). They live in
// the area's transformed content, so they pan and zoom with the canvas; dragging a frame's header
// moves the nodes inside it. The file keeps them as `frames` (core's GraphFrame), which the runner
// ignores.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { GraphFrame } from '@ffavatar/core';
import type { AreaPlugin } from 'rete-area-plugin';
import { FramesView } from './FramesView.js';
import type { AreaExtra, Schemes } from './schemes.js';

export const FRAME_PADDING = 36;
export const FRAME_HEADER = 34;

export interface FrameLayer {
  list(): GraphFrame[];
  set(frames: GraphFrame[]): void;
  add(frame: GraphFrame): void;
  /** Changes a frame without an undo step (a drag in progress); `record` makes the step. */
  update(index: number, frame: GraphFrame): void;
  remove(index: number): void;
  /**
   * An undo step from `before` to the frames now, with the nodes a drag moved; `merge` lets quick
   * successive edits (typing a note) undo together.
   */
  record(before: GraphFrame[], moved?: NodeMove[], merge?: boolean): void;
  subscribe(listener: () => void): () => void;
  destroy(): void;
}

interface NodeMove {
  id: string;
  from: { x: number; y: number };
  to: { x: number; y: number };
}

export interface FrameHost {
  area: AreaPlugin<Schemes, AreaExtra>;
  /** Node ids and boxes in canvas units, for "what is inside this frame". */
  nodeBoxes(): { id: string; x: number; y: number; width: number; height: number }[];
  translateNode(id: string, x: number, y: number): Promise<void>;
  /** Clears the node selection (and Rete's picked node) before a frame drag. */
  releaseSelection(): Promise<void>;
  changed(): void;
  /** Adds an undo step (the editor's history). */
  addHistory(action: { undo(): Promise<void>; redo(): Promise<void> }, merge: boolean): void;
}

export function createFrameLayer(host: FrameHost): FrameLayer {
  let frames: GraphFrame[] = [];
  const listeners = new Set<() => void>();
  const emit = (edited: boolean) => {
    for (const l of listeners) l();
    if (edited) host.changed();
  };
  const restore = async (to: GraphFrame[], nodes: { id: string; at: { x: number; y: number } }[]) => {
    frames = to.map((f) => ({ ...f }));
    emit(true);
    for (const n of nodes) await host.translateNode(n.id, n.at.x, n.at.y);
  };
  const layer: FrameLayer = {
    list: () => frames.map((f) => ({ ...f })),
    set(next) {
      frames = next.map((f) => ({ ...f }));
      emit(false);
    },
    add(frame) {
      const before = layer.list();
      frames = [...frames, frame];
      emit(true);
      layer.record(before);
    },
    update(index, frame) {
      frames = frames.map((f, i) => (i === index ? frame : f));
      emit(true);
    },
    remove(index) {
      const before = layer.list();
      frames = frames.filter((_, i) => i !== index);
      emit(true);
      layer.record(before);
    },
    record(before, moved = [], merge = false) {
      const after = layer.list();
      host.addHistory(
        {
          undo: () =>
            restore(
              before,
              moved.map((m) => ({ id: m.id, at: m.from })),
            ),
          redo: () =>
            restore(
              after,
              moved.map((m) => ({ id: m.id, at: m.to })),
            ),
        },
        merge,
      );
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    destroy() {
      root.unmount();
      host.area.area.content.remove(element);
    },
  };
  const element = document.createElement('div');
  element.className = 'ff-frames';
  host.area.area.content.add(element);
  // First in the content holder: behind every node and wire.
  void host.area.area.content.reorder(element, host.area.area.content.holder.firstChild);
  const root = createRoot(element);
  root.render(createElement(FramesView, { layer, host }));
  return layer;
}

/** A frame around the given node boxes, with room for its header. */
export function frameAround(
  boxes: { x: number; y: number; width: number; height: number }[],
  title: string,
): GraphFrame {
  const x0 = Math.min(...boxes.map((b) => b.x)) - FRAME_PADDING;
  const y0 = Math.min(...boxes.map((b) => b.y)) - FRAME_PADDING - FRAME_HEADER;
  const x1 = Math.max(...boxes.map((b) => b.x + b.width)) + FRAME_PADDING;
  const y1 = Math.max(...boxes.map((b) => b.y + b.height)) + FRAME_PADDING;
  return {
    title,
    x: Math.round(x0),
    y: Math.round(y0),
    width: Math.round(x1 - x0),
    height: Math.round(y1 - y0),
  };
}

/** Whether a node box lies inside a frame (its centre, so a node half-dragged in counts). */
export function insideFrame(
  frame: GraphFrame,
  box: { x: number; y: number; width: number; height: number },
): boolean {
  const cx = box.x + box.width / 2,
    cy = box.y + box.height / 2;
  return cx >= frame.x && cx <= frame.x + frame.width && cy >= frame.y && cy <= frame.y + frame.height;
}
