/** What the canvas shows on a node about the last or current run. */
export type NodeRunState =
  | { kind: 'idle' }
  | { kind: 'queued' }
  | { kind: 'running'; fraction: number; message: string | undefined }
  | { kind: 'done'; ms: number }
  | { kind: 'cached' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };
