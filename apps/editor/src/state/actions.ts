import type { GaussianCloud, GraphProblem, NodeDescription } from '@ffavatar/core';
import type { DroppedInput } from '../files/dropped-inputs.js';
import type { GraphMeta } from '../files/graph-mapping.js';
import type { RecentGraph } from '../files/recent-graphs.js';
import type { PreviewContent } from '../run/preview-content.js';
import type { AvatarSource } from '../viewer/CloudViewer.js';
import type {
  LastRun,
  LoadedPackage,
  PackageRow,
  PendingReplace,
  QuickAddAt,
  Status,
} from './editor-state.js';

export type EditorAction =
  | { type: 'status'; status: Status }
  | { type: 'problems'; problems: GraphProblem[] }
  // Graph file
  | { type: 'open-started' }
  | {
      type: 'opened';
      name: string | undefined;
      meta: GraphMeta;
      savedText: string | undefined;
      problems: GraphProblem[];
      status: Status;
    }
  | { type: 'open-failed' }
  | { type: 'saved'; text: string; problems: GraphProblem[]; status: Status }
  | { type: 'autosaved'; at: number }
  | { type: 'recent'; recent: RecentGraph[] }
  | { type: 'ask-replace'; pending: PendingReplace }
  | { type: 'replace-answered' }
  // Run and results
  | { type: 'run-started' }
  | { type: 'run-ended'; status: Status }
  | {
      type: 'run-results';
      last: LastRun;
      clouds: { node: string; cloud: GaussianCloud }[];
      avatar: AvatarSource | undefined;
      preview: PreviewContent | undefined;
    }
  | { type: 'preview'; preview: PreviewContent | undefined }
  | { type: 'viewing'; clouds: { node: string; cloud: GaussianCloud }[]; status: Status }
  | { type: 'viewer-closed' }
  // Canvas
  | { type: 'dropped'; dropped: DroppedInput | undefined }
  | { type: 'quick-add'; at: QuickAddAt | undefined }
  | { type: 'copied'; text: string }
  | { type: 'pasted' }
  // User packages and assets
  | { type: 'packages'; loaded: LoadedPackage[]; rows: PackageRow[]; palette: NodeDescription[] }
  | { type: 'assets'; names: string[] };
