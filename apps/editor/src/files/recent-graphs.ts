// The graphs the canvas held before another replaced them (open, new, restore), newest first, in
// localStorage: a graph opened over an edited one can always be brought back, whatever autosave
// (one record, the graph on the canvas) has written since. Text, as the file would hold it, so a
// restore goes through the same open path as a file.
export interface RecentGraph {
  id: string;
  text: string;
  /** The file name it had, if any. */
  name: string | undefined;
  savedAt: number;
  /** Whether it had changes no file holds (so restoring it brings back unsaved work). */
  edited: boolean;
  nodes: number;
}

const RECENT_LIMIT = 10;
export const RECENT_KEY = 'ffavatar-editor.recent';

/** The list with `entry` first: an older entry with the same text is dropped, the list cut to `limit`. */
export function withRecent(
  list: readonly RecentGraph[],
  entry: RecentGraph,
  limit = RECENT_LIMIT,
): RecentGraph[] {
  return [entry, ...list.filter((r) => r.text !== entry.text)].slice(0, limit);
}

/** A new entry for a graph's text (its node count read from the text). */
export function recentEntry(
  text: string,
  name: string | undefined,
  edited: boolean,
  savedAt: number,
): RecentGraph {
  let nodes = 0;
  try {
    nodes = (JSON.parse(text) as { nodes?: unknown[] }).nodes?.length ?? 0;
  } catch {
    /* counted as empty */
  }
  return {
    id: `${savedAt.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    text,
    name,
    savedAt,
    edited,
    nodes,
  };
}

/** One line for the Recent menu. */
export function recentLabel(r: RecentGraph, now = Date.now()): string {
  const when =
    now - r.savedAt < 86_400_000
      ? new Date(r.savedAt).toLocaleTimeString()
      : new Date(r.savedAt).toLocaleDateString();
  return `${r.name ?? 'Untitled graph'}${r.edited ? ' (unsaved edits)' : ''} · ${r.nodes} nodes · ${when}`;
}

export interface RecentStore {
  list(): RecentGraph[];
  /** Keeps a graph; returns the list as stored (older entries give way when storage is full). */
  keep(entry: RecentGraph): RecentGraph[];
}

export function recentStore(
  storage: Pick<Storage, 'getItem' | 'setItem'>,
  key = RECENT_KEY,
  limit = RECENT_LIMIT,
): RecentStore {
  const list = (): RecentGraph[] => {
    try {
      const v = JSON.parse(storage.getItem(key) ?? '[]') as unknown;
      return Array.isArray(v) ? v.filter(isRecent) : [];
    } catch {
      return [];
    }
  };
  return {
    list,
    keep(entry) {
      // A full storage drops the oldest entries first; the new one is dropped last.
      for (let next = withRecent(list(), entry, limit); next.length > 0; next = next.slice(0, -1)) {
        try {
          storage.setItem(key, JSON.stringify(next));
          return next;
        } catch {
          /* quota: try with fewer */
        }
      }
      return list();
    },
  };
}

function isRecent(v: unknown): v is RecentGraph {
  const r = v as Partial<RecentGraph> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.text === 'string' &&
    typeof r.savedAt === 'number'
  );
}
