import type { GraphProblem } from '@ffavatar/core';
import type { EditorHandle, Point } from '../editor/editor-handle.js';
import type { FfNode } from '../editor/ff-node.js';

/**
 * What the app hands a scripting surface once the canvas is up (the test API in test and dev
 * builds): the same operations the UI uses.
 */
export interface EditorCommands {
  canvas: EditorHandle;
  /** The saved text of the canvas, with core's problems. */
  graph(): { text: string; problems: GraphProblem[] };
  place(type: string, at?: Point): Promise<FfNode | undefined>;
  /** Replaces the graph without the unsaved-changes prompt (the replaced one still goes to Recent). */
  open(text: string, name: string | undefined): Promise<void>;
  autosaveNow(): Promise<void>;
  preview(node: string): void;
}
