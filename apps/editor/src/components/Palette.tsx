import { useMemo, useState } from 'react';
import type { NodeDescription } from '@ffavatar/core';
import { categoryColor } from '../editor/category-colors.js';

export const DRAG_MIME = 'application/x-ffavatar-node';

/** Every registered node type by category, filtered by a search over type, title and description. */
export function Palette(props: {
  nodes: NodeDescription[];
  onPlace(type: string): void;
  /** The user's node packages, with actions to add (a .js file) and remove one. */
  packages: { name: string; file: string; count: number; error?: string | undefined }[];
  onAddPackage(file: File): void;
  onRemovePackage(name: string): void;
}) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hit = (d: NodeDescription) =>
      !q || `${d.type} ${d.title} ${d.category} ${d.description ?? ''}`.toLowerCase().includes(q);
    const byCat = new Map<string, NodeDescription[]>();
    for (const d of props.nodes.filter(hit)) byCat.set(d.category, [...(byCat.get(d.category) ?? []), d]);
    return [...byCat].sort(([a], [b]) => a.localeCompare(b));
  }, [props.nodes, query]);
  return (
    <aside className="ff-palette" data-testid="palette">
      <input
        className="ff-search"
        type="search"
        placeholder="Search nodes…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      <div className="ff-palette-list">
        {groups.map(([cat, items]) => (
          <section key={cat}>
            <h3 style={{ borderColor: categoryColor(cat) }}>{cat}</h3>
            {items.map((d) => (
              <button
                key={d.type}
                className="ff-palette-item"
                data-type={d.type}
                title={d.description ?? d.type}
                draggable
                onDragStart={(e) => e.dataTransfer.setData(DRAG_MIME, d.type)}
                onClick={() => props.onPlace(d.type)}
              >
                <span className="ff-dot" style={{ background: categoryColor(cat) }} />
                {d.title}
                <small>{d.type}</small>
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="ff-empty">No node matches “{query}”.</p>}
      </div>
      <footer className="ff-packages" data-testid="packages">
        {props.packages.map((p) => (
          <div
            key={p.name}
            className={`ff-package${p.error ? ' ff-package-failed' : ''}`}
            data-package={p.name}
            title={p.error ?? `${p.file}: ${p.count} node type(s)`}
          >
            <span>{p.name}</span>
            <small>{p.error ? 'not loaded' : `${p.count} nodes`}</small>
            <button
              onClick={() => props.onRemovePackage(p.name)}
              title="Remove this node package from the editor"
            >
              ×
            </button>
          </div>
        ))}
        <label
          className="ff-button"
          title="A single ES module whose default export is defineNodePackage(...) and which imports only @ffavatar/core and zod, as examples/hello-plugin/index.js"
        >
          + Node package…
          <input
            type="file"
            hidden
            accept=".js,.mjs,text/javascript"
            data-testid="add-package"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) props.onAddPackage(f);
              e.target.value = '';
            }}
          />
        </label>
      </footer>
    </aside>
  );
}
