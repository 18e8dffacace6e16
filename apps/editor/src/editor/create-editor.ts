import { createRoot } from 'react-dom/client';
import { ClassicPreset, NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { AutoArrangePlugin, Presets as ArrangePresets } from 'rete-auto-arrange-plugin';
import { ConnectionPlugin, Presets as ConnectionPresets } from 'rete-connection-plugin';
import { HistoryExtensions, HistoryPlugin, Presets as HistoryPresets } from 'rete-history-plugin';
import { MinimapPlugin } from 'rete-minimap-plugin';
import { Presets, ReactPlugin } from 'rete-react-plugin';
import { refusalReason } from './connection-check.js';
import { createFrameLayer } from './frames.js';
import { FfNode } from './ff-node.js';
import { NodeView } from './NodeView.js';
import type { AreaExtra, Schemes } from './schemes.js';
import { SocketView } from './SocketView.js';
import { connectionView } from './ConnectionView.js';
import { TypedSocket } from './typed-socket.js';
import type { EditorEvents, EditorHandle, Wire } from './editor-handle.js';

export async function createEditor(container: HTMLElement, events: EditorEvents): Promise<EditorHandle> {
  const editor = new NodeEditor<Schemes>();
  const area = new AreaPlugin<Schemes, AreaExtra>(container);
  const connection = new ConnectionPlugin<Schemes, AreaExtra>();
  const render = new ReactPlugin<Schemes, AreaExtra>({ createRoot });
  const history = new HistoryPlugin<Schemes>();
  const minimap = new MinimapPlugin<Schemes>({ boundViewport: true });
  const arrange = new AutoArrangePlugin<Schemes>();

  const selector = AreaExtensions.selector();
  const selectable = AreaExtensions.selectableNodes(area, selector, {
    accumulating: AreaExtensions.accumulateOnCtrl(),
  });
  render.addPreset(
    Presets.classic.setup({
      customize: {
        node: () => NodeView,
        socket: () => SocketView,
        connection: (ctx) => {
          const socket = editor.getNode(ctx.payload.source)?.outputs[ctx.payload.sourceOutput]?.socket;
          return connectionView(socket instanceof TypedSocket ? socket.portType.color : '#6f8fbf');
        },
      },
    }),
  );
  render.addPreset(Presets.minimap.setup({ size: 180 }));
  connection.addPreset(ConnectionPresets.classic.setup());
  history.addPreset(HistoryPresets.classic.setup());
  HistoryExtensions.keyboard(history);
  arrange.addPreset(ArrangePresets.classic.setup());

  editor.use(area);
  area.use(connection);
  area.use(render);
  area.use(history);
  area.use(minimap);
  area.use(arrange);
  AreaExtensions.simpleNodesOrder(area);

  // Refused connections never reach the graph; the reason goes to the status bar.
  editor.addPipe((ctx) => {
    // While a file loads, its edges go in as written: the file is core's to judge (validateGraph
    // lists any problem), and the editor must not drop what it cannot check on its own (a mapped
    // node's List output, for instance, only exists in the validated plan).
    if (ctx.type === 'connectioncreate' && !loadingFile) {
      const reason = refusalReason(editor, ctx.data, (c) => events.coreVerdict(wireOf(c)));
      if (reason) {
        events.refused(reason);
        return undefined;
      }
    }
    if (
      ctx.type === 'nodecreated' ||
      ctx.type === 'noderemoved' ||
      ctx.type === 'connectioncreated' ||
      ctx.type === 'connectionremoved'
    ) {
      events.changed();
    }
    return ctx;
  });
  area.addPipe((ctx) => {
    // Double-click on the canvas opens quick add (App) instead of zooming in.
    if (ctx.type === 'zoom' && ctx.data.source === 'dblclick') return undefined;
    if (ctx.type === 'nodetranslated') events.changed();
    return ctx;
  });

  let loadingFile = false;
  const nodeOf = (n: ClassicPreset.Node): FfNode => n as FfNode;
  // Only for connections whose two nodes exist (a made connection, or one refusalReason has checked).
  const wireOf = (c: Schemes['Connection']): Wire => ({
    from: nodeOf(editor.getNode(c.source)!),
    output: c.sourceOutput,
    to: nodeOf(editor.getNode(c.target)!),
    input: c.targetInput,
  });
  const box = (node: FfNode) => {
    const view = area.nodeViews.get(node.id);
    const el = view?.element.firstElementChild as HTMLElement | null | undefined;
    return {
      x: view?.position.x ?? 0,
      y: view?.position.y ?? 0,
      width: el?.offsetWidth || node.width,
      height: el?.offsetHeight || node.height,
    };
  };
  const frames = createFrameLayer({
    area,
    nodeBoxes: () => editor.getNodes().map((n) => ({ id: n.id, ...box(nodeOf(n)) })),
    translateNode: async (id, x, y) => {
      await area.translate(id, { x, y });
    },
    releaseSelection: async () => {
      selector.release();
      await selector.unselectAll();
    },
    addHistory: (action, merge) => {
      if (!merge) history.separate();
      history.add(action);
    },
    changed: () => events.changed(),
  });
  const handle: EditorHandle = {
    // The frame layer's drag and history operations stay with FramesView.
    frames: { list: () => frames.list(), set: (f) => frames.set(f), add: (f) => frames.add(f) },
    nodes: () => editor.getNodes().map(nodeOf),
    wires: () => editor.getConnections().map(wireOf),
    async addNode(node, at, opts) {
      node.changed = () => {
        void area.update('node', node.id);
        events.changed();
      };
      node.openPreview = () => events.preview(node.fileId);
      node.editParam = (name, value) => {
        const before = node.params;
        const after = value === undefined ? withoutKey(before, name) : { ...before, [name]: value };
        node.params = after;
        // Typing in one field within history's timing merges into one undo step.
        history.add(new ParamEdit(node, before, after));
        node.changed();
      };
      // Each placement is its own undo step, however quickly the next one follows.
      if (!opts?.group) history.separate();
      await editor.addNode(node);
      await area.translate(node.id, at);
    },
    async removeNodes(nodes) {
      history.separate();
      for (const n of nodes) {
        for (const c of editor.getConnections().filter((c) => c.source === n.id || c.target === n.id))
          await editor.removeConnection(c.id);
        await editor.removeNode(n.id);
      }
      history.separate();
    },
    selected: () =>
      editor
        .getNodes()
        .map(nodeOf)
        .filter((n) => (n as FfNode & { selected?: boolean }).selected),
    async select(nodes) {
      await selector.unselectAll();
      for (const n of nodes) await selectable.select(n.id, true);
    },
    box,
    async connect(from, output, to, input) {
      return editor.addConnection(
        new ClassicPreset.Connection<ClassicPreset.Node, ClassicPreset.Node>(from, output, to, input),
      );
    },
    position(node) {
      const view = area.nodeViews.get(node.id);
      return view ? { ...view.position } : { x: 0, y: 0 };
    },
    toCanvas(clientX, clientY) {
      const rect = container.getBoundingClientRect();
      const { x, y, k } = area.area.transform;
      return { x: (clientX - rect.left - x) / k, y: (clientY - rect.top - y) / k };
    },
    viewCentre() {
      const rect = container.getBoundingClientRect();
      return handle.toCanvas(rect.left + rect.width / 2, rect.top + rect.height / 2);
    },
    refresh(node) {
      void area.update('node', node.id);
    },
    async clear() {
      await editor.clear();
      frames.set([]);
    },
    async whileLoading(fn) {
      loadingFile = true;
      try {
        await fn();
      } finally {
        loadingFile = false;
      }
    },
    clearHistory() {
      history.clear();
    },
    separateHistory() {
      history.separate();
    },
    async undo() {
      await history.undo();
    },
    async redo() {
      await history.redo();
    },
    async arrange() {
      // Lay out with the heights nodes really have (params and thumbnails vary), not estimates.
      for (const n of editor.getNodes()) {
        const el = area.nodeViews.get(n.id)?.element.firstElementChild as HTMLElement | null | undefined;
        if (el?.offsetHeight) n.height = el.offsetHeight;
      }
      await arrange.layout();
      await handle.zoomToFit();
    },
    async zoomToFit() {
      await AreaExtensions.zoomAt(area, editor.getNodes());
    },
    destroy() {
      frames.destroy();
      area.destroy();
    },
  };
  return handle;
}

/** A param edit as an undo step: the node's params before and after. */
class ParamEdit {
  constructor(
    private node: FfNode,
    private before: Record<string, unknown>,
    private after: Record<string, unknown>,
  ) {}
  undo() {
    this.node.params = this.before;
    this.node.changed();
  }
  redo() {
    this.node.params = this.after;
    this.node.changed();
  }
}

function withoutKey(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _, ...rest } = o;
  return rest;
}
