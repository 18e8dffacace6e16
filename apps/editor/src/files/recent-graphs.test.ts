import { describe, expect, it } from 'vitest';
import {
  RECENT_KEY,
  recentEntry,
  recentLabel,
  recentStore,
  withRecent,
  type RecentGraph,
} from './recent-graphs.js';

const entry = (text: string, savedAt: number, edited = false): RecentGraph => ({
  id: `id-${savedAt}`,
  text,
  name: `${text.slice(0, 8)}.json`,
  savedAt,
  edited,
  nodes: 1,
});

/** localStorage's contract, with an optional size cap (a full storage throws on setItem). */
function memoryStorage(cap = Infinity) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (v.length > cap) throw new DOMException('quota', 'QuotaExceededError');
      items.set(k, v);
    },
  };
}

describe('recent graphs', () => {
  it('puts the newest first, drops an older copy of the same text, and keeps the last ten', () => {
    let list: RecentGraph[] = [];
    for (let i = 0; i < 12; i++) list = withRecent(list, entry(`g${i}`, i));
    expect(list.map((r) => r.text)).toEqual(['g11', 'g10', 'g9', 'g8', 'g7', 'g6', 'g5', 'g4', 'g3', 'g2']);
    list = withRecent(list, entry('g5', 100));
    expect(list.map((r) => r.text).slice(0, 3)).toEqual(['g5', 'g11', 'g10']);
    expect(list.filter((r) => r.text === 'g5')).toHaveLength(1);
  });

  it('stores in the given storage and reads back what it stored, ignoring what is not a list of entries', () => {
    const storage = memoryStorage();
    const store = recentStore(storage);
    expect(store.list()).toEqual([]);
    store.keep(entry('a', 1));
    store.keep(entry('b', 2, true));
    expect(
      recentStore(storage)
        .list()
        .map((r) => [r.text, r.edited]),
    ).toEqual([
      ['b', true],
      ['a', false],
    ]);
    storage.items.set(RECENT_KEY, '{not json');
    expect(store.list()).toEqual([]);
    storage.items.set(RECENT_KEY, JSON.stringify([{ id: 1 }, entry('c', 3)]));
    expect(store.list().map((r) => r.text)).toEqual(['c']);
  });

  it('lets the oldest entries go when the storage is full, keeping the new one', () => {
    const big = (c: string) => c.repeat(400);
    const storage = memoryStorage(1200);
    const store = recentStore(storage);
    store.keep(entry(big('a'), 1));
    store.keep(entry(big('b'), 2));
    const kept = store.keep(entry(big('c'), 3));
    expect(kept.map((r) => r.text[0])).toEqual(['c', 'b']);
    expect(store.list().map((r) => r.text[0])).toEqual(['c', 'b']);
  });

  it('counts the nodes of a new entry and labels it with its name and whether it had unsaved edits', () => {
    const e = recentEntry(
      '{"format":"ffavatar-graph","version":1,"nodes":[{"id":"a","type":"t"},{"id":"b","type":"t"}]}',
      'x.json',
      true,
      Date.UTC(2026, 0, 2, 3, 4, 5),
    );
    expect(e.nodes).toBe(2);
    expect(recentEntry('not json', undefined, false, 0).nodes).toBe(0);
    expect(recentLabel(e, e.savedAt + 1000)).toMatch(/^x\.json \(unsaved edits\) · 2 nodes · /);
    expect(recentLabel({ ...e, name: undefined, edited: false }, e.savedAt)).toMatch(
      /^Untitled graph · 2 nodes/,
    );
  });
});
