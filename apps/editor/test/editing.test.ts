// Editing and inspecting in a real Chromium: copy and paste, delete and undo, frames saved in the
// file, param edits in the undo history, portraits dropped on the canvas feeding a run, the
// full-size preview with fit overlays, and Cancel.
import { join } from 'node:path';
import { decodeImage, encodePng } from '@ffavatar/core/io';
import { loadGraphText } from '@ffavatar/core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect } from 'vitest';
import { registry } from '../src/registry.js';
import {
  ASSETS,
  browserTests,
  cliValidate,
  dropFiles,
  editorCall,
  newGraph,
  openEditor,
  openShipped,
  OUTPUT_DIR,
  REPO_ROOT,
} from './harness.js';
import { meanColour } from './pixels.js';

const errors: string[] = [];
const { itBrowser, harness, ready } = browserTests();

type Doc = {
  nodes: { id: string; type: string; params?: Record<string, unknown>; ui?: { x: number; y: number } }[];
  edges: { from: string; to: string }[];
  frames?: { title: string; x: number; y: number; width: number; height: number; note?: string }[];
};
const docOf = async (page: Page): Promise<Doc> => JSON.parse(await editorCall<string>(page, 'text')) as Doc;

/** A flat-colour PNG, as a browser File would carry it. */
function solidPng(w: number, h: number, rgb: [number, number, number]): number[] {
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) data.set([...rgb, 255], i * 4);
  return [...encodePng({ width: w, height: h, data })];
}

async function waitForRunEnd(page: Page, timeout: number) {
  await page.waitForSelector('[data-testid=run][disabled]', { timeout: 5_000 }).catch(() => undefined);
  await page.waitForFunction(
    () => !document.querySelector('[data-testid=run]')?.hasAttribute('disabled'),
    undefined,
    { timeout, polling: 250 },
  );
}

