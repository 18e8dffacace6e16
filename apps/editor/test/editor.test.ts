// The editor in a real Chromium: palette, open and save (checked by core and by the CLI), building
// a graph by hand, refused connections, invalid files, autosave across a reload, a run in the
// browser's workers, and screenshots checked by their pixels.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeImage } from '@ffavatar/core/io';
import { loadGraphText, saveGraph } from '@ffavatar/core';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect } from 'vitest';
import { readGaussianPly } from '@ffavatar/nodes-splat';
import { descriptions, registry } from '../src/registry.js';
import {
  browserTests,
  cliValidate,
  editorCall,
  newGraph,
  openEditor,
  openShipped,
  OUTPUT_DIR,
  REPO_ROOT,
} from './harness.js';
import { hexRgb, meanColour, regionDiff, skinStats } from './pixels.js';

const run = promisify(execFile);
const errors: string[] = [];
const { itBrowser, harness, ready } = browserTests();

describe('editor (Chromium)', () => {
  let page: Page;
  beforeAll(async () => {
    if (ready()) page = await openEditor(harness(), errors);
  }, 60_000);

  itBrowser('opens with a palette of every registered node type, by category, with search', async () => {
    const types = await page.$$eval('.ff-palette-item', (els) =>
      els.map((e) => (e as HTMLElement).dataset.type),
    );
    expect(types.sort()).toEqual(descriptions.map((d) => d.type).sort());
    expect(types).toEqual(
      expect.arrayContaining(['io.loadImage', 'flame.densify', 'splat.rasterize', 'model.faceLandmarks']),
    );
    // Search matches type, title, category and description: "densifier" finds the UV densifier
    // (and nodes that mention it), not the others.
    await page.fill('[data-testid=palette-search]', 'densifier');
    const found = await page.$$eval('.ff-palette-item', (els) =>
      els.map((e) => (e as HTMLElement).dataset.type),
    );
    await page.fill('[data-testid=palette-search]', '');
    expect(found).toContain('flame.densify');
    expect(found.length).toBeLessThan(4);
  });

  itBrowser(
    'opens graphs/portrait-preview.json and saves it byte for byte as core writes it; the CLI accepts it',
    async () => {
      await openShipped(page, 'portrait-preview.json');
      const fileText = readFileSync(join(REPO_ROOT, 'graphs/portrait-preview.json'), 'utf8');
      const expected = saveGraph(loadGraphText(fileText, registry).plan!.doc);
      const download = page.waitForEvent('download');
      await page.click('[data-testid=save]');
      const saved = readFileSync(await (await download).path(), 'utf8');
      expect(saved).toBe(expected);
      expect(loadGraphText(saved, registry).problems).toEqual([]);
      expect(await cliValidate(saved, 'portrait-preview.saved.json')).toMatchObject({ code: 0 });
    },
  );

  itBrowser('round-trips the classic pipeline losslessly, positions included', async () => {
    await openShipped(page, 'ffavatar-classic.json');
    const fileText = readFileSync(join(REPO_ROOT, 'graphs/ffavatar-classic.json'), 'utf8');
    const text = await editorCall<string>(page, 'text');
    expect(text).toBe(saveGraph(loadGraphText(fileText, registry).plan!.doc));
    expect(await page.locator('[data-testid=node]').count()).toBe(JSON.parse(fileText).nodes.length);
    const shot = await page.screenshot({ path: join(OUTPUT_DIR, 'classic.png') });
    // Dark canvas: a corner of the canvas area is near the background colour.
    const canvasBox = (await page.locator('[data-testid=canvas]').boundingBox())!;
    const bg = meanColour(shot, {
      x: canvasBox.x + 4,
      y: canvasBox.y + canvasBox.height - 30,
      width: 20,
      height: 20,
    });
    expect(Math.max(...bg)).toBeLessThan(60);
  });

  itBrowser(
    'builds a graph by hand: places from the palette, connects, sets params, refuses a wrong connection',
    async () => {
      await newGraph(page);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=node]').length === 0);
      await page.click('.ff-palette-item[data-type="io.loadImage"]');
      await page.click('.ff-palette-item[data-type="io.saveImage"]');
      const text0 = JSON.parse(await editorCall<string>(page, 'text'));
      expect(text0.nodes.map((n: { id: string }) => n.id)).toEqual(['loadImage', 'saveImage']);
      expect(await editorCall(page, 'place', 'core.number', 0, 260)).toBeTruthy();
      // Num into an Image port: refused, with the reason in the status bar.
      expect(await editorCall(page, 'connect', 'number', 'value', 'saveImage', 'image')).toBe(false);
      await expect
        .poll(() => page.textContent('[data-testid=status]'))
        .toMatch(/Connection refused: Number\.value \(Number\) cannot feed Save image\.image \(Image\)/);
      expect(await editorCall(page, 'connect', 'loadImage', 'image', 'saveImage', 'image')).toBe(true);
      // Param widget: type into the save node's path field.
      const pathField = page.locator('[data-node-id=saveImage] .ff-param:has-text("path") input');
      await pathField.fill('renders/by-hand.png');
      const doc = JSON.parse(await editorCall<string>(page, 'text'));
      expect(doc.edges).toEqual([{ from: 'loadImage.image', to: 'saveImage.image' }]);
      expect(doc.nodes[1].params).toEqual({ path: 'renders/by-hand.png' });
      expect(
        loadGraphText(JSON.stringify(doc), registry).problems.filter((p) => p.code !== 'missing_input'),
      ).toEqual([]);
      // A mapped node (List<Path> into a Path input) has List<Image> outputs: core accepts them into a
      // List<Image> input, so the editor does too, though the declared types differ.
      await editorCall(page, 'place', 'core.paths', -300, 0);
      await editorCall(page, 'place', 'io.saveAnimation', 300, 300);
      await editorCall(page, 'setParam', 'paths', 'values', ['asset:portraits/astronaut.png']);
      expect(await editorCall(page, 'connect', 'paths', 'paths', 'loadImage', 'path')).toBe(true);
      expect(await editorCall(page, 'connect', 'loadImage', 'image', 'saveAnimation', 'frames')).toBe(true);
      // Drag a node type from the palette onto the canvas, then undo it.
      await page.dragAndDrop('.ff-palette-item[data-type="core.text"]', '[data-testid=canvas]', {
        targetPosition: { x: 300, y: 500 },
      });
      await expect
        .poll(() => editorCall<string[]>(page, 'nodeIds'))
        .toEqual(['loadImage', 'saveImage', 'number', 'paths', 'saveAnimation', 'text']);
      await page.click('text=Undo');
      await expect
        .poll(() => editorCall<string[]>(page, 'nodeIds'))
        .toEqual(['loadImage', 'saveImage', 'number', 'paths', 'saveAnimation']);
      await page.click('[data-testid=arrange]');
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(OUTPUT_DIR, 'by-hand.png') });
      // The hand-built graph, mapped edges included, is one the CLI accepts.
      const built = await editorCall<string>(page, 'text');
      expect(loadGraphText(built, registry).problems).toEqual([]);
      expect(await cliValidate(built, 'by-hand.json')).toMatchObject({ code: 0 });
    },
  );

  itBrowser('opens an invalid graph with its problems listed, and draws what it can', async () => {
    const bad = {
      format: 'ffavatar-graph',
      version: 1,
      nodes: [
        { id: 'load', type: 'io.loadImage', ui: { x: 0, y: 0 } },
        { id: 'mystery', type: 'nope.unknown', ui: { x: 300, y: 0 } },
      ],
      edges: [{ from: 'load.image', to: 'mystery.image' }],
    };
    await editorCall(page, 'open', JSON.stringify(bad), 'bad.json');
    await page.waitForSelector('[data-testid=problems]');
    const codes = await page.$$eval('[data-testid=problems] li', (els) =>
      els.map((e) => e.getAttribute('data-code')),
    );
    expect(codes).toContain('unknown_node_type');
    expect(await page.locator('[data-testid=node]').count()).toBe(1);
    await page.screenshot({ path: join(OUTPUT_DIR, 'invalid.png') });
    // What could not be drawn is kept: saving gives the same document back, problems and all.
    const kept = JSON.parse(await editorCall<string>(page, 'text'));
    expect(kept.nodes.map((n: { id: string }) => n.id)).toEqual(['load', 'mystery']);
    expect(kept.edges).toEqual(bad.edges);
    await editorCall(page, 'open', '{ "format": "ffavatar-graph", ', 'broken.json');
    await expect
      .poll(() =>
        page.$$eval('[data-testid=problems] li', (els) => els.map((e) => e.getAttribute('data-code'))),
      )
      .toContain('json_parse');
  });

  itBrowser('restores the graph from IndexedDB after a reload', async () => {
    await openShipped(page, 'track-portrait.json');
    await editorCall(
      page,
      'setParam',
      await editorCall<string[]>(page, 'nodeIds').then((ids) => ids[0]!),
      'note',
      'x',
    );
    const before = await editorCall<string>(page, 'text');
    await editorCall(page, 'autosaveNow');
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await editorCall<string>(page, 'text')).toBe(before);
    await expect.poll(() => page.textContent('[data-testid=status]')).toMatch(/Restored/);
  });

  itBrowser(
    'runs portrait-preview in the browser workers: per-node state, a thumbnail, the save error on its node',
    async () => {
      await openShipped(page, 'portrait-preview.json');
      await page.click('[data-testid=run]');
      await page.waitForSelector('[data-node-id=load] [data-run=done]', { timeout: 30_000 });
      await page.waitForSelector('[data-node-id=save] [data-run=error]', { timeout: 30_000 });
      expect(await page.textContent('[data-node-id=save] [data-run=error]')).toMatch(
        /writing files is not available in the browser/,
      );
      await page.waitForSelector('[data-node-id=load] img.ff-thumb');
      const shot = await page.screenshot({ path: join(OUTPUT_DIR, 'run.png') });
      // Nodes are drawn in their category colour (IO: #2f855a) and the thumbnail holds a picture.
      const header = (await page.locator('[data-node-id=load] .ff-node-header').boundingBox())!;
      const got = meanColour(shot, { x: header.x + header.width - 60, y: header.y + 2, width: 8, height: 4 });
      const want = hexRgb('#2f855a');
      got.forEach((c, i) => expect(Math.abs(c - want[i]!)).toBeLessThan(12));
      const thumb = (await page.locator('[data-node-id=load] img.ff-thumb').boundingBox())!;
      const t = meanColour(shot, thumb);
      expect(Math.max(...t) - Math.min(...t) + t[0]!).toBeGreaterThan(20);
      // A second run of the unchanged graph comes from the cache.
      await page.click('[data-testid=run]');
      await page.waitForSelector('[data-node-id=load] [data-run=cached]', { timeout: 30_000 });
    },
  );

  itBrowser(
    'runs the classic avatar pipeline in the browser: every compute node done, the avatar render shows a head',
    async () => {
      await openShipped(page, 'ffavatar-classic.json');
      await page.click('[data-testid=run]');
      await page.waitForFunction(
        () => !document.querySelector('[data-testid=run]')?.hasAttribute('disabled'),
        undefined,
        { timeout: 240_000, polling: 500 },
      );
      const states = await page.$$eval('[data-testid=node]', (els) =>
        Object.fromEntries(
          els.map((e) => [
            e.getAttribute('data-node-id'),
            e.querySelector('.ff-run')?.getAttribute('data-run'),
          ]),
        ),
      );
      for (const [id, state] of Object.entries(states)) {
        // A page cannot write files: save nodes fail with that message, everything else completes.
        if (/^save/.test(id)) expect(state, id).toBe('error');
        else expect(['done', 'cached'], id).toContain(state);
      }
      const shot = await page.screenshot({ path: join(OUTPUT_DIR, 'classic-run.png') });
      // The render of the avatar from the input camera, as the node's thumbnail carries it (nodes
      // overlap in the file's layout, so the pixels come from the image, not the screen): a lit head
      // where the portrait has it (upper middle), skin toned, unlike the flat background in the corner.
      const src = await page.getAttribute('[data-node-id=inputRender] img.ff-thumb', 'src');
      const png = Buffer.from(src!.replace(/^data:image\/png;base64,/, ''), 'base64');
      writeFileSync(join(OUTPUT_DIR, 'classic-input-render.png'), png);
      const img = decodeImage(new Uint8Array(png));
      const w = img.width,
        hgt = img.height;
      const face = meanColour(png, { x: w * 0.4, y: hgt * 0.15, width: w * 0.15, height: hgt * 0.12 });
      const corner = meanColour(png, { x: 0, y: 0, width: w * 0.1, height: hgt * 0.1 });
      expect(
        Math.abs(face[0] - corner[0]) + Math.abs(face[1] - corner[1]) + Math.abs(face[2] - corner[2]),
      ).toBeGreaterThan(60);
      expect(face[0]).toBeGreaterThan(face[2] + 20);
      expect(shot.length).toBeGreaterThan(0);

      // The 3D viewer opens on the densified Avatar, driven live from its sliders, framed from the front.
      const viewer = page.locator('[data-testid=viewer-canvas]');
      await viewer.waitFor();
      expect(await page.getAttribute('[data-testid=viewer]', 'data-kind')).toBe('avatar');
      await expect
        .poll(() => page.textContent('[data-testid=viewer] footer'), { timeout: 20_000 })
        .toMatch(/\d+ ms/);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(OUTPUT_DIR, 'classic-avatar-viewer.png') });
      const before = await viewer.screenshot({ path: join(OUTPUT_DIR, 'viewer-front.png') });
      const v = meanColour(before, { x: 100, y: 100, width: 56, height: 56 });
      const vc = meanColour(before, { x: 0, y: 0, width: 24, height: 24 });
      expect(v[0]).toBeGreaterThan(vc[0] + 40);
      // A face, by its pixels: a good share of the view is skin-toned (red over blue, lit), unlike the
      // flat dark background, and the middle of the view is mostly skin.
      const stats = skinStats(before);
      expect(stats.skin).toBeGreaterThan(0.15);
      expect(stats.centreSkin).toBeGreaterThan(0.5);
      // Open the jaw: the lower face changes, the forehead barely.
      const jaw = page.locator('[data-testid=viewer-slider-jaw]');
      const jb = (await jaw.boundingBox())!;
      const t0 = Date.now();
      await page.mouse.click(jb.x + jb.width - 2, jb.y + jb.height / 2);
      expect(Number(await jaw.inputValue())).toBeGreaterThan(0.8);
      let open = before;
      await expect
        .poll(
          async () => {
            open = await viewer.screenshot();
            return regionDiff(open, before, { x: 0.3, y: 0.55, width: 0.4, height: 0.35 });
          },
          { timeout: 10_000 },
        )
        .toBeGreaterThan(4);
      console.log(
        `jaw slider to changed render: ${Date.now() - t0} ms; ${await page.textContent('[data-testid=viewer] footer')}`,
      );
      writeFileSync(join(OUTPUT_DIR, 'viewer-jaw-open.png'), open);
      const lower = regionDiff(open, before, { x: 0.3, y: 0.55, width: 0.4, height: 0.35 });
      const upper = regionDiff(open, before, { x: 0.3, y: 0.1, width: 0.4, height: 0.2 });
      expect(lower).toBeGreaterThan(upper * 2);
      // Head yaw turns the head itself.
      const yaw = page.locator('[data-testid=viewer-slider-yaw]');
      const yb = (await yaw.boundingBox())!;
      await page.mouse.click(yb.x + yb.width * 0.85, yb.y + yb.height / 2);
      await page.waitForTimeout(1500);
      await viewer.screenshot({ path: join(OUTPUT_DIR, 'viewer-jaw-yaw.png') });
      await page.click('[data-testid=viewer] button:has-text("reset")');
      await page.waitForTimeout(1000);

      // Any of the model's expressions by name, from the full list.
      const neutral = await viewer.screenshot();
      await page.click('[data-testid=viewer-more] summary');
      expect(await page.locator('[data-testid^=viewer-expression-]').count()).toBeGreaterThan(40);
      await page.fill('[data-testid=viewer-more] input[type=search]', 'Funnel');
      const funnel = page.locator('[data-testid^=viewer-expression-]').first();
      const fb = (await funnel.boundingBox())!;
      await page.mouse.click(fb.x + fb.width - 2, fb.y + fb.height / 2);
      await expect
        .poll(
          async () =>
            regionDiff(await viewer.screenshot({ path: join(OUTPUT_DIR, 'viewer-funnel.png') }), neutral, {
              x: 0.3,
              y: 0.55,
              width: 0.4,
              height: 0.35,
            }),
          { timeout: 10_000 },
        )
        .toBeGreaterThan(2);
      await page.click('[data-testid=viewer-more] summary');
      await page.click('[data-testid=viewer] button:has-text("reset")');
      // The tracked expression of the photo ("as photographed") sets the sliders from the fit.
      await page.click('[data-testid=viewer-tracked]');
      // The astronaut smiles in her photo: the fit's smile reaches the slider.
      await expect
        .poll(async () => Number(await page.locator('[data-testid=viewer-slider-smile]').inputValue()))
        .toBeGreaterThan(0.3);
      await page.screenshot({ path: join(OUTPUT_DIR, 'viewer-tracked.png') });
      await page.click('[data-testid=viewer] button:has-text("reset")');

      // The orbit camera turns when the view is dragged.
      await page.waitForTimeout(1000);
      const front = await viewer.screenshot();
      const vb = (await viewer.boundingBox())!;
      await page.mouse.move(vb.x + 128, vb.y + 128);
      await page.mouse.down();
      await page.mouse.move(vb.x + 40, vb.y + 128, { steps: 4 });
      await page.mouse.up();
      await page.waitForTimeout(1500);
      const after = await viewer.screenshot({ path: join(OUTPUT_DIR, 'viewer-turned.png') });
      expect(regionDiff(after, front, { x: 0, y: 0, width: 1, height: 1 })).toBeGreaterThan(3);
      await page.screenshot({ path: join(OUTPUT_DIR, 'classic-viewer.png') });

      // Export what the viewer shows: a standard PLY with every Gaussian of the avatar.
      const download = page.waitForEvent('download');
      await page.click('[data-testid=export-ply]');
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/\.ply$/);
      const ply = readGaussianPly(new Uint8Array(readFileSync((await file.path())!)), 'export.ply');
      expect(ply.count).toBe(Number(await page.getAttribute('[data-testid=viewer]', 'data-gaussians')));
      expect(ply.means.every(Number.isFinite)).toBe(true);
      // The avatar's binding rides along, so the exported file can be driven again.
      expect(Object.keys(ply.extras ?? {})).toEqual(
        expect.arrayContaining(['triangle', 'bary_0', 'bary_1', 'bary_2', 'normal_offset']),
      );
    },
    300_000,
  );

  itBrowser(
    'an avatar graph built in the editor, saved, then run by the CLI gives the same Gaussian count as the editor run',
    async () => {
      await newGraph(page);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=node]').length === 0);
      const chain: [string, number, number][] = [
        ['core.paths', 0, 0],
        ['io.loadImage', 300, 0],
        ['model.faceLandmarks', 600, 0],
        ['flame.loadIct', 300, 300],
        ['flame.fitLandmarks', 900, 0],
        ['flame.trackingFrames', 1200, 0],
        ['flame.fuseImage', 1500, 0],
        ['flame.fuseField', 1800, 0],
        ['flame.densify', 2100, 0],
        ['splat.saveAvatar', 2400, 0],
      ];
      const ids: Record<string, string> = {};
      for (const [type, x, y] of chain)
        ids[type.split('.')[1]!] = (await editorCall<string>(page, 'place', type, x, y))!;
      await editorCall(page, 'setParam', ids.paths, 'values', ['asset:portraits/astronaut.png']);
      // Params unlike the classic graph's, so the editor computes this avatar afresh (not from the
      // session cache of the classic run): a shorter fit and a half-size UV field (fewer Gaussians).
      await editorCall(page, 'setParam', ids.fitLandmarks, 'iterations', 40);
      await editorCall(page, 'setParam', ids.fuseImage, 'uvSize', 128);
      await editorCall(page, 'setParam', ids.fuseField, 'uvSize', 128);
      const edges: [string, string, string, string][] = [
        ['paths', 'paths', 'loadImage', 'path'],
        ['loadImage', 'image', 'faceLandmarks', 'image'],
        ['loadIct', 'model', 'fitLandmarks', 'model'],
        ['loadImage', 'image', 'fitLandmarks', 'images'],
        ['faceLandmarks', 'landmarks', 'fitLandmarks', 'landmarks'],
        ['fitLandmarks', 'tracking', 'trackingFrames', 'tracking'],
        ['loadIct', 'model', 'fuseImage', 'model'],
        ['loadImage', 'image', 'fuseImage', 'image'],
        ['trackingFrames', 'cameras', 'fuseImage', 'camera'],
        ['trackingFrames', 'params', 'fuseImage', 'params'],
        ['loadIct', 'model', 'fuseField', 'model'],
        ['fuseImage', 'contribution', 'fuseField', 'contributions'],
        ['loadIct', 'model', 'densify', 'model'],
        ['fuseField', 'field', 'densify', 'field'],
        ['fitLandmarks', 'tracking', 'densify', 'tracking'],
        ['densify', 'avatar', 'saveAvatar', 'avatar'],
        ['densify', 'canonical', 'saveAvatar', 'mesh'],
      ];
      for (const [from, out, to, input] of edges)
        expect(
          await editorCall(page, 'connect', ids[from], out, ids[to], input),
          `${from}.${out} -> ${to}.${input}`,
        ).toBe(true);
      await page.click('[data-testid=arrange]');
      // Saved through the Save button, as a user would.
      const download = page.waitForEvent('download');
      await page.click('[data-testid=save]');
      const saved = readFileSync(await (await download).path(), 'utf8');
      expect(loadGraphText(saved, registry).problems).toEqual([]);
      const file = join(OUTPUT_DIR, 'built-avatar.json');
      writeFileSync(file, saved);
      // Run in the editor (the page cannot write the avatar file; everything before it completes).
      const t0 = Date.now();
      await page.click('[data-testid=run]');
      await page.waitForSelector('[data-testid=run][disabled]', { timeout: 5_000 }).catch(() => undefined);
      await page.waitForFunction(
        () => !document.querySelector('[data-testid=run]')?.hasAttribute('disabled'),
        undefined,
        { timeout: 120_000, polling: 500 },
      );
      expect(
        await page.getAttribute(`[data-node-id=${ids.densify}] .ff-run`, 'data-run'),
        (await page.textContent('[data-testid=status]')) ?? '',
      ).toBe('done');
      await page.waitForSelector('[data-testid=viewer][data-kind=avatar]');
      const inEditor = Number(await page.getAttribute('[data-testid=viewer]', 'data-gaussians'));
      console.log(`built avatar graph: editor run ${Date.now() - t0} ms, ${inEditor} Gaussians`);
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(OUTPUT_DIR, 'built-avatar.png') });
      expect(inEditor).toBeGreaterThan(10_000);
      expect(JSON.parse(saved).nodes.find((n: { id: string }) => n.id === ids.fuseField).params).toEqual({
        uvSize: 128,
      });
      // The same file through the CLI: the avatar it writes holds the same number of Gaussians.
      const outDir = mkdtempSync(join(tmpdir(), 'ffavatar-built-'));
      const t1 = Date.now();
      await run('node', [join(REPO_ROOT, 'apps/headless-runner/dist/cli.js'), 'run', file, '--out', outDir], {
        maxBuffer: 1 << 26,
      });
      const ply = readdirSync(outDir, { recursive: true })
        .map(String)
        .find((f) => f.endsWith('.ply'));
      expect(ply, `files: ${readdirSync(outDir, { recursive: true }).join(', ')}`).toBeTruthy();
      const header = readFileSync(join(outDir, ply!)).subarray(0, 4000).toString('latin1');
      const inCli = Number(/element vertex (\d+)/.exec(header)?.[1]);
      console.log(`built avatar graph: CLI run ${Date.now() - t1} ms, ${inCli} Gaussians`);
      expect(inCli).toBe(inEditor);
    },
    200_000,
  );

  itBrowser(
    'plots the personalisation loss live on its node while the main graph runs, falling',
    async () => {
      await openShipped(page, 'ffavatar-personalised.json');
      await page.locator('[data-node-id=personalise] .ff-param:has-text("steps") input').first().fill('6');
      await page.click('[data-testid=run]');
      const series = page.locator('[data-node-id=personalise] [data-series=loss]');
      // Live: the plot is there while the node still runs.
      await page.waitForSelector('[data-node-id=personalise] [data-run=running] [data-series=loss]', {
        timeout: 300_000,
      });
      await page.waitForFunction(
        () => !document.querySelector('[data-testid=run]')?.hasAttribute('disabled'),
        undefined,
        { timeout: 300_000, polling: 500 },
      );
      expect(await page.getAttribute('[data-node-id=personalise] .ff-run', 'data-run')).toBe('done');
      expect(Number(await series.getAttribute('data-points'))).toBeGreaterThanOrEqual(5);
      await page
        .locator('[data-node-id=personalise]')
        .screenshot({ path: join(OUTPUT_DIR, 'personalise-node.png') });
      const [first, last] = (await series.textContent())!
        .match(/loss ([\d.e-]+) → ([\d.e-]+)/)!
        .slice(1)
        .map(Number);
      expect(last!).toBeLessThan(first!);
      // The plot's pixels (the nodes overlap on the canvas, so the SVG is drawn on a page of its own):
      // a line from upper left to lower right, as the loss falls.
      const svg = await series.locator('svg').evaluate((e) => e.outerHTML);
      const plotPage = await page.context().newPage();
      await plotPage.setContent(`<body style="margin:0;background:#000;color:#fff">${svg}</body>`);
      const png = await plotPage
        .locator('svg')
        .screenshot({ path: join(OUTPUT_DIR, 'personalise-loss.png') });
      await plotPage.close();
      const img = decodeImage(new Uint8Array(png));
      const rowOfLine = (x0: number, x1: number) => {
        let sum = 0,
          n = 0;
        for (let y = 0; y < img.height; y++)
          for (let x = x0; x < x1; x++)
            if (img.data[(y * img.width + x) * 4]! > 128) {
              sum += y;
              n++;
            }
        return n ? sum / n : NaN;
      };
      const w = img.width;
      const left = rowOfLine(0, Math.round(w * 0.1)),
        right = rowOfLine(Math.round(w * 0.9), w);
      expect(right - left).toBeGreaterThan(img.height * 0.3);
    },
    600_000,
  );

  itBrowser('left no uncaught error on the page', () => {
    expect(errors).toEqual([]);
  });
});
