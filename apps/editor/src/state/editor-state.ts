// Everything the editor's UI shows, apart from the canvas itself (Rete holds the nodes; the graph
// file's text is read from it on demand).
import type {
  GraphProblem,
  HeadModel,
  GraphDocument,
  GaussianCloud,
  NodeDescription,
  PackageSource,
} from '@ffavatar/core';
import type { DroppedInput } from '../files/dropped-inputs.js';
import type { GraphMeta } from '../files/graph-mapping.js';
import type { RecentGraph } from '../files/recent-graphs.js';
import type { UserPackage } from '../plugins/user-packages.js';
import type { PreviewContent } from '../run/preview-content.js';
import type { Peek } from '../run/run-in-browser.js';
import type { AvatarSource } from '../viewer/CloudViewer.js';
import type { Point } from '../editor/editor-handle.js';

export interface Status {
  text: string;
  tone: 'info' | 'warn' | 'error';
}

interface GraphFileState {
  /** The file name it was opened from (or saved as), if any. */
  name: string | undefined;
  meta: GraphMeta;
  /** While a file is drawn: autosave waits until the graph is whole. */
  loading: boolean;
  /** The text when it was opened or last saved; undefined when no file holds what the canvas shows. */
  savedText: string | undefined;
  /** Counts completed opens, so a caller can tell that this open has finished. */
  generation: number;
}

/** A graph waiting for the user's answer to the unsaved-changes prompt. */
export interface PendingReplace {
  text: string;
  name: string | undefined;
  /** Whether the graph holds edits no file has (a Recent entry or an autosave restore). */
  edited: boolean;
  fromRecent?: boolean;
  /** How the prompt names it. */
  label: string;
}

export interface LastRun {
  peeks: Map<string, Peek[]>;
  doc: GraphDocument;
  model: HeadModel | undefined;
}

export interface ResultsState {
  /** What the last run produced, for the preview panel: values by node, the graph it ran, its head model. */
  last: LastRun | undefined;
  clouds: { node: string; cloud: GaussianCloud }[];
  avatar: AvatarSource | undefined;
  /** Each run's results open a fresh viewer: front view, neutral sliders. */
  viewerKey: number;
  preview: PreviewContent | undefined;
}

export interface LoadedPackage {
  source: PackageSource;
  pkg: UserPackage;
}
export interface PackageRow {
  name: string;
  file: string;
  count: number;
  error?: string;
}

/** Quick add: where it opened (in the canvas wrapper's pixels) and where the node goes (canvas units). */
export interface QuickAddAt {
  left: number;
  top: number;
  at: Point;
}

export interface EditorState {
  graph: GraphFileState;
  status: Status;
  problems: GraphProblem[];
  autosavedAt: number | undefined;
  recent: RecentGraph[];
  pendingReplace: PendingReplace | undefined;
  running: boolean;
  results: ResultsState;
  dropped: DroppedInput | undefined;
  quickAdd: QuickAddAt | undefined;
  packages: { loaded: LoadedPackage[]; rows: PackageRow[] };
  palette: NodeDescription[];
  assets: string[];
  /** Text of the last copy (the system clipboard may be out of reach) and how often it was pasted. */
  clipboard: { text: string; pastes: number } | undefined;
}

export const NO_RESULTS: ResultsState = {
  last: undefined,
  clouds: [],
  avatar: undefined,
  viewerKey: 0,
  preview: undefined,
};

export function initialEditorState(
  palette: NodeDescription[],
  meta: GraphMeta,
  recent: RecentGraph[] = [],
): EditorState {
  return {
    graph: { name: undefined, meta, loading: true, savedText: undefined, generation: 0 },
    status: { text: 'Ready', tone: 'info' },
    problems: [],
    autosavedAt: undefined,
    recent,
    pendingReplace: undefined,
    running: false,
    results: NO_RESULTS,
    dropped: undefined,
    quickAdd: undefined,
    packages: { loaded: [], rows: [] },
    palette,
    assets: [],
    clipboard: undefined,
  };
}