describe('editing (Chromium)', () => {
  let page: Page;
  beforeAll(async () => {
    if (ready()) page = await openEditor(harness(), errors);
  }, 60_000);

  itBrowser(
    'copies and pastes nodes with the edges between them, under fresh ids; Delete removes them, Undo brings them back',
    async () => {
      await openShipped(page, 'ffavatar-classic.json');
      const before = await docOf(page);
      await editorCall(page, 'select', ['fit', 'frames']);
      // Shortcuts are ignored while a text field has focus.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('Control+c');
      await page.keyboard.press('Control+v');
      await expect.poll(async () => (await docOf(page)).nodes.length).toBe(before.nodes.length + 2);
      const after = await docOf(page);
      const added = after.nodes.slice(before.nodes.length);
      expect(added.map((n) => n.type)).toEqual(['flame.fitLandmarks', 'flame.trackingFrames']);
      const [fit2, frames2] = added.map((n) => n.id);
      expect(new Set([fit2, frames2, ...before.nodes.map((n) => n.id)]).size).toBe(before.nodes.length + 2);
      // The edge between the copied nodes comes along; edges from outside do not.
      const newEdges = after.edges.filter(
        (e) => !before.edges.some((b) => b.from === e.from && b.to === e.to),
      );
      expect(newEdges).toEqual([{ from: `${fit2}.tracking`, to: `${frames2}.tracking` }]);
      const orig = before.nodes.find((n) => n.id === 'fit')!.ui!;
      expect(added[0]!.ui).toEqual({ x: orig.x + 40, y: orig.y + 40 });
      expect(added[0]!.params).toEqual(before.nodes.find((n) => n.id === 'fit')!.params);
      // A paste is one undo step (nodes and edge); Redo brings it back.
      await page.click('text=Undo');
      await expect.poll(async () => (await docOf(page)).nodes.length).toBe(before.nodes.length);
      await page.click('text=Redo');
      await expect.poll(async () => (await docOf(page)).nodes.length).toBe(before.nodes.length + 2);
      await expect.poll(async () => (await docOf(page)).edges.length).toBe(before.edges.length + 1);
      await editorCall(page, 'select', [fit2, frames2]);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      // Shortcuts are ignored while typing: Delete in the palette search leaves the nodes.
      await page.focus('[data-testid=palette-search]');
      await page.keyboard.press('Delete');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      expect((await docOf(page)).nodes.length).toBe(before.nodes.length + 2);
      // The pasted nodes are selected: Delete removes them (and their edge), Undo restores both.
      await page.keyboard.press('Delete');
      await expect.poll(async () => (await docOf(page)).nodes.length).toBe(before.nodes.length);
      expect((await docOf(page)).edges).toEqual(before.edges);
      await page.click('text=Undo');
      await expect
        .poll(async () => (await docOf(page)).nodes.map((n) => n.id))
        .toEqual(expect.arrayContaining([fit2, frames2]));
      await expect.poll(async () => (await docOf(page)).edges.length).toBe(before.edges.length + 1);
    },
  );

  itBrowser(
    'double-click on the empty canvas opens quick add; Enter places the highlighted node there; Shift+A opens it too',
    async () => {
      await newGraph(page);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=node]').length === 0);
      const box = (await page.locator('[data-testid=canvas]').boundingBox())!;
      await page.mouse.dblclick(box.x + 420, box.y + 260);
      await page.waitForSelector('[data-testid=quick-add]');
      await page.keyboard.type('densifier');
      expect(await page.getAttribute('[data-testid=quick-add] li.active', 'data-type')).toBe('flame.densify');
      await page.screenshot({ path: join(OUTPUT_DIR, 'quick-add.png') });
      await page.keyboard.press('Enter');
      await expect.poll(() => editorCall<string[]>(page, 'nodeIds')).toEqual(['densify']);
      expect(await page.locator('[data-testid=quick-add]').count()).toBe(0);
      // Placed where the double-click was (the node's top-left corner), not zoomed in.
      const node = (await page.locator('[data-node-id=densify]').boundingBox())!;
      expect(Math.abs(node.x - (box.x + 420))).toBeLessThan(3);
      expect(Math.abs(node.y - (box.y + 260))).toBeLessThan(3);
      await page.mouse.move(box.x + 200, box.y + 400);
      await page.keyboard.press('Shift+A');
      await page.waitForSelector('[data-testid=quick-add]');
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('[data-testid=quick-add]').count()).toBe(0);
    },
  );

  itBrowser('undoes and redoes a param edit typed into a widget', async () => {
    await openShipped(page, 'portrait-preview.json');
    const field = page.locator('[data-node-id=save] .ff-param:has-text("quality") input');
    await field.fill('55');
    await expect
      .poll(async () => (await docOf(page)).nodes.find((n) => n.id === 'save')!.params)
      .toMatchObject({ quality: 55 });
    await page.locator('[data-testid=canvas]').click({ position: { x: 8, y: 8 } });
    await page.click('text=Undo');
    await expect
      .poll(async () => (await docOf(page)).nodes.find((n) => n.id === 'save')!.params?.quality)
      .toBeUndefined();
    await page.click('text=Redo');
    await expect
      .poll(async () => (await docOf(page)).nodes.find((n) => n.id === 'save')!.params?.quality)
      .toBe(55);
  });

  itBrowser(
    'frames selected nodes: the frame is saved in the file, moves its nodes, and reopens',
    async () => {
      await openShipped(page, 'ffavatar-classic.json');
      await editorCall(page, 'select', ['load', 'detect']);
      await page.click('[data-testid=frame-selection]');
      await page.waitForSelector('[data-testid=frame]');
      const [frame] = await editorCall<Doc['frames'] & object>(page, 'frames');
      expect(frame!.title).toBe('2 nodes');
      // Rename by double-clicking the header, write a note.
      await page.dblclick('[data-testid=frame] .ff-frame-header');
      await page.fill('[data-testid=frame-title-input]', 'Detection');
      await page.keyboard.press('Enter');
      await page.fill('[data-testid=frame-note]', 'face landmarks from each photo');
      // Drag the header: the frame and the two nodes inside move by the same canvas distance.
      const load0 = await editorCall<{ x: number; y: number }>(page, 'position', 'load');
      const fit0 = await editorCall<{ x: number; y: number }>(page, 'position', 'fit');
      const header = (await page.locator('[data-testid=frame] .ff-frame-header').boundingBox())!;
      await page.mouse.move(header.x + header.width / 2, header.y + header.height / 2);
      await page.mouse.down();
      await page.mouse.move(header.x + header.width / 2 + 60, header.y + header.height / 2 + 90, {
        steps: 5,
      });
      await page.mouse.up();
      const load1 = await editorCall<{ x: number; y: number }>(page, 'position', 'load');
      const [moved] = await editorCall<Doc['frames'] & object>(page, 'frames');
      expect(load1.x - load0.x).toBeGreaterThan(10);
      expect(moved!.x - frame!.x).toBeCloseTo(load1.x - load0.x, 0);
      expect(moved!.y - frame!.y).toBeCloseTo(load1.y - load0.y, 0);
      expect(await editorCall(page, 'position', 'fit')).toEqual(fit0);
      await page.screenshot({ path: join(OUTPUT_DIR, 'frame.png') });
      // The drag is one undo step, frame and nodes together; Redo repeats it.
      await page.click('text=Undo');
      await expect.poll(() => editorCall(page, 'position', 'load')).toEqual(load0);
      expect((await editorCall<Doc['frames'] & object>(page, 'frames'))[0]!.x).toBe(frame!.x);
      await page.click('text=Redo');
      await expect.poll(() => editorCall(page, 'position', 'load')).toEqual(load1);
      expect((await editorCall<Doc['frames'] & object>(page, 'frames'))[0]).toEqual(moved);
      // Saved in the file, accepted by core and the CLI, drawn again when the file is reopened.
      const text = await editorCall<string>(page, 'text');
      const saved = JSON.parse(text) as Doc;
      expect(saved.frames).toEqual([
        { ...moved, title: 'Detection', note: 'face landmarks from each photo' },
      ]);
      expect(loadGraphText(text, registry).problems).toEqual([]);
      expect(await cliValidate(text, 'framed.json')).toMatchObject({ code: 0 });
      await editorCall(page, 'open', text, 'framed.json');
      await expect.poll(() => page.getAttribute('[data-testid=frame]', 'data-title')).toBe('Detection');
      expect(await editorCall<string>(page, 'text')).toBe(text);
    },
  );

  itBrowser(
    'portraits dropped on the canvas feed the graph input for the run; the preview panel shows them full size',
    async () => {
      await openShipped(page, 'portrait-preview.json');
      await dropFiles(page, [{ name: 'red.png', type: 'image/png', bytes: solidPng(96, 64, [220, 30, 40]) }]);
      await expect.poll(() => page.textContent('[data-testid=dropped-inputs]')).toMatch(/images.*red\.png/);
      // The saved graph keeps its default: dropped files are this tab's, not the file's.
      expect(await editorCall<string>(page, 'text')).toContain('asset:portraits/astronaut.png');
      await page.click('[data-testid=run]');
      await page.waitForSelector('[data-node-id=load] img.ff-thumb', { timeout: 30_000 });
      await page.click('[data-node-id=load] img.ff-thumb');
      await page.waitForSelector('[data-testid=preview][data-node=load]');
      const canvas = page.locator('[data-testid=preview-canvas]');
      expect(await canvas.getAttribute('width')).toBe('96');
      expect(await canvas.getAttribute('height')).toBe('64');
      const shot = await canvas.screenshot();
      const c = meanColour(shot, { x: 4, y: 4, width: 20, height: 20 });
      expect(c[0]).toBeGreaterThan(180);
      expect(c[1]).toBeLessThan(70);
      // A file that is not an image is refused with its name.
      await dropFiles(page, [{ name: 'notes.txt', type: 'text/plain', bytes: [104, 105] }]);
      await expect
        .poll(() => page.textContent('[data-testid=status]'))
        .toMatch(/Not an image or a video: notes\.txt/);
      await page.click('[data-testid=dropped-inputs] button');
      await page.click('[data-testid=preview] button[title=Close]');
    },
  );

  itBrowser(
    'the fit node previews the photo with detected landmarks, the fitted mesh and its landmarks drawn over it',
    async () => {
      await openShipped(page, 'track-portrait.json');
      await page.click('[data-testid=run]');
      await waitForRunEnd(page, 120_000);
      expect(await page.getAttribute('[data-node-id=fit] .ff-run', 'data-run')).toMatch(/done|cached/);
      await editorCall(page, 'preview', 'fit');
      await page.waitForSelector('[data-testid=preview][data-node=fit]');
      const footer = await page.textContent('[data-testid=preview] footer');
      expect(footer).toMatch(/detected landmarks/);
      expect(footer).toMatch(/fitted mesh/);
      expect(footer).toMatch(/fit error \d+\.\d+ px/);
      await page.waitForTimeout(200);
      const shot = await page
        .locator('[data-testid=preview-canvas]')
        .screenshot({ path: join(OUTPUT_DIR, 'preview-fit-overlay.png') });
      await page.screenshot({ path: join(OUTPUT_DIR, 'preview-panel.png') });
      // Overlay colours are on the face: landmark yellow and fitted-landmark pink pixels exist.
      const img = decodeImage(new Uint8Array(shot));
      let yellow = 0,
        pink = 0;
      for (let i = 0; i < img.width * img.height; i++) {
        const r = img.data[i * 4]!,
          g = img.data[i * 4 + 1]!,
          b = img.data[i * 4 + 2]!;
        if (r > 230 && g > 180 && b < 130) yellow++;
        if (r > 210 && g < 100 && b > 80 && b < 140) pink++;
      }
      expect(yellow).toBeGreaterThan(50);
      expect(pink).toBeGreaterThan(50);
      await page.click('[data-testid=preview] button[title=Close]');
    },
    180_000,
  );

  itBrowser(
    'a param change re-runs only the nodes that depend on it',
    async () => {
      await openShipped(page, 'track-portrait.json');
      await page.click('[data-testid=run]');
      await waitForRunEnd(page, 120_000);
      await editorCall(page, 'setParam', 'overlay', 'opacity', 0.8);
      await page.click('[data-testid=run]');
      await waitForRunEnd(page, 60_000);
      const state = (id: string) => page.getAttribute(`[data-node-id=${id}] .ff-run`, 'data-run');
      for (const id of ['load', 'detect', 'head', 'fit', 'frames', 'mesh', 'render'])
        expect(await state(id), id).toBe('cached');
      expect(await state('overlay')).toBe('done');
    },
    180_000,
  );

  itBrowser(
    "a file param suggests the shared assets, and a file picked from disk feeds this tab's run (the save warns the CLI cannot read it)",
    async () => {
      await openShipped(page, 'track-portrait.json');
      const field = page.locator('[data-node-id=head] .ff-file input[type=text]');
      expect(await field.getAttribute('list')).toBe('ff-assets');
      await expect
        .poll(() => page.$$eval('#ff-assets option', (els) => els.map((e) => (e as HTMLOptionElement).value)))
        .toEqual(
          expect.arrayContaining([
            'asset:ict-facekit-light/ict_facekit_light.npz',
            'asset:portraits/astronaut.png',
          ]),
        );
      await page.setInputFiles(
        '[data-node-id=head] [data-testid=file-picker]',
        join(ASSETS, 'ict-facekit-light/ict_facekit_light.npz'),
      );
      await expect
        .poll(async () => (await docOf(page)).nodes.find((n) => n.id === 'head')!.params?.path)
        .toBe('local:ict_facekit_light.npz');
      await page.click('[data-testid=run]');
      await waitForRunEnd(page, 120_000);
      expect(await page.getAttribute('[data-node-id=head] .ff-run', 'data-run')).toBe('done');
      expect(await page.getAttribute('[data-node-id=fit] .ff-run', 'data-run')).toBe('done');
      const download = page.waitForEvent('download');
      await page.click('[data-testid=save]');
      await download;
      await expect
        .poll(() => page.textContent('[data-testid=status]'))
        .toMatch(/head\.path name\(s\) a file picked in this tab/);
    },
    180_000,
  );

  itBrowser(
    'adds a user node package (examples/hello-plugin): its nodes join the palette, run in the workers, and stay after a reload',
    async () => {
      await page.setInputFiles(
        '[data-testid=add-package]',
        join(REPO_ROOT, 'examples/hello-plugin/index.js'),
      );
      await page.waitForSelector('.ff-palette-item[data-type="hello.brightness"]');
      expect(await page.textContent('[data-testid=packages]')).toMatch(/hello/);
      await openShipped(page, 'portrait-preview.json');
      const id = await editorCall<string>(page, 'place', 'hello.brightness', 320, 260);
      expect(await editorCall(page, 'connect', 'load', 'image', id, 'image')).toBe(true);
      await page.click('[data-testid=run]');
      await waitForRunEnd(page, 60_000);
      expect(
        await page.getAttribute(`[data-node-id=${id}] .ff-run`, 'data-run'),
        (await page.textContent(`[data-node-id=${id}]`)) ?? '',
      ).toBe('done');
      // Kept for the next visit: the autosaved graph with the package's node draws again.
      await editorCall(page, 'autosaveNow');
      await page.reload();
      await page.waitForSelector('body[data-ready="true"]');
      await page.waitForSelector('.ff-palette-item[data-type="hello.brightness"]');
      expect(await editorCall<string[]>(page, 'nodeIds')).toContain(id);
      await page.click('[data-package=ffavatar-hello-plugin] button');
      await expect.poll(() => page.locator('.ff-palette-item[data-type="hello.brightness"]').count()).toBe(0);
    },
    120_000,
  );

  itBrowser(
    'Cancel stops a running pipeline: nodes left unrun say so, and the editor runs again afterwards',
    async () => {
      await openShipped(page, 'ffavatar-classic.json');
      // Fresh params, so nothing comes from the session cache and the run is long enough to cancel.
      await editorCall(page, 'setParam', 'fit', 'iterations', 37);
      await page.click('[data-testid=run]');
      await page.waitForSelector(
        '[data-node-id=fit] [data-run=running], [data-node-id=fit] [data-run=done]',
        { timeout: 60_000 },
      );
      await page.click('[data-testid=cancel]');
      await waitForRunEnd(page, 60_000);
      await expect.poll(() => page.textContent('[data-testid=status]')).toMatch(/Cancelled/);
      const states = await page.$$eval('[data-testid=node]', (els) =>
        els.map((e) => e.querySelector('.ff-run')?.getAttribute('data-run') ?? 'idle'),
      );
      expect(states).not.toContain('running');
      expect(states.filter((s) => s === 'cancelled').length).toBeGreaterThan(0);
      expect(states.filter((s) => s === 'done').length).toBeLessThan(states.length);
      await page.screenshot({ path: join(OUTPUT_DIR, 'cancelled.png') });
      // Still usable: another graph runs to the end.
      await openShipped(page, 'portrait-preview.json');
      await page.click('[data-testid=run]');
      await page.waitForSelector(
        '[data-node-id=load] [data-run=done], [data-node-id=load] [data-run=cached]',
        { timeout: 30_000 },
      );
    },
    120_000,
  );

  itBrowser('left no uncaught error on the page', () => {
    expect(errors).toEqual([]);
  });
});
