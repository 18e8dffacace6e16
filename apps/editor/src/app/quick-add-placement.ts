import type { Point } from '../editor/editor-handle.js';
import type { QuickAddAt } from '../state/editor-state.js';

/** The quick-add box's size, so it opens inside the canvas. */
const BOX = { width: 310, height: 360 };

/**
 * Where quick add opens for a pointer at (clientX, clientY) over the canvas wrapper `r`: at the
 * pointer, or (a shortcut with the pointer elsewhere) centred near the top; the node goes there.
 */
export function quickAddPlacement(
  clientX: number,
  clientY: number,
  r: Pick<DOMRect, 'left' | 'top' | 'right' | 'bottom' | 'width' | 'height'>,
  toCanvas: (x: number, y: number) => Point,
): QuickAddAt {
  const inside = clientX >= r.left && clientX <= r.right && clientY >= r.top && clientY <= r.bottom;
  const x = inside ? clientX : r.left + r.width / 2,
    y = inside ? clientY : r.top + r.height / 3;
  return {
    left: Math.min(x - r.left, r.width - BOX.width),
    top: Math.min(y - r.top, r.height - BOX.height),
    at: toCanvas(x, y),
  };
}
