// A 3D view of a GaussianCloud output: our CPU 3DGS rasterizer (@ffavatar/nodes-splat) under an
// orbit camera (drag to orbit, wheel to zoom). CPU speed is enough for a 256 px view of a head;
// frames are coalesced to one per animation frame while dragging.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GaussianCloud } from '@ffavatar/core';
import { rasterizeCpu } from '@ffavatar/nodes-splat';
import { frameOf, orbitCamera, type Orbit } from '../run/orbit-camera.js';

const SIZE = 256;

export function CloudViewer(props: { clouds: { node: string; cloud: GaussianCloud }[]; onClose(): void }) {
  const [index, setIndex] = useState(0);
  const [orbit, setOrbit] = useState<Orbit>({ yaw: 0, pitch: 0, zoom: 1 });
  const [ms, setMs] = useState<number | undefined>(undefined);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number; o: Orbit } | undefined>(undefined);
  const entry = props.clouds[Math.min(index, props.clouds.length - 1)];
  const frame = useMemo(() => entry && frameOf(entry.cloud), [entry]);

  useEffect(() => {
    if (!entry || !frame || !canvas.current) return;
    const id = requestAnimationFrame(() => {
      const t0 = performance.now();
      const { rgba } = rasterizeCpu(entry.cloud, orbitCamera(frame, orbit, SIZE), { background: [0.09, 0.1, 0.12] });
      const px = new Uint8ClampedArray(SIZE * SIZE * 4);
      for (let i = 0; i < px.length; i++) px[i] = (i & 3) === 3 ? 255 : Math.round(Math.min(1, Math.max(0, rgba[i]!)) * 255);
      canvas.current?.getContext('2d')?.putImageData(new ImageData(px, SIZE, SIZE), 0, 0);
      setMs(performance.now() - t0);
    });
    return () => cancelAnimationFrame(id);
  }, [entry, frame, orbit]);

  if (!entry) return null;
  return (
    <div className="ff-viewer" data-testid="viewer">
      <header>
        <select value={index} onChange={(e) => setIndex(Number(e.target.value))}>
          {props.clouds.map((c, i) => <option key={c.node} value={i}>{c.node} · {c.cloud.count.toLocaleString()} Gaussians</option>)}
        </select>
        {/* World axes differ between clouds (a driven avatar carries its tracked pose), so the
            first view may be a profile: quarter turns find the face in one or two clicks. */}
        <button onClick={() => setOrbit((o) => ({ ...o, yaw: o.yaw + Math.PI / 2 }))} title="Turn 90° left">⟲</button>
        <button onClick={() => setOrbit((o) => ({ ...o, yaw: o.yaw - Math.PI / 2 }))} title="Turn 90° right">⟳</button>
        <button onClick={props.onClose} title="Close">×</button>
      </header>
      <canvas ref={canvas} width={SIZE} height={SIZE} data-testid="viewer-canvas"
        onPointerDown={(e) => { drag.current = { x: e.clientX, y: e.clientY, o: orbit }; e.currentTarget.setPointerCapture(e.pointerId); }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          const pitch = Math.max(-1.3, Math.min(1.3, d.o.pitch + (e.clientY - d.y) * 0.01));
          setOrbit({ ...d.o, yaw: d.o.yaw - (e.clientX - d.x) * 0.01, pitch });
        }}
        onPointerUp={() => { drag.current = undefined; }}
        onWheel={(e) => setOrbit((o) => ({ ...o, zoom: Math.max(0.3, Math.min(5, o.zoom * Math.exp(-e.deltaY * 0.001))) }))} />
      <footer>drag to orbit · wheel to zoom{ms !== undefined ? ` · ${Math.round(ms)} ms` : ''}</footer>
    </div>
  );
}
