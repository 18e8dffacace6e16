import type { EditorCommands } from '../app/editor-commands.js';

/**
 * A small scripting surface on `window.ffavatarEditor` for the browser tests (and the dev
 * console): it goes through the same functions as the UI, never around them. main.tsx loads it
 * only in dev and test builds, so a production bundle has no trace of it.
 */
export function installTestApi(c: EditorCommands): void {
  const byFileId = (id: string) => {
    const n = c.canvas.nodes().find((x) => x.fileId === id);
    if (!n) throw new Error(`no node "${id}"`);
    return n;
  };
  (globalThis as Record<string, unknown>).ffavatarEditor = {
    text: () => c.graph().text,
    problems: () => c.graph().problems,
    nodeIds: () => c.canvas.nodes().map((n) => n.fileId),
    open: (text: string, name?: string) => c.open(text, name),
    place: async (type: string, x: number, y: number) => (await c.place(type, { x, y }))?.fileId,
    connect: (from: string, output: string, to: string, input: string) =>
      c.canvas.connect(byFileId(from), output, byFileId(to), input),
    setParam: (id: string, name: string, value: unknown) => {
      byFileId(id).editParam(name, value);
    },
    autosaveNow: c.autosaveNow,
    preview: c.preview,
    select: (ids: string[]) => c.canvas.select(ids.map(byFileId)),
    position: (id: string) => c.canvas.position(byFileId(id)),
    frames: () => c.canvas.frames.list(),
    undo: () => c.canvas.undo(),
  };
}
