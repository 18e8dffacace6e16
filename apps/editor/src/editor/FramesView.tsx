import { useEffect, useReducer, useRef, useState } from 'react';
import type { GraphFrame } from '@ffavatar/core';
import { insideFrame, type FrameHost, type FrameLayer } from './frames.js';

const MIN_SIZE = 120;

/** Every frame of the layer; re-renders when the layer changes. */
export function FramesView({ layer, host }: { layer: FrameLayer; host: FrameHost }) {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => layer.subscribe(redraw), [layer]);
  return (
    <>
      {layer.list().map((f, i) => (
        <FrameBox key={i} index={i} frame={f} layer={layer} host={host} />
      ))}
    </>
  );
}

function FrameBox({
  index,
  frame,
  layer,
  host,
}: {
  index: number;
  frame: GraphFrame;
  layer: FrameLayer;
  host: FrameHost;
}) {
  const [editing, setEditing] = useState(false);
  const drag = useRef<
    | {
        x: number;
        y: number;
        frame: GraphFrame;
        before: GraphFrame[];
        nodes: { id: string; x: number; y: number }[];
        mode: 'move' | 'resize';
        dx: number;
        dy: number;
      }
    | undefined
  >(undefined);
  const scale = () => host.area.area.transform.k;

  const start = (mode: 'move' | 'resize') => (e: React.PointerEvent) => {
    if (e.button !== 0 || editing) return;
    // The area would pan (or start a selection) from the same pointer.
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    // Rete moves every selected node along with the one it last picked: clear the selection, so
    // only the frame's own nodes move, each once.
    if (mode === 'move') void host.releaseSelection();
    const nodes =
      mode === 'move'
        ? host
            .nodeBoxes()
            .filter((b) => insideFrame(frame, b))
            .map(({ id, x, y }) => ({ id, x, y }))
        : [];
    drag.current = { x: e.clientX, y: e.clientY, frame, before: layer.list(), nodes, mode, dx: 0, dy: 0 };
  };
  const move = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    if ((e.buttons & 1) === 0) {
      drag.current = undefined;
      return;
    }
    const dx = (e.clientX - d.x) / scale(),
      dy = (e.clientY - d.y) / scale();
    d.dx = dx;
    d.dy = dy;
    if (d.mode === 'resize') {
      layer.update(index, {
        ...d.frame,
        width: Math.round(Math.max(MIN_SIZE, d.frame.width + dx)),
        height: Math.round(Math.max(MIN_SIZE, d.frame.height + dy)),
      });
      return;
    }
    layer.update(index, { ...d.frame, x: Math.round(d.frame.x + dx), y: Math.round(d.frame.y + dy) });
    for (const n of d.nodes) void host.translateNode(n.id, n.x + dx, n.y + dy);
  };
  // The whole drag is one undo step: the frame and the nodes it carried.
  const end = () => {
    const d = drag.current;
    drag.current = undefined;
    if (!d || (d.dx === 0 && d.dy === 0)) return;
    layer.record(
      d.before,
      d.nodes.map((n) => ({ id: n.id, from: { x: n.x, y: n.y }, to: { x: n.x + d.dx, y: n.y + d.dy } })),
    );
  };

  return (
    <div
      className="ff-frame"
      data-testid="frame"
      data-title={frame.title}
      style={{
        left: frame.x,
        top: frame.y,
        width: frame.width,
        height: frame.height,
        ['--frame' as string]: frame.color ?? '#5b6b8c',
      }}
    >
      <div
        className="ff-frame-header"
        onPointerDown={start('move')}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
        onLostPointerCapture={end}
        onDoubleClick={(e) => {
          e.stopPropagation();
          setEditing(true);
        }}
        title="Drag to move the frame and its nodes; double-click to rename"
      >
        {editing ? (
          <input
            autoFocus
            defaultValue={frame.title}
            data-testid="frame-title-input"
            onPointerDown={(e) => e.stopPropagation()}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                (e.target as HTMLInputElement).value = frame.title;
                (e.target as HTMLInputElement).blur();
              }
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            }}
            onBlur={(e) => {
              setEditing(false);
              const title = e.target.value.trim();
              if (!title || title === frame.title) return;
              const before = layer.list();
              layer.update(index, { ...frame, title });
              layer.record(before);
            }}
          />
        ) : (
          <span className="ff-frame-title">{frame.title}</span>
        )}
        <button
          className="ff-frame-close"
          title="Remove the frame (its nodes stay)"
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => layer.remove(index)}
        >
          ×
        </button>
      </div>
      <textarea
        className="ff-frame-note"
        placeholder="note…"
        value={frame.note ?? ''}
        data-testid="frame-note"
        onPointerDown={(e) => e.stopPropagation()}
        onWheel={(e) => e.stopPropagation()}
        onChange={(e) => {
          const before = layer.list();
          const { note: _, ...rest } = frame;
          layer.update(index, e.target.value ? { ...rest, note: e.target.value } : rest);
          layer.record(before, [], true);
        }}
      />
      <div
        className="ff-frame-resize"
        onPointerDown={start('resize')}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
        onLostPointerCapture={end}
        title="Drag to resize"
      />
    </div>
  );
}
