// Keys to shortcuts and pointer positions to quick-add placements: the decisions the shortcut and
// double-click handlers make, without a page.
import { describe, expect, it } from 'vitest';
import { quickAddPlacement } from './quick-add-placement.js';
import { shortcutOf } from './shortcut-keys.js';

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'repeat', boolean>> = {},
) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, repeat: false, ...mods });

describe('shortcuts', () => {
  it('maps keys to canvas commands, Ctrl or Cmd alike', () => {
    expect(shortcutOf(key('Delete'))).toBe('delete');
    expect(shortcutOf(key('Backspace'))).toBe('delete');
    expect(shortcutOf(key('g', { ctrlKey: true }))).toBe('frame');
    expect(shortcutOf(key('G', { metaKey: true }))).toBe('frame');
    expect(shortcutOf(key('A', { shiftKey: true }))).toBe('quick-add');
    expect(shortcutOf(key('d', { ctrlKey: true }))).toBe('duplicate');
  });

  it('ignores repeats, plain letters and modified Shift+A', () => {
    expect(shortcutOf(key('Delete', { repeat: true }))).toBeUndefined();
    expect(shortcutOf(key('g'))).toBeUndefined();
    expect(shortcutOf(key('a', { shiftKey: true, ctrlKey: true }))).toBeUndefined();
    expect(shortcutOf(key('z', { ctrlKey: true }))).toBeUndefined();
  });
});

describe('quick add placement', () => {
  const wrap = { left: 100, top: 50, right: 1100, bottom: 850, width: 1000, height: 800 };
  const toCanvas = (x: number, y: number) => ({ x: x * 2, y: y * 2 });

  it('opens at the pointer when it is over the canvas; the node goes there', () => {
    expect(quickAddPlacement(300, 250, wrap, toCanvas)).toEqual({
      left: 200,
      top: 200,
      at: { x: 600, y: 500 },
    });
  });

  it('stays inside the canvas near its right and bottom edges', () => {
    expect(quickAddPlacement(1090, 840, wrap, toCanvas)).toMatchObject({ left: 1000 - 310, top: 800 - 360 });
  });

  it('opens centred near the top when the pointer is elsewhere (a shortcut from the toolbar)', () => {
    expect(quickAddPlacement(0, 0, wrap, toCanvas)).toEqual({
      left: 500,
      top: 800 / 3,
      at: { x: 1200, y: 2 * (50 + 800 / 3) },
    });
  });
});
