import { createRoot } from 'react-dom/client';
import { ClassicPreset, NodeEditor } from 'rete';
import { AreaExtensions, AreaPlugin } from 'rete-area-plugin';
import { AutoArrangePlugin, Presets as ArrangePresets } from 'rete-auto-arrange-plugin';
import { ConnectionPlugin, Presets as ConnectionPresets } from 'rete-connection-plugin';
import { HistoryExtensions, HistoryPlugin, Presets as HistoryPresets } from 'rete-history-plugin';
import { MinimapPlugin } from 'rete-minimap-plugin';
import { Presets, ReactPlugin } from 'rete-react-plugin';
import { refusalReason } from './connection-check.js';
import { FfNode } from './ff-node.js';
import { NodeView } from './NodeView.js';
import type { AreaExtra, Schemes } from './schemes.js';
import { SocketView } from './SocketView.js';
import { connectionView } from './ConnectionView.js';
import { TypedSocket } from './typed-socket.js';

export interface EditorHandle {
  editor: NodeEditor<Schemes>;
  area: AreaPlugin<Schemes, AreaExtra>;
  nodes(): FfNode[];
  addNode(node: FfNode, at: { x: number; y: number }): Promise<void>;
  connect(from: FfNode, output: string, to: FfNode, input: string): Promise<void>;
  position(node: FfNode): { x: number; y: number };
  /** Canvas coordinates of a client (screen) point, for drops. */
  toCanvas(clientX: number, clientY: number): { x: number; y: number };
  /** Canvas coordinates of the centre of the visible area. */
  viewCentre(): { x: number; y: number };
  refresh(node: FfNode): void;
  clear(): Promise<void>;
  /** Runs a file load: connections are taken as written, without the interactive type check. */
  whileLoading(fn: () => Promise<void>): Promise<void>;
  clearHistory(): void;
  undo(): Promise<void>;
  redo(): Promise<void>;
  arrange(): Promise<void>;
  zoomToFit(): Promise<void>;
  destroy(): void;
}

export interface EditorEvents {
  /** The graph changed (node, connection, position or param): autosave listens. */
  changed(): void;
  refused(reason: string): void;
  /** Core's word on a connection the declared types refuse: its problem message, or null to allow. */
  coreVerdict(c: Schemes['Connection']): string | null;
}

export async function createEditor(container: HTMLElement, events: EditorEvents): Promise<EditorHandle> {
  const editor = new NodeEditor<Schemes>();
  const area = new AreaPlugin<Schemes, AreaExtra>(container);
  const connection = new ConnectionPlugin<Schemes, AreaExtra>();
  const render = new ReactPlugin<Schemes, AreaExtra>({ createRoot });
  const history = new HistoryPlugin<Schemes>();
  const minimap = new MinimapPlugin<Schemes>({ boundViewport: true });
  const arrange = new AutoArrangePlugin<Schemes>();

  AreaExtensions.selectableNodes(area, AreaExtensions.selector(), { accumulating: AreaExtensions.accumulateOnCtrl() });
  render.addPreset(Presets.classic.setup({
    customize: {
      node: () => NodeView,
      socket: () => SocketView,
      connection: (ctx) => {
        const socket = editor.getNode(ctx.payload.source)?.outputs[ctx.payload.sourceOutput]?.socket;
        return connectionView(socket instanceof TypedSocket ? socket.portType.color : '#6f8fbf');
      },
    },
  }));
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
      const reason = refusalReason(editor, ctx.data, events.coreVerdict);
      if (reason) { events.refused(reason); return undefined; }
    }
    if (ctx.type === 'nodecreated' || ctx.type === 'noderemoved' || ctx.type === 'connectioncreated' || ctx.type === 'connectionremoved') {
      events.changed();
    }
    return ctx;
  });
  area.addPipe((ctx) => {
    if (ctx.type === 'nodetranslated') events.changed();
    return ctx;
  });

  let loadingFile = false;
  const nodeOf = (n: ClassicPreset.Node): FfNode => n as FfNode;
  const handle: EditorHandle = {
    editor,
    area,
    nodes: () => editor.getNodes().map(nodeOf),
    async addNode(node, at) {
      node.changed = () => { void area.update('node', node.id); events.changed(); };
      // Each placement is its own undo step, however quickly the next one follows.
      history.separate();
      await editor.addNode(node);
      await area.translate(node.id, at);
    },
    async connect(from, output, to, input) {
      await editor.addConnection(new ClassicPreset.Connection<ClassicPreset.Node, ClassicPreset.Node>(from, output, to, input));
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
    refresh(node) { void area.update('node', node.id); },
    async clear() { await editor.clear(); },
    async whileLoading(fn) {
      loadingFile = true;
      try { await fn(); } finally { loadingFile = false; }
    },
    clearHistory() { history.clear(); },
    async undo() { await history.undo(); },
    async redo() { await history.redo(); },
    async arrange() {
      // Lay out with the heights nodes really have (params and thumbnails vary), not estimates.
      for (const n of editor.getNodes()) {
        const el = area.nodeViews.get(n.id)?.element.firstElementChild as HTMLElement | null | undefined;
        if (el?.offsetHeight) n.height = el.offsetHeight;
      }
      await arrange.layout();
      await handle.zoomToFit();
    },
    async zoomToFit() { await AreaExtensions.zoomAt(area, editor.getNodes()); },
    destroy() { area.destroy(); },
  };
  return handle;
}
