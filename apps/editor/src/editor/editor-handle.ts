// What the app may do with the canvas. Rete's editor, area and ids stay inside src/editor/: the
// rest of the app speaks in FfNodes, wires between their ports and the file's frames, so the graph
// mapping and the clipboard run against an in-memory handle in unit tests.
import type { GraphFrame } from '@ffavatar/core';
import type { FfNode } from './ff-node.js';

export interface Point {
  x: number;
  y: number;
}
export interface Box extends Point {
  width: number;
  height: number;
}

/** A connection on the canvas, from one node's output port to another's input port. */
export interface Wire {
  from: FfNode;
  output: string;
  to: FfNode;
  input: string;
}

/** The canvas's frames, as the file holds them. */
interface FrameList {
  list(): GraphFrame[];
  /** Replaces every frame, without an undo step (a file load). */
  set(frames: GraphFrame[]): void;
  /** Adds a frame as an undo step. */
  add(frame: GraphFrame): void;
}

export interface EditorHandle {
  /** Nodes in the order they were added. */
  nodes(): FfNode[];
  /** Connections in the order they were made. */
  wires(): Wire[];
  frames: FrameList;
  /** Adds a node; each is its own undo step unless `group` (several added as one step, e.g. a paste). */
  addNode(node: FfNode, at: Point, opts?: { group?: boolean }): Promise<void>;
  /** Connects two ports; false when the canvas refused it (the reason goes to `refused`). */
  connect(from: FfNode, output: string, to: FfNode, input: string): Promise<boolean>;
  /** Starts a new undo step: what follows undoes separately from what came before. */
  separateHistory(): void;
  /** Removes nodes with their connections, as one undo step. */
  removeNodes(nodes: FfNode[]): Promise<void>;
  selected(): FfNode[];
  /** Replaces the selection. */
  select(nodes: FfNode[]): Promise<void>;
  /** A node's box in canvas units. */
  box(node: FfNode): Box;
  position(node: FfNode): Point;
  /** Canvas coordinates of a client (screen) point, for drops. */
  toCanvas(clientX: number, clientY: number): Point;
  /** Canvas coordinates of the centre of the visible area. */
  viewCentre(): Point;
  /** Redraws a node after its run state, thumbnail or params changed. */
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
  coreVerdict(wire: Wire): string | null;
  /** A node's thumbnail was clicked: show its output in the preview panel. */
  preview(fileId: string): void;
}
