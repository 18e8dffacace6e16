// The side panel: a node's output at full size (or fitted to the panel), with overlays for
// landmark and tracking nodes. Pixels come from the run's values, not from the thumbnail.
import { useEffect, useRef, useState } from 'react';
import { imageToRgba8 } from '@ffavatar/core';
import type { PreviewContent } from '../run/preview-content.js';

export function PreviewPanel({ content, onClose }: { content: PreviewContent; onClose(): void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [fit, setFit] = useState(true);
  const [showWire, setShowWire] = useState(true);
  const { image, overlay } = content;
  const hasOverlay =
    overlay.points !== undefined || overlay.wire !== undefined || overlay.fitted !== undefined;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const { width, height, data } = imageToRgba8(image);
    ctx.putImageData(
      new ImageData(
        new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength).slice(),
        width,
        height,
      ),
      0,
      0,
    );
    // Line widths in image pixels that stay visible on large photos.
    const unit = Math.max(1, Math.min(width, height) / 400);
    if (showWire && overlay.wire) {
      ctx.strokeStyle = 'rgba(120, 220, 255, 0.35)';
      ctx.lineWidth = unit * 0.6;
      ctx.beginPath();
      const w = overlay.wire;
      for (let i = 0; i < w.length; i += 4) {
        ctx.moveTo(w[i]!, w[i + 1]!);
        ctx.lineTo(w[i + 2]!, w[i + 3]!);
      }
      ctx.stroke();
    }
    const dots = (pts: Float32Array | undefined, colour: string, r: number) => {
      if (!pts) return;
      ctx.fillStyle = colour;
      for (let i = 0; i < pts.length; i += 2) {
        ctx.beginPath();
        ctx.arc(pts[i]!, pts[i + 1]!, r, 0, Math.PI * 2);
        ctx.fill();
      }
    };
    dots(overlay.points, '#ffd166', unit * 2.2);
    dots(overlay.fitted, '#ef476f', unit * 1.6);
  }, [image, overlay, showWire]);

  return (
    <aside className="ff-preview" data-testid="preview" data-node={content.node}>
      <header>
        <span>
          <b>{content.node}</b>.{content.port} · {image.width}×{image.height} {image.format}
        </span>
        <span className="ff-preview-tools">
          {overlay.wire && (
            <label>
              <input type="checkbox" checked={showWire} onChange={(e) => setShowWire(e.target.checked)} />{' '}
              mesh
            </label>
          )}
          <button onClick={() => setFit((f) => !f)} data-testid="preview-zoom">
            {fit ? '1:1' : 'Fit'}
          </button>
          <button onClick={onClose} title="Close">
            ×
          </button>
        </span>
      </header>
      <div className="ff-preview-body">
        <canvas
          ref={canvas}
          width={image.width}
          height={image.height}
          data-testid="preview-canvas"
          className={fit ? 'ff-fit' : ''}
        />
      </div>
      {hasOverlay && (
        <footer>
          {overlay.points && (
            <span>
              <i style={{ background: '#ffd166' }} /> detected landmarks
            </span>
          )}
          {overlay.fitted && (
            <span>
              <i style={{ background: '#ef476f' }} /> fitted model landmarks
            </span>
          )}
          {overlay.wire && (
            <span>
              <i style={{ background: '#78dcff' }} /> fitted mesh
            </span>
          )}
          {overlay.error !== undefined && <span>fit error {overlay.error.toFixed(2)} px</span>}
        </footer>
      )}
    </aside>
  );
}
