// Keyboard shortcuts and the clipboard events on the document.
import { useEffect } from 'react';
import type { CanvasActions } from './canvas-actions.js';
import { isTyping, shortcutOf } from './shortcut-keys.js';

export function useShortcuts(edits: CanvasActions, quickAddAtPointer: () => void): void {
  useEffect(() => {
    // One edit at a time: overlapping pastes would pick the same fresh ids.
    let editing = Promise.resolve();
    const serial = (fn: () => Promise<void>) => {
      editing = editing.then(fn, fn);
    };
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const shortcut = shortcutOf(e);
      if (!shortcut) return;
      e.preventDefault();
      if (shortcut === 'delete') serial(edits.deleteSelection);
      else if (shortcut === 'frame') edits.frameSelection();
      else if (shortcut === 'quick-add') quickAddAtPointer();
      else if (edits.copySelection()) serial(() => edits.paste(undefined));
    };
    // Selected text (status bar, problems) copies as text, not as nodes.
    const selectingText = () => {
      const sel = document.getSelection();
      return sel !== null && !sel.isCollapsed;
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target) || selectingText()) return;
      const text = edits.copySelection();
      if (text && e.clipboardData) {
        e.clipboardData.setData('text/plain', text);
        e.preventDefault();
      }
    };
    const onCut = (e: ClipboardEvent) => {
      if (isTyping(e.target) || selectingText()) return;
      onCopy(e);
      serial(edits.deleteSelection);
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target)) return;
      e.preventDefault();
      const text = e.clipboardData?.getData('text/plain') || undefined;
      serial(() => edits.paste(text));
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', onPaste);
    };
  }, [edits, quickAddAtPointer]);
}
