import type { MutableRefObject } from 'react';
import type { EditorHandle } from '../editor/create-editor.js';
import type { FfNode } from '../editor/ff-node.js';
import { serialise, type GraphMeta } from '../files/graph-mapping.js';

/**
 * A small scripting surface on `window.ffavatarEditor` for the browser tests (and the console):
 * it goes through the same functions as the UI, never around them.
 */
export function installTestApi(deps: {
  handle: EditorHandle;
  meta: MutableRefObject<GraphMeta>;
  place(type: string, at?: { x: number; y: number }): Promise<FfNode | undefined>;
  openText(text: string, name: string | undefined): Promise<void>;
  autosaveNow(): Promise<void>;
  openPreview(node: string): void;
}): void {
  const byFileId = (id: string) => {
    const n = deps.handle.nodes().find((x) => x.fileId === id);
    if (!n) throw new Error(`no node "${id}"`);
    return n;
  };
  (globalThis as Record<string, unknown>).ffavatarEditor = {
    text: () => serialise(deps.handle, deps.meta.current).text,
    problems: () => serialise(deps.handle, deps.meta.current).problems,
    nodeIds: () => deps.handle.nodes().map((n) => n.fileId),
    open: (text: string, name?: string) => deps.openText(text, name),
    place: async (type: string, x: number, y: number) => (await deps.place(type, { x, y }))?.fileId,
    connect: async (from: string, output: string, to: string, input: string) => {
      const before = deps.handle.editor.getConnections().length;
      await deps.handle.connect(byFileId(from), output, byFileId(to), input);
      return deps.handle.editor.getConnections().length > before;
    },
    setParam: (id: string, name: string, value: unknown) => {
      byFileId(id).editParam(name, value);
    },
    autosaveNow: deps.autosaveNow,
    preview: deps.openPreview,
    select: (ids: string[]) => deps.handle.select(ids.map(byFileId)),
    position: (id: string) => deps.handle.position(byFileId(id)),
    frames: () => deps.handle.frames.list(),
    undo: () => deps.handle.undo(),
  };
}
