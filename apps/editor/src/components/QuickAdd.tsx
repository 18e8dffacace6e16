// Add a node where you are (ComfyUI's double-click search, Blender's Shift+A): a search box at the
// pointer, arrow keys and Enter to place the highlighted type there, Escape to close.
import { useMemo, useState } from 'react';
import type { NodeDescription } from '@ffavatar/core';
import { categoryColor } from '../editor/category-colors.js';

const MAX_HITS = 12;

export function QuickAdd(props: {
  nodes: NodeDescription[];
  left: number;
  top: number;
  onPick(type: string): void;
  onClose(): void;
}) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const hits = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const text = (d: NodeDescription) =>
      `${d.title} ${d.type} ${d.category} ${d.description ?? ''}`.toLowerCase();
    // Title and type matches first, then description-only ones.
    const score = (d: NodeDescription) =>
      words.every((w) => `${d.title} ${d.type}`.toLowerCase().includes(w)) ? 0 : 1;
    return props.nodes
      .filter((d) => words.every((w) => text(d).includes(w)))
      .sort((a, b) => score(a) - score(b) || a.title.localeCompare(b.title))
      .slice(0, MAX_HITS);
  }, [props.nodes, query]);
  const pick = (d: NodeDescription | undefined) => {
    if (d) props.onPick(d.type);
  };
  return (
    <div
      className="ff-quick-add"
      style={{ left: props.left, top: props.top }}
      data-testid="quick-add"
      onPointerDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onWheel={(e) => e.stopPropagation()}
    >
      <input
        autoFocus
        placeholder="Add node…"
        value={query}
        data-testid="quick-add-search"
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onBlur={props.onClose}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onClose();
          else if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(hits.length - 1, a + 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter') pick(hits[active]);
        }}
      />
      <ul>
        {hits.map((d, i) => (
          <li
            key={d.type}
            className={i === active ? 'active' : ''}
            data-type={d.type}
            onPointerDown={(e) => e.preventDefault()}
            onClick={() => pick(d)}
            onMouseEnter={() => setActive(i)}
          >
            <span className="ff-dot" style={{ background: categoryColor(d.category) }} />
            <span>{d.title}</span>
            <small>{d.type}</small>
          </li>
        ))}
        {hits.length === 0 && <li className="ff-empty">No node matches “{query}”.</li>}
      </ul>
    </div>
  );
}
