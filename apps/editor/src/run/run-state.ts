/** Named values a node reported with its progress (an optimiser's loss), in arrival order. */
export type Series = Readonly<Record<string, readonly number[]>>;

/** What the canvas shows on a node about the last or current run. */
export type NodeRunState =
  | { kind: 'idle' }
  | { kind: 'queued' }
  | { kind: 'running'; fraction: number; message: string | undefined; series?: Series }
  | { kind: 'done'; ms: number; series?: Series }
  | { kind: 'cached' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'cancelled' }
  | { kind: 'error'; message: string };
