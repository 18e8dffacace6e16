/** What a key press on the canvas asks for, or undefined when it is not a shortcut. */
export type Shortcut = 'delete' | 'frame' | 'quick-add' | 'duplicate';

export function shortcutOf(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'repeat'>,
): Shortcut | undefined {
  // A held key repeats: one edit per press.
  if (e.repeat) return undefined;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (e.key === 'Delete' || e.key === 'Backspace') return 'delete';
  if (mod && key === 'g') return 'frame';
  if (e.shiftKey && !mod && key === 'a') return 'quick-add';
  if (mod && key === 'd') return 'duplicate';
  return undefined;
}

/** Shortcuts act on the canvas, never while typing in a field or answering a dialog. */
export function isTyping(t: EventTarget | null): boolean {
  return (
    typeof HTMLElement !== 'undefined' &&
    t instanceof HTMLElement &&
    (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.closest('dialog') !== null)
  );
}
