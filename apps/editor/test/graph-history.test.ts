// Opening over an edited graph never loses it: the unsaved-changes prompt (a real dialog in the
// page), and Recent, from which the replaced graph comes back as it was, after a reload too
// (autosave has written the newer graph by then).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect } from 'vitest';
import { browserTests, editorCall, openCount, openEditor, OUTPUT_DIR } from './harness.js';

const errors: string[] = [];
const { itBrowser, harness, ready } = browserTests();

const title = (page: Page) => page.textContent('[data-testid=graph-title]');
const recentLabels = (page: Page) =>
  page.$$eval('[data-testid=recent] option', (els) => els.map((e) => e.textContent ?? '').slice(1));

describe('graph history (Chromium)', () => {
  let page: Page;
  beforeAll(async () => {
    if (ready()) page = await openEditor(harness(), errors);
  }, 60_000);

  itBrowser(
    'asks before an open replaces an edited graph, and restores the replaced graph from Recent',
    async () => {
      // The first visit opens portrait-preview.json; edit it.
      expect(await title(page)).toBe('portrait-preview.json');
      await editorCall(page, 'setParam', 'save', 'quality', 55);
      await editorCall(page, 'place', 'core.number', 0, 260);
      const edited = await editorCall<string>(page, 'text');
      expect(JSON.parse(edited).nodes.map((n: { id: string }) => n.id)).toEqual(['load', 'save', 'number']);

      // Opening another graph asks first; "Keep editing" leaves the edited graph as it was.
      let before = await openCount(page);
      await page.selectOption('[data-testid=shipped]', 'track-portrait.json');
      const dialog = page.locator('[data-testid=unsaved-dialog]');
      await dialog.waitFor();
      expect(await dialog.textContent()).toMatch(
        /portrait-preview\.json has changes that no file holds\. Opening track-portrait\.json replaces it/,
      );
      await page.screenshot({ path: join(OUTPUT_DIR, 'unsaved-prompt.png') });
      await page.click('[data-testid=unsaved-cancel]');
      await expect.poll(() => dialog.count()).toBe(0);
      expect(await editorCall<string>(page, 'text')).toBe(edited);
      expect(await openCount(page)).toBe(before);
      await expect
        .poll(() => page.textContent('[data-testid=status]'))
        .toMatch(/Kept portrait-preview\.json/);

      // Asked again: open without saving. The other graph is on the canvas, the edited one in Recent.
      await page.selectOption('[data-testid=shipped]', 'track-portrait.json');
      await dialog.waitFor();
      await page.click('[data-testid=unsaved-replace]');
      await page.waitForFunction(
        () => document.querySelector('[data-testid=graph-title]')?.textContent === 'track-portrait.json',
      );
      expect(
        JSON.parse(await editorCall<string>(page, 'text')).nodes.map((n: { id: string }) => n.id),
      ).toContain('fit');
      expect(await recentLabels(page)).toEqual([
        expect.stringMatching(/^portrait-preview\.json \(unsaved edits\) · 3 nodes · /),
      ]);

      // Autosave writes the graph now on the canvas; after a reload, Recent still has the edited one.
      await editorCall(page, 'autosaveNow');
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      expect(await title(page)).toBe('track-portrait.json');
      expect(await recentLabels(page)).toEqual([
        expect.stringMatching(/^portrait-preview\.json \(unsaved edits\)/),
      ]);

      // Restore it: the unedited graph on the canvas is replaced without a prompt (and joins Recent).
      before = await openCount(page);
      const id = await page.$eval(
        '[data-testid=recent] option:nth-child(2)',
        (e) => (e as HTMLOptionElement).value,
      );
      await page.selectOption('[data-testid=recent]', id);
      await page.waitForFunction(
        (n) =>
          Number(document.querySelector('[data-testid=graph-title]')?.getAttribute('data-generation')) > n,
        before,
      );
      expect(await dialog.count()).toBe(0);
      expect(await editorCall<string>(page, 'text')).toBe(edited);
      expect(await title(page)).toBe('portrait-preview.json');
      expect(await page.locator('[data-node-id=number]').count()).toBe(1);
      await expect
        .poll(() => page.textContent('[data-testid=status]'))
        .toMatch(/Restored portrait-preview\.json from Recent: 3 nodes/);
      expect((await recentLabels(page))[0]).toMatch(/^track-portrait\.json · /);
      await page.screenshot({ path: join(OUTPUT_DIR, 'restored-from-recent.png') });

      // Restored unsaved work is still unsaved: New asks; "Save, then open" downloads it first.
      before = await openCount(page);
      await page.click('[data-testid=new]');
      await dialog.waitFor();
      const download = page.waitForEvent('download');
      await page.click('[data-testid=unsaved-save]');
      const saved = await download;
      expect(saved.suggestedFilename()).toBe('portrait-preview.json');
      await page.waitForFunction(
        (n) =>
          Number(document.querySelector('[data-testid=graph-title]')?.getAttribute('data-generation')) > n,
        before,
      );
      expect(await page.locator('[data-testid=node]').count()).toBe(0);
    },
  );

  itBrowser('left no uncaught error on the page', () => {
    expect(errors).toEqual([]);
  });
});
